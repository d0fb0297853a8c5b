package kernels

import "golang.org/x/sys/cpu"

// panels holds the generated kernels by the number of 8-float vectors of
// their panel (1 to 4).
var panels = [5]panelSet{
	1: {6, panelN1R6, panelN1R1, panelN1R6Skip, panelN1R1Skip},
	2: {4, panelN2R4, panelN2R1, panelN2R4Skip, panelN2R1Skip},
	3: {3, panelN3R3, panelN3R1, panelN3R3Skip, panelN3R1Skip},
	4: {2, panelN4R2, panelN4R1, panelN4R2Skip, panelN4R1Skip},
}

// sparseKernels holds the generated sparse kernels by the number of
// 8-float vectors of their column chunk (1 to maxSparseVectors).
var sparseKernels = [maxSparseVectors + 1]sparsePair{
	1:  {sparseN1, sparseN1Mask},
	2:  {sparseN2, sparseN2Mask},
	3:  {sparseN3, sparseN3Mask},
	4:  {sparseN4, sparseN4Mask},
	5:  {sparseN5, sparseN5Mask},
	6:  {sparseN6, sparseN6Mask},
	7:  {sparseN7, sparseN7Mask},
	8:  {sparseN8, sparseN8Mask},
	9:  {sparseN9, sparseN9Mask},
	10: {sparseN10, sparseN10Mask},
	11: {sparseN11, sparseN11Mask},
	12: {sparseN12, sparseN12Mask},
}

// vectorKernels and scalarKernels hold the generated element-wise kernels
// by operation: a[i] op b[i], and a[i] op s.
var (
	vectorKernels = [...]func(dst, a, b *float32, n int){opAdd: addVVAVX2, opSub: subVVAVX2, opMul: mulVVAVX2, opMax: maxVVAVX2}
	scalarKernels = [...]func(dst, a *float32, s float32, n int){opAdd: addVSAVX2, opSub: subVSAVX2, opMul: mulVSAVX2, opMax: maxVSAVX2}
)

// hasSIMD: the CPU and the operating system support AVX2, FMA and POPCNT
// (in nonzerosAVX2) (cpu's
// flags include the OS's saving of the YMM registers).
var hasSIMD = cpu.X86.HasAVX2 && cpu.X86.HasFMA && cpu.X86.HasPOPCNT
