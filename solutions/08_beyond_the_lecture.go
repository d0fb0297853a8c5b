package solutions

import "github.com/gonb-courses/neuralnets/gomlxnet"

// begin exercise 8.1

// ConvParams counts a Conv2D layer's parameters: per filter, one weight per
// kernel entry and input channel, and one bias.
func ConvParams(kernel, inChannels, filters int) int {
	return filters * (kernel*kernel*inChannels + 1)
}

// end exercise 8.1

// begin exercise 8.2

// BetterNetwork is lesson 8's recipe: ReLU hidden units with He
// initialisation, a softmax output with categorical cross-entropy, Adam.
func BetterNetwork() (*gomlxnet.Model, gomlxnet.CompileOptions, gomlxnet.FitOptions, error) {
	input := gomlxnet.Input(784)
	hidden := gomlxnet.DenseWith(128, gomlxnet.ReLU, gomlxnet.KernelOptions{Initializer: gomlxnet.HeUniform()})(input)
	output := gomlxnet.Dense(10, gomlxnet.Softmax)(hidden)
	model, err := gomlxnet.NewModel(input, output)
	compile := gomlxnet.CompileOptions{Loss: gomlxnet.CategoricalCrossentropy,
		Optimizer: gomlxnet.Adam(0.001), Metrics: []string{"accuracy"}, Seed: 1}
	return model, compile, gomlxnet.FitOptions{Epochs: 10, BatchSize: 128}, err
}

// end exercise 8.2
