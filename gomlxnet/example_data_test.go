package gomlxnet_test

import (
	"fmt"
	"log"
	"os"

	"github.com/gonb-courses/neuralnets/gomlxnet"
)

// The lecture's first steps: load MNIST, flatten each image to 784 values,
// scale the grey levels and one-hot encode the labels. This example has no
// Output line, so `go test` compiles it without running it: it may download
// the data. Run, it prints:
//
//	x.train [60000 784], y.train [60000 10], first label 5
func ExampleDatasetMNIST() {
	mnist, err := gomlxnet.DatasetMNIST()
	if err != nil {
		log.Fatal(err)
	}
	x, err := gomlxnet.ArrayReshape(mnist.Train.X, mnist.Train.X.Rows(), 784)
	if err != nil {
		log.Fatal(err)
	}
	xTrain, err := gomlxnet.ToFloat32(x, 255)
	if err != nil {
		log.Fatal(err)
	}
	yTrain, err := gomlxnet.ToCategorical(mnist.Train.Y, 10)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("x.train %v, y.train %v, first label %d\n", xTrain.Shape, yTrain.Shape, mnist.Train.Y.Data[0])
}

// LoadMNIST with a data directory of one's own and progress messages on
// standard error; sources left empty keep their defaults. Not run by
// `go test` (no Output line) since it may download the data.
func ExampleLoadMNIST() {
	mnist, err := gomlxnet.LoadMNIST(gomlxnet.MNISTOptions{
		Dir: "data/mnist",
		Log: os.Stderr,
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(mnist.Train.X.Shape, mnist.Test.X.Shape)
}

// DownloadMNIST fills the data directory once, for example while building a
// container image, so later loads need no network. Not run by `go test`.
func ExampleDownloadMNIST() {
	dir, err := gomlxnet.DownloadMNIST(gomlxnet.MNISTOptions{Log: os.Stderr})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("MNIST is in", dir)
}

// Two 2x3 "images" flattened to rows of 6, row after row as keras'
// array_reshape does. R's dim<- would give 0 3 1 4 2 5 for the first row.
func ExampleArrayReshape() {
	images := gomlxnet.Array[uint8]{
		Shape: []int{2, 2, 3},
		Data:  []uint8{0, 1, 2, 3, 4, 5, 10, 11, 12, 13, 14, 15},
	}
	rows, err := gomlxnet.ArrayReshape(images, images.Rows(), -1)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(rows.Shape, rows.Row(0), rows.Row(1))

	_, err = gomlxnet.ArrayReshape(images, 5, -1)
	fmt.Println(err)
	// Output:
	// [2 6] [0 1 2 3 4 5] [10 11 12 13 14 15]
	// gomlxnet: shape mismatch: ArrayReshape of [2 2 3] (12 elements) to [5 -1]: no size for -1 fits
}

func ExampleToCategorical() {
	labels := gomlxnet.Array[uint8]{Shape: []int{3}, Data: []uint8{5, 0, 4}}
	onehot, err := gomlxnet.ToCategorical(labels, 10)
	if err != nil {
		fmt.Println(err)
		return
	}
	for i := range onehot.Rows() {
		fmt.Println(labels.Data[i], onehot.Row(i))
	}

	_, err = gomlxnet.ToCategorical(labels, 5)
	fmt.Println(err)
	// Output:
	// 5 [0 0 0 0 0 1 0 0 0 0]
	// 0 [1 0 0 0 0 0 0 0 0 0]
	// 4 [0 0 0 0 1 0 0 0 0 0]
	// gomlxnet: label out of range: ToCategorical: label 5 at index 0, want 0..4
}

func ExampleToFloat32() {
	grey := gomlxnet.Array[uint8]{Shape: []int{1, 4}, Data: []uint8{0, 51, 204, 255}}
	scaled, err := gomlxnet.ToFloat32(grey, 255) // [0, 1], as x / 255 in R
	if err != nil {
		fmt.Println(err)
		return
	}
	raw, err := gomlxnet.ToFloat32(grey, 1) // grey levels kept as they are
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(scaled.Data, raw.Data)

	_, err = gomlxnet.ToFloat32(grey, 0)
	fmt.Println(err)
	// Output:
	// [0 0.2 0.8 1] [0 51 204 255]
	// gomlxnet: invalid argument: ToFloat32: divisor 0, want a finite number > 0
}
