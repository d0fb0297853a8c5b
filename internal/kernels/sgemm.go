package kernels

import (
	"fmt"
	"sync"
)

// panelWidth is the widest column panel the assembly computes at once: 4
// vectors of 8 float32.
const panelWidth = 32

// skipZeroFraction is the share of zeros in A above which the kernels skip
// A's zeros. MNIST's pixels are 81% zero; ReLU activations about half, where
// the skip test costs more (mispredicted branches) than it saves.
const skipZeroFraction = 0.7

// sparseZeroFraction, sparseMinWork and sparseMinWorkT: Sgemm works from
// A's nonzeros alone (sgemmSparse) when A has more zeros than this and each
// row of C then takes at least sparseMinWork multiply-adds (nonzeros per
// row of A times C's columns), sparseMinWorkT when A is stored transposed
// and must be transposed first, so that listing A's nonzeros and starting
// each row cost little beside the products they save. Measured with
// BenchmarkSgemm: the CNN's gradients, 1,000 to 100,000 per row, run 1.3
// to 5 times faster; its first convolution's forward product (about 90 per
// row) 3 times slower; the lecture's xᵀ·dZ (about 700, transposed) twice
// as slow, its x·W1 (about 4,500) twice as fast.
const (
	sparseZeroFraction = 0.7
	sparseMinWork      = 512
	sparseMinWorkT     = 8192
)

// sparsePays reports whether the sparse path is worth taking for an A
// with this share of zeros, stored transposed or not, C n columns wide and
// k the contracted length.
func sparsePays(zeros float64, transA bool, n, k int) bool {
	work := (1 - zeros) * float64(k*n)
	if transA {
		return sparsePath && zeros > sparseZeroFraction && work >= sparseMinWorkT
	}
	return sparsePath && zeros > sparseZeroFraction && work >= sparseMinWork
}

// sparsePath turns the sparse path on; BenchmarkSgemm turns it off to time
// the dense kernels on the same products.
var sparsePath = true

// Sgemm computes C = A·B for float32 matrices in row-major order: C is m×n
// with rows ldc apart; A is m×k (rows lda apart) or, when transA, stored as
// its k×m transpose (rows lda apart); B is k×n (rows ldb apart) or, when
// transB, stored as its n×k transpose. C is overwritten. It uses the SIMD
// kernels when Accelerated, C's rows split over the CPUs (GOMAXPROCS) when
// the product is large enough, else SgemmGo. It panics when a slice is too
// short for its dimensions, as gonum's does.
func Sgemm(transA, transB bool, m, n, k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int) {
	checkArgs(transA, transB, m, n, k, len(a), lda, len(b), ldb, len(c), ldc)
	if m == 0 || n == 0 {
		return
	}
	if !Accelerated() || k == 0 {
		SgemmGo(transA, transB, m, n, k, a, lda, b, ldb, c, ldc)
		return
	}
	sgemmSIMD(transA, transB, m, n, k, a, lda, b, ldb, c, ldc)
}

// SgemmGo is Sgemm in plain Go: for every output element, the sum over l of
// A's and B's products in order of l, in float32, as GoMLX's own executor
// adds them. It is the fallback and the tests' oracle.
func SgemmGo(transA, transB bool, m, n, k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int) {
	checkArgs(transA, transB, m, n, k, len(a), lda, len(b), ldb, len(c), ldc)
	for i := range m {
		for j := range n {
			var sum float32
			for l := range k {
				sum += at(a, transA, i, l, lda) * at(b, transB, l, j, ldb)
			}
			c[i*ldc+j] = sum
		}
	}
}

// at returns element (i, j) of a matrix stored row-major with rows ld
// apart, or of its transpose.
func at(x []float32, trans bool, i, j, ld int) float32 {
	if trans {
		return x[j*ld+i]
	}
	return x[i*ld+j]
}

// checkArgs panics unless the dimensions are non-negative and the slices
// hold the matrices they describe.
func checkArgs(transA, transB bool, m, n, k, la, lda, lb, ldb, lc, ldc int) {
	need := func(name string, trans bool, rows, cols, ld, length int) {
		if trans {
			rows, cols = cols, rows
		}
		if rows > 0 && cols > 0 && ld < cols {
			panic(fmt.Sprintf("kernels: Sgemm: %s has leading dimension %d, less than its %d columns", name, ld, cols))
		}
		if rows > 0 && cols > 0 && length < (rows-1)*ld+cols {
			panic(fmt.Sprintf("kernels: Sgemm: %s holds %d values, a %dx%d matrix with rows %d apart needs %d",
				name, length, rows, cols, ld, (rows-1)*ld+cols))
		}
	}
	if m < 0 || n < 0 || k < 0 {
		panic(fmt.Sprintf("kernels: Sgemm: negative dimension in m=%d n=%d k=%d", m, n, k))
	}
	need("A", transA, m, k, lda, la)
	need("B", transB, k, n, ldb, lb)
	need("C", false, m, n, ldc, lc)
}

// sgemmSIMD runs the sparse path where it pays, else the panel kernels
// (denseRows), C's rows split over the CPUs in groups of rowGroup.
func sgemmSIMD(transA, transB bool, m, n, k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int) {
	rowStep := lda // A's step from one row to the next
	if transA {
		rowStep = 1
	}
	zeros := zeroFraction(a[:aExtent(transA, m, k, lda)])
	if sparsePays(zeros, transA, n, k) && sgemmSparse(transA, transB, m, n, k, a, lda, b, ldb, c, ldc) {
		return
	}
	skipA := zeros > skipZeroFraction
	groups := (m + rowGroup - 1) / rowGroup
	parallel(groups, m*n*k/denseWorkPerValue, func(lo, hi int) {
		r0, r1 := lo*rowGroup, min(hi*rowGroup, m)
		denseRows(transA, transB, r1-r0, n, k, a[r0*rowStep:], lda, b, ldb, c[r0*ldc:], ldc, skipA)
	})
}

// rowGroup is the multiple of rows the dense path gives each goroutine: a
// multiple of every kernel's rows (6, 4, 3, 2), so that only the last
// range has rows left for the one-row kernels.
const rowGroup = 12

// denseWorkPerValue: parallel splits the dense path's m·n·k multiply-adds
// as if they were m·n·k/denseWorkPerValue values moved, so that each
// goroutine gets half a million or more (some 20 µs against 1-2 µs to
// start and join it).
const denseWorkPerValue = 8

// denseRows computes m rows of C with the panel kernels: B's columns are
// packed into a zero-padded k×(8·NB) panel, then every row of A is
// multiplied with it, R rows at a time and the remainder one by one.
func denseRows(transA, transB bool, m, n, k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int, skipA bool) {
	rowStep, kStep := lda, 1
	if transA {
		rowStep, kStep = 1, lda
	}
	packed := packPool.Get().(*[]float32)
	defer packPool.Put(packed)
	for j0 := 0; j0 < n; j0 += panelWidth {
		w := min(panelWidth, n-j0)
		nb := (w + 7) / 8
		bp := growTo(packed, k*8*nb)
		finite := packB(bp, transB, k, j0, w, nb*8, b, ldb)
		mask := lastMask(w - 8*(nb-1))
		fns := panels[nb]
		main, tail := fns.main, fns.tail
		if skipA && finite { // skipping 0·x is exact only when every x is finite
			main, tail = fns.mainSkip, fns.tailSkip
		}
		full := m - m%fns.rows
		if full > 0 {
			main(&c[j0], ldc, &a[0], rowStep, kStep, full, k, &bp[0], &mask[0])
		}
		for i := full; i < m; i++ {
			tail(&c[i*ldc+j0], ldc, &a[i*rowStep], rowStep, kStep, 1, k, &bp[0], &mask[0])
		}
	}
}

// aExtent is the number of values A spans.
func aExtent(transA bool, m, k, lda int) int {
	if transA {
		return (k-1)*lda + m
	}
	return (m-1)*lda + k
}

// panelFunc is the signature of the generated kernels (sgemm_amd64.s).
type panelFunc func(c *float32, ldc int, a *float32, lda, astep, m, k int, bp *float32, mask *int32)

// panelSet is the kernels for panels of one width: rows rows at a time, one
// row at a time, and both skipping A's zeros.
type panelSet struct {
	rows                           int
	main, tail, mainSkip, tailSkip panelFunc
}

// packB writes columns [j0, j0+w) of B (k×n, or stored transposed) into bp
// as k rows of width values, zero-padded, and reports whether they were all
// finite.
func packB(bp []float32, transB bool, k, j0, w, width int, b []float32, ldb int) bool {
	for l := range k {
		row := bp[l*width : (l+1)*width]
		if transB {
			for j := range w {
				row[j] = b[(j0+j)*ldb+l]
			}
		} else {
			copy(row[:w], b[l*ldb+j0:l*ldb+j0+w])
		}
		clear(row[w:])
	}
	return !anySpecial(bp[:k*width]) // the padding is zeros: finite
}

// expMask is a float32's exponent bits.
const expMask = 0x7f800000

// lastMask returns the store mask of a panel's last vector: its first
// lanes lanes set.
func lastMask(lanes int) *[8]int32 {
	return &masks[lanes]
}

// masks[n] has its first n lanes set (-1, the sign bit VMASKMOVPS reads).
var masks = func() (m [9][8]int32) {
	for n := range m {
		for i := range n {
			m[n][i] = -1
		}
	}
	return m
}()

// zeroFraction estimates the share of zeros in x from up to 4096 values
// spread over it.
func zeroFraction(x []float32) float64 {
	if len(x) == 0 {
		return 0
	}
	step := max(1, len(x)/4096)
	zeros, seen := 0, 0
	for i := 0; i < len(x); i += step {
		if x[i] == 0 {
			zeros++
		}
		seen++
	}
	return float64(zeros) / float64(seen)
}

// packPool holds float32 scratch buffers: B's packed panels, and B
// untransposed for the sparse path.
var packPool = sync.Pool{New: func() any { return new([]float32) }}

// growTo returns (*buf)[:n], reallocating *buf when it is shorter.
func growTo(buf *[]float32, n int) []float32 {
	*buf = resized(*buf, n)
	return *buf
}

// resized returns x resliced to n values, reallocated (not copied) when its
// capacity is smaller.
func resized[T any](x []T, n int) []T {
	if cap(x) < n {
		return make([]T, n)
	}
	return x[:n]
}
