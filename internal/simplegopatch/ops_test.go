package simplegopatch

import (
	"math/rand/v2"
	"slices"
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
// row gathers and their gradients (scatter-sums), broadcasts and the
// element-wise ops with the executors of ops.go, elementwise.go and
// broadcast.go and with simplego's own, on float32 and float64 values
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
		{"broadcast into new axes", func(x, _ *graph.Node) *graph.Node {
			return graph.ExpandAndBroadcast(graph.ReduceSum(x, 1, 2), []int{2, 4, 5, 3}, []int{1, 2}) // [2,3] to [2,4,5,3]
		}},
		{"broadcast along axes of size 1", func(x, _ *graph.Node) *graph.Node {
			return graph.BroadcastToDims(graph.Reshape(graph.ReduceMax(x, 0, 2), 1, 5, 3), 6, 5, 3) // [1,5,3] to [6,5,3]
		}},
		{"broadcast a scalar", func(x, _ *graph.Node) *graph.Node { return graph.BroadcastToDims(graph.ReduceAllSum(x), 2, 3) }},
		{"subtract broadcast", func(x, _ *graph.Node) *graph.Node {
			return graph.Sub(x, graph.Reshape(graph.ReduceMax(x, 1, 2), 2, 1, 1, 3)) // [2,5,5,3] - [2,1,1,3]
		}},
		{"add, mul and max of equal shapes", func(x, _ *graph.Node) *graph.Node {
			y := graph.TransposeAllDims(x, 0, 2, 1, 3)
			return graph.Max(graph.Mul(graph.Add(x, y), x), y)
		}},
		{"scalar on either side", func(x, _ *graph.Node) *graph.Node {
			two := graph.Scalar(x.Graph(), x.DType(), 2)
			return graph.Max(graph.Sub(two, graph.Mul(x, two)), graph.Sub(graph.Add(two, x), two))
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

func TestOperandDimsAt(t *testing.T) {
	tests := []struct {
		name          string
		in, axes, out []int
		want          []int
		fits          bool
	}{
		{"new middle axes", []int{2, 3}, []int{0, 3}, []int{2, 4, 5, 3}, []int{2, 1, 1, 3}, true},
		{"axes of size 1", []int{1, 5, 3}, []int{0, 1, 2}, []int{6, 5, 3}, []int{1, 5, 3}, true},
		{"scalar", nil, nil, []int{2, 3}, []int{1, 1}, true},
		{"axes out of order", []int{2, 3}, []int{1, 0}, []int{3, 2}, nil, false},
		{"dimension neither 1 nor the output's", []int{2}, []int{0}, []int{4}, nil, false},
		{"axis beyond the output", []int{2}, []int{1}, []int{2}, nil, false},
		{"fewer axes than dimensions", []int{2, 3}, []int{0}, []int{2, 3}, nil, false},
	}
	for _, tt := range tests {
		got, fits := operandDimsAt(tt.in, tt.axes, tt.out)
		if fits != tt.fits || !slices.Equal(got, tt.want) {
			t.Errorf("%s: operandDimsAt(%v, %v, %v) = %v, %v; want %v, %v", tt.name, tt.in, tt.axes, tt.out, got, fits, tt.want, tt.fits)
		}
	}
}
