package main

import (
	"fmt"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"
)

// maxSparseVectors is the widest column chunk of the sparse kernels: 12
// accumulators, a broadcast, the mask and a masked load fill 15 of the 16
// YMM registers.
const maxSparseVectors = 12

// sparseRows generates sparseN<nv> and sparseN<nv>Mask: for rows i in
// [0, m), with spans[2i] ≤ t < spans[2i+1],
//
//	C[i*ldc + j] (+)= Σ_t vals[t] · B[cols[t]*ldb + j],  j < 8nv
//
// adding to C's values when load is not 0, else starting from zero. The
// Mask variant reads and writes the last vector through mask, so that B's
// last row is never read past its end.
func sparseRows(nv int, masked bool) {
	name := fmt.Sprintf("sparseN%d", nv)
	if masked {
		name += "Mask"
	}
	TEXT(name, NOSPLIT, "func(c *float32, ldc int, spans *int32, m int, vals *float32, cols *int32, b *float32, ldb int, mask *int32, load int)")
	Doc(fmt.Sprintf("%s adds a sparse A's rows times B into %d columns of C's m rows, AVX2 and FMA.", name, 8*nv))
	c := Load(Param("c"), GP64())
	ldc := Load(Param("ldc"), GP64())
	SHLQ(U8(2), ldc)
	spans := Load(Param("spans"), GP64())
	m := Load(Param("m"), GP64())
	vals := Load(Param("vals"), GP64())
	cols := Load(Param("cols"), GP64())
	b := Load(Param("b"), GP64())
	ldb := Load(Param("ldb"), GP64())
	SHLQ(U8(2), ldb)
	mp := Load(Param("mask"), GP64())
	mv := YMM()
	VMOVDQU(Mem{Base: mp}, mv)
	load := Load(Param("load"), GP64())

	acc := make([]VecVirtual, nv)
	for j := range acc {
		acc[j] = YMM()
	}
	last := func(j int) bool { return masked && j == nv-1 }

	Label(name + "_rows")
	TESTQ(m, m)
	JLE(LabelRef(name + "_done"))
	for j := range acc {
		VXORPS(acc[j], acc[j], acc[j])
	}
	TESTQ(load, load)
	JZ(LabelRef(name + "_sum"))
	for j := range acc {
		if last(j) {
			VMASKMOVPS(Mem{Base: c, Disp: 32 * j}, mv, acc[j])
		} else {
			VMOVUPS(Mem{Base: c, Disp: 32 * j}, acc[j])
		}
	}

	Label(name + "_sum")
	t, end := GP64(), GP64()
	MOVLQSX(Mem{Base: spans}, t)
	MOVLQSX(Mem{Base: spans, Disp: 4}, end)
	CMPQ(t, end)
	JGE(LabelRef(name + "_store"))

	Label(name + "_t")
	bc, row, tmp := YMM(), GP64(), YMM()
	VBROADCASTSS(Mem{Base: vals, Index: t, Scale: 4}, bc)
	MOVLQSX(Mem{Base: cols, Index: t, Scale: 4}, row)
	IMULQ(ldb, row)
	ADDQ(b, row)
	for j := range acc {
		if last(j) {
			VMASKMOVPS(Mem{Base: row, Disp: 32 * j}, mv, tmp)
			VFMADD231PS(tmp, bc, acc[j])
		} else {
			VFMADD231PS(Mem{Base: row, Disp: 32 * j}, bc, acc[j])
		}
	}
	INCQ(t)
	CMPQ(t, end)
	JL(LabelRef(name + "_t"))

	Label(name + "_store")
	for j := range acc {
		if last(j) {
			VMASKMOVPS(acc[j], mv, Mem{Base: c, Disp: 32 * j})
		} else {
			VMOVUPS(acc[j], Mem{Base: c, Disp: 32 * j})
		}
	}
	ADDQ(ldc, c)
	ADDQ(U8(8), spans)
	DECQ(m)
	JMP(LabelRef(name + "_rows"))

	Label(name + "_done")
	VZEROUPPER()
	RET()
}

// specials generates anySpecialAVX2, which reports whether any of n values
// (a multiple of 8) has an exponent of all ones: an infinity or a NaN.
func specials() {
	TEXT("anySpecialAVX2", NOSPLIT, "func(x *float32, n int) bool")
	Doc("anySpecialAVX2 reports whether any of x's first n values (a multiple of 8) is infinite or NaN.")
	x := Load(Param("x"), GP64())
	n := Load(Param("n"), GP64())
	exp, found := YMM(), YMM()
	VPBROADCASTD(ConstData("expmask", U32(0x7f800000)), exp)
	VPXOR(found, found, found)
	Label("special_loop")
	CMPQ(n, U8(8))
	JL(LabelRef("special_done"))
	v := YMM()
	VPAND(Mem{Base: x}, exp, v)
	VPCMPEQD(exp, v, v)
	VPOR(v, found, found)
	ADDQ(U8(32), x)
	SUBQ(U8(8), n)
	JMP(LabelRef("special_loop"))
	Label("special_done")
	r := GP8()
	VPTEST(found, found)
	SETNE(r)
	VZEROUPPER()
	Store(r, ReturnIndex(0))
	RET()
}

// compress generates nonzerosAVX2: it writes the values of src[0:n] (n a
// multiple of 8) that are not ±0, and their indices plus col0, to vals and
// cols, and returns how many it wrote. NaN counts as nonzero. It packs 8
// values at a time without a branch: the mask of nonzero lanes picks, from
// a table of 256 permutations, the one that moves those lanes to the front;
// all 8 permuted values and indices are stored (so vals and cols need 8
// values of room beyond the count) and the count advances by the mask's
// population count.
func compress() {
	table := GLOBL("leftpack", RODATA|NOPTR)
	for mask := 0; mask < 256; mask++ {
		lane := 0
		for bit := 0; bit < 8; bit++ {
			if mask&(1<<bit) != 0 {
				DATA(32*mask+4*lane, U32(bit))
				lane++
			}
		}
		for ; lane < 8; lane++ {
			DATA(32*mask+4*lane, U32(0))
		}
	}
	steps := GLOBL("lanesteps", RODATA|NOPTR)
	for lane := 0; lane < 8; lane++ {
		DATA(4*lane, U32(lane))
	}

	TEXT("nonzerosAVX2", NOSPLIT, "func(vals *float32, cols *int32, src *float32, n int, col0 int) int")
	Doc("nonzerosAVX2 writes src's values that are not ±0 (n a multiple of 8) and their indices plus col0 to vals and cols, and returns their number; vals and cols need room for 8 values beyond it.")
	vals := Load(Param("vals"), GP64())
	cols := Load(Param("cols"), GP64())
	src := Load(Param("src"), GP64())
	n := Load(Param("n"), GP64())
	col := Load(Param("col0"), GP64())
	count, tab := GP64(), GP64()
	XORQ(count, count)
	LEAQ(table, tab)
	zero, idx, eight := YMM(), YMM(), YMM()
	VXORPS(zero, zero, zero)
	VMOVDQU(steps, idx)
	c := XMM()
	MOVQ(col, c)
	VPBROADCASTD(c, eight) // reused: col0 in every lane
	VPADDD(eight, idx, idx)
	VPBROADCASTD(ConstData("eightlanes", U32(8)), eight)
	Label("nz_loop")
	CMPQ(n, U8(8))
	JL(LabelRef("nz_done"))
	v, nz, perm := YMM(), YMM(), YMM()
	bits, pop := GP64(), GP64()
	VMOVUPS(Mem{Base: src}, v)
	VCMPPS(U8(4), zero, v, nz) // not equal, unordered: NaN is kept
	VMOVMSKPS(nz, bits.As32())
	SHLQ(U8(5), bits)
	VMOVDQU(Mem{Base: tab, Index: bits, Scale: 1}, perm)
	SHRQ(U8(5), bits)
	POPCNTQ(bits, pop)
	VPERMPS(v, perm, v)
	VMOVUPS(v, Mem{Base: vals, Index: count, Scale: 4})
	pi := YMM()
	VPERMD(idx, perm, pi)
	VMOVDQU(pi, Mem{Base: cols, Index: count, Scale: 4})
	ADDQ(pop, count)
	VPADDD(eight, idx, idx)
	ADDQ(U8(32), src)
	SUBQ(U8(8), n)
	JMP(LabelRef("nz_loop"))
	Label("nz_done")
	VZEROUPPER()
	Store(count, ReturnIndex(0))
	RET()
}
