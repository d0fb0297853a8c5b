package solutions

// begin exercise 2.1

// GDStep returns the weights after one gradient-descent step, w − eta·grad.
func GDStep(w, grad []float64, eta float64) []float64 {
	next := make([]float64, len(w))
	for i := range w {
		next[i] = w[i] - eta*grad[i]
	}
	return next
}

// end exercise 2.1

// begin exercise 2.2

// StepsPerEpoch returns how many batches of size batch one pass over n
// examples takes, and the size of the last one.
func StepsPerEpoch(n, batch int) (steps, last int) {
	steps = (n + batch - 1) / batch // rounded up: a partial batch is a step too
	return steps, n - (steps-1)*batch
}

// end exercise 2.2
