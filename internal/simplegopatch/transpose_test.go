package simplegopatch

import (
	"slices"
	"testing"
)

func TestSimplifyTranspose(t *testing.T) {
	tests := []struct{ dims, perm, wantDims, wantPerm []int }{
		{[]int{3, 4}, []int{0, 1}, []int{12}, []int{0}},
		{[]int{3, 4}, []int{1, 0}, []int{3, 4}, []int{1, 0}},
		{[]int{25, 6, 4, 1}, []int{1, 2, 0, 3}, []int{25, 24}, []int{1, 0}},
		{[]int{3, 1, 4, 2}, []int{3, 0, 1, 2}, []int{12, 2}, []int{1, 0}},
		{[]int{2, 3, 4}, []int{2, 0, 1}, []int{6, 4}, []int{1, 0}},
		{[]int{1, 1}, []int{1, 0}, []int{}, []int{}},
	}
	for _, tt := range tests {
		dims, perm := simplifyTranspose(tt.dims, tt.perm)
		if !slices.Equal(dims, tt.wantDims) || !slices.Equal(perm, tt.wantPerm) {
			t.Errorf("simplifyTranspose(%v, %v) = %v, %v; want %v, %v", tt.dims, tt.perm, dims, perm, tt.wantDims, tt.wantPerm)
		}
	}
}

// TestTransposeInto compares transposeInto with the definition, element by
// element, for permutations of several shapes, with and without size-1 axes.
func TestTransposeInto(t *testing.T) {
	tests := []struct{ dims, perm []int }{
		{[]int{5}, []int{0}},
		{[]int{3, 4}, []int{1, 0}},
		{[]int{3, 4}, []int{0, 1}},
		{[]int{2, 3, 4}, []int{2, 0, 1}},
		{[]int{2, 3, 4}, []int{1, 2, 0}},
		{[]int{25, 6, 4, 1}, []int{1, 2, 0, 3}},
		{[]int{2, 1, 3, 1, 4}, []int{4, 3, 0, 2, 1}},
		{[]int{2, 3, 4, 5}, []int{0, 2, 3, 1}},
		{[]int{1, 1}, []int{1, 0}},
		{[]int{3, 1, 4, 2}, []int{3, 0, 1, 2}}, // 3 and 4 merge across the size-1 axis
	}
	for _, tt := range tests {
		size := 1
		for _, d := range tt.dims {
			size *= d
		}
		src := make([]int, size)
		for i := range src {
			src[i] = i
		}
		dst := make([]int, size)
		transposeInto(dst, src, tt.dims, tt.perm)
		outDims := make([]int, len(tt.perm))
		for i, axis := range tt.perm {
			outDims[i] = tt.dims[axis]
		}
		index := make([]int, len(tt.dims)) // in dst's axes
		for flat := range dst {
			srcFlat := 0
			for axis := range tt.dims { // src axis "axis" is dst axis slices.Index(perm, axis)
				srcFlat = srcFlat*tt.dims[axis] + index[slices.Index(tt.perm, axis)]
			}
			if dst[flat] != src[srcFlat] {
				t.Fatalf("transposeInto(%v, %v): dst[%d] = %d, want %d", tt.dims, tt.perm, flat, dst[flat], src[srcFlat])
			}
			for axis := len(outDims) - 1; axis >= 0; axis-- {
				if index[axis]++; index[axis] < outDims[axis] {
					break
				}
				index[axis] = 0
			}
		}
	}
}
