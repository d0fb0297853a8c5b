package solutions

import "github.com/gonb-courses/neuralnets/arrays"

// begin exercise 3.1

// OneHot encodes each label as a row of classes values: 1 in column label, 0 elsewhere.
func OneHot(labels []uint8, classes int) arrays.Array[float32] {
	y := arrays.New[float32](len(labels), classes)
	for r, label := range labels {
		y.Row(r)[label] = 1
	}
	return y
}

// end exercise 3.1

// begin exercise 3.2

// ZeroFraction returns the fraction of the values of x that are exactly 0.
func ZeroFraction(x arrays.Array[uint8]) float64 {
	zeros := 0
	for _, v := range x.Data {
		if v == 0 {
			zeros++
		}
	}
	return float64(zeros) / float64(len(x.Data))
}

// end exercise 3.2
