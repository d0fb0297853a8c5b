package gomlxnet

import (
	"math"
	"testing"

	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/tensors"
)

// TestDenseProductSplit checks that cutting a dense product into row blocks
// changes neither the product nor the gradients of a loss through it. Inputs
// are float64 values in [-1, 1] (fgWeights). The forward values are the same
// dot products, so they must agree to a few ulps of their size; the kernel's
// gradient sums the blocks' partial sums in another order, so it may differ by
// rounding: bounded by n·eps64 relative to the gradient's largest entry, n the
// number of rows summed (Higham §3.1 for a sum of n terms).
func TestDenseProductSplit(t *testing.T) {
	backend, err := BackendFor("go")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ rows, in, out, split int }{
		{128, 784, 30, 2}, {96, 30, 10, 2}, {128, 20, 7, 4}, {64, 5, 3, 2},
		{100, 6, 4, 3}, // 100 rows do not cut in 3: the plain product
		{32, 6, 4, 2},  // too few rows: the plain product
	} {
		fn := func(split int) func(x, k *graph.Node) []*graph.Node {
			return func(x, k *graph.Node) []*graph.Node {
				y := denseProduct(x, k, split)
				loss := graph.ReduceAllSum(graph.Mul(y, fgWeights(y)))
				return append([]*graph.Node{y}, graph.Gradient(loss, x, k)...)
			}
		}
		x := rsValues(tc.rows, tc.in, 0.37)
		k := rsValues(tc.in, tc.out, 0.91)
		plain := fgValues(t, fgRun(t, backend, fn(0), x, k))
		split := fgValues(t, fgRun(t, backend, fn(tc.split), x, k))
		names := []string{"product", "gradient of x", "gradient of kernel"}
		for i := range plain {
			tol := 4 * math.Pow(2, -52) * float64(tc.rows) * rsMaxAbs(plain[i])
			for j := range plain[i] {
				if d := math.Abs(plain[i][j] - split[i][j]); d > tol {
					t.Fatalf("%+v: %s[%d] = %g split, %g plain (|diff| %g > %g)",
						tc, names[i], j, split[i][j], plain[i][j], d, tol)
				}
			}
		}
	}
}

func TestRowSplitFor(t *testing.T) {
	backend, err := BackendFor("go")
	if err != nil {
		t.Fatal(err)
	}
	if got := rowSplitFor(backend); got < 1 {
		t.Errorf("rowSplitFor(pure Go) = %d, want the CPU count", got)
	}
	if got := rowSplitFor(nil); got != 0 {
		t.Errorf("rowSplitFor(nil) = %d, want 0", got)
	}
}

// rsValues returns a [rows, cols] float64 tensor of sin(step·i), values in [-1, 1].
func rsValues(rows, cols int, step float64) *tensors.Tensor {
	data := make([]float64, rows*cols)
	for i := range data {
		data[i] = math.Sin(step * float64(i+1))
	}
	return tensors.FromFlatDataAndDimensions(data, rows, cols)
}

// rsMaxAbs returns the largest |v| in vs.
func rsMaxAbs(vs []float64) float64 {
	m := 0.0
	for _, v := range vs {
		m = max(m, math.Abs(v))
	}
	return m
}
