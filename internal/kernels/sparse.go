package kernels

import (
	"math"
	"sync"
	"sync/atomic"
	"unsafe"
)

// sparseBlockBytes is the size of the block of B's rows the sparse path
// works through at a time: small enough to stay in a core's L2 cache while
// every row of A takes what it needs from it.
const sparseBlockBytes = 256 << 10

// sparseKernel is the signature of the generated sparse kernels
// (sparseN<nv> and sparseN<nv>Mask in sgemm_amd64.s).
type sparseKernel func(c *float32, ldc int, spans *int32, m int, vals *float32, cols *int32, b *float32, ldb int, mask *int32, load int)

// rowsCSR is A's nonzeros row by row: row i's are vals[start[i]:start[i+1]]
// in columns cols[...], in increasing column order.
type rowsCSR struct {
	start []int32
	rowsT []float32 // A's rows, when it is stored transposed
	cols  []int32
	vals  []float32
}

// sgemmSparse computes C = A·B from A's nonzeros only: row i of C is the sum
// over A's nonzeros A[i,l] of A[i,l]·B[l,:], in order of l, as the dense
// kernels add them. Skipping A's zeros is exact only when B is finite: it
// checks each block of B before using it and returns false, leaving C to
// be overwritten by the caller, when one holds an infinity or a NaN.
func sgemmSparse(transA, transB bool, m, n, k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int) bool {
	if transB {
		bt := packPool.Get().(*[]float32)
		defer packPool.Put(bt)
		b, ldb = untransposed(growTo(bt, k*n), b, n, k, ldb), n
	}
	csr := csrPool.Get().(*rowsCSR)
	defer csrPool.Put(csr)
	csr.fill(transA, m, k, a, lda)
	blockRows := max(8, sparseBlockBytes/(4*n))
	var special atomic.Bool
	parallel(m, len(csr.vals)*n/8, func(lo, hi int) {
		csr.multiply(lo, hi, n, k, blockRows, b, ldb, c, ldc, &special)
	})
	return !special.Load()
}

// untransposed writes B, stored as its n×k transpose with rows ldb apart,
// into dst as k×n and returns dst.
func untransposed(dst, b []float32, n, k, ldb int) []float32 {
	if ldb == k {
		transpose2D(dst, b[:n*k], n, k)
		return dst
	}
	for j := range n {
		for l, v := range b[j*ldb : j*ldb+k] {
			dst[l*n+j] = v
		}
	}
	return dst
}

// rowsHaveSpecial reports whether any of B's first n values of its k rows
// (ldb apart) is infinite or NaN.
func rowsHaveSpecial(b []float32, ldb, n, k int) bool {
	if ldb == n {
		n, k = n*k, 1
	}
	for l := range k {
		if anySpecial(b[l*ldb : l*ldb+n]) {
			return true
		}
	}
	return false
}

// anySpecial reports whether x holds an infinity or a NaN.
func anySpecial(x []float32) bool {
	n8 := len(x) &^ 7
	if n8 > 0 && anySpecialAVX2(&x[0], n8) {
		return true
	}
	for _, v := range x[n8:] {
		if math.Float32bits(v)&expMask == expMask {
			return true
		}
	}
	return false
}

// fill sets r to A's nonzeros, A being m×k with rows lda apart or, when
// transA, stored as its k×m transpose (then transposed first into scratch
// space, so that each row is read in order).
func (r *rowsCSR) fill(transA bool, m, k int, a []float32, lda int) {
	if transA {
		r.rowsT = resized(r.rowsT, m*k)
		untransposed(r.rowsT, a, k, m, lda)
		a, lda = r.rowsT, k
	}
	r.start = resized(r.start, m+1)
	r.cols, r.vals = resized(r.cols, m*k+8), resized(r.vals, m*k+8) // nonzerosAVX2 stores 8 at a time
	nnz := 0
	for i := range m {
		r.start[i] = int32(nnz)
		nnz += nonzeros(r.vals[nnz:], r.cols[nnz:], a[i*lda:i*lda+k])
	}
	r.start[m] = int32(nnz)
	r.cols, r.vals = r.cols[:nnz], r.vals[:nnz]
}

// nonzeros writes row's values that are not ±0 (NaN included) and their
// indices to vals and cols, and returns how many; vals and cols need room
// for 8 values more than that.
func nonzeros(vals []float32, cols []int32, row []float32) int {
	n8, count := len(row)&^7, 0
	if n8 > 0 {
		count = nonzerosAVX2(&vals[0], &cols[0], &row[0], n8, 0)
	}
	for l := n8; l < len(row); l++ {
		if v := row[l]; v != 0 || v != v {
			vals[count], cols[count] = v, int32(l)
			count++
		}
	}
	return count
}

// multiply writes rows [lo, hi) of C = A·B, B's rows taken in blocks of
// blockRows so that each block is read from the cache by every row.
//
// Each block is first checked for infinities and NaNs (rowsHaveSpecial):
// read in order, which the hardware prefetches, it is then in the cache
// when the rows of A pick from it. When a block holds one, multiply sets
// special and stops, as do the other goroutines at their next block.
func (r *rowsCSR) multiply(lo, hi, n, k, blockRows int, b []float32, ldb int, c []float32, ldc int, special *atomic.Bool) {
	spans := make([]int32, 2*(hi-lo))
	for i := lo; i < hi; i++ {
		spans[2*(i-lo)+1] = r.start[i]
	}
	for l0 := 0; l0 < k; l0 += blockRows {
		l1 := int32(min(l0+blockRows, k))
		if special.Load() || rowsHaveSpecial(b[l0*ldb:], ldb, n, int(l1)-l0) {
			special.Store(true)
			return
		}
		for i := lo; i < hi; i++ {
			s := spans[2*(i-lo):]
			e, last := s[1], r.start[i+1]
			for e < last && r.cols[e] < l1 {
				e++
			}
			s[0], s[1] = s[1], e
		}
		load := 0
		if l0 > 0 {
			load = 1
		}
		chunks := columnChunks(n)
		for j0 := 0; j0 < n; j0 += chunks {
			w := min(chunks, n-j0)
			nv := (w + 7) / 8
			kern, mask := sparseKernels[nv].plain, &masks[8][0]
			if w%8 != 0 {
				kern, mask = sparseKernels[nv].masked, &masks[w%8][0]
			}
			kern(&c[lo*ldc+j0], ldc, &spans[0], hi-lo, unsafe.SliceData(r.vals), unsafe.SliceData(r.cols), &b[j0], ldb, mask, load)
		}
	}
}

// columnChunks is the width of the column chunks the sparse kernels
// compute at once: n's vectors of 8 shared evenly among as few chunks of at
// most maxSparseVectors vectors as hold them.
func columnChunks(n int) int {
	vectors := (n + 7) / 8
	chunks := (vectors + maxSparseVectors - 1) / maxSparseVectors
	return 8 * ((vectors + chunks - 1) / chunks)
}

// maxSparseVectors is the widest chunk of the generated sparse kernels.
const maxSparseVectors = 12

// sparsePair is the kernels for one chunk width: full vectors, and the
// last vector through a mask.
type sparsePair struct{ plain, masked sparseKernel }

// csrPool holds the sparse path's lists of nonzeros.
var csrPool = sync.Pool{New: func() any { return new(rowsCSR) }}
