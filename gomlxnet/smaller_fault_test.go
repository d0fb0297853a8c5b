package gomlxnet

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestArrayRowOutOfRange asks for rows that do not exist (issue 14, item
// 8): the panic names the index and the number of rows.
func TestArrayRowOutOfRange(t *testing.T) {
	a := NewArray[float32](3, 2)
	for _, i := range []int{-1, 3, 5} {
		msg := func() (msg string) {
			defer func() { msg = fmt.Sprint(recover()) }()
			a.Row(i)
			return "no panic"
		}()
		want := fmt.Sprintf("gomlxnet: Array.Row(%d) of an array of shape [3 2] (3 rows, 6 values): index out of range", i)
		if msg != want {
			t.Errorf("Row(%d) panicked with %q, want %q", i, msg, want)
		}
	}
	if got := a.Row(2); len(got) != 2 {
		t.Errorf("Row(2) has %d values, want 2", len(got))
	}
}

// TestPrepareMNISTCounts gives 2 images and 1 label (issue 14, item 8).
func TestPrepareMNISTCounts(t *testing.T) {
	split := Split{X: NewArray[uint8](2, 28, 28), Y: Array[uint8]{Shape: []int{1}, Data: []uint8{3}}}
	for _, rows := range []int{0, 2} {
		_, _, err := PrepareMNIST(split, rows, 255)
		if !errors.Is(err, ErrShape) || !strings.Contains(err.Error(), "2 images but 1 labels") {
			t.Errorf("PrepareMNIST(rows %d): error %v, want ErrShape saying 2 images but 1 labels", rows, err)
		}
	}
}

// TestBackendFallbackReason asks for a CUDA plugin that is not installed
// (issue 14, item 8): the reason says so, not something about the CPU
// plugin, and says "gomlxnet:" once.
func TestBackendFallbackReason(t *testing.T) {
	if slices.Contains(xlaPlugins(), "cuda") {
		t.Skip("XLA's CUDA plugin is installed here")
	}
	var msg string
	withoutXLAAutoInstall(func() { // no download from a test
		lookup := func(k string) (string, bool) {
			return map[string]string{"GOMLX_BACKEND": "xla:cuda"}[k], k == "GOMLX_BACKEND"
		}
		var err error
		if _, msg, err = autoBackend(lookup); err != nil {
			t.Fatal(err)
		}
	})
	want := `XLA plugin "cuda" is not installed (installed XLA plugins: `
	if !xlaBuilt {
		want = noXLAReason
	}
	t.Log(msg)
	if !strings.HasPrefix(msg, "gomlxnet: using the pure-Go backend ($GOMLX_BACKEND=xla:cuda failed: ") ||
		!strings.Contains(msg, want) || strings.Count(msg, "gomlxnet:") != 1 || strings.Contains(msg, `"cpu"`) {
		t.Errorf("fallback line %q, want it to say %q once, with one \"gomlxnet:\"", msg, want)
	}
}

// TestErrorsSayPrefixOnce checks errors that wrap other gomlxnet errors say
// "gomlxnet:" once (issue 14, item 8).
func TestErrorsSayPrefixOnce(t *testing.T) {
	input := Input(2)
	uncompiled, err := NewModel(input, Dense(2, Sigmoid)(input))
	if err != nil {
		t.Fatal(err)
	}
	x, y := xorData(4)
	m := smallModel(t, 4, Tanh, Softmax, CompileOptions{Loss: CategoricalCrossentropy, Optimizer: SGD(0.1), Seed: 1})
	missing := filepath.Join(t.TempDir(), "missing", "h.json")
	tests := []struct {
		name string
		err  func() error
	}{
		{"Save before Compile", func() error { return uncompiled.Save(filepath.Join(t.TempDir(), "m.gmlx")) }},
		{"Fit stopped by a failed write", func() error {
			_, err := m.Fit(x, y, FitOptions{Epochs: 1, BatchSize: 4, Quiet: true,
				OnEpochEnd: func(*History) error { return WriteFileAtomic(missing, []byte("{}")) }})
			return err
		}},
		{"DownloadMNIST into a file", func() error {
			file := filepath.Join(t.TempDir(), "f")
			os.WriteFile(file, nil, 0o644)
			_, err := DownloadMNIST(MNISTOptions{Dir: file, Mirrors: []string{}, ModCache: "off", GoProxy: "off"})
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.err()
			if err == nil || strings.Count(err.Error(), "gomlxnet:") != 1 || !strings.HasPrefix(err.Error(), "gomlxnet: ") {
				t.Errorf("error %q, want one \"gomlxnet:\", at the start", err)
			}
		})
	}
}
