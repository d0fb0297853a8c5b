package main

import (
	"fmt"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"
)

// binaryOps are the element-wise operations generated, by name.
var binaryOps = []string{"add", "sub", "mul", "max"}

// binaries generates, for each operation op of binaryOps, op+"VV" (dst[i] =
// a[i] op b[i]), op+"VS" (dst[i] = a[i] op s) and, for sub, "subSV" (dst[i]
// = s - a[i]), over n values, a multiple of 8.
func binaries() {
	for _, op := range binaryOps {
		binary(op, "VV")
		binary(op, "VS")
	}
	binary("sub", "SV")
}

func binary(op, form string) {
	name := op + form + "AVX2"
	sig := "func(dst, a, b *float32, n int)"
	if form != "VV" {
		sig = "func(dst, a *float32, s float32, n int)"
	}
	TEXT(name, NOSPLIT, sig)
	expr := map[string]string{"add": "%s + %s", "sub": "%s - %s", "mul": "%s · %s", "max": "max(%s, %s)"}[op]
	args := map[string][2]any{"VV": {"a[i]", "b[i]"}, "VS": {"a[i]", "s"}, "SV": {"s", "a[i]"}}[form]
	Doc(fmt.Sprintf("%s sets dst[i] = %s for i < n, a multiple of 8, AVX2.", name, fmt.Sprintf(expr, args[0], args[1])))
	dst := Load(Param("dst"), GP64())
	a := Load(Param("a"), GP64())
	var b Register
	s := YMM()
	if form == "VV" {
		b = Load(Param("b"), GP64())
	} else {
		VBROADCASTSS(Load(Param("s"), XMM()), s)
	}
	n := Load(Param("n"), GP64())
	Label(name + "_loop")
	CMPQ(n, U8(8))
	JL(LabelRef(name + "_done"))
	x, y := YMM(), YMM()
	VMOVUPS(Mem{Base: a}, x)
	switch form {
	case "VV":
		VMOVUPS(Mem{Base: b}, y)
		ADDQ(U8(32), b)
	case "VS":
		VMOVAPS(s, y)
	case "SV":
		VMOVAPS(x, y)
		VMOVAPS(s, x)
	}
	apply(op, x, y) // x = x op y
	VMOVUPS(x, Mem{Base: dst})
	ADDQ(U8(32), a)
	ADDQ(U8(32), dst)
	SUBQ(U8(8), n)
	JMP(LabelRef(name + "_loop"))
	Label(name + "_done")
	VZEROUPPER()
	RET()
}

// signBit is the float32 sign bit in memory, declared once.
var signBit *Mem

// apply sets x to x op y. max is computed as Go's compiler does it on
// amd64, so that it gives the same bits, NaN included: -min(-x, -y), with
// min taken both ways with MINPS (which returns its second operand when
// the two are equal or either is NaN) and the two ORed, which keeps a NaN
// and makes min(+0, -0) -0.
func apply(op string, x, y VecVirtual) {
	switch op {
	case "add":
		VADDPS(y, x, x)
	case "sub":
		VSUBPS(y, x, x)
	case "mul":
		VMULPS(y, x, x)
	case "max":
		sign, nx, ny, t1, t2 := YMM(), YMM(), YMM(), YMM(), YMM()
		if signBit == nil {
			m := ConstData("signbit", U32(0x80000000))
			signBit = &m
		}
		VBROADCASTSS(*signBit, sign)
		VXORPS(sign, x, nx)
		VXORPS(sign, y, ny)
		VMINPS(ny, nx, t1) // t1 = nx < ny ? nx : ny
		VMINPS(nx, t1, t2) // t2 = t1 < nx ? t1 : nx
		VORPS(t1, t2, t2)
		VXORPS(sign, t2, x)
	}
}
