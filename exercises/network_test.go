package exercises_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/gonb-courses/neuralnets/exercises"
	"github.com/gonb-courses/neuralnets/gomlxnet"
)

// lectureNetwork is exercise 8.2's most plausible wrong answer: the lecture's
// own network and settings, which need far more than a few epochs.
func lectureNetwork() (*gomlxnet.Model, gomlxnet.CompileOptions, gomlxnet.FitOptions, error) {
	input := gomlxnet.Input(784)
	m, err := gomlxnet.NewModel(input, gomlxnet.Dense(10, gomlxnet.Sigmoid)(gomlxnet.Dense(30, gomlxnet.Sigmoid)(input)))
	return m, gomlxnet.CompileOptions{Loss: gomlxnet.MeanSquaredError, Optimizer: gomlxnet.SGD(0.01), Seed: 1},
		gomlxnet.FitOptions{Epochs: 1, BatchSize: 128}, err
}

// TestCheckBetterNetworkWrong trains the lecture's network on a small budget
// (2,000 images, seconds): it must fail on accuracy with the hints about its
// loss and optimiser, and fail on time when the budget is tiny.
func TestCheckBetterNetworkWrong(t *testing.T) {
	if testing.Short() {
		t.Skip("trains on MNIST")
	}
	small := exercises.Budget{TrainRows: 2000, TestRows: 1000, MinAccuracy: 0.9, MaxSeconds: 60}
	err := exercises.CheckBetterNetworkWith(lectureNetwork, small)
	if !errors.Is(err, exercises.ErrNotYet) || !strings.Contains(err.Error(), "mean squared error on sigmoid outputs") ||
		!strings.Contains(err.Error(), "Adam") {
		t.Errorf("lecture network: %v; want a failure on accuracy naming the loss and Adam", err)
	}
	small.MaxSeconds = 1e-9
	err = exercises.CheckBetterNetworkWith(lectureNetwork, small)
	if !errors.Is(err, exercises.ErrNotYet) || !strings.Contains(err.Error(), "want training within 0 s") {
		t.Errorf("tiny time budget: %v; want a failure on time", err)
	}
}
