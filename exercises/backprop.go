package exercises

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/gonb-courses/neuralnets/arrays"
	"github.com/gonb-courses/neuralnets/backprop"
)

// CheckEquivalentRate checks exercise 9.1: f(lr, batch, outputs) must return
// the learning rate on the lecture's cost C = ½·Σ‖a − y‖² that takes exactly
// the steps that learning rate lr takes on keras' mean L = Σ(a − y)²/(B·K).
// Since ∇L = 2/(B·K)·∇C, that is 2·lr/(B·K) (within 1e-12 relative).
func CheckEquivalentRate(f func(lr float64, batch, outputs int) float64) error {
	const name, tol = "EquivalentRate", 1e-12
	for _, c := range []struct {
		lr       float64
		batch, k int
	}{{0.01, 128, 10}, {0.5, 1, 1}, {1, 32, 3}} {
		in := fmt.Sprintf("lr = %g, batch = %d, outputs = %d", c.lr, c.batch, c.k)
		var got float64
		if err := protect(name, in, func() { got = f(c.lr, c.batch, c.k) }); err != nil {
			return err
		}
		bk := float64(c.batch * c.k)
		want := 2 * c.lr / bk
		if near(got, want, tol) {
			continue
		}
		hint := "write ∇L in terms of ∇C, then ask which rate η_C gives η_C·∇C = lr·∇L"
		switch {
		case near(got, c.lr/bk, tol):
			hint = "half the answer: the derivative of (a − y)² is 2(a − y), and C's ½ cancels only its own 2"
		case near(got, c.lr*bk/2, tol) || near(got, c.lr*bk, tol):
			hint = "upside down: C is a sum, much larger than the mean L, so its rate must be smaller"
		case c.k > 1 && near(got, 2*c.lr/float64(c.batch), tol):
			hint = "keras' mean is over B·K entries, the outputs too, not only the B rows"
		}
		return fail(name, in, fmt.Sprintf("%.9g", want), fmt.Sprintf("%.9g", got), hint)
	}
	return nil
}

// BackwardFunc is the signature of exercise 9.2's answer: the gradients of
// keras' mean squared error for the batch x [B, in] with one-hot labels
// y [B, out], with respect to W1, B1, W2 and B2, in a backprop.Params.
type BackwardFunc func(p backprop.Params, x, y arrays.Array[float32]) backprop.Params

// CheckBackward checks exercise 9.2 on three networks: lesson 9's 1-1-1
// example, a 5-4-3 network with a batch of 7 and the lecture's 784-30-10 with
// a batch of 16 (random weights, non-zero biases, inputs in [0, 1]). Every
// gradient must agree with GoMLX's automatic differentiation
// (backprop.AutodiffGradients) within 1e-4 of the largest gradient of its
// matrix, and, on the 5-4-3 network, with central finite differences of the
// loss computed in float64 (h = 1e-5) on every entry, within the same
// tolerance. When a wrong answer matches a known mistake (no factor 2, no
// σ' factor, the mean over B only, ...), the hint names it.
func CheckBackward(f BackwardFunc) error {
	for i, s := range [][4]int{{1, 1, 1, 1}, {5, 4, 3, 7}, {784, 30, 10, 16}} {
		p, x, y := backpropCase(i, s)
		if err := checkBackwardCase(f, p, x, y, i == 1); err != nil {
			return err
		}
	}
	return nil
}

// backpropCase returns the parameters, batch and labels of case i with
// shape s = {in, hidden, out, batch}; case 0 is lesson 9's 1-1-1 example.
func backpropCase(i int, s [4]int) (backprop.Params, arrays.Array[float32], arrays.Array[float32]) {
	if i == 0 {
		one := func(v float32, shape ...int) arrays.Array[float32] {
			return arrays.Array[float32]{Shape: shape, Data: []float32{v}}
		}
		return backprop.Params{W1: one(0, 1, 1), B1: one(0, 1), W2: one(2, 1, 1), B2: one(-1, 1)},
			one(1, 1, 1), one(1, 1, 1)
	}
	p := backprop.NewParams(s[0], s[1], s[2], uint64(i))
	rng := rand.New(rand.NewPCG(uint64(i), 9))
	for _, b := range []arrays.Array[float32]{p.B1, p.B2} {
		for j := range b.Data {
			b.Data[j] = float32(rng.Float64() - 0.5)
		}
	}
	x, y := arrays.New[float32](s[3], s[0]), arrays.New[float32](s[3], s[2])
	for j := range x.Data {
		x.Data[j] = float32(rng.Float64())
	}
	for r := range s[3] {
		y.Row(r)[rng.IntN(s[2])] = 1
	}
	return p, x, y
}

// checkBackwardCase compares f's gradients with autodiff's and, when fd is
// set, with finite differences.
func checkBackwardCase(f BackwardFunc, p backprop.Params, x, y arrays.Array[float32], fd bool) error {
	const name = "Backward"
	in := fmt.Sprintf("network %d-%d-%d, batch %d", p.W1.Shape[0], p.W1.Shape[1], p.W2.Shape[1], x.Shape[0])
	var got backprop.Params
	if err := protect(name, in, func() { got = f(cloneParams(p), cloneArr(x), cloneArr(y)) }); err != nil {
		return err
	}
	auto, _, err := backprop.AutodiffGradients(p, x, y)
	if err != nil {
		return fmt.Errorf("exercises: autodiff reference: %w", err)
	}
	names := []string{"dW1", "dB1", "dW2", "dB2"}
	gotA, autoA := paramList(got), paramList(auto)
	for k := range names {
		if fmt.Sprint(gotA[k].Shape) != fmt.Sprint(autoA[k].Shape) || len(gotA[k].Data) != len(autoA[k].Data) {
			return fail(name, in, fmt.Sprintf("%s of shape %v", names[k], autoA[k].Shape),
				fmt.Sprintf("shape %v with %d values", gotA[k].Shape, len(gotA[k].Data)),
				"every gradient has the shape of its parameter: arrays.New[float32](p.W1.Shape...) etc.")
		}
	}
	var fdA []arrays.Array[float32]
	if fd {
		fdA = finiteDifferences(p, x, y)
	}
	for k, label := range names {
		tol := 1e-4 * math.Max(maxAbs(autoA[k].Data), 1e-3)
		for _, ref := range []struct {
			what string
			a    []arrays.Array[float32]
		}{{"GoMLX autodiff", autoA}, {"finite differences", fdA}} {
			if ref.a == nil {
				continue
			}
			if j := firstOff(gotA[k].Data, ref.a[k].Data, tol); j >= 0 {
				return fail(name, fmt.Sprintf("%s, %s[%d]", in, label, j),
					fmt.Sprintf("%.6g (%s, within %.2g)", ref.a[k].Data[j], ref.what, tol),
					fmt.Sprintf("%.6g", gotA[k].Data[j]), diagnoseBackward(got, p, x, y, label))
			}
		}
	}
	return nil
}
