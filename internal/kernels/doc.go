// Package kernels holds the float32 matrix product the course's pure-Go
// backend runs its DotGenerals on: SIMD assembly (AVX2 and FMA, generated
// with avo by asm/gen.go; the generated sgemm_amd64.s is committed, so
// building needs no generator), a path for a mostly-zero left operand that
// multiplies its nonzeros only (sparse.go), chosen at run time from what the CPU reports
// (golang.org/x/sys/cpu), and a plain Go version that is both the fallback
// where the assembly cannot run and the tests' oracle. It imports nothing
// from GoMLX: functions over []float32 slices with dimensions and strides.
package kernels
