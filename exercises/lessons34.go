package exercises

import (
	"fmt"
	"math"

	"github.com/gonb-courses/neuralnets/arrays"
)

// CheckOneHot checks exercise 3.1: f(labels, classes) must return an
// [n, classes] array whose row r is all zeros except a 1 in column
// labels[r], as arrays.ToCategorical does.
func CheckOneHot(f func(labels []uint8, classes int) arrays.Array[float32]) error {
	const name = "OneHot"
	cases := []struct {
		labels  []uint8
		classes int
	}{{[]uint8{3}, 10}, {[]uint8{7, 2, 9, 1}, 10}, {[]uint8{0, 2, 1, 0}, 3}}
	for _, c := range cases {
		in := fmt.Sprintf("labels %v, %d classes", c.labels, c.classes)
		var got arrays.Array[float32]
		if err := protect(name, in, func() { got = f(append([]uint8(nil), c.labels...), c.classes) }); err != nil {
			return err
		}
		wantShape := fmt.Sprint([]int{len(c.labels), c.classes})
		if fmt.Sprint(got.Shape) != wantShape || len(got.Data) != len(c.labels)*c.classes {
			return fail(name, in, "shape "+wantShape, fmt.Sprintf("shape %v with %d values", got.Shape, len(got.Data)),
				"one row per label, one column per class: arrays.New[float32](len(labels), classes)")
		}
		for r, label := range c.labels {
			row := got.Data[r*c.classes : (r+1)*c.classes]
			if oneAt(row, int(label)) {
				continue
			}
			rin := fmt.Sprintf("%s, row %d (label %d)", in, r, label)
			hint := "row r is zero except a 1 in column labels[r]"
			switch {
			case int(label) > 0 && oneAt(row, int(label)-1):
				hint = "the 1 is one column too far left: columns count from 0, so label d goes in column d, not d−1"
			case int(label)+1 < c.classes && oneAt(row, int(label)+1):
				hint = "the 1 is one column too far right: label d goes in column d"
			}
			return fail(name, rin, "row "+floats(oneHotRow(int(label), c.classes)), "row "+floats(row), hint)
		}
	}
	return nil
}

// oneAt reports whether row is 0 everywhere except a 1 at column k.
func oneAt(row []float32, k int) bool {
	for i, v := range row {
		if (i == k) != (v == 1) || (i != k && v != 0) {
			return false
		}
	}
	return k >= 0 && k < len(row)
}

func oneHotRow(k, classes int) []float32 {
	row := make([]float32, classes)
	row[k] = 1
	return row
}

// CheckZeroFraction checks exercise 3.2: f(x) must return the fraction of
// the values of x (any shape) that are exactly 0, within 1e-12.
func CheckZeroFraction(f func(x arrays.Array[uint8]) float64) error {
	const name, tol = "ZeroFraction", 1e-12
	cases := []arrays.Array[uint8]{
		{Shape: []int{3, 1, 1}, Data: []uint8{0, 0, 0}},
		{Shape: []int{1, 2, 2}, Data: []uint8{0, 255, 0, 0}},
		{Shape: []int{2, 3}, Data: []uint8{0, 1, 2, 0, 0, 9}},
		{Shape: []int{1, 4}, Data: []uint8{7, 7, 7, 7}},
	}
	for _, x := range cases {
		in := fmt.Sprintf("x %v = %v", x.Shape, x.Data)
		var got float64
		if err := protect(name, in, func() { got = f(x) }); err != nil {
			return err
		}
		zeros := 0
		for _, v := range x.Data {
			if v == 0 {
				zeros++
			}
		}
		want := float64(zeros) / float64(len(x.Data))
		if near(got, want, tol) {
			continue
		}
		hint := "count the values equal to 0 and divide by the number of values, len(x.Data)"
		switch {
		case near(got, 1-want, tol):
			hint = "that is the fraction of non-zero values: count the pixels that ARE 0"
		case got == math.Floor(want) && want != math.Floor(want):
			hint = "integer division rounds down: convert to float64 before dividing"
		case x.Rows() > 0 && near(got, float64(zeros)/float64(x.Rows()), tol):
			hint = "you divided by the number of images; divide by the number of pixels, len(x.Data)"
		}
		return fail(name, in, fmt.Sprintf("%.6g", want), fmt.Sprintf("%.6g", got), hint)
	}
	return nil
}

// CheckDenseParams checks exercise 4.1: f(sizes...) must return the number of
// weights and biases of a dense network whose layers have the given sizes,
// the input first: 784, 30, 10 has 784·30 + 30 + 30·10 + 10 = 23,860.
func CheckDenseParams(f func(sizes ...int) int) error {
	const name = "DenseParams"
	for _, sizes := range [][]int{{784, 30, 10}, {784, 100, 100, 10}, {2, 1}, {3, 5, 1}, {784}} {
		in := fmt.Sprintf("sizes %v", sizes)
		var got int
		if err := protect(name, in, func() { got = f(append([]int(nil), sizes...)...) }); err != nil {
			return err
		}
		weights, biases := 0, 0
		for i := 1; i < len(sizes); i++ {
			weights += sizes[i-1] * sizes[i]
			biases += sizes[i]
		}
		if want := weights + biases; got != want {
			hint := "each layer has (inputs × units) weights and one bias per unit"
			switch {
			case got == weights:
				hint = fmt.Sprintf("%d short: the biases are missing, one per unit of every layer", biases)
			case got == weights+biases+sizes[0]:
				hint = "the input layer has no biases: it holds the data, it does not compute"
			case got == weights+biases-sizes[len(sizes)-1]:
				hint = "the output layer has biases too"
			}
			return fail(name, in, fmt.Sprint(want), fmt.Sprint(got), hint)
		}
	}
	return nil
}

// CheckGlorotLimit checks exercise 4.2: f(fanIn, fanOut) must return the
// glorot_uniform limit sqrt(6/(fanIn + fanOut)) within 1e-12.
func CheckGlorotLimit(f func(fanIn, fanOut int) float64) error {
	const name, tol = "GlorotLimit", 1e-12
	for _, c := range [][2]int{{2, 2}, {784, 30}, {30, 10}, {1, 5}, {512, 512}} {
		in := fmt.Sprintf("fanIn = %d, fanOut = %d", c[0], c[1])
		var got float64
		if err := protect(name, in, func() { got = f(c[0], c[1]) }); err != nil {
			return err
		}
		sum := float64(c[0] + c[1])
		want := math.Sqrt(6 / sum)
		if near(got, want, tol) {
			continue
		}
		hint := "the limit is sqrt(6 / (fanIn + fanOut))"
		switch {
		case got == math.Sqrt(float64(6/(c[0]+c[1]))):
			hint = "6/(fanIn+fanOut) in integers is 0 or rounded down: divide as float64"
		case near(got, 6/sum, tol):
			hint = "the square root is missing"
		case near(got, math.Sqrt(6/float64(c[0])), tol):
			hint = "Glorot's limit uses both fans, fanIn + fanOut, not fanIn alone (that is closer to He's)"
		}
		return fail(name, in, fmt.Sprintf("%.9g", want), fmt.Sprintf("%.9g", got), hint)
	}
	return nil
}
