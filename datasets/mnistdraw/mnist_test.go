package mnistdraw

import (
	"compress/gzip"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// testImages reads MNIST's test images (t10k-images-idx3-ubyte.gz) from
// $GOMLXNET_DATA or the course's default cache, ~/.cache/gomlxnet/mnist
// (`go run ./cmd/getdata` fetches them). It skips the test when they are
// not there.
func testImages(t *testing.T) [][Size * Size]uint8 {
	t.Helper()
	dir := os.Getenv("GOMLXNET_DATA")
	if dir == "" {
		cache, err := os.UserCacheDir()
		if err != nil {
			t.Skipf("no MNIST directory: %v", err)
		}
		dir = filepath.Join(cache, "gomlxnet", "mnist")
	}
	path := filepath.Join(dir, "t10k-images-idx3-ubyte.gz")
	f, err := os.Open(path)
	if err != nil {
		t.Skipf("MNIST's test images are not there (go run ./cmd/getdata): %v", err)
	}
	defer f.Close()
	images, err := readIDX(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return images
}

// readIDX reads a gzipped IDX file of 28×28 images.
func readIDX(r io.Reader) ([][Size * Size]uint8, error) {
	z, err := gzip.NewReader(r)
	if err != nil {
		return nil, err
	}
	var head [4]uint32
	if err := binary.Read(z, binary.BigEndian, &head); err != nil {
		return nil, err
	}
	if head[0] != 0x803 || head[2] != Size || head[3] != Size {
		return nil, fmt.Errorf("header %x, want magic 0x803 and 28×28 images", head)
	}
	images := make([][Size * Size]uint8, head[1])
	for i := range images {
		if _, err := io.ReadFull(z, images[i][:]); err != nil {
			return nil, fmt.Errorf("image %d: %w", i, err)
		}
	}
	return images, nil
}
