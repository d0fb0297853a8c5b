package gomlxnet

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/gomlx/gomlx/pkg/core/dtypes"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/shapes"
	"github.com/gomlx/gomlx/pkg/core/tensors"
)

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
			want := func() []float64 {
				defer useGemm(false)()
				return fgValues(t, fgRun(t, backend, product, lhs, rhs))[0]
			}()
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
