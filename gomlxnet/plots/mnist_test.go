package plots_test

import (
	"compress/gzip"
	"encoding/binary"
	"io"
	"os"
	"testing"

	"github.com/gonb-courses/neuralnets/gomlxnet"
)

// testDigits returns the first 100 MNIST test images ([100, 28, 28]) and
// their labels, from testdata (see testdata/README.md).
func testDigits(t testing.TB) (gomlxnet.Array[uint8], []uint8) {
	t.Helper()
	img := readIDX(t, "testdata/t10k-first100-images-idx3-ubyte.gz", 3)
	lab := readIDX(t, "testdata/t10k-first100-labels-idx1-ubyte.gz", 1)
	return img, lab.Data
}

// readIDX reads a gzipped IDX file of unsigned bytes with dims dimensions:
// a big-endian header of 0x08, dims, then one uint32 per dimension.
func readIDX(t testing.TB, path string, dims int) gomlxnet.Array[uint8] {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	header := make([]uint32, 1+dims)
	if err := binary.Read(z, binary.BigEndian, header); err != nil {
		t.Fatal(err)
	}
	if want := uint32(0x0800 | dims); header[0] != want {
		t.Fatalf("%s: magic %#x, want %#x", path, header[0], want)
	}
	shape := make([]int, dims)
	for i, d := range header[1:] {
		shape[i] = int(d)
	}
	a := gomlxnet.NewArray[uint8](shape...)
	if _, err := io.ReadFull(z, a.Data); err != nil {
		t.Fatal(err)
	}
	return a
}

// head returns the first n rows of a, sharing its data.
func head[T gomlxnet.Number](a gomlxnet.Array[T], n int) gomlxnet.Array[T] {
	shape := append([]int{n}, a.Shape[1:]...)
	return gomlxnet.Array[T]{Shape: shape, Data: a.Data[:n*a.RowSize()]}
}
