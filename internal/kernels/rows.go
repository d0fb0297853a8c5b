package kernels

import (
	"fmt"
	"slices"
	"unsafe"
)

// Transpose writes src, an array of dimensions dims in row-major order,
// into dst with its axes in the order perm: axis i of dst is axis perm[i]
// of src (GoMLX's Transpose). dst and src hold the product of dims values.
// Axes of size 1 are dropped and axes that stay neighbours merged first;
// then an innermost axis that stays innermost is copied a row at a time, a
// plain matrix transpose goes tile by tile, and anything else value by
// value.
func Transpose[T any](dst, src []T, dims, perm []int) {
	size := 1
	for _, d := range dims {
		size *= d
	}
	if len(dst) < size || len(src) < size || len(perm) != len(dims) {
		panic(fmt.Sprintf("kernels: Transpose of %v by %v: %d and %d values", dims, perm, len(dst), len(src)))
	}
	if size == 0 {
		return
	}
	dst, src = dst[:size], src[:size]
	dims, perm = simplify(dims, perm)
	switch rank := len(dims); {
	case rank <= 1:
		copy(dst[:size], src[:size])
	case rank == 2:
		transpose2D(dst, src, dims[0], dims[1])
	case perm[rank-1] == rank-1:
		transposeRows(dst, src, dims, perm)
	default:
		transposeValues(dst, src, dims, perm)
	}
}

// tile is the side of the blocks transpose2D moves: 16x16 float32 are 1 KB
// read and written, each cache line used whole.
const tile = 16

// transpose2D writes the rows×cols matrix src as its cols×rows transpose.
func transpose2D[T any](dst, src []T, rows, cols int) {
	parallel((rows+tile-1)/tile, rows*cols, func(lo, hi int) { transposeTiles(dst, src, rows, cols, lo*tile, min(hi*tile, rows)) })
}

// transposeTiles is transpose2D for src's rows [r0, r1).
func transposeTiles[T any](dst, src []T, rows, cols, r0, r1 int) {
	for i0 := r0; i0 < r1; i0 += tile {
		i1 := min(i0+tile, r1)
		for j0 := 0; j0 < cols; j0 += tile {
			j1 := min(j0+tile, cols)
			for j := j0; j < j1; j++ {
				out := dst[j*rows+i0 : j*rows+i1]
				for n := range out {
					out[n] = src[(i0+n)*cols+j]
				}
			}
		}
	}
}

// transposeRows moves whole rows of the innermost axis, which perm keeps
// last.
func transposeRows[T any](dst, src []T, dims, perm []int) {
	rank := len(dims)
	row := dims[rank-1]
	outDims, step := outLayout(dims, perm)
	parallel(len(dst)/row, len(dst), func(lo, hi int) {
		index := make([]int, rank-1)
		offset := startAt(lo, index, outDims[:rank-1], step[:rank-1])
		for r := lo; r < hi; r++ {
			copy(dst[r*row:(r+1)*row], src[offset:offset+row]) // measured: faster than a loop even for 16 values
			offset = advance(index, outDims[:rank-1], step[:rank-1], offset)
		}
	})
}

// transposeValues moves one value at a time, reading src with the stride of
// dst's innermost axis.
func transposeValues[T any](dst, src []T, dims, perm []int) {
	rank := len(dims)
	outDims, step := outLayout(dims, perm)
	rowLen, rowStep := outDims[rank-1], step[rank-1]
	parallel(len(dst)/rowLen, len(dst), func(lo, hi int) {
		index := make([]int, rank-1)
		offset := startAt(lo, index, outDims[:rank-1], step[:rank-1])
		for r := lo; r < hi; r++ {
			out := dst[r*rowLen : (r+1)*rowLen]
			for j := range out {
				out[j] = src[offset+j*rowStep]
			}
			offset = advance(index, outDims[:rank-1], step[:rank-1], offset)
		}
	})
}

// outLayout returns dst's dimensions and, for each dst axis, its stride in src.
func outLayout(dims, perm []int) (outDims, step []int) {
	rank := len(dims)
	strides := make([]int, rank)
	stride := 1
	for axis := rank - 1; axis >= 0; axis-- {
		strides[axis] = stride
		stride *= dims[axis]
	}
	outDims, step = make([]int, rank), make([]int, rank)
	for i, axis := range perm {
		outDims[i], step[i] = dims[axis], strides[axis]
	}
	return outDims, step
}

// advance moves the odometer index over dims one place, returning the new
// src offset (offset moved by step), or -1 when it wraps around.
func advance(index, dims, step []int, offset int) int {
	for axis := len(index) - 1; axis >= 0; axis-- {
		index[axis]++
		offset += step[axis]
		if index[axis] < dims[axis] {
			return offset
		}
		offset -= step[axis] * dims[axis]
		index[axis] = 0
	}
	return -1
}

// simplify returns dimensions and a permutation that move the same values
// as (dims, perm) with fewer axes: axes of size 1 dropped, then axes that
// stay next to each other, in the same order, merged into one.
func simplify(dims, perm []int) (newDims, newPerm []int) {
	renumber := make([]int, len(dims))
	var kept []int
	for axis, d := range dims {
		renumber[axis] = len(kept)
		if d != 1 {
			kept = append(kept, d)
		}
	}
	var runs [][]int // in dst order, runs of kept src axes consecutive in src
	for _, axis := range perm {
		if dims[axis] == 1 {
			continue
		}
		axis = renumber[axis]
		if n := len(runs); n > 0 && runs[n-1][len(runs[n-1])-1] == axis-1 {
			runs[n-1] = append(runs[n-1], axis)
			continue
		}
		runs = append(runs, []int{axis})
	}
	order := make([]int, len(runs))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return runs[a][0] - runs[b][0] })
	newDims, newPerm = make([]int, len(runs)), make([]int, len(runs))
	for srcAxis, r := range order {
		newDims[srcAxis] = 1
		for _, axis := range runs[r] {
			newDims[srcAxis] *= kept[axis]
		}
		newPerm[r] = srcAxis
	}
	return newDims, newPerm
}

// GatherRows sets row n of dst to row idx[n] of src (rows of width values),
// an index out of [0, rows) clamped into it as XLA's Gather does.
func GatherRows[T any, I int | int32 | int64](dst, src []T, width int, idx []I) {
	rows := len(src) / max(width, 1)
	if len(dst) < len(idx)*width || rows == 0 && len(idx) > 0 {
		panic(fmt.Sprintf("kernels: GatherRows of %d rows of %d into %d values from %d", len(idx), width, len(dst), len(src)))
	}
	parallel(len(idx), len(idx)*width, func(lo, hi int) {
		if gatherAVX2(dst, src, width, idx, lo, hi, rows) {
			return
		}
		for n := lo; n < hi; n++ {
			r := min(max(int(idx[n]), 0), rows-1)
			copy(dst[n*width:(n+1)*width], src[r*width:(r+1)*width])
		}
	})
}

// gatherAVX2 runs the gather kernels on dst's rows [lo, hi) and reports
// whether it could: AVX2, float32 rows of whole vectors, int32 or 64-bit
// indices.
func gatherAVX2[T any, I int | int32 | int64](dst, src []T, width int, idx []I, lo, hi, rows int) bool {
	d, s, ok := rowsAVX2(dst, src, width)
	if !ok || hi <= lo {
		return false
	}
	switch i := any(idx).(type) {
	case []int32:
		gatherRowsAVX2(&d[lo*width], &s[0], &i[lo], hi-lo, width, rows)
	case []int64:
		gatherRows64AVX2(&d[lo*width], &s[0], &i[lo], hi-lo, width, rows)
	case []int:
		if unsafe.Sizeof(i[0]) != 8 {
			return false
		}
		gatherRows64AVX2(&d[lo*width], &s[0], (*int64)(unsafe.Pointer(&i[lo])), hi-lo, width, rows)
	default:
		return false
	}
	return true
}

// rowsAVX2 returns dst and src as float32 slices when the row kernels can
// run on them: AVX2, whole vectors per row, src not empty.
func rowsAVX2[T any](dst, src []T, width int) (d, s []float32, ok bool) {
	d, okD := any(dst).([]float32)
	s, okS := any(src).([]float32)
	return d, s, okD && okS && Accelerated() && width > 0 && width%8 == 0 && len(s) > 0
}

// ScatterAddRows adds row n of src to row idx[n] of dst (rows of width
// values); an index out of [0, rows of dst) is skipped, as XLA's Scatter
// does.
func ScatterAddRows[T float32 | float64, I int32 | int64](dst, src []T, width int, idx []I) {
	rows := len(dst) / max(width, 1)
	if len(src) < len(idx)*width {
		panic(fmt.Sprintf("kernels: ScatterAddRows of %d rows of %d from %d values", len(idx), width, len(src)))
	}
	if d, s, ok := rowsAVX2(dst, src, width); ok && len(idx) > 0 && len(d) > 0 {
		if i, isInt32 := any(idx).([]int32); isInt32 {
			scatterAddRowsAVX2(&d[0], &s[0], &i[0], len(idx), width, rows)
			return
		}
	}
	for n, i := range idx {
		if i < 0 || int(i) >= rows {
			continue
		}
		out := dst[int(i)*width : (int(i)+1)*width]
		for j, v := range src[n*width : (n+1)*width] {
			out[j] += v
		}
	}
}
