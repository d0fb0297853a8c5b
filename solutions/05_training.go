package solutions

import "github.com/gonb-courses/neuralnets/arrays"

// begin exercise 5.1

// MSE is keras' mean_squared_error: the mean of all B·K squared differences.
func MSE(pred, y arrays.Array[float32]) float64 {
	var sum float64
	for i := range pred.Data {
		d := float64(pred.Data[i]) - float64(y.Data[i])
		sum += d * d
	}
	return sum / float64(len(pred.Data))
}

// end exercise 5.1

// begin exercise 5.2

// Saturated counts the values of a within eps of 0 or of 1.
func Saturated(a []float32, eps float64) int {
	n := 0
	for _, v := range a {
		if float64(v) <= eps || float64(v) >= 1-eps {
			n++
		}
	}
	return n
}

// end exercise 5.2
