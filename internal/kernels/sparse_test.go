package kernels

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestSparseSpecialInLaterBlock: an infinity or a NaN in one of B's later
// blocks, after the sparse path has written C from the earlier ones, sends
// the product back to the dense kernels, whose result (NaN where a zero of
// A meets it) replaces what was written.
func TestSparseSpecialInLaterBlock(t *testing.T) {
	const m, n, k = 8, 100, 3000 // blocks of 655 rows of B: 5 of them
	for _, tt := range []struct {
		name   string
		row    int
		value  float32
		transA bool
	}{
		{"Inf in the last block", k - 1, float32(math.Inf(1)), false},
		{"NaN in the fourth block", 2000, float32(math.NaN()), false},
		{"Inf in the last block, A transposed", k - 1, float32(math.Inf(-1)), true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(21, 22))
			a, lda := operand(rng, tt.transA, m, k, 0, sparse)
			b, ldb := operand(rng, false, k, n, 0, dense)
			b[tt.row*n+3] = tt.value
			if tt.transA { // A[0, row] = 0: C[0, 3] must be NaN
				a[tt.row*lda] = 0
			} else {
				a[tt.row] = 0
			}
			if zeros := zeroFraction(a); !sparsePays(zeros, tt.transA, n, k) {
				t.Fatalf("A (%.2f zeros) would not take the sparse path", zeros)
			}
			got, want := make([]float32, m*n), make([]float32, m*n)
			Sgemm(tt.transA, false, m, n, k, a, lda, b, ldb, got, n)
			SgemmGo(tt.transA, false, m, n, k, a, lda, b, ldb, want, n)
			for i := range want {
				if w, g := want[i], got[i]; (w != w) != (g != g) || w == w && math.Abs(float64(g-w)) > 1e-3 {
					t.Fatalf("C[%d,%d] = %g, want %g", i/n, i%n, g, w)
				}
			}
			if v := got[3]; v == v {
				t.Errorf("C[0,3] = %g, want NaN (a zero of A times %g)", v, tt.value)
			}
		})
	}
}

// TestNonzeros compares nonzeros (the AVX2 left-pack for whole vectors)
// with a plain loop on rows of every length up to 40 mixing ±0, NaN and
// other values: the same values in the same order, with their indices.
func TestNonzeros(t *testing.T) {
	rng := rand.New(rand.NewPCG(23, 24))
	for n := range 41 {
		row := make([]float32, n)
		for i := range row {
			switch rng.IntN(5) {
			case 0, 1:
				row[i] = 0
			case 2:
				row[i] = float32(math.Copysign(0, -1))
			case 3:
				row[i] = float32(math.NaN())
			default:
				row[i] = rng.Float32() - 0.5
			}
		}
		vals, cols := make([]float32, n+8), make([]int32, n+8)
		got := nonzeros(vals, cols, row)
		want := 0
		for l, v := range row {
			if v == 0 {
				continue
			}
			if cols[want] != int32(l) || math.Float32bits(vals[want]) != math.Float32bits(v) {
				t.Fatalf("n=%d: entry %d is (%d, %g), want (%d, %g)", n, want, cols[want], vals[want], l, v)
			}
			want++
		}
		if got != want {
			t.Fatalf("n=%d: %d nonzeros, want %d", n, got, want)
		}
	}
}
