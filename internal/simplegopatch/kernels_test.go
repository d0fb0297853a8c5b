package simplegopatch

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gomlx/gomlx/pkg/core/dtypes"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/shapes"
	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/gonb-courses/neuralnets/internal/kernels"
)

// kernelFills draw operand values: MNIST-like sparse (81% zeros, some -0,
// so that the kernels' zero-skipping variants run) and "special" (NaN, ±Inf
// and zeros among dense values).
var kernelFills = map[string]func(*rand.Rand) float64{
	"sparse": func(rng *rand.Rand) float64 {
		switch r := rng.Float64(); {
		case r < 0.78:
			return 0
		case r < 0.81:
			return math.Copysign(0, -1)
		}
		return rng.Float64()
	},
	"special": func(rng *rand.Rand) float64 {
		switch rng.IntN(40) {
		case 0:
			return math.NaN()
		case 1:
			return math.Inf(1)
		case 2:
			return math.Inf(-1)
		case 3, 4, 5, 6, 7, 8:
			return 0
		}
		return 2*rng.Float64() - 1
	},
	"dense": func(rng *rand.Rand) float64 { return 2*rng.Float64() - 1 },
}

// kernelOperand returns a tensor of dtype and dims filled by fill.
func kernelOperand(rng *rand.Rand, dtype dtypes.DType, dims []int, fill func(*rand.Rand) float64) *tensors.Tensor {
	values := make([]float64, shapes.Make(dtype, dims...).Size())
	for i := range values {
		values[i] = fill(rng)
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

// TestKernelsMatchSimplego runs every DotGeneral layout of gemmCases on the
// gemm executor (float32: internal/kernels' SIMD kernels where the CPU has
// them; float64: gonum's Dgemm) and on simplego's own executor, with
// MNIST-like sparse operands on either side (the kernels' zero-skipping
// variants and sparse path; a swapped product's left operand is the right
// one) and with
// NaN and ±Inf in either operand (also facing a sparse right operand, whose
// zeros the swapped products of gemm.go's swapPays skip), and compares: NaN
// where simplego has NaN, the same infinities, the other values within
// 2·k²·ε. (The executor sends products whose right operand is not all
// finite to simplego's own.)
func TestKernelsMatchSimplego(t *testing.T) {
	backend := fgNewBackend(t)
	rng := rand.New(rand.NewPCG(9, 10))
	t.Logf("float32 kernels: %s", kernels.Level())
	pairs := [][2]string{{"sparse", "dense"}, {"dense", "sparse"}, {"sparse", "special"}, {"special", "dense"}, {"special", "sparse"}, {"special", "special"}}
	for _, tc := range gemmCases {
		for _, dtype := range []dtypes.DType{dtypes.Float32, dtypes.Float64} {
			for _, fills := range pairs {
				name := fmt.Sprintf("%s/%s/%s·%s", tc.name, dtype, fills[0], fills[1])
				lhs := kernelOperand(rng, dtype, tc.lhs, kernelFills[fills[0]])
				rhs := kernelOperand(rng, dtype, tc.rhs, kernelFills[fills[1]])
				product := func(l, r *graph.Node) *graph.Node {
					return graph.ConvertDType(graph.DotGeneral(l, tc.lc, tc.lb, r, tc.rc, tc.rb), dtypes.Float64)
				}
				runs := simplegoDot.gemmRuns.Load()
				got := fgValues(t, fgRun(t, backend, product, lhs, rhs))[0]
				if fills[1] != "special" && simplegoDot.gemmRuns.Load() == runs { // Inf or NaN on the right: simplego's (executor.go)
					t.Errorf("%s: the gemm executor was not used", name)
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
					eps = 0x1p-24
				}
				compareSpecial(t, name, got, want, 2*float64(k)*eps*float64(k)+math.SmallestNonzeroFloat64)
			}
		}
	}
}

// compareSpecial is fgCompare where NaN must meet NaN and an infinity the
// same infinity.
func compareSpecial(t *testing.T, what string, got, want []float64, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d values, want %d", what, len(got), len(want))
	}
	for i, w := range want {
		g := got[i]
		ok := math.Abs(g-w) <= tol
		switch {
		case math.IsNaN(w):
			ok = math.IsNaN(g)
		case math.IsInf(w, 0):
			ok = g == w
		}
		if !ok {
			t.Fatalf("%s[%d] = %g, want %g (tol %.3g)", what, i, g, w, tol)
		}
	}
}
