package gomlxnet_test

import (
	"fmt"
	"log"

	"github.com/gonb-courses/neuralnets/arrays"
	"github.com/gonb-courses/neuralnets/gomlxnet"
)

// The lecture's network, line for line: 784 inputs, a hidden layer of 30
// sigmoid neurons and 10 sigmoid outputs, summarised as keras does.
func ExampleNewModel() {
	input := gomlxnet.Input(784)
	hidden := gomlxnet.Dense(30, gomlxnet.Sigmoid)(input)
	output := gomlxnet.Dense(10, gomlxnet.Sigmoid)(hidden)
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
	// │ dense_1 (Dense)                 │ (None, 30)             │        23,550 │
	// ├─────────────────────────────────┼────────────────────────┼───────────────┤
	// │ dense_2 (Dense)                 │ (None, 10)             │           310 │
	// └─────────────────────────────────┴────────────────────────┴───────────────┘
	//  Total params: 23,860 (93.20 KB)
	//  Trainable params: 23,860 (93.20 KB)
	//  Non-trainable params: 0 (0.00 B)
}

// Training a small network on XOR, the classic task a network without a
// hidden layer cannot learn, then evaluating and predicting.
func ExampleModel_Fit() {
	// XOR's four cases, repeated 8 times, and their one-hot classes.
	x := arrays.New[float32](32, 2)
	y := arrays.New[float32](32, 2)
	for i := range 32 {
		a, b := i%2, (i/2)%2
		x.Data[2*i], x.Data[2*i+1] = float32(a), float32(b)
		y.Data[2*i+(a^b)] = 1
	}
	input := gomlxnet.Input(2)
	hidden := gomlxnet.Dense(8, gomlxnet.Tanh)(input)
	output := gomlxnet.Dense(2, gomlxnet.Softmax)(hidden)
	model, err := gomlxnet.NewModel(input, output)
	if err != nil {
		log.Fatal(err)
	}
	err = model.Compile(gomlxnet.CompileOptions{
		Loss:      gomlxnet.CategoricalCrossentropy,
		Optimizer: gomlxnet.Adam(0.05),
		Metrics:   []string{"accuracy"},
		Seed:      42,
	})
	if err != nil {
		log.Fatal(err)
	}
	history, err := model.Fit(x, y, gomlxnet.FitOptions{Epochs: 100, BatchSize: 8, Quiet: true})
	if err != nil {
		log.Fatal(err)
	}
	_, accuracy, err := model.Evaluate(x, y)
	if err != nil {
		log.Fatal(err)
	}
	probs, err := model.Predict(x)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("epochs: %d, accuracy: %.2f\n", len(history.Loss), accuracy)
	fmt.Printf("x = %v: class 1 with probability > 0.9: %t\n", x.Row(1), probs.Row(1)[1] > 0.9)
	// Output:
	// epochs: 100, accuracy: 1.00
	// x = [1 0]: class 1 with probability > 0.9: true
}
