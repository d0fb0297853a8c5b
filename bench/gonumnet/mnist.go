package gonumnet

import (
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"gonum.org/v1/gonum/mat"
)

// ErrNoData is wrapped when no MNIST files are found.
var ErrNoData = errors.New("gonumnet: MNIST files not found")

// The training files' names, as published by LeCun et al. and kept by keras.
const (
	trainImages = "train-images-idx3-ubyte.gz"
	trainLabels = "train-labels-idx1-ubyte.gz"
)

// The IDX magic numbers: two zero bytes, the type code 0x08 (unsigned byte)
// and the number of dimensions (3 for images, 1 for labels).
const (
	idxImagesMagic = 0x00000803
	idxLabelsMagic = 0x00000801
)

// maxIDXBytes bounds what readIDX allocates: 256 MiB, well above MNIST's
// largest file (60000·28·28 bytes, about 47 MB).
const maxIDXBytes = 1 << 28

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
	pixels, shape, err := readIDX(filepath.Join(dir, trainImages), idxImagesMagic)
	if err != nil {
		return Dataset{}, err
	}
	labels, lshape, err := readIDX(filepath.Join(dir, trainLabels), idxLabelsMagic)
	if err != nil {
		return Dataset{}, err
	}
	if shape[0] != lshape[0] || shape[1]*shape[2] != Inputs {
		return Dataset{}, fmt.Errorf("%w: %d images of %dx%d and %d labels in %s",
			ErrShape, shape[0], shape[1], shape[2], lshape[0], dir)
	}
	x := make([]float64, len(pixels))
	for i, p := range pixels {
		x[i] = float64(p) / 255 // 255: the largest 8-bit grey level
	}
	return Dataset{X: mat.NewDense(shape[0], Inputs, x), T: OneHot(labels, Outputs)}, nil
}

// readIDX reads a gzipped IDX file of unsigned bytes with the given magic
// number and returns its data and dimensions.
func readIDX(path string, magic uint32) ([]byte, []int, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, fmt.Errorf("gonumnet: %w", err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, nil, fmt.Errorf("gonumnet: %s: %w", path, err)
	}
	var m uint32
	if err := binary.Read(zr, binary.BigEndian, &m); err != nil || m != magic {
		return nil, nil, fmt.Errorf("gonumnet: %s: not an IDX file with magic %#x", path, magic)
	}
	shape := make([]int, magic&0xff)
	size := 1
	for i := range shape {
		var d uint32
		if err := binary.Read(zr, binary.BigEndian, &d); err != nil {
			return nil, nil, fmt.Errorf("gonumnet: %s: header: %w", path, err)
		}
		shape[i] = int(d)
		size *= int(d)
		if size > maxIDXBytes {
			return nil, nil, fmt.Errorf("gonumnet: %s: implausible IDX size %v", path, shape[:i+1])
		}
	}
	data := make([]byte, size)
	if _, err := io.ReadFull(zr, data); err != nil {
		return nil, nil, fmt.Errorf("gonumnet: %s: data: %w", path, err)
	}
	return data, shape, nil
}
