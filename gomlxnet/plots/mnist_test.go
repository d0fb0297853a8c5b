package plots_test

import (
	"os"
	"testing"

	"github.com/gonb-courses/neuralnets/arrays"
	"github.com/gonb-courses/neuralnets/datasets/mnist"
)

// testDigits returns the first 100 MNIST test images ([100, 28, 28]) and
// their labels, from testdata (see testdata/README.md), read by package mnist.
func testDigits(t testing.TB) (arrays.Array[uint8], []uint8) {
	t.Helper()
	img, err := mnist.ParseImages(readFile(t, "testdata/t10k-first100-images-idx3-ubyte.gz"))
	if err != nil {
		t.Fatal(err)
	}
	lab, err := mnist.ParseLabels(readFile(t, "testdata/t10k-first100-labels-idx1-ubyte.gz"))
	if err != nil {
		t.Fatal(err)
	}
	return img, lab.Data
}

// readFile returns path and its contents, for mnist.ParseImages and ParseLabels.
func readFile(t testing.TB, path string) (string, []byte) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return path, data
}
