package main

import (
	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"
)

// rowKernels generates gatherRowsAVX2, gatherRows64AVX2 and scatterAddRowsAVX2, which move or
// add rows of width float32 values (a multiple of 8) picked by int32
// (or, gathering, int64) indices, 8 values at a time.
func rowKernels() {
	gatherRows()
	scatterAddRows()
}

// gatherRows generates gatherRowsAVX2 (int32 indices) and
// gatherRows64AVX2 (int64): dst row n = src row idx[n], idx clamped into
// [0, rows). While it copies a row it prefetches the next one, whose place
// in src is known from idx: rows picked at random from a large array (a
// shuffled batch) then come from memory in parallel instead of one after
// the other.
func gatherRows() {
	gatherRowsOf("gatherRowsAVX2", 4)
	gatherRowsOf("gatherRows64AVX2", 8)
}

func gatherRowsOf(name string, indexBytes int) {
	idxType := map[int]string{4: "*int32", 8: "*int64"}[indexBytes]
	TEXT(name, NOSPLIT, "func(dst, src *float32, idx "+idxType+", n, width, rows int)")
	Doc(name + " sets row i of dst to row idx[i] of src for i < n, an index clamped into [0, rows); rows of width values, a multiple of 8.")
	dst, src, idx, n, bytes, rows := rowParams()
	last, zero := GP64(), GP64()
	LEAQ(Mem{Base: rows, Disp: -1}, last)
	XORQ(zero, zero)
	// rowAt sets r to the address of src's row for the index at off(idx).
	rowAt := func(r GPVirtual, disp int) {
		if indexBytes == 4 {
			MOVLQSX(Mem{Base: idx, Disp: disp}, r)
		} else {
			MOVQ(Mem{Base: idx, Disp: disp}, r)
		}
		CMPQ(r, zero)
		CMOVQLT(zero, r)
		CMPQ(r, last)
		CMOVQGT(last, r)
		IMULQ(bytes, r)
		ADDQ(src, r)
	}
	Label(name + "_rows")
	TESTQ(n, n)
	JZ(LabelRef(name + "_done"))
	r, next := GP64(), GP64()
	rowAt(r, 0)
	MOVQ(r, next)
	CMPQ(n, U8(1))
	JE(LabelRef(name + "_copy"))
	rowAt(next, indexBytes)
	Label(name + "_copy")
	j := GP64()
	XORQ(j, j)
	Label(name + "_cols")
	v := YMM()
	PREFETCHT0(Mem{Base: next, Index: j, Scale: 1})
	VMOVUPS(Mem{Base: r, Index: j, Scale: 1}, v)
	VMOVUPS(v, Mem{Base: dst, Index: j, Scale: 1})
	ADDQ(U8(32), j)
	CMPQ(j, bytes)
	JL(LabelRef(name + "_cols"))
	ADDQ(bytes, dst)
	ADDQ(U8(indexBytes), idx)
	DECQ(n)
	JMP(LabelRef(name + "_rows"))
	Label(name + "_done")
	VZEROUPPER()
	RET()
}

// scatterAddRows: dst row idx[n] += src row n, an index out of [0, rows)
// skipped, in order of n.
func scatterAddRows() {
	TEXT("scatterAddRowsAVX2", NOSPLIT, "func(dst, src *float32, idx *int32, n, width, rows int)")
	Doc("scatterAddRowsAVX2 adds row i of src to row idx[i] of dst for i < n in order, skipping an index out of [0, rows); rows of width values, a multiple of 8.")
	dst, src, idx, n, bytes, rows := rowParams()
	Label("scatter_rows")
	TESTQ(n, n)
	JZ(LabelRef("scatter_done"))
	r := GP64()
	MOVLQSX(Mem{Base: idx}, r)
	CMPQ(r, rows)
	JAE(LabelRef("scatter_next")) // unsigned: a negative index is skipped too
	IMULQ(bytes, r)
	ADDQ(dst, r)
	j := GP64()
	XORQ(j, j)
	Label("scatter_cols")
	v := YMM()
	VMOVUPS(Mem{Base: r, Index: j, Scale: 1}, v)
	VADDPS(Mem{Base: src, Index: j, Scale: 1}, v, v)
	VMOVUPS(v, Mem{Base: r, Index: j, Scale: 1})
	ADDQ(U8(32), j)
	CMPQ(j, bytes)
	JL(LabelRef("scatter_cols"))
	Label("scatter_next")
	ADDQ(bytes, src)
	ADDQ(U8(4), idx)
	DECQ(n)
	JMP(LabelRef("scatter_rows"))
	Label("scatter_done")
	VZEROUPPER()
	RET()
}

// rowParams loads the row kernels' parameters dst, src, idx, n and rows,
// and a row's size in bytes (width·4).
func rowParams() (dst, src, idx, n, bytes, rows Register) {
	dst = Load(Param("dst"), GP64())
	src = Load(Param("src"), GP64())
	idx = Load(Param("idx"), GP64())
	n = Load(Param("n"), GP64())
	bytes = Load(Param("width"), GP64())
	SHLQ(U8(2), bytes)
	rows = Load(Param("rows"), GP64())
	return dst, src, idx, n, bytes, rows
}
