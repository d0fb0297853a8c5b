package simplegopatch

import (
	"os"
	"slices"
	"strings"

	"github.com/gonb-courses/neuralnets/internal/kernels"
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
)

// simdEnvVar turns the SIMD kernels (internal/kernels) off when set to one
// of the usual false words, leaving gonum's Sgemm under the gemm executor:
// for comparisons, and a way out should the kernels misbehave.
const simdEnvVar = "GOMLXNET_SIMD"

// simdSwitchedOff reports whether $GOMLXNET_SIMD is a false word: then
// gonum runs the float32 products (Install calls kernels.SetAccelerated(false))
// and GoMLX's own executors the ops of ops.go and elementwise.go.
func simdSwitchedOff() bool {
	v, _ := os.LookupEnv(simdEnvVar)
	return slices.Contains(switchOff, strings.ToLower(strings.TrimSpace(v)))
}

// sgemm is the float32 gemm of the gemm executor: internal/kernels' SIMD
// kernels where the CPU has them (AVX2 and FMA), else gonum's Sgemm, which
// is also what other alpha and beta than the executor's 1 and 0 get.
func sgemm(tA, tB blas.Transpose, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int,
	beta float32, c []float32, ldc int) {
	if alpha != 1 || beta != 0 || !kernels.Accelerated() {
		gonum.Implementation{}.Sgemm(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return
	}
	kernels.Sgemm(tA == blas.Trans, tB == blas.Trans, m, n, k, a, lda, b, ldb, c, ldc)
}
