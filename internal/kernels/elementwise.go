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

// Add sets dst[i] = a[i] + b[i]; a or b may hold a single value, used for
// every i (a scalar broadcast). dst is as long as the longer.
func Add[T float32 | float64](dst, a, b []T) {
	split(dst, a, b, addRange[T])
}

// Sub sets dst[i] = a[i] - b[i], broadcasting a or b as Add does.
func Sub[T float32 | float64](dst, a, b []T) {
	split(dst, a, b, subRange[T])
}

// split runs f over ranges of dst, a and b (a single value stays whole)
// on every CPU.
func split[T float32 | float64](dst, a, b []T, f func(dst, a, b []T)) {
	n := max(len(a), len(b))
	part := func(x []T, lo, hi int) []T {
		if len(x) == 1 {
			return x
		}
		return x[lo:hi]
	}
	parallel(n, n, func(lo, hi int) { f(dst[lo:hi], part(a, lo, hi), part(b, lo, hi)) })
}

// addRange is Add on one goroutine.
func addRange[T float32 | float64](dst, a, b []T) {
	switch {
	case len(a) == 1:
		s := a[0]
		for i, v := range b {
			dst[i] = s + v
		}
	case len(b) == 1:
		s := b[0]
		for i, v := range a {
			dst[i] = v + s
		}
	default:
		dst = dst[:len(a)]
		b = b[:len(a)]
		for i, v := range a {
			dst[i] = v + b[i]
		}
	}
}

// subRange is Sub on one goroutine.
func subRange[T float32 | float64](dst, a, b []T) {
	switch {
	case len(a) == 1:
		s := a[0]
		for i, v := range b {
			dst[i] = s - v
		}
	case len(b) == 1:
		s := b[0]
		for i, v := range a {
			dst[i] = v - s
		}
	default:
		dst = dst[:len(a)]
		b = b[:len(a)]
		for i, v := range a {
			dst[i] = v - b[i]
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
