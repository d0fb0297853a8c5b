package gomlxnet

import (
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/gomlx/gomlx/backends/simplego"
	"github.com/gomlx/gomlx/pkg/core/dtypes"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/shapes"
	"github.com/gomlx/gomlx/pkg/core/tensors"
)

func TestGemmExecutorInstalled(t *testing.T) {
	if !simplegoDot.installed {
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

func TestOperandLayout(t *testing.T) {
	tests := []struct {
		name               string
		rank               int
		contracting, batch []int
		kFirst, ok         bool
	}{
		{"matrix, contract last", 2, []int{1}, nil, false, true},
		{"matrix, contract first", 2, []int{0}, nil, true, true},
		{"vector", 1, []int{0}, nil, false, true},
		{"batched, contract last", 3, []int{2}, []int{0}, false, true},
		{"batched, contract after batch", 3, []int{1}, []int{0}, true, true},
		{"two contracting axes at the end", 4, []int{2, 3}, []int{0}, false, true},
		{"two contracting axes swapped", 3, []int{2, 1}, nil, false, false},
		{"contracting axes not consecutive", 3, []int{0, 2}, nil, false, false},
		{"contracting axis in the middle", 3, []int{1}, nil, false, false},
		{"batch axis not leading", 3, []int{2}, []int{1}, false, false},
		{"outer product", 2, nil, []int{0}, false, true},
	}
	for _, tt := range tests {
		kFirst, ok := operandLayout(tt.rank, tt.contracting, tt.batch)
		if kFirst != tt.kFirst || ok != tt.ok {
			t.Errorf("%s: operandLayout(%d, %v, %v) = %v, %v; want %v, %v",
				tt.name, tt.rank, tt.contracting, tt.batch, kFirst, ok, tt.kFirst, tt.ok)
		}
	}
}

// gemmCases are DotGenerals compared between the gemm executor and
// simplego's own; copied is how many operands the gemm executor has to copy
// into another layout first.
var gemmCases = []struct {
	name           string
	lhs, rhs       []int
	lc, lb, rc, rb []int
	copied         int
}{
	{"matmul", []int{3, 5}, []int{5, 2}, []int{1}, nil, []int{0}, nil, 0},
	{"lecture forward x·W", []int{128, 784}, []int{784, 30}, []int{1}, nil, []int{0}, nil, 0},
	{"lecture weight gradient xᵀ·v", []int{128, 784}, []int{128, 30}, []int{0}, nil, []int{0}, nil, 0},
	{"lecture input gradient v·Wᵀ", []int{128, 30}, []int{784, 30}, []int{1}, nil, []int{1}, nil, 0},
	{"both transposed", []int{7, 3}, []int{5, 7}, []int{0}, nil, []int{1}, nil, 0},
	{"matrix·vector", []int{3, 4}, []int{4}, []int{1}, nil, []int{0}, nil, 0},
	{"vector·vector", []int{4}, []int{4}, []int{0}, nil, []int{0}, nil, 0},
	{"batched, fewer than CPUs", []int{1, 300, 200}, []int{1, 200, 40}, []int{2}, []int{0}, []int{1}, []int{0}, 0},
	{"batched, split by batch", []int{6, 64, 100}, []int{6, 100, 50}, []int{2}, []int{0}, []int{1}, []int{0}, 0},
	{"two contracting axes", []int{2, 3, 4, 5}, []int{2, 4, 5, 6}, []int{2, 3}, []int{0}, []int{1, 2}, []int{0}, 0},
	{"outer product with batch", []int{2, 3}, []int{2, 4}, nil, []int{0}, nil, []int{0}, 0},
	{"contracting axes swapped", []int{3, 4}, []int{4, 3}, []int{0, 1}, nil, []int{1, 0}, nil, 1},
	{"batch axis in the middle", []int{5, 2, 3, 4}, []int{4, 3, 2, 6}, []int{3, 2}, []int{1}, []int{0, 1}, []int{2}, 2},
	{"contracting axis between cross axes", []int{3, 4, 2}, []int{4, 5, 6}, []int{1}, nil, []int{0}, nil, 1},
	{"convolution patches·kernel", []int{25, 36, 8, 3}, []int{25, 3, 16}, []int{0, 3}, nil, []int{0, 1}, nil, 1},
	{"size-1 axes", []int{1, 5, 1, 4}, []int{4, 1, 3}, []int{3}, nil, []int{0}, nil, 0},
	{"size-1 axes, contracting first", []int{4, 1, 5, 1}, []int{1, 3, 4}, []int{0}, nil, []int{2}, nil, 0},
	{"size-1 contracting axis in the middle", []int{4, 1, 5}, []int{1, 3}, []int{1}, nil, []int{0}, nil, 1},
}

// gemmTestOperand returns a tensor of dtype with entries uniform in [-1, 1),
// about half of them zero (the gemm kernels skip zeros of the left operand).
func gemmTestOperand(rng *rand.Rand, dtype dtypes.DType, dims []int) *tensors.Tensor {
	values := make([]float64, shapes.Make(dtype, dims...).Size())
	for i := range values {
		if rng.IntN(2) == 0 {
			values[i] = 2*rng.Float64() - 1
		}
	}
	if dtype == dtypes.Float32 {
		f32 := make([]float32, len(values))
		for i, v := range values {
			f32[i] = float32(v)
		}
		return tensors.FromFlatDataAndDimensions(f32, dims...)
	}
	return tensors.FromFlatDataAndDimensions(values, dims...)
}

// TestGemmMatchesSimplego runs each case with the gemm executor and with
// simplego's own (the oracle) and compares. Both sum the same k products
// of numbers in [-1, 1], in different orders; each sum is within about
// k·ε·Σ|a·b| ≤ k²·ε of the exact one (Higham, "Accuracy and Stability of
// Numerical Algorithms", §3.1), so the two are within 2·k²·ε.
func TestGemmMatchesSimplego(t *testing.T) {
	backend := fgNewBackend(t)
	rng := rand.New(rand.NewPCG(7, 8))
	for _, tc := range gemmCases {
		copied := 0
		for _, op := range []gemmOperand{
			planOperand(shapes.Make(dtypes.Float32, tc.lhs...), tc.lc, tc.lb),
			planOperand(shapes.Make(dtypes.Float32, tc.rhs...), tc.rc, tc.rb),
		} {
			if op.perm != nil {
				copied++
			}
		}
		if copied != tc.copied {
			t.Errorf("%s: %d operands copied, want %d", tc.name, copied, tc.copied)
		}
		for _, dtype := range []dtypes.DType{dtypes.Float32, dtypes.Float64} {
			lhs, rhs := gemmTestOperand(rng, dtype, tc.lhs), gemmTestOperand(rng, dtype, tc.rhs)
			product := func(l, r *graph.Node) *graph.Node {
				return graph.ConvertDType(graph.DotGeneral(l, tc.lc, tc.lb, r, tc.rc, tc.rb), dtypes.Float64)
			}
			runs := simplegoDot.gemmRuns.Load()
			got := fgValues(t, fgRun(t, backend, product, lhs, rhs))[0]
			if simplegoDot.gemmRuns.Load() == runs {
				t.Errorf("%s/%s: the gemm executor was not used", tc.name, dtype)
			}
			simplegoDot.enabled.Store(false)
			want := fgValues(t, fgRun(t, backend, product, lhs, rhs))[0]
			simplegoDot.enabled.Store(true)
			k := 1
			for _, axis := range tc.lc {
				k *= tc.lhs[axis]
			}
			eps := eps64
			if dtype == dtypes.Float32 {
				eps = 0x1p-24 // float32 unit roundoff
			}
			fgCompare(t, tc.name+"/"+dtype.String(), got, want, 2*float64(k)*eps*float64(k)+math.SmallestNonzeroFloat64)
		}
	}
}

// TestGemmLeavesIntegersToSimplego checks that a product of integers runs
// on simplego's own executor (gemm is for float32 and float64) and is right.
func TestGemmLeavesIntegersToSimplego(t *testing.T) {
	backend := fgNewBackend(t)
	lhs := tensors.FromFlatDataAndDimensions([]int32{1, 2, 3, 4, 5, 6}, 2, 3)
	rhs := tensors.FromFlatDataAndDimensions([]int32{1, 0, 0, 1, 1, 1}, 3, 2)
	runs := simplegoDot.gemmRuns.Load()
	out := fgRun(t, backend, func(l, r *graph.Node) *graph.Node { return graph.Dot(l, r) }, lhs, rhs)[0]
	if simplegoDot.gemmRuns.Load() != runs {
		t.Errorf("the gemm executor ran an int32 product")
	}
	got, err := tensors.CopyFlatData[int32](out)
	if err != nil {
		t.Fatal(err)
	}
	if want := []int32{4, 5, 10, 11}; !slices.Equal(got, want) {
		t.Errorf("int32 product = %v, want %v", got, want)
	}
}

// TestTransposeInto compares transposeInto with the definition, element by
// element, for permutations of several shapes, with and without size-1 axes.
func TestTransposeInto(t *testing.T) {
	tests := []struct{ dims, perm []int }{
		{[]int{5}, []int{0}},
		{[]int{3, 4}, []int{1, 0}},
		{[]int{3, 4}, []int{0, 1}},
		{[]int{2, 3, 4}, []int{2, 0, 1}},
		{[]int{2, 3, 4}, []int{1, 2, 0}},
		{[]int{25, 6, 4, 1}, []int{1, 2, 0, 3}},
		{[]int{2, 1, 3, 1, 4}, []int{4, 3, 0, 2, 1}},
		{[]int{2, 3, 4, 5}, []int{0, 2, 3, 1}},
		{[]int{1, 1}, []int{1, 0}},
	}
	for _, tt := range tests {
		size := 1
		for _, d := range tt.dims {
			size *= d
		}
		src := make([]int, size)
		for i := range src {
			src[i] = i
		}
		dst := make([]int, size)
		transposeInto(dst, src, tt.dims, tt.perm)
		outDims := make([]int, len(tt.perm))
		for i, axis := range tt.perm {
			outDims[i] = tt.dims[axis]
		}
		index := make([]int, len(tt.dims)) // in dst's axes
		for flat := range dst {
			srcFlat := 0
			for axis := range tt.dims { // src axis "axis" is dst axis slices.Index(perm, axis)
				srcFlat = srcFlat*tt.dims[axis] + index[slices.Index(tt.perm, axis)]
			}
			if dst[flat] != src[srcFlat] {
				t.Fatalf("transposeInto(%v, %v): dst[%d] = %d, want %d", tt.dims, tt.perm, flat, dst[flat], src[srcFlat])
			}
			for axis := len(outDims) - 1; axis >= 0; axis-- {
				if index[axis]++; index[axis] < outDims[axis] {
					break
				}
				index[axis] = 0
			}
		}
	}
}

// TestGemmNote checks that the backend's log line says when the pure-Go
// backend's products are GoMLX's own, and says nothing otherwise.
func TestGemmNote(t *testing.T) {
	backend := fgNewBackend(t)
	if note := gemmNote(backend); note != "" {
		t.Errorf("gemmNote with gemm on = %q, want \"\"", note)
	}
	simplegoDot.enabled.Store(false)
	defer simplegoDot.enabled.Store(true)
	if note := gemmNote(backend); !strings.Contains(note, gemmEnvVar) {
		t.Errorf("gemmNote with gemm off = %q, want it to name $%s", note, gemmEnvVar)
	}
}
