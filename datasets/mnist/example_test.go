package mnist_test

import (
	"fmt"
	"log"
	"os"

	"github.com/gonb-courses/neuralnets/arrays"
	"github.com/gonb-courses/neuralnets/datasets/mnist"
)

// The lecture's first steps: load MNIST, flatten each image to 784 values,
// scale the grey levels and one-hot encode the labels. This example has no
// Output line, so `go test` compiles it without running it: it may download
// the data. Run, it prints:
//
//	x.train [60000 784], y.train [60000 10], first label 5
func ExampleDataset() {
	data, err := mnist.Dataset()
	if err != nil {
		log.Fatal(err)
	}
	x, err := arrays.Reshape(data.Train.X, data.Train.X.Rows(), 784)
	if err != nil {
		log.Fatal(err)
	}
	xTrain, err := arrays.ToFloat32(x, 255)
	if err != nil {
		log.Fatal(err)
	}
	yTrain, err := arrays.ToCategorical(data.Train.Y, 10)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("x.train %v, y.train %v, first label %d\n", xTrain.Shape, yTrain.Shape, data.Train.Y.Data[0])
}

// Load with a data directory of one's own and progress messages on
// standard error; sources left empty keep their defaults. Not run by
// `go test` (no Output line) since it may download the data.
func ExampleLoad() {
	data, err := mnist.Load(mnist.Options{
		Dir: "data/mnist",
		Log: os.Stderr,
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(data.Train.X.Shape, data.Test.X.Shape)
}

// Download fills the data directory once, for example while building a
// container image, so later loads need no network. Not run by `go test`.
func ExampleDownload() {
	dir, err := mnist.Download(mnist.Options{Log: os.Stderr})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("MNIST is in", dir)
}
