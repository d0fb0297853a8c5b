package simplegopatch

import (
	"slices"
	"sync"
)

// transposeInto writes src, an array of dimensions dims in row-major order,
// into dst with its axes in the order perm: axis i of dst is axis perm[i]
// of src. dst and src have the same length, the product of dims.
func transposeInto[T any](dst, src []T, dims, perm []int) {
	dims, perm = simplifyTranspose(dims, perm)
	rank := len(dims)
	if rank <= 1 {
		copy(dst, src)
		return
	}
	srcStrides := make([]int, rank)
	stride := 1
	for axis := rank - 1; axis >= 0; axis-- {
		srcStrides[axis] = stride
		stride *= dims[axis]
	}
	outDims, step := make([]int, rank), make([]int, rank) // step: src stride of each dst axis
	for i, axis := range perm {
		outDims[i], step[i] = dims[axis], srcStrides[axis]
	}
	last := rank - 1
	rowLen, rowStep := outDims[last], step[last]
	index := make([]int, rank)
	offset := 0 // in src, of dst's current row
	for start := 0; start < len(dst); start += rowLen {
		row := dst[start : start+rowLen]
		for j := range row {
			row[j] = src[offset+j*rowStep]
		}
		for axis := last - 1; axis >= 0; axis-- { // next row: an odometer over dst's other axes
			index[axis]++
			offset += step[axis]
			if index[axis] < outDims[axis] {
				break
			}
			offset -= step[axis] * outDims[axis]
			index[axis] = 0
		}
	}
}

// simplifyTranspose returns dimensions and a permutation that move the same
// values as (dims, perm) with fewer axes: axes of size 1 dropped, then axes
// that stay next to each other, in the same order, merged into one.
func simplifyTranspose(dims, perm []int) (newDims, newPerm []int) {
	renumber := make([]int, len(dims)) // of each src axis of size > 1, its index without the others
	var keptDims []int
	for axis, d := range dims {
		renumber[axis] = len(keptDims)
		if d != 1 {
			keptDims = append(keptDims, d)
		}
	}
	var runs [][]int // in dst order, runs of kept src axes that are consecutive in src
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
	order := make([]int, len(runs)) // the runs, in src order: the merged src axes
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return runs[a][0] - runs[b][0] })
	newDims = make([]int, len(runs))
	newPerm = make([]int, len(runs))
	for srcAxis, r := range order {
		newDims[srcAxis] = 1
		for _, axis := range runs[r] {
			newDims[srcAxis] *= keptDims[axis]
		}
		newPerm[r] = srcAxis
	}
	return newDims, newPerm
}

// scratchPools holds the buffers runPlan copies operands into, a
// *sync.Pool per element type and length (scratchKey).
var scratchPools sync.Map

// scratchKey names a pool of scratchPools: T's zero value and the length.
type scratchKey struct {
	zero any
	n    int
}

// scratchPool returns the pool of buffers of n elements of type T.
func scratchPool[T float32 | float64](n int) *sync.Pool {
	var zero T
	key := scratchKey{zero, n}
	if pool, ok := scratchPools.Load(key); ok {
		return pool.(*sync.Pool)
	}
	pool, _ := scratchPools.LoadOrStore(key, &sync.Pool{New: func() any {
		s := make([]T, n)
		return &s
	}})
	return pool.(*sync.Pool)
}
