// Package lecture holds the lecture's settings in one place: the 784-30-10
// sigmoid network, the quadratic cost's SGD learning rate, the batches and
// epochs of its fit() call and the data's sizes, as its R code and slides
// give them (lessons 4 and 5 quote them). It has no dependencies, so the
// notebooks, the commands, the benchmarks (GoMLX's and gonum's alike) and
// the tests all read the same numbers.
package lecture

// The data: MNIST's images and classes.
const (
	Side    = 28          // images are Side×Side grey levels
	Inputs  = Side * Side // 784: one input per pixel, the row-major flattened image
	Classes = 10          // digits 0..9: one output each

	TrainImages = 60000 // MNIST's training split
	TestImages  = 10000 // MNIST's test split

	// GreyLevels is the largest grey level: dividing by it scales 0..255 to [0, 1].
	GreyLevels = 255
	// InputScale divides the grey levels in the lecture's setting: 1, i.e. the
	// inputs unscaled, is the setting that reproduces the slide's curve and
	// test accuracy (lesson 5 compares it with GreyLevels over seeds).
	InputScale = 1
)

// The network: layer_input(shape = c(784)), then
// layer_dense(units = 30, activation = 'sigmoid') and
// layer_dense(units = 10, activation = 'sigmoid').
const Hidden = 30

// The training: compile(loss = 'mean_squared_error', optimizer = optimizer_sgd())
// and fit(epochs = 200, batch_size = 128).
const (
	LearningRate = 0.01 // optimizer_sgd()'s default learning rate, no momentum
	BatchSize    = 128  // fit(batch_size = 128): 469 steps per epoch on 60,000 images
	Epochs       = 200  // fit(epochs = 200)
)

// The slide's figures, which a run at these settings should come close to.
const (
	TestAccuracy = 0.8859 // evaluate() on the 10,000 test images
)

// Fast mode (GOMLXNET_FAST=1): the notebooks and commands train on the first
// FastTrainImages images for FastEpochs epochs, to check that they run.
const (
	FastTrainImages = 6000
	FastEpochs      = 5
)
