package mnist

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"slices"
	"strings"
	"testing"
)

// idxFile builds a gzipped IDX file from a magic number, dimension sizes and data.
func idxFile(t testing.TB, magic uint32, dims []uint32, data []byte) []byte {
	t.Helper()
	var raw bytes.Buffer
	binary.Write(&raw, binary.BigEndian, magic)
	binary.Write(&raw, binary.BigEndian, dims)
	raw.Write(data)
	return gzipBytes(t, raw.Bytes())
}

func gzipBytes(t testing.TB, raw []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(raw); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// fakeImages returns n synthetic 28x28 images; pixel p of image i is (i+p)%256.
func fakeImages(n int) []byte {
	data := make([]byte, n*mnistSide*mnistSide)
	for i := range data {
		data[i] = byte(i/(mnistSide*mnistSide) + i%(mnistSide*mnistSide))
	}
	return data
}

func TestParseIDXImages(t *testing.T) {
	good := idxFile(t, idxImagesMagic, []uint32{2, 28, 28}, fakeImages(2))
	tests := []struct {
		name    string
		file    []byte
		wantErr string // "" for success; else a part of the message
	}{
		{"valid", good, ""},
		{"not gzip", []byte("<html>not found</html>"), "not a gzip file"},
		{"truncated gzip", good[:len(good)/2], "truncated"},
		{"truncated header", gzipBytes(t, []byte{0, 0, 8, 3, 0, 0}), "truncated header"},
		{"labels magic", idxFile(t, idxLabelsMagic, []uint32{2, 28, 28}, fakeImages(2)), "magic number 2049, want 2051"},
		{"short data", idxFile(t, idxImagesMagic, []uint32{3, 28, 28}, fakeImages(2)), "truncated: 1568 of 2352 data bytes"},
		{"extra data", idxFile(t, idxImagesMagic, []uint32{1, 28, 28}, fakeImages(2)), "more than the 784 data bytes"},
		{"wrong size", idxFile(t, idxImagesMagic, []uint32{2, 32, 24}, fakeImages(2)[:2*32*24]), "images are 32x24, want 28x28"},
		{"huge header", idxFile(t, idxImagesMagic, []uint32{1 << 31, 28, 28}, nil), "over the 67108864-byte limit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x, err := ParseImages("imgs.gz", tt.file)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				if len(x.Shape) != 3 || x.Shape[0] != 2 || !bytes.Equal(x.Data, fakeImages(2)) {
					t.Errorf("parsed shape %v, want [2 28 28] with the data written", x.Shape)
				}
				return
			}
			if !errors.Is(err, ErrFormat) || !strings.Contains(err.Error(), tt.wantErr) ||
				!strings.Contains(err.Error(), "imgs.gz") || !strings.HasPrefix(err.Error(), "mnist: ") {
				t.Errorf("error = %v, want ErrFormat naming imgs.gz and saying %q", err, tt.wantErr)
			}
		})
	}
}

func TestParseIDXLabels(t *testing.T) {
	tests := []struct {
		name    string
		file    []byte
		wantErr string
	}{
		{"valid", idxFile(t, idxLabelsMagic, []uint32{3}, []byte{0, 9, 5}), ""},
		{"label 10", idxFile(t, idxLabelsMagic, []uint32{3}, []byte{0, 10, 5}), "label 10 at index 1, want 0..9"},
		{"images magic", idxFile(t, idxImagesMagic, []uint32{3}, []byte{0, 1, 2}), "magic number 2051, want 2049"},
		{"short", idxFile(t, idxLabelsMagic, []uint32{4}, []byte{0, 1, 2}), "truncated: 3 of 4"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			y, err := ParseLabels("labels.gz", tt.file)
			if tt.wantErr == "" {
				if err != nil || !bytes.Equal(y.Data, []byte{0, 9, 5}) || y.Rows() != 3 {
					t.Errorf("ParseLabels = %v, %v; want [0 9 5]", y, err)
				}
				return
			}
			if !errors.Is(err, ErrFormat) || !strings.Contains(err.Error(), tt.wantErr) || !strings.Contains(err.Error(), "labels.gz") {
				t.Errorf("error = %v, want ErrFormat naming labels.gz and saying %q", err, tt.wantErr)
			}
		})
	}
}

// TestRealMNIST loads the real files from the verified data directory
// ($GOMLXNET_DATA, else the user cache directory; `go run ./cmd/getdata`
// fills it), never the network, and checks them against figures computed
// independently with /usr/bin/python3 (gzip and struct from the standard
// library, reading the same .gz files). It skips when the directory does not
// hold them.
func TestRealMNIST(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the 11 MB MNIST files; skipped in -short mode")
	}
	m, err := Load(Options{Mirrors: []string{}, ModCache: "off", GoProxy: "off", Log: testLogWriter{t}})
	if errors.Is(err, ErrNoSource) {
		t.Skipf("no verified MNIST in the data directory (go run ./cmd/getdata fetches it): %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	// The Python oracle printed these class counts, 0 to 9.
	wantCounts := map[string][]int{
		"train": {5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949},
		"test":  {980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009},
	}
	for name, split := range map[string]Split{"train": m.Train, "test": m.Test} {
		n := len(split.Y.Data)
		if want := []int{n, 28, 28}; !slices.Equal(split.X.Shape, want) || !slices.Equal(split.Y.Shape, want[:1]) {
			t.Errorf("%s: X shape %v, Y shape %v, want %v and %v", name, split.X.Shape, split.Y.Shape, want, want[:1])
		}
		counts := make([]int, 10)
		for _, label := range split.Y.Data {
			counts[label]++
		}
		if !slices.Equal(counts, wantCounts[name]) {
			t.Errorf("%s class counts = %v, want %v", name, counts, wantCounts[name])
		}
	}
	// First training image: label 5; the Python oracle summed its 784 grey
	// levels to 27525 (166 of them non-zero).
	sum := 0
	for _, v := range m.Train.X.Row(0) {
		sum += int(v)
	}
	if m.Train.Y.Data[0] != 5 || sum != 27525 {
		t.Errorf("first training image: label %d, pixel sum %d; want 5 and 27525", m.Train.Y.Data[0], sum)
	}
}

// testLogWriter sends log lines to t.Log.
type testLogWriter struct{ t testing.TB }

func (w testLogWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSuffix(string(p), "\n"))
	return len(p), nil
}
