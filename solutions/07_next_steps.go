package solutions

import "math"

// begin exercise 7.1

// Softmax returns e^z_i / Σ_j e^z_j, computed with max(z) subtracted first so
// that large z do not overflow.
func Softmax(z []float64) []float64 {
	m := math.Inf(-1)
	for _, v := range z {
		m = math.Max(m, v)
	}
	p, sum := make([]float64, len(z)), 0.0
	for i, v := range z {
		p[i] = math.Exp(v - m)
		sum += p[i]
	}
	for i := range p {
		p[i] /= sum
	}
	return p
}

// end exercise 7.1

// begin exercise 7.2

// CrossEntropy is −Σ_k y_k·log(p_k).
func CrossEntropy(p, y []float64) float64 {
	var loss float64
	for k := range p {
		if y[k] != 0 {
			loss -= y[k] * math.Log(p[k])
		}
	}
	return loss
}

// end exercise 7.2
