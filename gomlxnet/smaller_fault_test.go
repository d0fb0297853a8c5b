package gomlxnet

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

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
