package solutions

import (
	"math"

	"github.com/gonb-courses/neuralnets/arrays"
	"github.com/gonb-courses/neuralnets/backprop"
)

// begin exercise 9.1

// EquivalentRate is the learning rate on C = ½Σ‖a − y‖² that takes the steps
// lr takes on L = Σ(a − y)²/(B·K): ∇L = 2/(B·K)·∇C, so 2·lr/(B·K).
func EquivalentRate(lr float64, batch, outputs int) float64 {
	return 2 * lr / float64(batch*outputs)
}

// end exercise 9.1

// begin exercise 9.2

// Backward is lesson 9's backward pass in plain loops: the gradients of the
// mean squared error of the network σ(σ(x·W1 + b1)·W2 + b2) against y.
func Backward(p backprop.Params, x, y arrays.Array[float32]) backprop.Params {
	in, hidden, out, batch := p.W1.Shape[0], p.W1.Shape[1], p.W2.Shape[1], x.Rows()
	g := backprop.Params{W1: arrays.New[float32](in, hidden), B1: arrays.New[float32](hidden),
		W2: arrays.New[float32](hidden, out), B2: arrays.New[float32](out)}
	scale := 2 / float32(batch*out) // ∂/∂a2 of a mean over B·K squares
	a1, a2 := make([]float32, hidden), make([]float32, out)
	d1, d2 := make([]float32, hidden), make([]float32, out)
	for n := range batch {
		xn, yn := x.Row(n), y.Row(n)
		for j := range hidden { // forward: a1 = σ(x·W1 + b1)
			z := p.B1.Data[j]
			for i := range in {
				z += xn[i] * p.W1.Data[i*hidden+j]
			}
			a1[j] = sigmoid32(z)
		}
		for k := range out { // a2 = σ(a1·W2 + b2), then δ2 = 2/(B·K)·(a2 − y) ⊙ a2(1 − a2)
			z := p.B2.Data[k]
			for j := range hidden {
				z += a1[j] * p.W2.Data[j*out+k]
			}
			a2[k] = sigmoid32(z)
			d2[k] = scale * (a2[k] - yn[k]) * a2[k] * (1 - a2[k])
			g.B2.Data[k] += d2[k]
		}
		for j := range hidden { // dW2 += a1ᵀδ2; δ1 = (δ2·W2ᵀ) ⊙ a1(1 − a1)
			var s float32
			for k := range out {
				g.W2.Data[j*out+k] += a1[j] * d2[k]
				s += d2[k] * p.W2.Data[j*out+k]
			}
			d1[j] = s * a1[j] * (1 - a1[j])
			g.B1.Data[j] += d1[j]
		}
		for i := range in { // dW1 += xᵀδ1
			for j := range hidden {
				g.W1.Data[i*hidden+j] += xn[i] * d1[j]
			}
		}
	}
	return g
}

// sigmoid32 is σ(z) in float32.
func sigmoid32(z float32) float32 {
	return float32(1 / (1 + math.Exp(float64(-z))))
}

// end exercise 9.2
