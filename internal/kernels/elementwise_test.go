package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

func TestSign(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	for _, n := range []int{0, 1, 7, 8, 9, 33, 1000, 100_003} { // the last split over the CPUs
		src := specialValues(rng, n)
		for i := range src {
			if rng.IntN(4) == 0 {
				src[i] = -src[i]
			}
			if rng.IntN(10) == 0 {
				src[i] = float32(math.Copysign(0, float64(1-2*rng.IntN(2))))
			}
		}
		got := make([]float32, n)
		Sign(got, src)
		for i, x := range src {
			want := float32(0) // ±0 and NaN
			if x > 0 {
				want = 1
			} else if x < 0 {
				want = -1
			}
			if math.Float32bits(got[i]) != math.Float32bits(want) {
				t.Fatalf("n=%d: Sign(%g) = %g, want %g", n, x, got[i], want)
			}
		}
	}
}

// TestAddSubLarge runs Add and Sub on enough values to be split over the CPUs.
func TestAddSubLarge(t *testing.T) {
	rng := rand.New(rand.NewPCG(19, 20))
	const n = 100_001
	a, b, s := specialValues(rng, n), specialValues(rng, n), []float32{0.25}
	got := make([]float32, n)
	for _, tt := range []struct {
		name string
		fn   func(dst, a, b []float32)
		x, y []float32
		op   func(x, y float32) float32
	}{
		{"add", Add[float32], a, b, func(x, y float32) float32 { return x + y }},
		{"sub", Sub[float32], a, b, func(x, y float32) float32 { return x - y }},
		{"sub scalar rhs", Sub[float32], a, s, func(x, y float32) float32 { return x - y }},
	} {
		tt.fn(got, tt.x, tt.y)
		for i := range n {
			y := tt.y[min(i, len(tt.y)-1)]
			if want := tt.op(tt.x[i], y); math.Float32bits(got[i]) != math.Float32bits(want) && !(want != want && got[i] != got[i]) {
				t.Fatalf("%s: [%d] = %g, want %g", tt.name, i, got[i], want)
			}
		}
	}
}

func TestAddSub(t *testing.T) {
	a, b, s := []float32{1, 2, float32(math.Inf(1))}, []float32{10, 20, 30}, []float32{0.5}
	tests := []struct {
		name string
		fn   func(dst, a, b []float32)
		a, b []float32
		want []float32
	}{
		{"add", Add[float32], a, b, []float32{11, 22, float32(math.Inf(1))}},
		{"add scalar rhs", Add[float32], a, s, []float32{1.5, 2.5, float32(math.Inf(1))}},
		{"add scalar lhs", Add[float32], s, b, []float32{10.5, 20.5, 30.5}},
		{"sub", Sub[float32], a, b, []float32{-9, -18, float32(math.Inf(1))}},
		{"sub scalar rhs", Sub[float32], b, s, []float32{9.5, 19.5, 29.5}},
		{"sub scalar lhs", Sub[float32], s, a, []float32{-0.5, -1.5, float32(math.Inf(-1))}},
	}
	for _, tt := range tests {
		got := make([]float32, 3)
		tt.fn(got, tt.a, tt.b)
		if !sameBits(got, tt.want) {
			t.Errorf("%s = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// broadcastOracle is Broadcast index by index.
func broadcastOracle(dst, src []float32, dims, outDims []int) {
	for flat := range dst {
		rest, off, stride := flat, 0, 1
		for a := len(outDims) - 1; a >= 0; a-- {
			i := rest % outDims[a]
			rest /= outDims[a]
			if dims[a] != 1 {
				off += i * stride
			}
			stride *= dims[a]
		}
		dst[flat] = src[off]
	}
}

func TestBroadcastMatchesOracle(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 16))
	tests := []struct{ dims, out []int }{
		{[]int{1}, []int{5}},
		{[]int{1, 1}, []int{3, 4}},
		{[]int{3, 1}, []int{3, 4}},
		{[]int{1, 4}, []int{3, 4}},
		{[]int{1, 1, 1, 16}, []int{8, 24, 24, 16}},         // a bias over a convolution's output
		{[]int{2, 3, 1, 4, 1, 5}, []int{2, 3, 2, 4, 2, 5}}, // a max over 2x2 windows
		{[]int{2, 1, 3}, []int{2, 1, 3}},
		{[]int{1, 2, 1}, []int{4, 2, 3}},
		{[]int{1}, []int{1}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.dims, tt.out), func(t *testing.T) {
			in, size := 1, 1
			for i := range tt.dims {
				in *= tt.dims[i]
				size *= tt.out[i]
			}
			src := specialValues(rng, in)
			got, want := make([]float32, size), make([]float32, size)
			Broadcast(got, src, tt.dims, tt.out)
			broadcastOracle(want, src, tt.dims, tt.out)
			if !sameBits(got, want) {
				t.Errorf("Broadcast = %v, want %v", got[:min(size, 12)], want[:min(size, 12)])
			}
		})
	}
}
