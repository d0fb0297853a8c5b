package main

import (
	"github.com/gonb-courses/neuralnets/course/lecture"
	g "github.com/gonb-courses/neuralnets/gomlxnet"
)

// The lecture's network and settings, the starting point of every experiment.
const (
	pixels      = lecture.Inputs
	classes     = lecture.Classes
	hiddenUnits = lecture.Hidden       // layer_dense(units = 30, activation = 'sigmoid')
	lectureRate = lecture.LearningRate // optimizer_sgd()'s default learning rate
	batchSize   = lecture.BatchSize    // fit(batch_size = 128)
)

// Settings of the changes, each a common default.
const (
	momentum    = 0.9   // the usual momentum with SGD (keras' default is 0)
	adamRate    = 0.001 // optimizer_adam()'s default learning rate
	l2Factor    = 1e-4  // a typical weight decay for MNIST-sized dense networks
	dropoutRate = 0.2   // a typical rate after a dense hidden layer
)

// Epoch budgets. The lecture trains for 200 epochs; here every dense
// experiment gets the same, smaller budget so that the comparison is fair
// and each run takes minutes on the pure-Go backend. The convolutional
// network reaches its accuracy in a few epochs and costs far more per epoch.
const (
	denseEpochs = 10
	convEpochs  = 3
)

// experiment is one training run: a network, its compile options and its
// epochs, described by what it changes relative to its base experiment.
type experiment struct {
	name   string
	base   string // the experiment it changes one thing of ("" for the lecture)
	change string
	epochs int
	build  func() (*g.Model, error)
	loss   g.Loss
	opt    func() g.Optimizer
}

// dense builds input -> hidden layers -> output, the hidden layers made by
// the given functions, applied in order.
func dense(output g.Layer, hidden ...g.Layer) func() (*g.Model, error) {
	return func() (*g.Model, error) {
		input := g.Input(pixels)
		s := input
		for _, l := range hidden {
			s = l(s)
		}
		return g.NewModel(input, output(s))
	}
}

// The pieces the experiments combine: the lecture's layers, and the modern
// choices (ReLU with He initialisation, softmax output).
var (
	sigmoidHidden = func() g.Layer { return g.Dense(hiddenUnits, g.Sigmoid) }
	sigmoidOutput = func() g.Layer { return g.Dense(classes, g.Sigmoid) }
	softmaxOutput = func() g.Layer { return g.Dense(classes, g.Softmax) }
	reluHe        = func(units int) g.Layer {
		return g.DenseWith(units, g.ReLU, g.KernelOptions{Initializer: g.HeUniform()})
	}
	sgd  = func() g.Optimizer { return g.SGD(lectureRate) }
	adam = func() g.Optimizer { return g.Adam(adamRate) }
)

// experiments returns every experiment, in the order they are run and
// reported: first the lecture's network with one change each, then the
// changes that helped combined, and the network overhauled.
func experiments() []experiment {
	mse, ce := g.MeanSquaredError, g.CategoricalCrossentropy
	bigNormal := g.KernelOptions{Initializer: g.RandomNormal(1)}
	l2 := g.KernelOptions{L2: l2Factor}
	return []experiment{
		{"lecture", "", "784-30-10 sigmoid, MSE, SGD(0.01), glorot_uniform", denseEpochs,
			dense(sigmoidOutput(), sigmoidHidden()), mse, sgd},
		{"relu", "lecture", "hidden activation ReLU", denseEpochs,
			dense(sigmoidOutput(), g.Dense(hiddenUnits, g.ReLU)), mse, sgd},
		{"softmax-ce", "lecture", "softmax output, categorical cross-entropy", denseEpochs,
			dense(softmaxOutput(), sigmoidHidden()), ce, sgd},
		{"momentum", "lecture", "SGD with momentum 0.9", denseEpochs,
			dense(sigmoidOutput(), sigmoidHidden()), mse, func() g.Optimizer {
				return &g.SGDOptimizer{LearningRate: lectureRate, Momentum: momentum}
			}},
		{"adam", "lecture", "Adam(0.001)", denseEpochs,
			dense(sigmoidOutput(), sigmoidHidden()), mse, adam},
		{"normal-init", "lecture", "all kernels N(0, 1)", denseEpochs,
			dense(g.DenseWith(classes, g.Sigmoid, bigNormal), g.DenseWith(hiddenUnits, g.Sigmoid, bigNormal)), mse, sgd},
		{"l2", "lecture", "L2 1e-4 on both kernels", denseEpochs,
			dense(g.DenseWith(classes, g.Sigmoid, l2), g.DenseWith(hiddenUnits, g.Sigmoid, l2)), mse, sgd},
		{"dropout", "lecture", "Dropout(0.2) after the hidden layer", denseEpochs,
			dense(sigmoidOutput(), sigmoidHidden(), g.Dropout(dropoutRate)), mse, sgd},
		{"combined", "lecture", "ReLU + he_uniform, softmax + cross-entropy, Adam", denseEpochs,
			dense(softmaxOutput(), reluHe(hiddenUnits)), ce, adam},
		{"combined-normal-init", "combined", "all kernels N(0, 1) instead of he_uniform", denseEpochs,
			dense(g.DenseWith(classes, g.Softmax, bigNormal), g.DenseWith(hiddenUnits, g.ReLU, bigNormal)), ce, adam},
		{"wide", "combined", "784-512-10", denseEpochs,
			dense(softmaxOutput(), reluHe(512)), ce, adam},
		{"wide-dropout", "wide", "Dropout(0.2) after the hidden layer", denseEpochs,
			dense(softmaxOutput(), reluHe(512), g.Dropout(dropoutRate)), ce, adam},
		{"deep", "combined", "784-256-128-10", denseEpochs,
			dense(softmaxOutput(), reluHe(256), reluHe(128)), ce, adam},
		{"cnn", "combined", "conv 5x5x16, pool, conv 5x5x32, pool, dense 10", convEpochs,
			cnn, ce, adam},
	}
}

// cnn builds a small convolutional network, keras' layer names in comments:
// reshape to 28x28x1, conv 5x5 of 16 filters (24x24x16), max pooling 2x2
// (12x12x16), conv 5x5 of 32 filters (8x8x32), max pooling (4x4x32),
// flatten (512) and a softmax layer of 10: 18,378 parameters, fewer than
// the lecture's 23,860.
func cnn() (*g.Model, error) {
	input := g.Input(pixels)
	he := g.KernelOptions{Initializer: g.HeUniform()}
	s := g.Reshape(28, 28, 1)(input)
	s = g.MaxPool2D(2)(g.Conv2DWith(16, 5, g.ReLU, he)(s))
	s = g.MaxPool2D(2)(g.Conv2DWith(32, 5, g.ReLU, he)(s))
	return g.NewModel(input, g.Dense(classes, g.Softmax)(g.Flatten()(s)))
}
