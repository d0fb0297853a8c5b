package simplegopatch

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
	{"kernel gradient patchesᵀ·gradient (swapped; sparse path)", []int{2048, 128}, []int{2048, 64}, []int{0}, nil, []int{0}, nil, 0},
	{"size-1 axes", []int{1, 5, 1, 4}, []int{4, 1, 3}, []int{3}, nil, []int{0}, nil, 0},
	{"size-1 axes, contracting first", []int{4, 1, 5, 1}, []int{1, 3, 4}, []int{0}, nil, []int{2}, nil, 0},
	{"size-1 contracting axis in the middle", []int{4, 1, 5}, []int{1, 3}, []int{1}, nil, []int{0}, nil, 0},
	{"size-1 axis between contracting axes", []int{3, 1, 4, 2}, []int{3, 4, 1, 5}, []int{0, 2}, nil, []int{0, 1}, nil, 0},
	{"size-1 axis, contracting axes still apart", []int{3, 1, 2, 4}, []int{3, 4, 5}, []int{0, 3}, nil, []int{0, 1}, nil, 1},
	{"size-1 batch axis out of place", []int{4, 1, 5}, []int{1, 5, 3}, []int{2}, []int{1}, []int{1}, []int{0}, 0},
	{"convolution over one channel, patches·kernel", []int{25, 36, 8, 1}, []int{25, 1, 16}, []int{0, 3}, nil, []int{0, 1}, nil, 0},
	{"kernel gradient, swapped", []int{1100, 400}, []int{1100, 8}, []int{0}, nil, []int{0}, nil, 0},
	{"kernel gradient, swapped, right operand stored transposed", []int{1100, 400}, []int{8, 1100}, []int{0}, nil, []int{1}, nil, 0},
	{"batched kernel gradient, swapped", []int{2, 1030, 260}, []int{2, 1030, 5}, []int{1}, []int{0}, []int{1}, []int{0}, 0},
	{"convolution over one channel, kernel gradient", []int{25, 36, 8, 1}, []int{36, 8, 16}, []int{1, 2}, nil, []int{0, 1}, nil, 0},
}

func TestSwapPays(t *testing.T) {
	tests := []struct {
		name     string
		lhs, lc  []int
		n        int
		wantSwap bool
	}{
		{"convolution kernel gradient (m 400, k 8192)", []int{8192, 400}, []int{0}, 32, true},
		{"lecture weight gradient xᵀ·v (fits the caches)", []int{128, 784}, []int{0}, 30, false},
		{"first convolution's kernel gradient (m 25)", []int{25, 73728}, []int{1}, 16, false},
		{"first convolution's forward product (k 25)", []int{25, 73728}, []int{0}, 16, false},
		{"k just long enough", []int{1024, 256}, []int{0}, 8, true},
		{"left operand not stored [k, m]", []int{400, 8192}, []int{1}, 32, false},
		{"left operand copied first", []int{400, 8192, 2}, []int{1}, 32, false},
	}
	for _, tt := range tests {
		lhs := shapes.Make(dtypes.Float32, tt.lhs...)
		k := 1
		for _, axis := range tt.lc {
			k *= tt.lhs[axis]
		}
		p := gemmPlan{batch: 1, m: lhs.Size() / k, n: tt.n, k: k, lhs: planOperand(lhs, tt.lc, nil)}
		if got := p.swapPays(); got != tt.wantSwap {
			t.Errorf("%s: swapPays() = %v, want %v", tt.name, got, tt.wantSwap)
		}
	}
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
			runs := GemmRuns()
			got := fgValues(t, fgRun(t, backend, product, lhs, rhs))[0]
			if GemmRuns() == runs {
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
	runs := GemmRuns()
	out := fgRun(t, backend, func(l, r *graph.Node) *graph.Node { return graph.Dot(l, r) }, lhs, rhs)[0]
	if GemmRuns() != runs {
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

// TestGemmZeroTimesInf pins what a product gives when a zero meets an
// infinity: NaN, as IEEE 754 and simplego's own executor say, in every
// layout gemm reads in place. (gonum's gemm skips the zeros of its left
// operand, which alone would give a finite sum; the executor hands
// products whose right operand is not finite to simplego's executor.)
func TestGemmZeroTimesInf(t *testing.T) {
	backend := fgNewBackend(t)
	inf := float32(math.Inf(1))
	tests := []struct {
		name         string
		lhs, rhs     []int
		lc, rc       []int
		zero, infPos int // flat index of the zero in lhs, of the infinity in rhs; they meet in out[0]
	}{
		{"x·W", []int{2, 3}, []int{3, 2}, []int{1}, []int{0}, 0, 0},
		{"xᵀ·v", []int{3, 2}, []int{3, 2}, []int{0}, []int{0}, 0, 0},
		{"v·Wᵀ", []int{2, 3}, []int{2, 3}, []int{1}, []int{1}, 0, 0},
		{"infinity on the left", []int{2, 3}, []int{3, 2}, []int{1}, []int{0}, -1, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lhs, rhs := make([]float32, 6), make([]float32, 6)
			for i := range lhs {
				lhs[i], rhs[i] = 1, 1
			}
			if tt.zero >= 0 {
				lhs[tt.zero], rhs[tt.infPos] = 0, inf
			} else { // Inf·0 with the infinity in the left operand
				lhs[0], rhs[0] = inf, 0
			}
			product := func(l, r *graph.Node) *graph.Node { return graph.DotGeneral(l, tt.lc, nil, r, tt.rc, nil) }
			args := []any{tensors.FromFlatDataAndDimensions(lhs, tt.lhs...), tensors.FromFlatDataAndDimensions(rhs, tt.rhs...)}
			got := fgValues32(t, fgRun(t, backend, product, args...))
			want := func() []float32 {
				defer useGemm(false)()
				return fgValues32(t, fgRun(t, backend, product, args...))
			}()
			if !math.IsNaN(float64(want[0])) {
				t.Fatalf("simplego's own executor gives out[0] = %v, want NaN", want[0])
			}
			for i := range got {
				if math.IsNaN(float64(got[i])) != math.IsNaN(float64(want[i])) || (!math.IsNaN(float64(got[i])) && got[i] != want[i]) {
					t.Errorf("out = %v, simplego's own executor gives %v", got, want)
					break
				}
			}
		})
	}
}

// fgValues32 returns the flat float32 data of the first tensor.
func fgValues32(tb testing.TB, ts []*tensors.Tensor) []float32 {
	tb.Helper()
	v, err := tensors.CopyFlatData[float32](ts[0])
	if err != nil {
		tb.Fatal(err)
	}
	return v
}

func TestAllFinite(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	tests := []struct {
		name string
		flat any
		want bool
	}{
		{"empty", []float32{}, true},
		{"finite float32", []float32{0, -1, 3e18, 1e-45, 5}, true},
		{"finite float32 whose squares overflow", []float32{3e38}, false}, // a false alarm, documented
		{"+Inf last, float32", []float32{1, 2, 3, 4, 5, float32(inf)}, false},
		{"-Inf first, float32", []float32{float32(-inf), 1, 2, 3, 4}, false},
		{"NaN, float32", []float32{1, 2, float32(nan), 3}, false},
		{"finite float64", []float64{0, 1.7e150, -2}, true},
		{"NaN, float64", []float64{0, 0, 0, 0, 0, nan}, false},
		{"int32", []int32{1, 2}, true},
	}
	for _, tt := range tests {
		if got := allFinite(tt.flat); got != tt.want {
			t.Errorf("allFinite(%s) = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// BenchmarkAllFinite times the check gemmDotGeneral makes on the right
// operand of every product, on the lecture's largest one, its first
// kernel [784, 30].
func BenchmarkAllFinite(b *testing.B) {
	w := make([]float32, 784*30)
	for i := range w {
		w[i] = float32(i%13) - 6
	}
	for b.Loop() {
		if !allFinite(w) {
			b.Fatal("allFinite = false")
		}
	}
}
