package kernels

// binaryOp is an element-wise operation of two operands.
type binaryOp int

const (
	opAdd binaryOp = iota
	opSub
	opMul
	opMax
)

// Add sets dst[i] = a[i] + b[i]; a or b may hold a single value, used for
// every i (a scalar broadcast). dst is as long as the longer.
func Add[T float32 | float64](dst, a, b []T) { split(dst, a, b, opAdd) }

// Sub sets dst[i] = a[i] - b[i], broadcasting a or b as Add does.
func Sub[T float32 | float64](dst, a, b []T) { split(dst, a, b, opSub) }

// Mul sets dst[i] = a[i] · b[i], broadcasting a or b as Add does.
func Mul[T float32 | float64](dst, a, b []T) { split(dst, a, b, opMul) }

// Max sets dst[i] = max(a[i], b[i]) as Go's max has it (NaN when either is
// NaN, +0 over -0), broadcasting a or b as Add does.
func Max[T float32 | float64](dst, a, b []T) { split(dst, a, b, opMax) }

// split runs op over ranges of dst, a and b (a single value stays whole)
// on every CPU.
func split[T float32 | float64](dst, a, b []T, op binaryOp) {
	n := max(len(a), len(b))
	part := func(x []T, lo, hi int) []T {
		if len(x) == 1 {
			return x
		}
		return x[lo:hi]
	}
	parallel(n, n, func(lo, hi int) { binaryRange(op, dst[lo:hi], part(a, lo, hi), part(b, lo, hi)) })
}

// binaryRange is op on one goroutine: float32 in AVX2 where Accelerated,
// 8 values at a time, the rest in Go.
func binaryRange[T float32 | float64](op binaryOp, dst, a, b []T) {
	n := max(len(a), len(b))
	start := 0
	if d, ok := any(dst).([]float32); ok && Accelerated() && n >= 8 {
		start = n &^ 7
		binaryAVX2(op, d, any(a).([]float32), any(b).([]float32), start)
	}
	binaryGo(op, dst, a, b, start, n)
}

// binaryAVX2 runs op over the first n values (a multiple of 8).
func binaryAVX2(op binaryOp, dst, a, b []float32, n int) {
	switch {
	case len(a) == 1 && op == opSub:
		subSVAVX2(&dst[0], &b[0], a[0], n)
	case len(a) == 1:
		scalarKernels[op](&dst[0], &b[0], a[0], n) // the others commute
	case len(b) == 1:
		scalarKernels[op](&dst[0], &a[0], b[0], n)
	default:
		vectorKernels[op](&dst[0], &a[0], &b[0], n)
	}
}

// binaryGo runs op over values [start, n) in Go.
func binaryGo[T float32 | float64](op binaryOp, dst, a, b []T, start, n int) {
	sa, sb := 1, 1 // a single value is read at index 0 for every i
	if len(a) == 1 {
		sa = 0
	}
	if len(b) == 1 {
		sb = 0
	}
	switch op {
	case opAdd:
		for i := start; i < n; i++ {
			dst[i] = a[i*sa] + b[i*sb]
		}
	case opSub:
		for i := start; i < n; i++ {
			dst[i] = a[i*sa] - b[i*sb]
		}
	case opMul:
		for i := start; i < n; i++ {
			dst[i] = a[i*sa] * b[i*sb]
		}
	case opMax:
		for i := start; i < n; i++ {
			dst[i] = max(a[i*sa], b[i*sb])
		}
	}
}
