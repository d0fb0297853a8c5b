package gomlxnet_test

import (
	"fmt"
	"log"
	"os"
	"path/filepath"
	"slices"

	"github.com/gonb-courses/neuralnets/arrays"
	"github.com/gonb-courses/neuralnets/gomlxnet"
)

// Saving a model and loading it back: the loaded model needs only Compile,
// which keeps the loaded weights, to predict exactly as the saved one did.
func ExampleLoadModel() {
	input := gomlxnet.Input(784)
	output := gomlxnet.Dense(10, gomlxnet.Sigmoid)(gomlxnet.Dense(30, gomlxnet.Sigmoid)(input))
	model, err := gomlxnet.NewModel(input, output)
	if err != nil {
		log.Fatal(err)
	}
	opts := gomlxnet.CompileOptions{Loss: gomlxnet.MeanSquaredError, Optimizer: gomlxnet.SGD(0.01), Seed: 1}
	if err := model.Compile(opts); err != nil {
		log.Fatal(err)
	}
	dir, err := os.MkdirTemp("", "gomlxnet-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "lecture.gmlx")
	if err := model.Save(path); err != nil {
		log.Fatal(err)
	}

	loaded, err := gomlxnet.LoadModel(path)
	if err != nil {
		log.Fatal(err)
	}
	opts.Seed = 2 // a different seed: Compile keeps the loaded weights anyway
	if err := loaded.Compile(opts); err != nil {
		log.Fatal(err)
	}
	x := arrays.New[float32](3, 784)
	for i := range x.Data {
		x.Data[i] = float32(i%255) / 255
	}
	before, err := model.Predict(x)
	if err != nil {
		log.Fatal(err)
	}
	after, err := loaded.Predict(x)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("parameters:", loaded.ParamCount())
	fmt.Println("same predictions:", slices.Equal(before.Data, after.Data))
	// Output:
	// parameters: 23860
	// same predictions: true
}
