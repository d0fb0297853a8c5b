// Package course is what the course's notebooks share, so that their cells
// show the lesson and not plumbing: Must and Check, fast mode, the lecture's
// network and compile options, its training and test data, and the file
// notebook 5 saves the trained network to (notebook 6 reads it back).
//
// The lecture's numbers themselves are in package lecture
// (course/lecture), which commands and benchmarks share too.
package course

import (
	"os"

	"github.com/gonb-courses/neuralnets/course/lecture"
)

// Must stops the notebook cell with err if there is one (it panics, and
// GoNB prints the error under the cell), and otherwise returns v:
// course.Must(mnist.Dataset()).
func Must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// Must2 is Must for functions that return two values and an error:
// x, y := course.Must2(mnist.Prepare(split, 0, 255)).
func Must2[A, B any](a A, b B, err error) (A, B) {
	if err != nil {
		panic(err)
	}
	return a, b
}

// Check stops the notebook cell with err if there is one.
func Check(err error) {
	if err != nil {
		panic(err)
	}
}

// FastEnv is the environment variable that asks for fast mode when it is "1".
const FastEnv = "GOMLXNET_FAST"

// Fast reports whether fast mode is on (GOMLXNET_FAST=1): the notebooks
// then train on little data for few epochs, to check that they run; their
// figures mean little.
func Fast() bool { return os.Getenv(FastEnv) == "1" }

// TrainingImages is how many training images the lecture's runs use:
// all 60,000, or the first 6,000 in fast mode.
func TrainingImages() int {
	if Fast() {
		return lecture.FastTrainImages
	}
	return lecture.TrainImages
}

// TrainingEpochs is how many epochs the lecture's network trains for:
// the lecture's 200, or 5 in fast mode.
func TrainingEpochs() int {
	if Fast() {
		return lecture.FastEpochs
	}
	return lecture.Epochs
}
