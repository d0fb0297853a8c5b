package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// TestBinaryMatchesGo compares Add, Sub, Mul and Max (the AVX2 kernels
// where the CPU has them) with Go's operators on lengths around the vector
// width, each operand whole or a single value, with NaN, ±Inf and ±0 mixed
// in: results must be the same to the bit, a NaN's too.
func TestBinaryMatchesGo(t *testing.T) {
	for _, accel := range []bool{true, false} { // false: the plain Go loops throughout
		t.Run(fmt.Sprint("accelerated ", accel), func(t *testing.T) {
			defer SetAccelerated(SetAccelerated(accel))
			testBinaryMatchesGo(t)
		})
	}
}

func testBinaryMatchesGo(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	value := func() float32 {
		switch rng.IntN(10) {
		case 0:
			return float32(math.NaN())
		case 1:
			return float32(math.Inf(1 - 2*rng.IntN(2)))
		case 2:
			return 0
		case 3:
			return float32(math.Copysign(0, -1))
		}
		return rng.Float32()*4 - 2
	}
	ops := []struct {
		name string
		f    func(dst, a, b []float32)
		want func(x, y float32) float32
	}{
		{"add", Add[float32], func(x, y float32) float32 { return x + y }},
		{"sub", Sub[float32], func(x, y float32) float32 { return x - y }},
		{"mul", Mul[float32], func(x, y float32) float32 { return x * y }},
		{"max", Max[float32], func(x, y float32) float32 { return max(x, y) }},
	}
	for _, n := range []int{1, 7, 8, 9, 31, 100, 1 << 17} {
		for _, form := range []string{"vector", "scalar rhs", "scalar lhs"} {
			a, b := make([]float32, n), make([]float32, n)
			for i := range a {
				a[i], b[i] = value(), value()
			}
			switch form {
			case "scalar rhs":
				b = b[:1]
			case "scalar lhs":
				a = a[:1]
			}
			for _, op := range ops {
				got := make([]float32, n)
				op.f(got, a, b)
				for i := range got {
					x, y := a[min(i, len(a)-1)], b[min(i, len(b)-1)]
					w := op.want(x, y)
					if math.Float32bits(got[i]) != math.Float32bits(w) {
						t.Fatalf("%s %s n=%d: [%d] %g op %g = %g (bits %08x), want %g (bits %08x)",
							op.name, form, n, i, x, y, got[i], math.Float32bits(got[i]), w, math.Float32bits(w))
					}
				}
			}
		}
	}
}

// ExampleMax shows Go's max rules, which Max keeps: NaN wins, +0 over -0.
func ExampleMax() {
	a := []float32{1, float32(math.NaN()), float32(math.Copysign(0, -1))}
	dst := make([]float32, 3)
	Max(dst, a, []float32{0})
	fmt.Println(dst, math.Signbit(float64(dst[2])))
	// Output: [1 NaN 0] false
}
