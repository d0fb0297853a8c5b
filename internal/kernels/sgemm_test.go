package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// operand returns a rows×cols matrix (stored transposed when trans) with
// rows ld = stored columns + pad apart, its values drawn by fill.
func operand(rng *rand.Rand, trans bool, rows, cols, pad int, fill func(*rand.Rand) float32) ([]float32, int) {
	if trans {
		rows, cols = cols, rows
	}
	ld := cols + pad
	x := make([]float32, max(0, (rows-1)*ld+cols))
	for i := range x {
		x[i] = fill(rng)
	}
	return x, ld
}

func dense(rng *rand.Rand) float32 { return rng.Float32()*2 - 1 }

// sparse is MNIST-like: 81% zeros (some of them -0), the rest in [0, 1).
func sparse(rng *rand.Rand) float32 {
	switch r := rng.Float64(); {
	case r < 0.78:
		return 0
	case r < 0.81:
		return float32(math.Copysign(0, -1))
	}
	return rng.Float32()
}

// special mixes in NaN, ±Inf and zeros among dense values.
func special(rng *rand.Rand) float32 {
	switch rng.IntN(40) {
	case 0:
		return float32(math.NaN())
	case 1:
		return float32(math.Inf(1))
	case 2:
		return float32(math.Inf(-1))
	case 3, 4, 5, 6, 7, 8, 9, 10:
		return 0
	}
	return dense(rng)
}

// sameResult reports whether got matches want: NaN where want is NaN, the
// same infinity, else within a rounding tolerance of the sum of |terms|.
func sameResult(got, want, scale float32) bool {
	switch {
	case want != want:
		return got != got
	case math.IsInf(float64(want), 0):
		return got == want
	}
	return math.Abs(float64(got-want)) <= 1e-5*float64(scale)+1e-30
}

// TestSgemmMatchesOracle compares Sgemm (the SIMD kernels where the CPU has
// them) with SgemmGo on every layout of A and B, shapes around the panel
// and row-group sizes, strided operands, and dense, sparse (the skipping
// kernels) and NaN/Inf values in either operand.
func TestSgemmMatchesOracle(t *testing.T) {
	t.Logf("kernels: %s", Level())
	rng := rand.New(rand.NewPCG(1, 2))
	shapes := [][3]int{{1, 1, 1}, {3, 5, 2}, {7, 30, 13}, {128, 30, 784}, {13, 10, 30}, {30, 10, 128},
		{9, 16, 25}, {12, 32, 400}, {5, 33, 7}, {11, 64, 3}, {2, 70, 9}, {6, 8, 1}, {4, 24, 5}, {1, 9, 0},
		{5, 203, 1400}} // the last: the sparse path's blocks of B's rows and chunks of columns
	fills := map[string][2]func(*rand.Rand) float32{
		"dense": {dense, dense}, "sparse A": {sparse, dense}, "sparse A, NaN/Inf in B": {sparse, special},
		"NaN/Inf in A": {special, dense}, "NaN/Inf in both": {special, special},
	}
	for _, s := range shapes {
		m, n, k := s[0], s[1], s[2]
		for fname, fill := range fills {
			for _, tA := range []bool{false, true} {
				for _, tB := range []bool{false, true} {
					for _, pad := range []int{0, 3} {
						name := fmt.Sprintf("%dx%dx%d %s transA=%v transB=%v pad=%d", m, n, k, fname, tA, tB, pad)
						a, lda := operand(rng, tA, m, k, pad, fill[0])
						b, ldb := operand(rng, tB, k, n, pad, fill[1])
						ldc := n + pad
						got := make([]float32, (m-1)*ldc+n)
						want := make([]float32, len(got))
						for i := range got {
							got[i], want[i] = 7, 7 // left alone between rows when padded
						}
						Sgemm(tA, tB, m, n, k, a, lda, b, ldb, got, ldc)
						SgemmGo(tA, tB, m, n, k, a, lda, b, ldb, want, ldc)
						for i := range m {
							for j := range n {
								var scale float32
								for l := range k {
									scale += float32(math.Abs(float64(at(a, tA, i, l, lda) * at(b, tB, l, j, ldb))))
								}
								if g, w := got[i*ldc+j], want[i*ldc+j]; !sameResult(g, w, scale) {
									t.Fatalf("%s: C[%d,%d] = %g, want %g", name, i, j, g, w)
								}
							}
							for j := n; j < ldc && i < m-1; j++ {
								if got[i*ldc+j] != 7 {
									t.Fatalf("%s: wrote C[%d,%d] beyond the %d columns", name, i, j, n)
								}
							}
						}
					}
				}
			}
		}
	}
}

// TestSgemmZeroTimesInf: a zero of A times an infinite B gives NaN, as in
// GoMLX's executor, also when A is sparse enough for the skipping kernels.
func TestSgemmZeroTimesInf(t *testing.T) {
	for _, n := range []int{30, 100} { // 100: wide enough for the sparse path
		m, k := 8, 100
		a := make([]float32, m*k) // all zero: the skipping kernels' case
		b := make([]float32, k*n)
		b[5*n+3] = float32(math.Inf(1))
		c := make([]float32, m*n)
		Sgemm(false, false, m, n, k, a, k, b, n, c, n)
		for i := range m {
			if v := c[i*n+3]; v == v {
				t.Errorf("n=%d: C[%d,3] = %g, want NaN (0·Inf)", n, i, v)
			}
			if v := c[i*n+4]; v != 0 {
				t.Errorf("n=%d: C[%d,4] = %g, want 0", n, i, v)
			}
		}
	}
}

func TestSgemmPanicsOnShortSlices(t *testing.T) {
	tests := []struct {
		name       string
		la, lb, lc int
	}{{"A", 5, 6, 6}, {"B", 6, 5, 6}, {"C", 6, 6, 3}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Errorf("Sgemm with a short %s did not panic", tt.name)
				}
			}()
			// 2x3 · 3x2 = 2x2 needs 6, 6 and 4 values.
			Sgemm(false, false, 2, 2, 3, make([]float32, tt.la), 3, make([]float32, tt.lb), 2, make([]float32, tt.lc), 2)
		})
	}
}

func TestSetAccelerated(t *testing.T) {
	was := SetAccelerated(false)
	defer SetAccelerated(was)
	if Accelerated() || Level() != "go" {
		t.Errorf("after SetAccelerated(false): Accelerated() = %v, Level() = %q", Accelerated(), Level())
	}
	SetAccelerated(true)
	if Accelerated() != hasSIMD {
		t.Errorf("after SetAccelerated(true): Accelerated() = %v, want %v (the CPU's)", Accelerated(), hasSIMD)
	}
}

func ExampleSgemm() {
	a := []float32{1, 2, 3, 4, 5, 6} // 2x3
	b := []float32{1, 0, 0, 1, 1, 1} // 3x2
	c := make([]float32, 4)          // 2x2
	Sgemm(false, false, 2, 2, 3, a, 3, b, 2, c, 2)
	fmt.Println(c)
	// Output: [4 5 10 11]
}

// BenchmarkSgemm times Sgemm on the lecture's and the CNN's products and
// reports billions of multiply-adds per second (dense-equivalent: skipped
// zeros count), each also with the sparse path off ("dense only"). The whole training step is timed in internal/simplegopatch
// (BenchmarkLectureStep; GOMLXNET_SIMD=off there times gonum's products).
func BenchmarkSgemm(b *testing.B) {
	rng := rand.New(rand.NewPCG(3, 4))
	cases := []struct {
		name    string
		m, n, k int
		tA, tB  bool
		fillA   func(*rand.Rand) float32
	}{
		{"lecture x·W1", 128, 30, 784, false, false, sparse},
		{"lecture xT·dZ", 784, 30, 128, true, false, sparse},
		{"conv1", 73728, 16, 25, false, false, dense},
		{"conv2", 8192, 32, 400, false, false, dense},
		{"conv1 patches", 73728, 16, 25, true, false, sparse},
		{"conv1 dW", 25, 16, 73728, false, false, sparse},
		{"conv2 dX", 8192, 400, 32, false, true, sparse},
		{"conv2 dW (swapped)", 32, 400, 8192, true, false, sparse},
	}
	for _, cs := range cases {
		a, lda := operand(rng, cs.tA, cs.m, cs.k, 0, cs.fillA)
		bm, ldb := operand(rng, cs.tB, cs.k, cs.n, 0, dense)
		c := make([]float32, cs.m*cs.n)
		for _, path := range []bool{true, false} {
			name := cs.name
			if !path {
				name += " dense only"
			}
			b.Run(name, func(b *testing.B) {
				defer func(was bool) { sparsePath = was }(sparsePath)
				sparsePath = path
				for b.Loop() {
					Sgemm(cs.tA, cs.tB, cs.m, cs.n, cs.k, a, lda, bm, ldb, c, cs.n)
				}
				b.ReportMetric(float64(cs.m*cs.n*cs.k)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GMAC/s")
			})
		}
	}
}
