package kernels

import (
	"fmt"
	"slices"
)

// ReduceSum adds src, of dimensions dims, over the given axes into dst (the
// kept axes, in order), which holds the starting values (zeros for a plain
// sum). It adds in src's order, as GoMLX's pure-Go backend does, so the
// sums are the same to the bit.
func ReduceSum[T float32 | float64](dst, src []T, dims, axes []int) {
	reduce(dst, src, dims, axes, false)
}

// ReduceMax sets dst to the maxima of src, of dimensions dims, over the
// given axes, dst holding the starting values (the lowest value); a NaN
// wins, as Go's max and GoMLX's pure-Go backend have it.
func ReduceMax[T float32 | float64](dst, src []T, dims, axes []int) {
	reduce(dst, src, dims, axes, true)
}

// reduce runs src through + (or max) into dst a run of src's innermost merged axis
// at a time: element-wise into a run of dst when that axis is kept, into
// one value of dst when it is reduced.
func reduce[T float32 | float64](dst, src []T, dims, axes []int, isMax bool) {
	reduced := func(i int) bool { return slices.Contains(axes, i) }
	size, outSize := 1, 1
	for i, d := range dims {
		size *= d
		if !reduced(i) {
			outSize *= d
		}
	}
	merged := mergeAxes(dims, reduced)
	if len(src) < size || len(dst) < outSize {
		panic(fmt.Sprintf("kernels: reduce of %v over %v: %d and %d values", dims, axes, len(dst), len(src)))
	}
	if size == 0 {
		return
	}
	if len(merged) == 0 {
		reduceRun(dst[:1], src[:1], isMax)
		return
	}
	inner := merged[len(merged)-1]
	outerDims, step := outerSteps(merged) // step: dst stride of each outer axis
	index := make([]int, len(outerDims))
	offset := 0
	for start := 0; start < size; start += inner.n {
		run := src[start : start+inner.n]
		if inner.collapsed {
			dst[offset] = reduceAll(dst[offset], run, isMax)
		} else {
			reduceRun(dst[offset:offset+inner.n], run, isMax)
		}
		if offset = advance(index, outerDims, step, offset); offset < 0 {
			return
		}
	}
}

// reduceAll returns acc reduced with every value of run, in order.
func reduceAll[T float32 | float64](acc T, run []T, isMax bool) T {
	if isMax {
		for _, v := range run {
			acc = max(acc, v)
		}
		return acc
	}
	for _, v := range run {
		acc += v
	}
	return acc
}

// reduceRun reduces run into out value by value (binaryRange: in AVX2 for
// float32).
func reduceRun[T float32 | float64](out, run []T, isMax bool) {
	op := opAdd
	if isMax {
		op = opMax
	}
	binaryRange(op, out[:len(run)], out[:len(run)], run)
}
