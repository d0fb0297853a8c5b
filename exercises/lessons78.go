package exercises

import (
	"fmt"
	"math"
)

// CheckSoftmax checks exercise 7.1: f(z) must return softmax(z), e^z_i / Σ_j e^z_j,
// within 1e-12 (relative above 1), also for large z such as 1000, where
// e^1000 overflows float64: subtract max(z) first, which changes nothing else.
func CheckSoftmax(f func(z []float64) []float64) error {
	const name, tol = "Softmax", 1e-12
	for _, z := range [][]float64{{0, 0}, {1, 2, 3}, {-1, 0.5, 2, 0}, {1000, 1001, 999}, {-800, -801}} {
		in := fmt.Sprintf("z = %v", z)
		var got []float64
		if err := protect(name, in, func() { got = f(append([]float64(nil), z...)) }); err != nil {
			return err
		}
		want, linear := softmax(z), make([]float64, len(z))
		var sum float64
		for _, v := range z {
			sum += v
		}
		for i, v := range z {
			linear[i] = v / sum
		}
		if allNear(got, want, tol) {
			continue
		}
		hint := "softmax_i = e^(z_i − m) / Σ_j e^(z_j − m) with m = max(z)"
		switch {
		case hasNaNOrInf(got):
			hint = "e^z overflows (or every e^z underflows to 0) for such z: subtract max(z) from every z_i " +
				"before math.Exp; the result is the same"
		case allNear(got, linear, tol):
			hint = "that is z_i / Σ z_j; softmax exponentiates first: e^z_i / Σ e^z_j"
		}
		return fail(name, in, floats(want), floats(got), hint)
	}
	return nil
}

func softmax(z []float64) []float64 {
	m := math.Inf(-1)
	for _, v := range z {
		m = math.Max(m, v)
	}
	out, sum := make([]float64, len(z)), 0.0
	for i, v := range z {
		out[i] = math.Exp(v - m)
		sum += out[i]
	}
	for i := range out {
		out[i] /= sum
	}
	return out
}

func hasNaNOrInf(v []float64) bool {
	for _, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return true
		}
	}
	return false
}

// CheckCrossEntropy checks exercise 7.2: f(p, y) must return the categorical
// cross-entropy −Σ_k y_k·log(p_k) of predicted probabilities p against a
// one-hot label y (natural log, within 1e-12 relative).
func CheckCrossEntropy(f func(p, y []float64) float64) error {
	const name, tol = "CrossEntropy", 1e-12
	cases := [][2][]float64{
		{{0.5, 0.5}, {1, 0}},
		{{0.7, 0.2, 0.1}, {0, 1, 0}},
		{{0.01, 0.98, 0.01}, {0, 1, 0}},
		{{0.25, 0.25, 0.25, 0.25}, {0, 0, 0, 1}},
	}
	for _, c := range cases {
		p, y := c[0], c[1]
		in := fmt.Sprintf("p = %v, y = %v", p, y)
		var got float64
		if err := protect(name, in, func() { got = f(append([]float64(nil), p...), append([]float64(nil), y...)) }); err != nil {
			return err
		}
		var want, log10, all float64
		for k := range p {
			want -= y[k] * math.Log(p[k])
			log10 -= y[k] * math.Log10(p[k])
			all -= math.Log(p[k])
		}
		if near(got, want, tol) {
			continue
		}
		hint := "loss = −Σ_k y_k·log(p_k): only the true class's probability counts"
		switch {
		case near(got, -want, tol):
			hint = "the sign is wrong: log p is negative for p < 1, so the loss is −Σ y·log p, which is positive"
		case near(got, log10, tol):
			hint = "math.Log10 is the base-10 logarithm; the loss uses the natural one, math.Log"
		case near(got, all, tol):
			hint = "you added −log p_k over every class; multiply each by y_k, so only the true class counts"
		}
		return fail(name, in, fmt.Sprintf("%.9g", want), fmt.Sprintf("%.9g", got), hint)
	}
	return nil
}

// CheckConvParams checks exercise 8.1: f(kernel, inChannels, filters) must
// return the number of parameters of a Conv2D layer with filters square
// kernels of side kernel over inChannels input channels: one weight per
// kernel entry and input channel, and one bias, per filter.
func CheckConvParams(f func(kernel, inChannels, filters int) int) error {
	const name = "ConvParams"
	for _, c := range [][3]int{{5, 1, 16}, {5, 16, 32}, {3, 1, 8}, {3, 3, 64}, {1, 4, 2}} {
		k, in, filters := c[0], c[1], c[2]
		label := fmt.Sprintf("kernel = %d, inChannels = %d, filters = %d", k, in, filters)
		var got int
		if err := protect(name, label, func() { got = f(k, in, filters) }); err != nil {
			return err
		}
		weights := k * k * in * filters
		if want := weights + filters; got != want {
			hint := "each filter has kernel·kernel·inChannels weights and one bias"
			switch {
			case got == weights:
				hint = "the biases are missing: one per filter"
			case in > 1 && got == k*k*filters+filters:
				hint = "each filter looks at every input channel: multiply the kernel's weights by inChannels"
			case got == k*k*in*filters+in*filters || got == weights+filters*k*k:
				hint = "one bias per filter, not per channel or kernel entry"
			}
			return fail(name, label, fmt.Sprint(want), fmt.Sprint(got), hint)
		}
	}
	return nil
}
