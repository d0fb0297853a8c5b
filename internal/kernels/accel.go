package kernels

import "sync/atomic"

// disabled turns the SIMD kernels off (SetAccelerated(false)), for
// comparisons and as a way out.
var disabled atomic.Bool

// Accelerated reports whether Sgemm runs the SIMD kernels: the CPU has AVX2
// and FMA (amd64 only) and SetAccelerated(false) has not been called.
func Accelerated() bool { return hasSIMD && !disabled.Load() }

// Level names what Sgemm runs: "avx2+fma" or "go".
func Level() string {
	if Accelerated() {
		return "avx2+fma"
	}
	return "go"
}

// SetAccelerated turns the SIMD kernels on (where the CPU has them) or off,
// and returns the previous setting.
func SetAccelerated(on bool) (was bool) {
	return !disabled.Swap(!on)
}
