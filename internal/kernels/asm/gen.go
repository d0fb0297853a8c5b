// gen.go generates ../sgemm_amd64.s and its Go declarations
// ../sgemm_amd64_stub.go with avo (github.com/mmcloughlin/avo v0.5.0, kept
// in this folder's own module so that it stays out of the course's):
//
//	cd internal/kernels/asm && go run . -out ../sgemm_amd64.s -stubs ../sgemm_stub_amd64.go -pkg kernels
//
// Each generated function computes a panel of a matrix product with AVX2
// and FMA: for rows i in [0, m), in groups of R rows,
//
//	C[i*ldc + j] = Σ_{l<k} A[i*lda + l*astep] · B[l*8NB + j],  j < 8NB
//
// where B is packed as k rows of NB vectors of 8 floats, zero-padded, and
// the last vector of each C row is stored through mask (lanes with the sign
// bit set are written). The R×NB accumulators stay in registers for the
// whole k loop; each A value is broadcast once and each B vector loaded once
// per l for the R rows. The "Skip" variants skip an l when the R A values
// are all ±0, as gonum's gemm does for one: the caller uses them only when
// B has no infinity or NaN, so the result is the same. sparse.go generates
// the kernels of the sparse path: rows of C as sums over A's nonzeros of
// rows of B, and the check for an infinity or a NaN.
package main

import (
	"fmt"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"
)

// rowsFor is R, the rows per group, for NB vectors of columns: as many as
// fit in the 16 YMM registers with R×NB accumulators, R broadcasts and NB
// B vectors.
var rowsFor = map[int]int{1: 6, 2: 4, 3: 3, 4: 2}

func main() {
	for nb := 1; nb <= 4; nb++ {
		for _, rows := range []int{rowsFor[nb], 1} {
			for _, skip := range []bool{false, true} {
				panel(nb, rows, skip)
			}
		}
	}
	for nv := 1; nv <= maxSparseVectors; nv++ {
		sparseRows(nv, false)
		sparseRows(nv, true)
	}
	sign()
	specials()
	compress()
	binaries()
	rowKernels()
	Generate()
}

// sign generates signAVX2: dst[i] = 1, -1 or 0 for src[i] > 0, < 0, else
// (NaN and ±0 give 0, as simplego's Sign does), 8 values at a time.
func sign() {
	TEXT("signAVX2", NOSPLIT, "func(dst, src *float32, n int)")
	Doc("signAVX2 sets dst[i] to the sign of src[i] for i < n, a multiple of 8: 1, -1, or 0 for ±0 and NaN.")
	dst := Load(Param("dst"), GP64())
	src := Load(Param("src"), GP64())
	n := Load(Param("n"), GP64())
	one, minusOne, zero := YMM(), YMM(), YMM()
	VBROADCASTSS(ConstData("one", U32(0x3f800000)), one)
	VBROADCASTSS(ConstData("minusone", U32(0xbf800000)), minusOne)
	VXORPS(zero, zero, zero)
	Label("sign_loop")
	CMPQ(n, U8(8))
	JL(LabelRef("sign_done"))
	x, gt, lt := YMM(), YMM(), YMM()
	VMOVUPS(Mem{Base: src}, x)
	VCMPPS(U8(0x1e), zero, x, gt) // x > 0, ordered: false for NaN
	VCMPPS(U8(0x11), zero, x, lt) // x < 0, ordered
	VANDPS(one, gt, gt)
	VANDPS(minusOne, lt, lt)
	VORPS(gt, lt, x)
	VMOVUPS(x, Mem{Base: dst})
	ADDQ(U8(32), src)
	ADDQ(U8(32), dst)
	SUBQ(U8(8), n)
	JMP(LabelRef("sign_loop"))
	Label("sign_done")
	VZEROUPPER()
	RET()
}

func panel(nb, rows int, skip bool) {
	name := fmt.Sprintf("panelN%dR%d", nb, rows)
	if skip {
		name += "Skip"
	}
	TEXT(name, NOSPLIT, "func(c *float32, ldc int, a *float32, lda int, astep int, m int, k int, bp *float32, mask *int32)")
	Doc(fmt.Sprintf("%s computes m rows (a multiple of %d) of C = A·Bp, %d columns, AVX2 and FMA.", name, rows, 8*nb))
	c := Load(Param("c"), GP64())
	ldc := Load(Param("ldc"), GP64())
	SHLQ(U8(2), ldc)
	a := Load(Param("a"), GP64())
	lda := Load(Param("lda"), GP64())
	SHLQ(U8(2), lda)
	astep := Load(Param("astep"), GP64())
	SHLQ(U8(2), astep)
	m := Load(Param("m"), GP64())

	Label(name + "_rows")
	TESTQ(m, m)
	JLE(LabelRef(name + "_done"))
	acc := make([][]VecVirtual, rows)
	for r := range acc {
		acc[r] = make([]VecVirtual, nb)
		for j := range acc[r] {
			acc[r][j] = YMM()
			VXORPS(acc[r][j], acc[r][j], acc[r][j])
		}
	}
	pa := GP64()
	MOVQ(a, pa)
	var pa3 GPVirtual
	if rows > 3 {
		pa3 = GP64()
		LEAQ(Mem{Base: pa, Index: lda, Scale: 2}, pa3)
		ADDQ(lda, pa3)
	}
	// rowA is A's value for row r of the group at the current l.
	rowA := func(r int) Mem {
		switch r {
		case 0:
			return Mem{Base: pa}
		case 1:
			return Mem{Base: pa, Index: lda, Scale: 1}
		case 2:
			return Mem{Base: pa, Index: lda, Scale: 2}
		case 3:
			return Mem{Base: pa3}
		case 4:
			return Mem{Base: pa3, Index: lda, Scale: 1}
		}
		return Mem{Base: pa3, Index: lda, Scale: 2}
	}
	pb := Load(Param("bp"), GP64())
	l := Load(Param("k"), GP64())
	TESTQ(l, l)
	JLE(LabelRef(name + "_store"))

	Label(name + "_k")
	if skip {
		t := GP32()
		MOVL(rowA(0), t)
		for r := 1; r < rows; r++ {
			ORL(rowA(r), t)
		}
		ANDL(U32(0x7fffffff), t)
		JZ(LabelRef(name + "_next"))
	}
	bc := make([]VecVirtual, rows)
	for r := range bc {
		bc[r] = YMM()
		VBROADCASTSS(rowA(r), bc[r])
	}
	bv := make([]VecVirtual, nb)
	for j := range bv {
		bv[j] = YMM()
		VMOVUPS(Mem{Base: pb, Disp: 32 * j}, bv[j])
	}
	for r := range rows {
		for j := range nb {
			VFMADD231PS(bv[j], bc[r], acc[r][j])
		}
	}
	Label(name + "_next")
	ADDQ(astep, pa)
	if rows > 3 {
		ADDQ(astep, pa3)
	}
	ADDQ(U32(32*nb), pb)
	DECQ(l)
	JNZ(LabelRef(name + "_k"))

	Label(name + "_store")
	mp := Load(Param("mask"), GP64())
	mv := YMM()
	VMOVDQU(Mem{Base: mp}, mv)
	for r := range rows {
		for j := range nb - 1 {
			VMOVUPS(acc[r][j], Mem{Base: c, Disp: 32 * j})
		}
		VMASKMOVPS(acc[r][nb-1], mv, Mem{Base: c, Disp: 32 * (nb - 1)})
		ADDQ(ldc, c)
		ADDQ(lda, a)
	}
	SUBQ(U32(rows), m)
	JMP(LabelRef(name + "_rows"))

	Label(name + "_done")
	VZEROUPPER()
	RET()
}
