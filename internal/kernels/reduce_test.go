package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// reduceOracle reduces index by index, in src's order.
func reduceOracle(dst, src []float32, dims, axes []int, op func(a, b float32) float32) {
	for flat, v := range src {
		rest, off, stride := flat, 0, 1
		for a := len(dims) - 1; a >= 0; a-- {
			i := rest % dims[a]
			rest /= dims[a]
			reduced := false
			for _, r := range axes {
				reduced = reduced || r == a
			}
			if !reduced {
				off += i * stride
				stride *= dims[a]
			}
		}
		dst[off] = op(dst[off], v)
	}
}

func TestReduceMatchesOracle(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 18))
	tests := []struct{ dims, axes []int }{
		{[]int{5}, []int{0}},
		{[]int{3, 4}, []int{0}},
		{[]int{3, 4}, []int{1}},
		{[]int{3, 4}, []int{0, 1}},
		{[]int{4, 6, 2, 6, 2, 3}, []int{2, 4}}, // max pooling windows
		{[]int{8, 24, 24, 16}, []int{0, 1, 2}}, // a bias gradient
		{[]int{2, 1, 3, 1}, []int{1, 3}},
		{[]int{2, 3, 4}, []int{}},
		{[]int{2, 0, 3}, []int{1}},
	}
	ops := map[string]struct {
		run  func(dst, src []float32, dims, axes []int)
		op   func(a, b float32) float32
		init float32
	}{
		"sum": {ReduceSum[float32], func(a, b float32) float32 { return a + b }, 0},
		"max": {ReduceMax[float32], func(a, b float32) float32 { return max(a, b) }, float32(math.Inf(-1))},
	}
	for _, tt := range tests {
		for name, op := range ops {
			t.Run(fmt.Sprint(name, tt.dims, tt.axes), func(t *testing.T) {
				in, out := 1, 1
				for i, d := range tt.dims {
					in *= d
					kept := true
					for _, a := range tt.axes {
						kept = kept && a != i
					}
					if kept {
						out *= d
					}
				}
				src := specialValues(rng, in)
				got, want := make([]float32, out), make([]float32, out)
				for i := range got {
					got[i], want[i] = op.init, op.init
				}
				op.run(got, src, tt.dims, tt.axes)
				reduceOracle(want, src, tt.dims, tt.axes, op.op)
				if !sameBits(got, want) {
					t.Errorf("got %v, want %v", got[:min(out, 8)], want[:min(out, 8)])
				}
			})
		}
	}
}
