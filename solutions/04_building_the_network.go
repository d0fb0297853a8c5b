package solutions

import "math"

// begin exercise 4.1

// DenseParams counts the weights and biases of a dense network with layers
// of the given sizes, the input first.
func DenseParams(sizes ...int) int {
	total := 0
	for i := 1; i < len(sizes); i++ {
		total += sizes[i-1]*sizes[i] + sizes[i] // kernel, then one bias per unit
	}
	return total
}

// end exercise 4.1

// begin exercise 4.2

// GlorotLimit is the glorot_uniform bound sqrt(6/(fanIn + fanOut)).
func GlorotLimit(fanIn, fanOut int) float64 {
	return math.Sqrt(6 / float64(fanIn+fanOut))
}

// end exercise 4.2
