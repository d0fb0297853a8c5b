//go:build !amd64

package kernels

// panels is empty where there is no assembly: Sgemm runs SgemmGo.
var panels [5]panelSet

// sparseKernels is empty where there is no assembly.
var sparseKernels [maxSparseVectors + 1]sparsePair

const hasSIMD = false

func signAVX2(dst, src *float32, n int) { panic("kernels: no AVX here") }

func anySpecialAVX2(x *float32, n int) bool { panic("kernels: no AVX here") }

func nonzerosAVX2(vals *float32, cols *int32, src *float32, n int, col0 int) int {
	panic("kernels: no AVX here")
}

// The element-wise kernels are never called where there is no assembly.
var (
	vectorKernels [4]func(dst, a, b *float32, n int)
	scalarKernels [4]func(dst, a *float32, s float32, n int)
)

func subSVAVX2(dst, a *float32, s float32, n int) { panic("kernels: no AVX here") }

func gatherRowsAVX2(dst, src *float32, idx *int32, n, width, rows int) { panic("kernels: no AVX here") }

func scatterAddRowsAVX2(dst, src *float32, idx *int32, n, width, rows int) {
	panic("kernels: no AVX here")
}

func gatherRows64AVX2(dst, src *float32, idx *int64, n, width, rows int) {
	panic("kernels: no AVX here")
}
