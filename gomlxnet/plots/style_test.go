package plots

import (
	"math"
	"slices"
	"testing"
)

func TestDenseTicks(t *testing.T) {
	for _, tc := range []struct {
		lo, hi float64
		want   []float64 // labelled ticks
	}{
		{-8, 8, []float64{-8, -6, -4, -2, 0, 2, 4, 6, 8}},
		{0, 1, []float64{0, 0.2, 0.4, 0.6, 0.8, 1}},
		{1, 200, []float64{20, 40, 60, 80, 100, 120, 140, 160, 180, 200}},
		{0.0225, 0.137, []float64{0.04, 0.06, 0.08, 0.1, 0.12}},
		{-0.5, 0.5, []float64{-0.4, -0.2, 0, 0.2, 0.4}},
	} {
		var got []float64
		for _, tk := range (denseTicks{}).Ticks(tc.lo, tc.hi) {
			if tk.Label != "" {
				got = append(got, tk.Value)
			}
		}
		if !slices.EqualFunc(got, tc.want, func(a, b float64) bool { return math.Abs(a-b) < 1e-9 }) {
			t.Errorf("Ticks(%v, %v) = %v, want %v", tc.lo, tc.hi, got, tc.want)
		}
	}
}

// TestDenseTicksZero checks that zero is labelled "0", not "-0".
func TestDenseTicksZero(t *testing.T) {
	for _, tk := range (denseTicks{}).Ticks(-1, 1) {
		if tk.Value == 0 && tk.Label != "0" {
			t.Errorf("zero labelled %q", tk.Label)
		}
	}
}

// TestDenseTicksDegenerate checks that an empty, reversed, NaN or infinite
// range gives no ticks instead of looping or panicking.
func TestDenseTicksDegenerate(t *testing.T) {
	for _, r := range [][2]float64{{1, 1}, {2, 1}, {0, math.Inf(1)}, {math.NaN(), 1}} {
		if ticks := (denseTicks{}).Ticks(r[0], r[1]); len(ticks) != 0 {
			t.Errorf("Ticks(%v, %v) = %v, want none", r[0], r[1], ticks)
		}
	}
}
