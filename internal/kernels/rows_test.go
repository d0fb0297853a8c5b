package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// transposeOracle is Transpose index by index: dst's multi-index i reads
// src at the multi-index with axis perm[a] set to i[a].
func transposeOracle(dst, src []float32, dims, perm []int) {
	rank := len(dims)
	outDims := make([]int, rank)
	for i, axis := range perm {
		outDims[i] = dims[axis]
	}
	srcIdx := make([]int, rank)
	for flat := range dst {
		rest := flat
		for a := rank - 1; a >= 0; a-- {
			srcIdx[perm[a]] = rest % outDims[a]
			rest /= outDims[a]
		}
		off := 0
		for a := range rank {
			off = off*dims[a] + srcIdx[a]
		}
		dst[flat] = src[off]
	}
}

// specialValues fills x with distinct values, NaN and ±Inf among them.
func specialValues(rng *rand.Rand, n int) []float32 {
	x := make([]float32, n)
	for i := range x {
		x[i] = float32(i) + rng.Float32()/2
		switch rng.IntN(20) {
		case 0:
			x[i] = float32(math.NaN())
		case 1:
			x[i] = float32(math.Inf(1 - 2*rng.IntN(2)))
		}
	}
	return x
}

// sameBits reports whether a and b hold the same values bit for bit.
func sameBits(a, b []float32) bool {
	return slices.EqualFunc(a, b, func(x, y float32) bool { return math.Float32bits(x) == math.Float32bits(y) })
}

func TestTransposeMatchesOracle(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	tests := []struct {
		dims, perm []int
	}{
		{[]int{5}, []int{0}},
		{[]int{3, 4}, []int{1, 0}},
		{[]int{37, 19}, []int{1, 0}},
		{[]int{128, 28, 28, 1}, []int{1, 2, 0, 3}}, // the CNN's first gatherPixels
		{[]int{6, 12, 12, 16}, []int{1, 2, 0, 3}},  // the second
		{[]int{24, 24, 8, 16}, []int{2, 0, 1, 3}},  // conv output back to [batch, h, w, filters]
		{[]int{25, 36, 8, 3}, []int{1, 2, 0, 3}},   // patches to [cross, contracting]
		{[]int{2, 3, 4}, []int{2, 0, 1}},
		{[]int{2, 3, 4, 5}, []int{3, 1, 0, 2}},
		{[]int{1, 5, 1, 4}, []int{3, 0, 1, 2}},
		{[]int{3, 1, 4}, []int{0, 1, 2}},
		{[]int{4, 0, 3}, []int{2, 1, 0}},
		{[]int{40, 30, 60}, []int{2, 0, 1}}, // value by value, large enough to run on every CPU
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.dims, tt.perm), func(t *testing.T) {
			size := 1
			for _, d := range tt.dims {
				size *= d
			}
			src := specialValues(rng, size)
			got, want := make([]float32, size), make([]float32, size)
			Transpose(got, src, tt.dims, tt.perm)
			transposeOracle(want, src, tt.dims, tt.perm)
			if !sameBits(got, want) {
				t.Errorf("Transpose = %v, want %v", got[:min(size, 12)], want[:min(size, 12)])
			}
		})
	}
}

// TestGatherScatterRows gathers and scatter-adds rows of several widths
// (whole vectors of 8 run in AVX2, others in Go), indices out of range
// among them.
func TestGatherScatterRows(t *testing.T) {
	for _, accel := range []bool{true, false} { // false: the plain Go loops throughout
		for _, width := range []int{5, 8, 16, 24} {
			t.Run(fmt.Sprint("accelerated ", accel, " width ", width), func(t *testing.T) {
				defer SetAccelerated(SetAccelerated(accel))
				testGatherScatterRows(t, width)
			})
		}
	}
}

func testGatherScatterRows(t *testing.T, width int) {
	rng := rand.New(rand.NewPCG(7, 8))
	const rows = 9
	src := specialValues(rng, rows*width)
	idx := []int32{3, 0, 8, 3, -2, 11}
	got := make([]float32, len(idx)*width)
	GatherRows(got, src, width, idx)
	for n, i := range idx {
		r := min(max(int(i), 0), rows-1) // XLA clamps
		if !sameBits(got[n*width:(n+1)*width], src[r*width:(r+1)*width]) {
			t.Errorf("GatherRows row %d (index %d) = %v, want row %d", n, i, got[n*width:(n+1)*width], r)
		}
	}
	upd := specialValues(rng, len(idx)*width)
	dst := specialValues(rng, rows*width)
	want := slices.Clone(dst)
	for n, i := range idx {
		if i >= 0 && int(i) < rows { // XLA skips indices out of range
			for j := range width {
				want[int(i)*width+j] += upd[n*width+j]
			}
		}
	}
	ScatterAddRows(dst, upd, width, idx)
	if !sameBits(dst, want) {
		t.Errorf("ScatterAddRows = %v, want %v", dst, want)
	}
}

// TestGatherRowsLarge gathers enough rows for the copy to be split over the
// CPUs: rows of 700 values (in Go) and of 784 (MNIST images, in AVX2), with
// int and int64 indices (a shuffled batch's), some out of range.
func TestGatherRowsLarge(t *testing.T) {
	for _, width := range []int{700, 784} {
		t.Run(fmt.Sprint("width ", width), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(9, 10))
			const rows, n = 300, 500
			src := specialValues(rng, rows*width)
			idx := make([]int, n)
			for i := range idx {
				idx[i] = rng.IntN(rows+20) - 10 // clamped into [0, rows)
			}
			idx64 := make([]int64, n)
			for i, v := range idx {
				idx64[i] = int64(v)
			}
			got, got64 := make([]float32, n*width), make([]float32, n*width)
			GatherRows(got, src, width, idx)
			GatherRows(got64, src, width, idx64)
			for k, i := range idx {
				r := min(max(i, 0), rows-1)
				want := src[r*width : (r+1)*width]
				if !sameBits(got[k*width:(k+1)*width], want) || !sameBits(got64[k*width:(k+1)*width], want) {
					t.Fatalf("row %d is not row %d of src", k, r)
				}
			}
		})
	}
}

func BenchmarkTranspose(b *testing.B) {
	for _, tt := range []struct{ dims, perm []int }{
		{[]int{128, 28, 28, 1}, []int{1, 2, 0, 3}},
		{[]int{24, 24, 128, 16}, []int{2, 0, 1, 3}},
	} {
		size := 1
		for _, d := range tt.dims {
			size *= d
		}
		src, dst := make([]float32, size), make([]float32, size)
		b.Run(fmt.Sprint(tt.dims), func(b *testing.B) {
			for b.Loop() {
				Transpose(dst, src, tt.dims, tt.perm)
			}
		})
	}
}
