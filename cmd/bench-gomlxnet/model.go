package main

import (
	"fmt"

	"github.com/gonb-courses/neuralnets/gomlxnet"
)

// The next-steps CNN's settings (cmd/nextsteps' "cnn" experiment).
const (
	cnnRate = 0.001 // optimizer_adam()'s default learning rate
)

// buildModel returns the network named by model ("mlp": the lecture's
// 784-30-10 sigmoid network; "cnn": cmd/nextsteps' convolutional network)
// compiled with its loss and optimizer (lr is the MLP's SGD rate).
func buildModel(model string, lr float64, seed uint64, backend string) (*gomlxnet.Model, error) {
	in := gomlxnet.Input(pixels)
	var out *gomlxnet.Symbol
	opts := gomlxnet.CompileOptions{Seed: seed, Backend: backend}
	switch model {
	case "mlp":
		out = gomlxnet.Dense(classes, gomlxnet.Sigmoid)(gomlxnet.Dense(hidden, gomlxnet.Sigmoid)(in))
		opts.Loss, opts.Optimizer = gomlxnet.MeanSquaredError, gomlxnet.SGD(lr)
	case "cnn":
		// As cmd/nextsteps' cnn(): conv 5x5x16 ReLU (he_uniform), max pooling
		// 2x2, conv 5x5x32 ReLU (he_uniform), max pooling 2x2, flatten, dense
		// 10 softmax (glorot_uniform); cross-entropy, Adam(0.001).
		he := gomlxnet.KernelOptions{Initializer: gomlxnet.HeUniform()}
		s := gomlxnet.Reshape(28, 28, 1)(in)
		s = gomlxnet.MaxPool2D(2)(gomlxnet.Conv2DWith(16, 5, gomlxnet.ReLU, he)(s))
		s = gomlxnet.MaxPool2D(2)(gomlxnet.Conv2DWith(32, 5, gomlxnet.ReLU, he)(s))
		out = gomlxnet.Dense(classes, gomlxnet.Softmax)(gomlxnet.Flatten()(s))
		opts.Loss, opts.Optimizer = gomlxnet.CategoricalCrossentropy, gomlxnet.Adam(cnnRate)
	default:
		return nil, fmt.Errorf("-model must be mlp or cnn, got %q", model)
	}
	m, err := gomlxnet.NewModel(in, out)
	if err != nil {
		return nil, err
	}
	if err := m.Compile(opts); err != nil {
		return nil, err
	}
	return m, nil
}

// firstRows returns the first n rows of x (all of them when n covers x).
func firstRows(x gomlxnet.Array[float32], n int) gomlxnet.Array[float32] {
	if n >= x.Rows() {
		return x
	}
	shape := append([]int{n}, x.Shape[1:]...)
	return gomlxnet.Array[float32]{Shape: shape, Data: x.Data[:n*x.RowSize()]}
}
