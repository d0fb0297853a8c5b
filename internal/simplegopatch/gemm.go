package simplegopatch

import (
	"fmt"
	"runtime"
	"slices"
	"sync"

	"github.com/gomlx/gomlx/pkg/core/dtypes"
	"github.com/gomlx/gomlx/pkg/core/shapes"
	"github.com/gonb-courses/neuralnets/internal/kernels"
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
)

// gemmPlan is a DotGeneral read as batch independent matrix products
// C[b] = A[b]·B[b], C[b] of shape [m, n] (row-major), which is simplego's
// normalised output [batch, lhs cross, rhs cross].
type gemmPlan struct {
	batch, m, n, k int
	lhs, rhs       gemmOperand
	// swapped: the products are computed as C[b]ᵀ = B[b]ᵀ·A[b] into a
	// scratch [batch, n, m], then transposed into C (see swapPays).
	swapped bool
}

// gemmOperand says how gemm reads one operand. Read in place, it is stored
// either with its contracting axes last (lhs [batch, m, k], rhs [batch, n, k])
// or right after its batch axes (lhs [batch, k, m], rhs [batch, k, n]:
// kFirst). Any other layout is first copied with its axes in the order perm,
// which gives [batch, cross, contracting].
type gemmOperand struct {
	kFirst bool
	dims   []int // the operand's dimensions, when perm is set
	perm   []int // nil: read in place
}

// planGemm reads the DotGeneral described by p, with operands of shapes lhs
// and rhs, as a gemmPlan. It reports false for dtypes other than float32
// and float64, which simplego's own executor runs.
func planGemm(p *dotParamsMirror, lhs, rhs shapes.Shape) (gemmPlan, bool) {
	if lhs.DType != rhs.DType || (lhs.DType != dtypes.Float32 && lhs.DType != dtypes.Float64) {
		return gemmPlan{}, false
	}
	plan := gemmPlan{batch: p.batchSize, m: p.lhsCrossSize, n: p.rhsCrossSize, k: p.contractingSize,
		lhs: planOperand(lhs, p.lhsContractingAxes, p.lhsBatchAxes),
		rhs: planOperand(rhs, p.rhsContractingAxes, p.rhsBatchAxes)}
	sizesAgree := lhs.Size() == plan.batch*plan.m*plan.k && rhs.Size() == plan.batch*plan.n*plan.k
	if !sizesAgree || plan.batch < 1 || plan.m < 1 || plan.n < 1 || plan.k < 1 {
		return gemmPlan{}, false
	}
	return plan, true
}

// planOperand returns how gemm reads an operand of the given shape with
// these contracting and batch axes.
func planOperand(shape shapes.Shape, contracting, batch []int) gemmOperand {
	if kFirst, ok := operandLayout(withoutUnitAxes(shape.Dimensions, contracting, batch)); ok {
		return gemmOperand{kFirst: kFirst}
	}
	perm := slices.Clone(batch)
	for axis := range shape.Rank() {
		if !slices.Contains(batch, axis) && !slices.Contains(contracting, axis) {
			perm = append(perm, axis) // cross axes, in increasing order as in simplego's output
		}
	}
	perm = append(perm, contracting...)
	return gemmOperand{dims: shape.Dimensions, perm: perm}
}

// withoutUnitAxes returns the rank and the contracting and batch axes of an
// operand of dimensions dims with its axes of size 1 left out: they move no
// values, so an operand that is in place without them is in place. (A
// convolution over one channel has its patches [positions, pixels, batch, 1]
// contracted over positions and channel: [k, m], read in place.) Paired
// batch and contracting axes have the same size in both operands, so both
// lose the same ones.
func withoutUnitAxes(dims, contracting, batch []int) (rank int, newContracting, newBatch []int) {
	renumber := make([]int, len(dims)) // each axis's index among those of size > 1
	for axis, d := range dims {
		renumber[axis] = rank
		if d != 1 {
			rank++
		}
	}
	keep := func(axes []int) []int {
		var kept []int
		for _, axis := range axes {
			if dims[axis] != 1 {
				kept = append(kept, renumber[axis])
			}
		}
		return kept
	}
	return rank, keep(contracting), keep(batch)
}

// operandLayout reports whether an operand of the given rank, with these
// contracting and batch axes, is stored as [batch..., cross..., contracting...]
// (kFirst false) or [batch..., contracting..., cross...] (kFirst true); ok
// is false when it is neither.
func operandLayout(rank int, contracting, batch []int) (kFirst, ok bool) {
	for i, axis := range batch {
		if axis != i {
			return false, false
		}
	}
	if len(contracting) == 0 {
		return false, true
	}
	start := contracting[0]
	for i, axis := range contracting {
		if axis != start+i {
			return false, false
		}
	}
	switch {
	case start+len(contracting) == rank:
		return false, true
	case start == len(batch):
		return true, true
	}
	return false, false
}

// gemmMinWork is the number of multiply-adds per task below which a product
// is not split. Measured on the 2-CPU test machine: starting and joining two
// goroutines takes about 1.3 µs, 32K dense multiply-adds in Sgemm about
// 10 µs; splitting smaller products gains little.
const gemmMinWork = 1 << 15

// run computes the product into out, overwriting it; lhs, rhs and out are
// simplego flat slices of the plan's dtype.
func (p gemmPlan) run(lhs, rhs, out any) error {
	if runAs(p, sgemm, lhs, rhs, out) || runAs(p, gonum.Implementation{}.Dgemm, lhs, rhs, out) {
		return nil
	}
	return fmt.Errorf("simplegopatch: DotGeneral operands of types %T, %T, %T", lhs, rhs, out)
}

// runAs runs the plan with gemm when lhs, rhs and out are all []T, and
// reports whether they were.
func runAs[T float32 | float64](p gemmPlan, gemm gemmFunc[T], lhs, rhs, out any) bool {
	l, lok := lhs.([]T)
	r, rok := rhs.([]T)
	o, ook := out.([]T)
	if lok && rok && ook {
		runPlan(p, gemm, l, r, o)
	}
	return lok && rok && ook
}

// swapMinM, swapMinK and swapMinSize bound the left operands for which
// swapPays.
const swapMinM, swapMinK, swapMinSize = 128, 1024, 1 << 18

// swapPays reports whether the plan's products are better computed
// swapped, as C[b]ᵀ = B[b]ᵀ·A[b]. The kernels read a left operand stored
// [k, m] (kFirst) a few of its columns at a time, in m/2 passes over all of
// it: when it is larger than the caches (1 MiB and more), m is large and
// so is k (the cache lines of one pass, k of them, no longer stay for the
// next), each pass reads it from memory again. Swapped, it is B, which the
// kernels copy once into contiguous panels, and the transposed output is
// small. A convolution's kernel gradient, patchesᵀ·gradient, is such a
// product: m = 400 kernel values, k = 8192 output pixels, n = 32 filters.
// The first convolution's forward product, patches [25, 73728] read as
// [k, m], is not: its passes go over the same 25 cache lines.
func (p gemmPlan) swapPays() bool {
	return p.lhs.kFirst && p.lhs.perm == nil && p.m >= swapMinM && p.k >= swapMinK && p.m*p.k >= swapMinSize
}

// runPlan copies the operands that need it into the [batch, cross,
// contracting] layout, then runs the products. Only kernels' gemm, which
// skips A's zeros only when B is finite, runs swapped: gonum's skips them
// always, and the executor checked only the right operand for Inf and NaN.
func runPlan[T float32 | float64](p gemmPlan, gemm gemmFunc[T], lhs, rhs, out []T) {
	for _, op := range []struct {
		plan gemmOperand
		data *[]T
	}{{p.lhs, &lhs}, {p.rhs, &rhs}} {
		if op.plan.perm != nil {
			pool := scratchPool[T](len(*op.data))
			scratch := pool.Get().(*[]T)
			defer pool.Put(scratch)
			kernels.Transpose(*scratch, *op.data, op.plan.dims, op.plan.perm)
			*op.data = *scratch
		}
	}
	if onKernels(gemm) && p.swapPays() {
		p.swapped = true
		pool := scratchPool[T](p.batch * p.m * p.n)
		scratch := pool.Get().(*[]T)
		defer pool.Put(scratch)
		runGemm(p, gemm, lhs, rhs, *scratch)
		kernels.Transpose(out[:p.batch*p.m*p.n], (*scratch)[:p.batch*p.m*p.n], []int{p.batch, p.n, p.m}, []int{0, 2, 1})
		return
	}
	runGemm(p, gemm, lhs, rhs, out)
}

// onKernels reports whether gemm runs on internal/kernels' SIMD kernels:
// the float32 gemm (sgemm) where they are on.
func onKernels[T float32 | float64](gemm gemmFunc[T]) bool {
	_, isSgemm := any(gemm).(gemmFunc[float32])
	return isSgemm && kernels.Accelerated()
}

// gemmFunc is gonum's Sgemm or Dgemm.
type gemmFunc[T float32 | float64] func(tA, tB blas.Transpose, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int)

// runGemm runs the plan's products with gemm, cut into one task per CPU
// when there is enough work: by batch entries when there are at least as
// many as CPUs, else by blocks of output rows.
//
// The SIMD kernels split a product over the CPUs themselves (and the
// sparse path lists A's nonzeros once for all of them), so with them the
// batch entries run one after the other.
func runGemm[T float32 | float64](p gemmPlan, gemm gemmFunc[T], lhs, rhs, out []T) {
	workers := min(runtime.GOMAXPROCS(0), max(1, p.batch*p.m*p.n*p.k/gemmMinWork))
	if onKernels(gemm) {
		workers = 1
	}
	rowBlocks := 1
	if p.batch < workers {
		rowBlocks = min(p.m, (workers+p.batch-1)/p.batch)
	}
	rowsPerBlock := (p.m + rowBlocks - 1) / rowBlocks
	rowBlocks = (p.m + rowsPerBlock - 1) / rowsPerBlock
	workers = min(workers, p.batch*rowBlocks)
	task := func(b, row0 int) {
		gemmRows(p, gemm, lhs, rhs, out, b, row0, min(row0+rowsPerBlock, p.m))
	}
	if workers == 1 {
		for b := range p.batch {
			task(b, 0)
		}
		return
	}
	var wg sync.WaitGroup
	next := make(chan [2]int, p.batch*rowBlocks)
	for b := range p.batch {
		for row0 := 0; row0 < p.m; row0 += rowsPerBlock {
			next <- [2]int{b, row0}
		}
	}
	close(next)
	for range workers {
		wg.Go(func() {
			for t := range next {
				task(t[0], t[1])
			}
		})
	}
	wg.Wait()
}

// gemmRows computes rows [row0, row1) of batch entry b's output with one
// call of gemm, reading the operands in place.
func gemmRows[T float32 | float64](p gemmPlan, gemm gemmFunc[T], lhs, rhs, out []T, b, row0, row1 int) {
	if p.swapped {
		gemmColumns(p, gemm, lhs, rhs, out, b, row0, row1)
		return
	}
	a := lhs[b*p.m*p.k:]
	tA, lda := blas.NoTrans, p.k
	if p.lhs.kFirst { // A stored [k, m]: rows of C are columns of A.
		tA, lda = blas.Trans, p.m
		a = a[row0:]
	} else {
		a = a[row0*p.k:]
	}
	bMat := rhs[b*p.n*p.k:]
	tB, ldb := blas.Trans, p.k
	if p.rhs.kFirst { // B stored [k, n], as gemm reads it.
		tB, ldb = blas.NoTrans, p.n
	}
	c := out[b*p.m*p.n+row0*p.n:]
	gemm(tA, tB, row1-row0, p.n, p.k, 1, a, lda, bMat, ldb, 0, c, p.n)
}

// gemmColumns computes columns [col0, col1) of batch entry b's transposed
// output C[b]ᵀ [n, m] into out, with one call of gemm: B[b]ᵀ, the right
// operand, times A[b]ᵀ, the left one stored [k, m] (kFirst).
func gemmColumns[T float32 | float64](p gemmPlan, gemm gemmFunc[T], lhs, rhs, out []T, b, col0, col1 int) {
	a := rhs[b*p.n*p.k:]
	tA, lda := blas.NoTrans, p.k // B stored [n, k] is Bᵀ
	if p.rhs.kFirst {
		tA, lda = blas.Trans, p.n
	}
	bMat := lhs[b*p.m*p.k+col0:]
	c := out[b*p.n*p.m+col0:]
	gemm(tA, blas.NoTrans, p.n, col1-col0, p.k, 1, a, lda, bMat, p.m, 0, c, p.m)
}

// allFinite reports whether flat, a []float32 or []float64, holds no
// infinity and no NaN (other types: true), from its dot product with
// itself (gonum's SIMD kernel): Inf or NaN in, Inf or NaN out. A finite
// operand large enough for the sum of squares to overflow (values beyond
// about 1e19 in float32) also reports false, which only sends that product
// to simplego's executor: right either way.
func allFinite(flat any) bool {
	switch s := flat.(type) {
	case []float32:
		d := gonum.Implementation{}.Sdot(len(s), s, 1, s, 1)
		return d-d == 0
	case []float64:
		d := gonum.Implementation{}.Ddot(len(s), s, 1, s, 1)
		return d-d == 0
	}
	return true
}
