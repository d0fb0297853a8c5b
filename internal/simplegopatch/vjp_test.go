package simplegopatch

import (
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"sync"
	"testing"

	"github.com/gomlx/gomlx/backends"
	_ "github.com/gomlx/gomlx/backends/simplego" // Registers the pure-Go "go" backend.
	"github.com/gomlx/gomlx/pkg/core/dtypes"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/shapes"
	"github.com/gomlx/gomlx/pkg/core/tensors"
)

// fgBackend is the pure-Go backend shared by the tests.
//
// It runs ops sequentially: in its default parallel mode simplego v0.26.0
// deadlocks when 2·NumCPU DotGeneral nodes are ready at once (each holds a
// worker from backend.workers while waiting in WaitToStart for another one,
// dotgeneral_small.go), and the test graphs below have four independent
// DotGenerals, exactly 2·NumCPU on a 2-core machine.
var fgBackend = sync.OnceValues(func() (backends.Backend, error) { return backends.NewWithConfig("go:ops_sequential") })

// fgNewBackend returns fgBackend or stops the test.
func fgNewBackend(tb testing.TB) backends.Backend {
	tb.Helper()
	b, err := fgBackend()
	if err != nil {
		tb.Fatalf("simplego backend: %v", err)
	}
	return b
}

// fgCase is a matrix product y = op(lhs, rhs) of operands with the given
// dimensions; plain marks the ones whose fast gradients are bare DotGenerals
// (dotOperandGrad finds an operand order needing no Transpose).
type fgCase struct {
	name     string
	lhs, rhs []int
	op       func(lhs, rhs *graph.Node) *graph.Node
	plain    bool
}

// fgGeneral returns the op DotGeneral(lhs, lc, lb, rhs, rc, rb).
func fgGeneral(lc, lb, rc, rb []int) func(lhs, rhs *graph.Node) *graph.Node {
	return func(lhs, rhs *graph.Node) *graph.Node { return graph.DotGeneral(lhs, lc, lb, rhs, rc, rb) }
}

// fgCases covers every rank combination of Dot and the axis layouts of DotGeneral.
var fgCases = []fgCase{
	{"dot/1x1", []int{1, 1}, []int{1, 1}, graph.Dot, true},
	{"dot/3x5.5x2", []int{3, 5}, []int{5, 2}, graph.Dot, true},
	{"dot/lecture_128x784.784x30", []int{128, 784}, []int{784, 30}, graph.Dot, true},
	{"dot/vector.vector", []int{4}, []int{4}, graph.Dot, true},
	{"dot/matrix.vector", []int{3, 4}, []int{4}, graph.Dot, true},
	{"general/batched_matmul", []int{2, 3, 4}, []int{2, 4, 5}, fgGeneral([]int{2}, []int{0}, []int{1}, []int{0}), true},
	{"general/contract_first_axes", []int{4, 3}, []int{4, 5}, fgGeneral([]int{0}, nil, []int{0}, nil), true},
	{"general/contract_last_axes", []int{3, 4}, []int{5, 4}, fgGeneral([]int{1}, nil, []int{1}, nil), true},
	{"general/two_contracting_swapped_batch_middle", []int{5, 2, 3, 4}, []int{4, 3, 2, 6},
		fgGeneral([]int{3, 2}, []int{1}, []int{0, 1}, []int{2}), false},
	{"general/contract_middle_axis_two_cross", []int{3, 4, 2}, []int{4, 5, 6}, fgGeneral([]int{1}, nil, []int{0}, nil), false},
	{"general/outer_product_with_batch", []int{2, 3}, []int{2, 4}, fgGeneral(nil, []int{0}, nil, []int{0}), true},
	{"general/full_contraction_to_scalar", []int{3, 4}, []int{4, 3}, fgGeneral([]int{0, 1}, nil, []int{1, 0}, nil), false},
}

// fgEinsumCases go through Einsum, which adds transposes/reshapes around its DotGeneral.
var fgEinsumCases = []fgCase{
	{"einsum/bij,bjk->bki", []int{2, 3, 4}, []int{2, 4, 5},
		func(l, r *graph.Node) *graph.Node { return graph.Einsum("bij,bjk->bki", l, r) }, false},
	{"einsum/ij,kj->ik", []int{3, 4}, []int{5, 4},
		func(l, r *graph.Node) *graph.Node { return graph.Einsum("ij,kj->ik", l, r) }, false},
}

// fgRandom returns a float64 tensor with entries uniform in [-1, 1).
func fgRandom(rng *rand.Rand, dims []int) *tensors.Tensor {
	data := make([]float64, shapes.Make(dtypes.Float64, dims...).Size())
	for i := range data {
		data[i] = 2*rng.Float64() - 1
	}
	return tensors.FromFlatDataAndDimensions(data, dims...)
}

// fgWeights returns a fixed, non-degenerate tensor shaped like y with entries
// in [-1, 1]: the upstream gradient v (or loss weights) of the tests.
func fgWeights(y *graph.Node) *graph.Node {
	return graph.Sin(graph.AddScalar(graph.MulScalar(graph.IotaFull(y.Graph(), y.Shape()), 0.7), 0.3))
}

// fgRun compiles fn on backend, runs it once on args and returns its outputs.
func fgRun[F graph.ExecGraphFn](tb testing.TB, backend backends.Backend, fn F, args ...any) []*tensors.Tensor {
	tb.Helper()
	exec, err := graph.NewExec(backend, fn)
	if err != nil {
		tb.Fatal(err)
	}
	defer exec.Finalize()
	outs, err := exec.Exec(args...)
	if err != nil {
		tb.Fatal(err)
	}
	return outs
}

// fgValues returns the flat float64 data of each tensor.
func fgValues(tb testing.TB, ts []*tensors.Tensor) [][]float64 {
	tb.Helper()
	vals := make([][]float64, len(ts))
	for i, t := range ts {
		v, err := tensors.CopyFlatData[float64](t)
		if err != nil {
			tb.Fatal(err)
		}
		vals[i] = v
	}
	return vals
}

// fgCompare fails the test if any |got[i]-want[i]| > tol.
func fgCompare(t *testing.T, what string, got, want []float64, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d values, want %d", what, len(got), len(want))
	}
	for i := range got {
		if d := math.Abs(got[i] - want[i]); !(d <= tol) {
			t.Fatalf("%s[%d] = %g, want %g (|diff| %.3g > tol %.3g)", what, i, got[i], want[i], d, tol)
		}
	}
}

// eps64 is the float64 unit roundoff 2⁻⁵³ (Higham, "Accuracy and Stability
// of Numerical Algorithms", §2.1).
const eps64 = 0x1p-53

func TestFastVJPsAreRegistered(t *testing.T) {
	tests := []struct {
		nodeType graph.NodeType
		want     graph.VJP
	}{
		{graph.NodeTypeDot, fastDotVJP},
		{graph.NodeTypeDotGeneral, fastDotGeneralVJP},
	}
	for _, tt := range tests {
		got := graph.VJPRegistration[tt.nodeType]
		if reflect.ValueOf(got).Pointer() != reflect.ValueOf(tt.want).Pointer() {
			t.Errorf("VJPRegistration[%s] is not the fast VJP", tt.nodeType)
		}
	}
}

// TestFastVJPUsesOnlyMatrixProducts checks the point of the fast VJPs: for
// plain matrix products each gradient is one DotGeneral of v and the other
// operand, with no broadcast, multiply, reduce or transpose around it.
func TestFastVJPUsesOnlyMatrixProducts(t *testing.T) {
	backend := fgNewBackend(t)
	for _, tc := range fgCases {
		if !tc.plain {
			continue
		}
		t.Run(tc.name, func(t *testing.T) {
			g := graph.NewGraph(backend, "plain")
			defer g.Finalize()
			lhs := graph.Parameter(g, "lhs", shapes.Make(dtypes.Float32, tc.lhs...))
			rhs := graph.Parameter(g, "rhs", shapes.Make(dtypes.Float32, tc.rhs...))
			y := tc.op(lhs, rhs)
			v := graph.Parameter(g, "v", y.Shape())
			fast := fastDotVJP
			if y.Type() == graph.NodeTypeDotGeneral {
				fast = fastDotGeneralVJP
			}
			for i, grad := range fast(y, []*graph.Node{v}, shapes.Shape{}) {
				inputs := grad.Inputs()
				if grad.Type() != graph.NodeTypeDotGeneral || len(inputs) != 2 ||
					inputs[0].Type() != graph.NodeTypeParameter || inputs[1].Type() != graph.NodeTypeParameter {
					t.Errorf("gradient of operand %d is %s, want a DotGeneral of two parameters", i, grad)
				}
			}
		})
	}
}

// TestFastVJPMatchesGoMLX compares the fast VJPs with GoMLX's own (saved in
// origDotVJP/origDotGeneralVJP) on the same node and upstream gradient v, and
// checks graph.Gradient returns the fast result.
//
// Tolerance: each gradient entry is a sum of at most K = |y| products of
// values in [-1, 1]; summed in any order its rounding error is at most
// K·eps·Σ|terms| ≤ K²·eps (Higham §3.1), so two summation orders differ by
// at most 2·K²·eps. A wrong axis gives O(1) differences.
func TestFastVJPMatchesGoMLX(t *testing.T) {
	backend := fgNewBackend(t)
	rng := rand.New(rand.NewPCG(1, 2))
	for _, tc := range fgCases {
		t.Run(tc.name, func(t *testing.T) {
			var k int
			outs := fgRun(t, backend, func(lhs, rhs *graph.Node) []*graph.Node {
				y := tc.op(lhs, rhs)
				k = y.Shape().Size()
				fast, orig := fastDotVJP, origDotVJP
				if y.Type() == graph.NodeTypeDotGeneral {
					fast, orig = fastDotGeneralVJP, origDotGeneralVJP
				}
				v := fgWeights(y)
				vjps := []*graph.Node{v}
				grads := graph.Gradient(graph.ReduceAllSum(graph.Mul(y, v)), lhs, rhs)
				return slices.Concat(fast(y, vjps, shapes.Shape{}), orig(y, vjps, shapes.Shape{}), grads)
			}, fgRandom(rng, tc.lhs), fgRandom(rng, tc.rhs))
			vals := fgValues(t, outs)
			tol := 2 * float64(k) * float64(k) * eps64
			fgCompare(t, "fast dlhs vs GoMLX", vals[0], vals[2], tol)
			fgCompare(t, "fast drhs vs GoMLX", vals[1], vals[3], tol)
			fgCompare(t, "Gradient dlhs vs fast", vals[4], vals[0], tol)
			fgCompare(t, "Gradient drhs vs fast", vals[5], vals[1], tol)
		})
	}
}

// TestDotGeneralAxesOf checks the axes are read back from DotGeneral nodes
// (so fastDotGeneralVJP does not silently fall back to GoMLX's VJP), also
// when an alias imitates a DotGeneral description, and rejected otherwise.
func TestDotGeneralAxesOf(t *testing.T) {
	backend := fgNewBackend(t)
	fake := "DotGeneral(lhs=[#0], lhsContractingAxes=[0], lhsBatchAxes=[], rhs=[#1], rhsContractingAxes=[0], rhsBatchAxes=[])"
	tests := []struct {
		name     string
		lhs, rhs []int
		build    func(lhs, rhs *graph.Node) *graph.Node
		want     dotAxes
		wantErr  bool
	}{
		{"matmul", []int{3, 4}, []int{4, 5}, fgGeneral([]int{1}, nil, []int{0}, nil),
			dotAxes{lhsContracting: []int{1}, rhsContracting: []int{0}}, false},
		{"negative_axes_normalised", []int{2, 3, 4}, []int{2, 4, 5}, fgGeneral([]int{-1}, []int{0}, []int{-2}, []int{-3}),
			dotAxes{[]int{2}, []int{0}, []int{1}, []int{0}}, false},
		{"two_contracting_swapped", []int{5, 2, 3, 4}, []int{4, 3, 2, 6}, fgGeneral([]int{3, 2}, []int{1}, []int{0, 1}, []int{2}),
			dotAxes{[]int{3, 2}, []int{1}, []int{0, 1}, []int{2}}, false},
		{"alias_imitating_description", []int{4, 3}, []int{4, 3},
			func(l, r *graph.Node) *graph.Node {
				return graph.DotGeneral(l, []int{1}, []int{0}, r, []int{1}, []int{0}).WithAlias(fake)
			},
			dotAxes{[]int{1}, []int{0}, []int{1}, []int{0}}, false},
		{"dot_node_rejected", []int{3, 4}, []int{4, 5}, graph.Dot, dotAxes{}, true},
		{"add_node_rejected", []int{3, 4}, []int{3, 4}, graph.Add, dotAxes{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := graph.NewGraph(backend, tt.name)
			defer g.Finalize()
			lhs := graph.Parameter(g, "lhs", shapes.Make(dtypes.Float32, tt.lhs...))
			rhs := graph.Parameter(g, "rhs", shapes.Make(dtypes.Float32, tt.rhs...))
			got, err := dotGeneralAxesOf(tt.build(lhs, rhs))
			if (err != nil) != tt.wantErr {
				t.Fatalf("dotGeneralAxesOf error = %v, want error: %v", err, tt.wantErr)
			}
			if !slices.Equal(got.lhsContracting, tt.want.lhsContracting) || !slices.Equal(got.lhsBatch, tt.want.lhsBatch) ||
				!slices.Equal(got.rhsContracting, tt.want.rhsContracting) || !slices.Equal(got.rhsBatch, tt.want.rhsBatch) {
				t.Errorf("dotGeneralAxesOf = %+v, want %+v", got, tt.want)
			}
		})
	}
}
