package gomlxnet

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gonb-courses/neuralnets/arrays"
)

// trainedXOR returns a 2-8-2 network trained a little on XOR, and the data.
func trainedXOR(t *testing.T) (*Model, Array[float32], Array[float32]) {
	t.Helper()
	x, y := xorData(4)
	m := smallModel(t, 8, Tanh, Softmax, CompileOptions{
		Loss: CategoricalCrossentropy, Optimizer: Adam(0.05), Metrics: []string{"accuracy"}, Seed: 3,
	})
	if _, err := m.Fit(x, y, FitOptions{Epochs: 5, BatchSize: 4, Quiet: true}); err != nil {
		t.Fatal(err)
	}
	return m, x, y
}

// smallCNN returns a compiled network with every kind of layer and
// non-default kernel options, trained a little on 6x6 images of two
// classes (a bright left or right half), and the data.
func smallCNN(t *testing.T) (*Model, Array[float32], Array[float32]) {
	t.Helper()
	x, y := arrays.New[float32](8, 36), arrays.New[float32](8, 2)
	for i := range 8 {
		for p := range 36 {
			if (p%6 < 3) == (i%2 == 0) {
				x.Data[i*36+p] = 1
			}
		}
		y.Data[i*2+i%2] = 1
	}
	input := Input(36)
	conv := Conv2DWith(2, 3, ReLU, KernelOptions{Initializer: HeNormal(), L2: 1e-3})(Reshape(6, 6, 1)(input))
	flat := Dropout(0.25)(Flatten()(MaxPool2D(2)(conv)))
	out := DenseWith(2, Softmax, KernelOptions{Initializer: RandomNormal(0.5)})(flat)
	m := compiled(t, input, out, CompileOptions{Loss: CategoricalCrossentropy, Optimizer: Adam(0.01), Metrics: []string{"accuracy"}, Seed: 4})
	if _, err := m.Fit(x, y, FitOptions{Epochs: 3, BatchSize: 4, Quiet: true}); err != nil {
		t.Fatal(err)
	}
	return m, x, y
}

// TestSaveLoadRoundTrip checks that a loaded model, once compiled, has the
// saved layers, configuration and weights, predicts exactly as the
// original did and can be trained further.
func TestSaveLoadRoundTrip(t *testing.T) {
	tests := []struct {
		name  string
		model func(t *testing.T) (*Model, Array[float32], Array[float32])
	}{
		{"dense", trainedXOR},
		{"convolutional", smallCNN},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, x, y := tt.model(t)
			path := filepath.Join(t.TempDir(), "model.gmlx")
			if err := m.Save(path); err != nil {
				t.Fatal(err)
			}
			loaded, err := LoadModel(path)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := loaded.String(), m.String(); got != want {
				t.Errorf("loaded summary:\n%s\nwant:\n%s", got, want)
			}
			for i, l := range loaded.layers {
				got, err1 := json.Marshal(l.config())
				want, err2 := json.Marshal(m.layers[i].config())
				if err1 != nil || err2 != nil || !bytes.Equal(got, want) {
					t.Errorf("layer %d: loaded %s, want %s (%v, %v)", i, got, want, err1, err2)
				}
			}
			opts := CompileOptions{Loss: CategoricalCrossentropy, Optimizer: Adam(0.05), Metrics: []string{"accuracy"}, Seed: 99, Backend: "go"}
			if err := loaded.Compile(opts); err != nil {
				t.Fatal(err)
			}
			want, err := m.Predict(x)
			if err != nil {
				t.Fatal(err)
			}
			got, err := loaded.Predict(x)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got.Data, want.Data) {
				t.Errorf("predictions differ after a round trip:\n got %v\nwant %v", got.Data[:4], want.Data[:4])
			}
			if _, err := loaded.Fit(x, y, FitOptions{Epochs: 1, BatchSize: 4, Quiet: true}); err != nil {
				t.Errorf("training the loaded model: %v", err)
			}
			entries, err := os.ReadDir(filepath.Dir(path))
			if err != nil || len(entries) != 1 {
				t.Errorf("directory after Save holds %v (%v), want only the model file", entries, err)
			}
		})
	}
}

// TestLoadModelDamaged checks that damaged files are refused with
// ErrFormat and an error naming the file and the problem.
func TestLoadModelDamaged(t *testing.T) {
	m, _, _ := trainedXOR(t)
	dir := t.TempDir()
	good := filepath.Join(dir, "good.gmlx")
	if err := m.Save(good); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	headerEnd := len(saveMagic) + bytes.IndexByte(raw[len(saveMagic):], '\n') + 1
	flipped := slices.Clone(raw)
	flipped[len(flipped)-trailerBytes-1] ^= 0x40
	tests := []struct {
		name  string
		data  []byte
		wants []string // substrings of the error
		also  error
	}{
		{"empty", nil, []string{"not a gomlxnet model file"}, nil},
		{"wrong magic", append([]byte("keras-model 1\n"), raw[len(saveMagic):]...), []string{"not a gomlxnet model file"}, nil},
		{"truncated header", raw[:len(saveMagic)+10], []string{"no SHA-256 line"}, nil},
		{"truncated data", raw[:len(raw)-7], []string{"no SHA-256 line"}, nil},
		{"extra data", append(slices.Clone(raw), 0), []string{"no SHA-256 line"}, nil},
		{"flipped bit", flipped, []string{"SHA-256", "damaged"}, ErrChecksum},
		{"edited header", bytes.Replace(raw, []byte(`"shape":[2,8]`), []byte(`"shape":[8,2]`), 1), []string{"SHA-256", "edited"}, ErrChecksum},
		{"bad json", resum(slices.Concat([]byte(saveMagic), []byte("{\n"), raw[headerEnd:])), []string{"bad JSON header"}, nil},
		{"short data", resum(raw[:len(raw)-trailerBytes-4]), []string{"bytes of weight data, the header says"}, nil},
		{"wrong shape", resum(bytes.Replace(raw, []byte(`"shape":[2,8]`), []byte(`"shape":[8,2]`), 1)), []string{"do not fit", "dense_1/kernel"}, ErrShape},
		{"unknown layer", resum(bytes.Replace(raw, []byte(`"class_name":"Dense"`), []byte(`"class_name":"Dance"`), 1)), []string{"Dance"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, strings.ReplaceAll(tt.name, " ", "_")+".gmlx")
			if err := os.WriteFile(path, tt.data, 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := LoadModel(path)
			if !errors.Is(err, ErrFormat) || (tt.also != nil && !errors.Is(err, tt.also)) {
				t.Fatalf("LoadModel: got %v, want ErrFormat (and %v)", err, tt.also)
			}
			for _, s := range append(tt.wants, path, "gomlxnet: ") {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q does not mention %q", err, s)
				}
			}
			if n := strings.Count(err.Error(), "gomlxnet:"); n != 1 {
				t.Errorf("error %q says \"gomlxnet:\" %d times, want once", err, n)
			}
		})
	}
	if _, err := LoadModel(filepath.Join(dir, "missing.gmlx")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("LoadModel of a missing file: got %v, want fs.ErrNotExist", err)
	}
}

// TestSaveErrors checks that Save reports what it cannot do and leaves
// no file behind.
func TestSaveErrors(t *testing.T) {
	m, _, _ := trainedXOR(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	readOnly := filepath.Join(dir, "readonly")
	if err := os.Mkdir(readOnly, 0o555); err != nil {
		t.Fatal(err)
	}
	// root ignores directory permissions; sysfs refuses new files even to root.
	skipReadOnly := false
	if os.Geteuid() == 0 {
		readOnly = "/sys"
		_, err := os.CreateTemp(readOnly, "probe*")
		skipReadOnly = !errors.Is(err, fs.ErrPermission)
	}
	input := Input(3)
	uncompiled, err := NewModel(input, Dense(2, Sigmoid)(input))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		model *Model
		path  string
		want  error
		skip  bool
	}{
		{"parent is a file", m, filepath.Join(file, "m.gmlx"), nil, false},
		{"missing directory", m, filepath.Join(dir, "nope", "m.gmlx"), fs.ErrNotExist, false},
		{"read-only directory", m, filepath.Join(readOnly, "m.gmlx"), fs.ErrPermission, skipReadOnly},
		{"not compiled", uncompiled, filepath.Join(dir, "u.gmlx"), ErrNotCompiled, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.skip {
				t.Skip("running as root without a directory root cannot write")
			}
			err := tt.model.Save(tt.path)
			if err == nil || (tt.want != nil && !errors.Is(err, tt.want)) {
				t.Fatalf("Save: got %v, want an error wrapping %v", err, tt.want)
			}
			if !strings.HasPrefix(err.Error(), "gomlxnet: ") || !strings.Contains(err.Error(), tt.path) {
				t.Errorf("error %q should start with \"gomlxnet: \" and name %s", err, tt.path)
			}
			if _, statErr := os.Stat(tt.path); statErr == nil {
				t.Errorf("Save failed but %s exists", tt.path)
			}
		})
	}
}
