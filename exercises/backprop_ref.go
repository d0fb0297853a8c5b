package exercises

import (
	"math"

	"github.com/gonb-courses/neuralnets/arrays"
	"github.com/gonb-courses/neuralnets/backprop"
)

// mistake is a known wrong variant of the backward pass, used to name the
// mistake in a hint.
type mistake int

const (
	rightWay      mistake = iota
	noFactorTwo           // ∂(a−y)²/∂a taken as (a − y)
	meanOverRows          // 2/B instead of 2/(B·K)
	sumNotMean            // 2 instead of 2/(B·K)
	noSigmaOutput         // δ2 without a2(1 − a2)
	noSigmaHidden         // δ1 without a1(1 − a1)
	mistakeCount          // the number of mistakes above, plus one
)

var mistakeHints = map[mistake]string{
	noFactorTwo: "every gradient is half the right one: the derivative of (a − y)² is 2(a − y); " +
		"δ2 starts with 2/(B·K)·(a2 − y)",
	meanOverRows: "every gradient is K times too big: keras' loss is a mean over all B·K entries, " +
		"so the factor is 2/(B·K), not 2/B",
	sumNotMean: "every gradient is B·K times too big: the loss is a mean, divide by B·K",
	noSigmaOutput: "the output layer's δ2 lacks the sigmoid's slope: by the chain rule δ2 = ∂L/∂a2 ⊙ σ'(z2), " +
		"and σ'(z2) = a2(1 − a2)",
	noSigmaHidden: "the hidden layer's δ1 lacks the sigmoid's slope: δ1 = (δ2·W2ᵀ) ⊙ a1(1 − a1)",
}

// diagnoseBackward returns the hint for a wrong gradient: the mistake whose
// variant got matches, or the general recipe.
func diagnoseBackward(got, p backprop.Params, x, y arrays.Array[float32], label string) string {
	gotA := paramList(got)
	for m := noFactorTwo; m < mistakeCount; m++ {
		ref := refBackward(p, x, y, m)
		match := true
		for k := range ref {
			tol := 1e-4 * math.Max(maxAbs(ref[k].Data), 1e-3)
			if firstOff(gotA[k].Data, ref[k].Data, tol) >= 0 {
				match = false
				break
			}
		}
		if match {
			return mistakeHints[m]
		}
	}
	return "follow lesson 9 line by line for " + label + ": δ2 = 2/(B·K)·(a2 − y) ⊙ a2(1 − a2), dW2 = a1ᵀδ2, " +
		"dB2 = Σ_rows δ2, δ1 = (δ2 W2ᵀ) ⊙ a1(1 − a1), dW1 = xᵀδ1, dB1 = Σ_rows δ1"
}

// forward64 runs the network in float64: a1 [B, H] and a2 [B, K], row-major.
func forward64(p backprop.Params, x arrays.Array[float32]) (a1, a2 []float64) {
	in, h, k, b := p.W1.Shape[0], p.W1.Shape[1], p.W2.Shape[1], x.Shape[0]
	a1, a2 = make([]float64, b*h), make([]float64, b*k)
	for n := range b {
		for j := range h {
			z := float64(p.B1.Data[j])
			for i := range in {
				z += float64(x.Data[n*in+i]) * float64(p.W1.Data[i*h+j])
			}
			a1[n*h+j] = sigmoid(z)
		}
		for c := range k {
			z := float64(p.B2.Data[c])
			for j := range h {
				z += a1[n*h+j] * float64(p.W2.Data[j*k+c])
			}
			a2[n*k+c] = sigmoid(z)
		}
	}
	return a1, a2
}

// loss64 is keras' mean squared error in float64.
func loss64(p backprop.Params, x, y arrays.Array[float32]) float64 {
	_, a2 := forward64(p, x)
	var sum float64
	for i, a := range a2 {
		d := a - float64(y.Data[i])
		sum += d * d
	}
	return sum / float64(len(a2))
}

// refBackward is lesson 9's backward pass in float64 loops, or variant m of it.
func refBackward(p backprop.Params, x, y arrays.Array[float32], m mistake) []arrays.Array[float32] {
	in, h, k, b := p.W1.Shape[0], p.W1.Shape[1], p.W2.Shape[1], x.Shape[0]
	a1, a2 := forward64(p, x)
	scale := map[mistake]float64{noFactorTwo: 1 / float64(b*k), meanOverRows: 2 / float64(b), sumNotMean: 2}[m]
	if scale == 0 {
		scale = 2 / float64(b*k)
	}
	d2, d1 := make([]float64, b*k), make([]float64, b*h)
	for i, a := range a2 {
		d2[i] = scale * (a - float64(y.Data[i]))
		if m != noSigmaOutput {
			d2[i] *= a * (1 - a)
		}
	}
	for n := range b {
		for j := range h {
			var s float64
			for c := range k {
				s += d2[n*k+c] * float64(p.W2.Data[j*k+c])
			}
			if m != noSigmaHidden {
				s *= a1[n*h+j] * (1 - a1[n*h+j])
			}
			d1[n*h+j] = s
		}
	}
	g := []arrays.Array[float32]{arrays.New[float32](in, h), arrays.New[float32](h),
		arrays.New[float32](h, k), arrays.New[float32](k)}
	outer := func(dst arrays.Array[float32], left []float64, cols int, d []float64, dcols int) {
		for n := range b {
			for i := range cols {
				for j := range dcols {
					dst.Data[i*dcols+j] += float32(left[n*cols+i] * d[n*dcols+j])
				}
			}
		}
	}
	x64 := make([]float64, len(x.Data))
	for i, v := range x.Data {
		x64[i] = float64(v)
	}
	outer(g[0], x64, in, d1, h)
	outer(g[2], a1, h, d2, k)
	for n := range b {
		for j := range h {
			g[1].Data[j] += float32(d1[n*h+j])
		}
		for c := range k {
			g[3].Data[c] += float32(d2[n*k+c])
		}
	}
	return g
}

// finiteDifferences returns (L(w+h) − L(w−h))/2h for every parameter entry,
// with the loss in float64 and h = 1e-5.
func finiteDifferences(p backprop.Params, x, y arrays.Array[float32]) []arrays.Array[float32] {
	const h = 1e-5
	out := make([]arrays.Array[float32], 4)
	for k, a := range paramList(p) {
		out[k] = arrays.New[float32](a.Shape...)
		for j := range a.Data {
			q := cloneParams(p)
			entry := &paramList(q)[k].Data[j]
			// The parameters are float32, so the step is taken in float32 and
			// divided by the step actually taken.
			orig := *entry
			*entry = orig + h
			plus, up := loss64(q, x, y), float64(*entry)
			*entry = orig - h
			minus, down := loss64(q, x, y), float64(*entry)
			out[k].Data[j] = float32((plus - minus) / (up - down))
		}
	}
	return out
}

func cloneArr(a arrays.Array[float32]) arrays.Array[float32] {
	return arrays.Array[float32]{Shape: append([]int(nil), a.Shape...), Data: append([]float32(nil), a.Data...)}
}

func cloneParams(p backprop.Params) backprop.Params {
	return backprop.Params{W1: cloneArr(p.W1), B1: cloneArr(p.B1), W2: cloneArr(p.W2), B2: cloneArr(p.B2)}
}

// paramList lists W1, B1, W2, B2 (sharing their data).
func paramList(p backprop.Params) []arrays.Array[float32] {
	return []arrays.Array[float32]{p.W1, p.B1, p.W2, p.B2}
}

func maxAbs(v []float32) float64 {
	var m float64
	for _, x := range v {
		m = math.Max(m, math.Abs(float64(x)))
	}
	return m
}

// firstOff is the first index where got and want differ by more than tol
// (NaN counts as different), or -1.
func firstOff(got, want []float32, tol float64) int {
	for i := range want {
		if !(math.Abs(float64(got[i])-float64(want[i])) <= tol) {
			return i
		}
	}
	return -1
}
