package gomlxnet_test

import (
	"log"

	"github.com/gonb-courses/neuralnets/gomlxnet"
)

// A small convolutional network for MNIST: the flattened images are
// reshaped back to 28x28 pixels of one channel, two convolutions with max
// pooling find local features, and a softmax layer classifies them.
func ExampleConv2D() {
	input := gomlxnet.Input(784)
	images := gomlxnet.Reshape(28, 28, 1)(input)
	features := gomlxnet.MaxPool2D(2)(gomlxnet.Conv2D(16, 5, gomlxnet.ReLU)(images))
	features = gomlxnet.MaxPool2D(2)(gomlxnet.Conv2D(32, 5, gomlxnet.ReLU)(features))
	output := gomlxnet.Dense(10, gomlxnet.Softmax)(gomlxnet.Dropout(0.25)(gomlxnet.Flatten()(features)))
	model, err := gomlxnet.NewModel(input, output)
	if err != nil {
		log.Fatal(err)
	}
	model.Summary()
	// Output:
	// Model: "functional"
	// ┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓
	// ┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃
	// ┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩
	// │ input_layer (InputLayer)        │ (None, 784)            │             0 │
	// ├─────────────────────────────────┼────────────────────────┼───────────────┤
	// │ reshape_1 (Reshape)             │ (None, 28, 28, 1)      │             0 │
	// ├─────────────────────────────────┼────────────────────────┼───────────────┤
	// │ conv2d_1 (Conv2D)               │ (None, 24, 24, 16)     │           416 │
	// ├─────────────────────────────────┼────────────────────────┼───────────────┤
	// │ max_pooling2d_1 (MaxPooling2D)  │ (None, 12, 12, 16)     │             0 │
	// ├─────────────────────────────────┼────────────────────────┼───────────────┤
	// │ conv2d_2 (Conv2D)               │ (None, 8, 8, 32)       │        12,832 │
	// ├─────────────────────────────────┼────────────────────────┼───────────────┤
	// │ max_pooling2d_2 (MaxPooling2D)  │ (None, 4, 4, 32)       │             0 │
	// ├─────────────────────────────────┼────────────────────────┼───────────────┤
	// │ flatten_1 (Flatten)             │ (None, 512)            │             0 │
	// ├─────────────────────────────────┼────────────────────────┼───────────────┤
	// │ dropout_1 (Dropout)             │ (None, 512)            │             0 │
	// ├─────────────────────────────────┼────────────────────────┼───────────────┤
	// │ dense_1 (Dense)                 │ (None, 10)             │         5,130 │
	// └─────────────────────────────────┴────────────────────────┴───────────────┘
	//  Total params: 18,378 (71.79 KB)
	//  Trainable params: 18,378 (71.79 KB)
	//  Non-trainable params: 0 (0.00 B)
}
