package seedruns

import (
	"math"
	"slices"
)

// Spread is the median and range of one figure over runs.
type Spread struct {
	Median, Min, Max float64
	N                int
}

// SpreadOf returns the median (the mean of the two middle values when their
// number is even), minimum and maximum of xs; NaNs when xs is empty.
func SpreadOf(xs []float64) Spread {
	if len(xs) == 0 {
		return Spread{math.NaN(), math.NaN(), math.NaN(), 0}
	}
	s := slices.Sorted(slices.Values(xs))
	n := len(s)
	med := s[n/2]
	if n%2 == 0 {
		med = (s[n/2-1] + s[n/2]) / 2
	}
	return Spread{Median: med, Min: s[0], Max: s[n-1], N: n}
}

// Contains reports whether v lies within the range, after rounding all
// three to the given number of decimals (the slide prints four).
func (s Spread) Contains(v float64, decimals int) bool {
	p := math.Pow(10, float64(decimals))
	r := func(x float64) float64 { return math.Round(x*p) / p }
	return r(s.Min) <= r(v) && r(v) <= r(s.Max)
}

// Rank returns how many of xs are below v and how many above it.
func Rank(xs []float64, v float64) (below, above int) {
	for _, x := range xs {
		switch {
		case x < v:
			below++
		case x > v:
			above++
		}
	}
	return below, above
}

// Figure picks one number out of a run.
type Figure func(Run) float64

// LossAt picks the training loss of epoch e (counted from 1; 0 or less
// counts from the end, 0 being the last epoch); NaN past the end.
func LossAt(e int) Figure { return func(r Run) float64 { return at(r.Loss, e) } }

// AccuracyAt picks the training accuracy of epoch e, counted as in LossAt.
func AccuracyAt(e int) Figure { return func(r Run) float64 { return at(r.Accuracy, e) } }

// TestAccuracy picks the run's test accuracy.
func TestAccuracy(r Run) float64 { return r.TestAccuracy }

// at is v's value at epoch e, counted as in LossAt.
func at(v []float64, e int) float64 {
	if e <= 0 {
		e += len(v)
	}
	if e < 1 || e > len(v) {
		return math.NaN()
	}
	return v[e-1]
}

// Values returns f of every run.
func Values(runs []Run, f Figure) []float64 {
	out := make([]float64, len(runs))
	for i, r := range runs {
		out[i] = f(r)
	}
	return out
}
