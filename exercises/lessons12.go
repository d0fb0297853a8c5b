package exercises

import (
	"fmt"
	"math"
	"slices"
)

// CheckSigmoidPrime checks exercise 1.1: f(z) must be the sigmoid's slope
// σ'(z) = σ(z)(1 − σ(z)) at z = 2, 0, 1, −2, 5 and −30, within 1e-9 (relative
// above 1).
func CheckSigmoidPrime(f func(z float64) float64) error {
	const name, tol = "SigmoidPrime", 1e-9
	for _, z := range []float64{2, 0, 1, -2, 5, -30} {
		var got float64
		in := fmt.Sprintf("z = %g", z)
		if err := protect(name, in, func() { got = f(z) }); err != nil {
			return err
		}
		s := sigmoid(z)
		want := s * (1 - s)
		if near(got, want, tol) {
			continue
		}
		hint := "σ'(z) = σ(z)·(1 − σ(z)): compute s = σ(z) = 1/(1+e^−z) first, then s·(1−s)"
		switch {
		case z != 0 && z != 1 && near(got, z*(1-z), tol):
			hint = "you computed z·(1 − z): the formula s·(1 − s) takes s = σ(z), not z itself"
		case near(got, s, tol):
			hint = "that is σ(z) itself, not its slope; the slope is σ(z)·(1 − σ(z))"
		case near(got, -want, tol):
			hint = "the sign is wrong: the sigmoid rises everywhere, so its slope is positive"
		}
		return fail(name, in, fmt.Sprintf("%.9g (within %g)", want, tol), fmt.Sprintf("%.9g", got), hint)
	}
	return nil
}

// CheckAndNeuron checks exercise 1.2: with the weights and bias f returns, a
// two-input sigmoid neuron σ(w1·x1 + w2·x2 + b) must give above 0.9 for the
// input (1, 1) and below 0.1 for (0, 0), (0, 1) and (1, 0): a logical AND.
func CheckAndNeuron(f func() (w1, w2, b float64)) error {
	const name = "AndNeuron"
	var w1, w2, b float64
	if err := protect(name, "", func() { w1, w2, b = f() }); err != nil {
		return err
	}
	out := func(x1, x2 float64) float64 { return sigmoid(w1*x1 + w2*x2 + b) }
	in := fmt.Sprintf("w1 = %g, w2 = %g, b = %g, input (1, 1)", w1, w2, b)
	if a := out(1, 1); !(a > 0.9) {
		return fail(name, in, "output above 0.9", fmt.Sprintf("%.4g", a),
			"both inputs on must push z = w1 + w2 + b well above 0 (σ(2.2) ≈ 0.9): larger weights")
	}
	for _, x := range [][2]float64{{0, 0}, {0, 1}, {1, 0}} {
		if a := out(x[0], x[1]); !(a < 0.1) {
			in := fmt.Sprintf("w1 = %g, w2 = %g, b = %g, input (%g, %g)", w1, w2, b, x[0], x[1])
			hint := "with both inputs off the output is σ(b): the bias must be well below 0 (σ(−2.2) ≈ 0.1)"
			if x != [2]float64{0, 0} {
				hint = "one input alone already turns the neuron on: that is OR, not AND. " +
					"Make the bias more negative, so that only both inputs together bring z above 0"
			}
			return fail(name, in, "output below 0.1", fmt.Sprintf("%.4g", a), hint)
		}
	}
	return nil
}

// CheckGDStep checks exercise 2.1: f(w, grad, eta) must return a new slice
// w − eta·grad (within 1e-12) and leave w as it was.
func CheckGDStep(f func(w, grad []float64, eta float64) []float64) error {
	const name, tol = "GDStep", 1e-12
	cases := []struct {
		w, g []float64
		eta  float64
	}{
		{[]float64{3}, []float64{6}, 0.1},
		{[]float64{1, -2, 0.5}, []float64{0.4, -1, 2}, 0.5},
		{[]float64{0, 0}, []float64{0, 1e-3}, 10},
	}
	for _, c := range cases {
		in := fmt.Sprintf("w = %v, grad = %v, eta = %g", c.w, c.g, c.eta)
		before := slices.Clone(c.w)
		var got []float64
		if err := protect(name, in, func() { got = f(c.w, slices.Clone(c.g), c.eta) }); err != nil {
			return err
		}
		want := make([]float64, len(c.w))
		for i := range want {
			want[i] = before[i] - c.eta*c.g[i]
		}
		if !slices.Equal(c.w, before) {
			return fail(name, in, "w unchanged (return a new slice)", "w changed to "+floats(c.w),
				"write the new weights into a new slice: make([]float64, len(w))")
		}
		if len(got) != len(want) {
			return fail(name, in, fmt.Sprintf("%d weights", len(want)), fmt.Sprintf("%d", len(got)),
				"return one new weight per weight")
		}
		if allNear(got, want, tol) {
			continue
		}
		hint := "each weight moves against its gradient: w[i] − eta·grad[i]"
		switch {
		case allNear(got, stepped(before, c.g, -c.eta), tol):
			hint = "your step goes uphill: w + eta·grad increases the cost. Subtract the gradient"
		case allNear(got, stepped(before, c.g, 1), tol):
			hint = "the learning rate is missing: multiply the gradient by eta"
		}
		return fail(name, in, floats(want), floats(got), hint)
	}
	return nil
}

// stepped returns w − eta·g.
func stepped(w, g []float64, eta float64) []float64 {
	out := make([]float64, len(w))
	for i := range w {
		out[i] = w[i] - eta*g[i]
	}
	return out
}

// allNear reports whether got and want have the same length and agree within tol.
func allNear(got, want []float64, tol float64) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		if !near(got[i], want[i], tol) {
			return false
		}
	}
	return true
}

// CheckStepsPerEpoch checks exercise 2.2: f(n, batch) must return the number
// of gradient steps one epoch over n examples takes with batches of batch
// (the last one partial), and the size of the last batch.
func CheckStepsPerEpoch(f func(n, batch int) (steps, last int)) error {
	const name = "StepsPerEpoch"
	for _, c := range [][2]int{{10000, 128}, {60000, 128}, {256, 128}, {5, 10}, {1, 1}} {
		n, batch := c[0], c[1]
		wantSteps := (n + batch - 1) / batch
		wantLast := n - (wantSteps-1)*batch
		in := fmt.Sprintf("n = %d, batch = %d", n, batch)
		var steps, last int
		if err := protect(name, in, func() { steps, last = f(n, batch) }); err != nil {
			return err
		}
		if steps == wantSteps && last == wantLast {
			continue
		}
		hint := "steps = n/batch rounded up; the last batch holds what is left"
		switch {
		case steps == n/batch && n%batch != 0:
			hint = "n/batch rounds down in integer division, dropping the last partial batch: it is a step too"
		case steps == wantSteps && last == n%batch:
			hint = "n % batch is 0 when batch divides n: then the last batch is a full one"
		case steps == int(math.Round(float64(n)/float64(batch))):
			hint = "rounding to the nearest integer is not enough: any rows left over need one more step"
		}
		return fail(name, in, fmt.Sprintf("%d steps, last batch %d", wantSteps, wantLast),
			fmt.Sprintf("%d steps, last batch %d", steps, last), hint)
	}
	return nil
}
