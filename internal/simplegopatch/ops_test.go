package simplegopatch

import (
	"math/rand/v2"
	"testing"

	"github.com/gomlx/gomlx/pkg/core/dtypes"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/tensors"
)

// useOps turns the Transpose, Gather and ScatterSum executors of
// simplego_ops.go on or off and returns the function that restores them.
func useOps(on bool) (restore func()) {
	was := simplegoOps.enabled.Swap(on)
	return func() { simplegoOps.enabled.Store(was) }
}

// TestOpsMatchSimplego runs graphs made of transposes, the convolution's
// row gathers and their gradients (scatter-sums) with the executors of
// simplego_ops.go and with simplego's own, on float32 and float64 values
// with NaN, ±Inf and zeros among them, and compares (NaN meeting NaN, the
// same infinities, the rest within rounding of the sums' order).
func TestOpsMatchSimplego(t *testing.T) {
	if !simplegoOps.installed {
		t.Fatal("the Transpose, Gather and ScatterSum executors are not installed")
	}
	backend := fgNewBackend(t)
	rng := rand.New(rand.NewPCG(11, 12))
	pixels := [][2]int{{0, 0}, {2, 1}, {4, 4}, {2, 1}, {1, 3}, {3, 0}} // a repeat: its gradient adds up
	cases := []struct {
		name string
		fn   func(x, w *graph.Node) *graph.Node
	}{
		{"transpose 1,2,0,3", func(x, _ *graph.Node) *graph.Node { return graph.TransposeAllDims(x, 1, 2, 0, 3) }},
		{"transpose 2,0,1,3", func(x, _ *graph.Node) *graph.Node { return graph.TransposeAllDims(x, 2, 0, 1, 3) }},
		{"transpose 3,1,0,2", func(x, _ *graph.Node) *graph.Node { return graph.TransposeAllDims(x, 3, 1, 0, 2) }},
		{"gather pixels", func(x, _ *graph.Node) *graph.Node { return testGatherPixels(x, pixels) }},
		{"gradient of gathered pixels", func(x, w *graph.Node) *graph.Node {
			loss := graph.ReduceAllSum(graph.Mul(testGatherPixels(x, pixels), w))
			return graph.Gradient(loss, x)[0]
		}},
		{"reduce max", func(x, _ *graph.Node) *graph.Node { return graph.ReduceMax(x, 1, 2) }},
		{"reduce sum", func(x, _ *graph.Node) *graph.Node { return graph.ReduceSum(x, 0, 3) }},
		{"sign", func(x, _ *graph.Node) *graph.Node { return graph.Sign(x) }},
		{"subtract broadcast", func(x, _ *graph.Node) *graph.Node {
			return graph.Sub(x, graph.Reshape(graph.ReduceMax(x, 1, 2), 2, 1, 1, 3)) // [2,5,5,3] - [2,1,1,3]
		}},
		{"max pooling and ReLU gradients", func(x, _ *graph.Node) *graph.Node {
			relu := graph.Max(x, graph.ScalarZero(x.Graph(), x.DType()))
			return graph.Gradient(graph.ReduceAllSum(testMaxPool2D(relu, 2)), x)[0]
		}},
		{"convolution and its gradient", func(x, w *graph.Node) *graph.Node {
			kernel := graph.Reshape(graph.Slice(graph.Reshape(w, -1), graph.AxisRange(0, 2*2*3*2)), 2, 2, 3, 2)
			return graph.Gradient(graph.ReduceAllSum(testConv2D(x, kernel)), x)[0]
		}},
		{"convolution by image and its gradients", func(x, w *graph.Node) *graph.Node {
			kernel := graph.Reshape(graph.Slice(graph.Reshape(w, -1), graph.AxisRange(0, 2*2*3*2)), 2, 2, 3, 2)
			out := testConvByImage(x, kernel)
			loss := graph.ReduceAllSum(graph.Mul(out, out))
			grads := graph.Gradient(loss, x, kernel)
			return graph.Concatenate([]*graph.Node{graph.Reshape(out, -1), graph.Reshape(grads[0], -1), graph.Reshape(grads[1], -1)}, 0)
		}},
	}
	for _, dtype := range []dtypes.DType{dtypes.Float32, dtypes.Float64} {
		fill := kernelFills["special"]
		x := kernelOperand(rng, dtype, []int{2, 5, 5, 3}, fill)
		w := kernelOperand(rng, dtype, []int{len(pixels), 2, 3}, fill)
		for _, tc := range cases {
			name := tc.name + "/" + dtype.String()
			runs := simplegoOps.fastRuns.Load()
			got := fgRun(t, backend, tc.fn, x, w)[0]
			if simplegoOps.fastRuns.Load() == runs {
				t.Errorf("%s: no op ran on internal/kernels", name)
			}
			want := func() *tensors.Tensor {
				defer useOps(false)()
				return fgRun(t, backend, tc.fn, x, w)[0]
			}()
			if !got.Shape().Equal(want.Shape()) {
				t.Fatalf("%s: shape %s, want %s", name, got.Shape(), want.Shape())
			}
			toF64 := func(tt *tensors.Tensor) []float64 {
				return fgValues(t, fgRun(t, backend, func(n *graph.Node) *graph.Node { return graph.ConvertDType(n, dtypes.Float64) }, tt))[0]
			}
			compareSpecial(t, name, toF64(got), toF64(want), 1e-5)
		}
	}
}
