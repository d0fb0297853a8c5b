package solutions

import "math"

// begin exercise 1.1

// SigmoidPrime is the sigmoid's slope σ'(z) = σ(z)(1 − σ(z)).
func SigmoidPrime(z float64) float64 {
	s := 1 / (1 + math.Exp(-z))
	return s * (1 - s)
}

// end exercise 1.1

// begin exercise 1.2

// AndNeuron returns weights and a bias for which σ(w1·x1 + w2·x2 + b) is a
// logical AND: z = 10 for (1, 1), −5 for one input on, −15 for none.
func AndNeuron() (w1, w2, b float64) {
	return 10, 10, -15
}

// end exercise 1.2
