package course

import (
	"github.com/gonb-courses/neuralnets/arrays"
	"github.com/gonb-courses/neuralnets/course/lecture"
	"github.com/gonb-courses/neuralnets/datasets/mnist"
)

// Data is one split prepared for the network: X the images flattened to
// [n, 784] and divided by a scale, Y the labels one-hot encoded to [n, 10].
type Data struct {
	X, Y arrays.Array[float32]
}

// TrainData returns the first TrainingImages() training images and their
// labels, prepared as lesson 3 does (mnist.Prepare): grey levels divided by
// scale (lecture.InputScale keeps them as they are, lecture.GreyLevels
// scales them to [0, 1]).
func TrainData(scale float32) (Data, error) {
	return prepared(func(d *mnist.Data) mnist.Split { return d.Train }, TrainingImages(), scale)
}

// TestData returns all 10,000 test images and their labels, prepared as
// TrainData prepares the training images.
func TestData(scale float32) (Data, error) {
	return prepared(func(d *mnist.Data) mnist.Split { return d.Test }, lecture.TestImages, scale)
}

// prepared loads MNIST and prepares the first n examples of one split.
func prepared(split func(*mnist.Data) mnist.Split, n int, scale float32) (Data, error) {
	data, err := mnist.Dataset()
	if err != nil {
		return Data{}, err
	}
	x, y, err := mnist.Prepare(split(data), n, scale)
	return Data{X: x, Y: y}, err
}
