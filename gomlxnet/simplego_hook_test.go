package gomlxnet

import (
	"reflect"
	"strings"
	"testing"

	"github.com/gomlx/gomlx/backends/simplego"
	"github.com/gomlx/gomlx/pkg/core/shapes"
)

func TestGemmExecutorInstalled(t *testing.T) {
	if simplegoDot.reason != nil {
		t.Fatalf("gemm executor not installed: %v", simplegoDot.reason)
	}
}

func TestGemmWanted(t *testing.T) {
	for _, tt := range []struct {
		value string
		set   bool
		want  bool
	}{
		{"", false, true}, {"1", true, true}, {"on", true, true},
		{"0", true, false}, {"off", true, false}, {" OFF ", true, false}, {"false", true, false},
	} {
		lookup := func(string) (string, bool) { return tt.value, tt.set }
		if got := gemmWanted(lookup); got != tt.want {
			t.Errorf("gemmWanted with %s=%q = %v, want %v", gemmEnvVar, tt.value, got, tt.want)
		}
	}
}

// TestCheckMirror checks that a mirror with another field order, type or
// count is refused: then the gemm executor is not installed.
func TestCheckMirror(t *testing.T) {
	real := reflect.TypeFor[simplego.Buffer]()
	if err := checkMirror(real, reflect.TypeFor[bufferMirror]()); err != nil {
		t.Errorf("checkMirror(simplego.Buffer, bufferMirror) = %v, want nil", err)
	}
	for name, mirror := range map[string]reflect.Type{
		"fields swapped": reflect.TypeFor[struct {
			valid bool
			shape shapes.Shape
			flat  any
		}](),
		"other type": reflect.TypeFor[struct {
			shape shapes.Shape
			valid bool
			flat  []float32
		}](),
		"field missing": reflect.TypeFor[struct {
			shape shapes.Shape
			flat  any
		}](),
	} {
		if err := checkMirror(real, mirror); err == nil {
			t.Errorf("checkMirror(simplego.Buffer, %s) = nil, want an error", name)
		}
	}
}

// useGemm turns the gemm executor on or off, for comparisons, and returns
// the function that restores the previous setting. Tests and benchmarks
// run one at a time, so the process-wide switch is theirs meanwhile.
func useGemm(on bool) (restore func()) {
	was := simplegoDot.enabled.Swap(on)
	return func() { simplegoDot.enabled.Store(was) }
}

// TestGemmNote checks that the backend's log line says when the pure-Go
// backend's products are GoMLX's own, and says nothing otherwise.
func TestGemmNote(t *testing.T) {
	backend := fgNewBackend(t)
	if note := gemmNote(backend); note != "" {
		t.Errorf("gemmNote with gemm on = %q, want \"\"", note)
	}
	defer useGemm(false)()
	if note := gemmNote(backend); !strings.Contains(note, gemmEnvVar) {
		t.Errorf("gemmNote with gemm off = %q, want it to name $%s", note, gemmEnvVar)
	}
}
