package simplegopatch

import (
	"reflect"
	"strings"
	"testing"

	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/backends/simplego"
	"github.com/gomlx/gomlx/pkg/core/shapes"
	"github.com/gonb-courses/neuralnets/internal/testutil"
)

func TestGemmExecutorInstalled(t *testing.T) {
	if err := Install().Gemm; err != nil {
		t.Fatalf("gemm executor not installed: %v", err)
	}
	if name := funcName(simplegoNodeExecutors[backends.OpTypeDotGeneral]); !strings.HasSuffix(name, ".gemmDotGeneral") {
		t.Errorf("simplego's DotGeneral executor is %s, want gemmDotGeneral", name)
	}
}

func TestGemmWanted(t *testing.T) {
	for _, tt := range []struct {
		value    string
		set      bool
		want     bool
		warnings int
	}{
		{"", false, true, 0}, {"1", true, true, 0}, {"on", true, true, 0},
		{"0", true, false, 0}, {"off", true, false, 0}, {" OFF ", true, false, 0}, {"false", true, false, 0},
		// issue 14, item 8: GOMLXNET_GEMM=no left it on.
		{"no", true, false, 0}, {"N", true, false, 0}, {"disable", true, false, 0}, {"f", true, false, 0},
		{"yes", true, true, 0}, {"enabled", true, true, 0}, {"maybe", true, true, 1}, {"nope", true, true, 1},
	} {
		lookup := func(string) (string, bool) { return tt.value, tt.set }
		var got bool
		stderr := testutil.CaptureStderr(t, func() { got = gemmWanted(lookup) })
		if got != tt.want || strings.Count(stderr, "gomlxnet: warning: $GOMLXNET_GEMM=") != tt.warnings {
			t.Errorf("%s=%q: gemm on %v, stderr %q; want on %v and %d warnings", GemmEnvVar, tt.value, got, stderr, tt.want, tt.warnings)
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

// useGemm is SetGemm, for the tests.
func useGemm(on bool) (restore func()) { return SetGemm(on) }
