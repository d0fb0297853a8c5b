package main

import (
	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
)

// rowKernels generates gatherRowsAVX2 and scatterAddRowsAVX2, which move or
// add rows of width float32 values (a multiple of 8) picked by int32
// indices, 8 values at a time.
func rowKernels() {
	gatherRows()
	scatterAddRows()
}

// gatherRows: dst row n = src row idx[n], idx clamped into [0, rows).
func gatherRows() {
	TEXT("gatherRowsAVX2", NOSPLIT, "func(dst, src *float32, idx *int32, n, width, rows int)")
	Doc("gatherRowsAVX2 sets row i of dst to row idx[i] of src for i < n, an index clamped into [0, rows); rows of width values, a multiple of 8.")
	dst := Load(Param("dst"), GP64())
	src := Load(Param("src"), GP64())
	idx := Load(Param("idx"), GP64())
	n := Load(Param("n"), GP64())
	width := Load(Param("width"), GP64())
	rows := Load(Param("rows"), GP64())
	last, zero := GP64(), GP64()
	LEAQ(Mem{Base: rows, Disp: -1}, last)
	XORQ(zero, zero)
	bytes := GP64()
	MOVQ(width, bytes)
	SHLQ(U8(2), bytes)
	Label("gather_rows")
	TESTQ(n, n)
	JZ(LabelRef("gather_done"))
	r := GP64()
	MOVLQSX(Mem{Base: idx}, r)
	CMPQ(r, zero)
	CMOVQLT(zero, r)
	CMPQ(r, last)
	CMOVQGT(last, r)
	IMULQ(bytes, r)
	ADDQ(src, r)
	j := GP64()
	XORQ(j, j)
	Label("gather_cols")
	v := YMM()
	VMOVUPS(Mem{Base: r, Index: j, Scale: 1}, v)
	VMOVUPS(v, Mem{Base: dst, Index: j, Scale: 1})
	ADDQ(U8(32), j)
	CMPQ(j, bytes)
	JL(LabelRef("gather_cols"))
	ADDQ(bytes, dst)
	ADDQ(U8(4), idx)
	DECQ(n)
	JMP(LabelRef("gather_rows"))
	Label("gather_done")
	VZEROUPPER()
	RET()
}

// scatterAddRows: dst row idx[n] += src row n, an index out of [0, rows)
// skipped, in order of n.
func scatterAddRows() {
	TEXT("scatterAddRowsAVX2", NOSPLIT, "func(dst, src *float32, idx *int32, n, width, rows int)")
	Doc("scatterAddRowsAVX2 adds row i of src to row idx[i] of dst for i < n in order, skipping an index out of [0, rows); rows of width values, a multiple of 8.")
	dst := Load(Param("dst"), GP64())
	src := Load(Param("src"), GP64())
	idx := Load(Param("idx"), GP64())
	n := Load(Param("n"), GP64())
	width := Load(Param("width"), GP64())
	rows := Load(Param("rows"), GP64())
	bytes := GP64()
	MOVQ(width, bytes)
	SHLQ(U8(2), bytes)
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
