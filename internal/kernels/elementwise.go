package kernels

// Sign sets dst[i] to the sign of src[i]: 1, -1, or 0 for ±0 and NaN (as
// GoMLX's pure-Go backend does). float32 runs 8 values at a time in AVX
// where Accelerated.
func Sign[T float32 | float64](dst, src []T) {
	dst = dst[:len(src)]
	const chunk = 8 // the ranges given to each CPU are whole vectors
	parallel((len(src)+chunk-1)/chunk, len(src), func(lo, hi int) {
		signRange(dst[lo*chunk:min(hi*chunk, len(src))], src[lo*chunk:min(hi*chunk, len(src))])
	})
}

// signRange is Sign on one goroutine.
func signRange[T float32 | float64](dst, src []T) {
	start := 0
	if d, ok := any(dst).([]float32); ok && Accelerated() && len(src) >= 8 {
		start = len(src) &^ 7
		signAVX2(&d[0], &any(src).([]float32)[0], start)
	}
	for i := start; i < len(src); i++ {
		switch x := src[i]; {
		case x > 0:
			dst[i] = 1
		case x < 0:
			dst[i] = -1
		default:
			dst[i] = 0
		}
	}
}

// Broadcast sets dst, of dimensions outDims, to src, of dimensions dims
// (the same rank, each 1 or outDims'), repeated along its axes of size 1, as
// GoMLX's implicit broadcasting of binary operations does. Neighbouring axes
// that are both repeated or both not are merged, then dst is written a run
// of its innermost axis at a time: copied, or filled with one value.
func Broadcast[T any](dst, src []T, dims, outDims []int) {
	size := 1
	for _, d := range outDims {
		size *= d
	}
	axes := mergeAxes(outDims, func(i int) bool { return dims[i] == 1 })
	dst = dst[:size]
	if len(axes) == 0 {
		if size > 0 {
			dst[0] = src[0]
		}
		return
	}
	inner := axes[len(axes)-1]
	dimsOut, step := outerSteps(axes) // step: src stride of each outer axis
	parallel(size/inner.n, size, func(lo, hi int) {
		index := make([]int, len(dimsOut))
		offset := startAt(lo, index, dimsOut, step)
		for r := lo; r < hi; r++ {
			run := dst[r*inner.n : (r+1)*inner.n]
			if inner.collapsed {
				v := src[offset]
				for j := range run {
					run[j] = v
				}
			} else {
				copy(run, src[offset:offset+inner.n])
			}
			offset = advance(index, dimsOut, step, offset)
		}
	})
}
