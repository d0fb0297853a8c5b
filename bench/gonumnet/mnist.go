package gonumnet

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/gonb-courses/neuralnets/datasets/mnist"
	"gonum.org/v1/gonum/mat"
)

// ErrNoData is wrapped when no MNIST files are found.
var ErrNoData = errors.New("gonumnet: MNIST files not found")

// trainImages is the training images' file name, as published by LeCun et
// al. and kept by keras: a directory holding it is taken to hold MNIST.
const trainImages = "train-images-idx3-ubyte.gz"

// goMNISTDir is where the GoMNIST module, required by go.mod, keeps a copy of
// the MNIST files inside the module cache.
const goMNISTDir = "github.com/petar/!go!m!n!i!s!t@v0.0.0-20150320212226-2fbe10d0fa63/data"

// DataDirs returns the directories searched for MNIST, in order: $GOMLXNET_DATA,
// the course's cache directory (<user cache>/gomlxnet/mnist), then GoMNIST's
// copy in the Go module cache.
func DataDirs() []string {
	var dirs []string
	if d := os.Getenv("GOMLXNET_DATA"); d != "" {
		dirs = append(dirs, d)
	}
	if c, err := os.UserCacheDir(); err == nil {
		dirs = append(dirs, filepath.Join(c, "gomlxnet", "mnist"))
	}
	modcache := os.Getenv("GOMODCACHE")
	if modcache == "" {
		gopath := os.Getenv("GOPATH")
		if gopath == "" {
			if home, err := os.UserHomeDir(); err == nil {
				gopath = filepath.Join(home, "go")
			}
		}
		modcache = filepath.Join(gopath, "pkg", "mod")
	}
	return append(dirs, filepath.Join(modcache, filepath.FromSlash(goMNISTDir)))
}

// LoadMNIST reads the 60000 MNIST training examples from the first directory of
// dirs that holds them, pixels scaled to [0, 1] by /255 as the lecture does.
// The files are read and checked against their SHA-256 by package mnist;
// nothing is downloaded.
func LoadMNIST(dirs ...string) (Dataset, error) {
	for _, dir := range dirs {
		if _, err := os.Stat(filepath.Join(dir, trainImages)); err != nil {
			continue
		}
		return loadMNISTFrom(dir)
	}
	return Dataset{}, fmt.Errorf("%w in %v", ErrNoData, dirs)
}

func loadMNISTFrom(dir string) (Dataset, error) {
	data, err := mnist.Load(mnist.Options{Dir: dir, Mirrors: []string{}, ModCache: "off", GoProxy: "off"})
	if err != nil {
		return Dataset{}, fmt.Errorf("gonumnet: %w", err)
	}
	images, labels := data.Train.X, data.Train.Y
	n := images.Rows()
	if images.RowSize() != Inputs || labels.Rows() != n {
		return Dataset{}, fmt.Errorf("%w: images of shape %v and %d labels in %s",
			ErrShape, images.Shape, labels.Rows(), dir)
	}
	x := make([]float64, len(images.Data))
	for i, p := range images.Data {
		x[i] = float64(p) / 255 // 255: the largest 8-bit grey level
	}
	return Dataset{X: mat.NewDense(n, Inputs, x), T: OneHot(labels.Data, Outputs)}, nil
}
