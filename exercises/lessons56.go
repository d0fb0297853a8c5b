package exercises

import (
	"fmt"
	"math"

	"github.com/gonb-courses/neuralnets/arrays"
)

// arr2 makes a [rows, cols] float32 array from its values, row by row.
func arr2(rows, cols int, v ...float32) arrays.Array[float32] {
	return arrays.Array[float32]{Shape: []int{rows, cols}, Data: v}
}

// CheckMSE checks exercise 5.1: f(pred, y) must return keras'
// mean_squared_error of outputs pred [B, K] against labels y [B, K]: the
// mean over all B·K squared differences (within 1e-6 relative).
func CheckMSE(f func(pred, y arrays.Array[float32]) float64) error {
	const name, tol = "MSE", 1e-6
	cases := [][2]arrays.Array[float32]{
		{arr2(1, 2, 0.5, 0.5), arr2(1, 2, 1, 0)},
		{arr2(2, 3, 0.9, 0.1, 0.2, 0.3, 0.3, 0.6), arr2(2, 3, 1, 0, 0, 0, 0, 1)},
		{arr2(3, 1, 1, 0, 0.5), arr2(3, 1, 1, 0, 1)},
	}
	for _, c := range cases {
		pred, y := c[0], c[1]
		in := fmt.Sprintf("pred %v = %v, y = %v", pred.Shape, pred.Data, y.Data)
		var got float64
		if err := protect(name, in, func() { got = f(pred, y) }); err != nil {
			return err
		}
		var sum float64
		for i := range pred.Data {
			d := float64(pred.Data[i] - y.Data[i])
			sum += d * d
		}
		rows, cols := float64(pred.Shape[0]), float64(pred.Shape[1])
		want := sum / (rows * cols)
		if near(got, want, tol) {
			continue
		}
		hint := "square each difference pred − y, add them all up, divide by B·K"
		switch {
		case cols > 1 && near(got, sum/rows, tol):
			hint = "K times too big: keras averages over the K outputs of a row too, not only over the B rows"
		case rows > 1 && near(got, sum/cols, tol):
			hint = "B times too big: average over the rows of the batch too"
		case near(got, sum, tol):
			hint = "that is the sum; keras reports the mean, over all B·K entries"
		case near(got, want/2, tol):
			hint = "half the answer: the ½ of the lecture's cost C is not in keras' mean squared error"
		case near(got, math.Sqrt(want), tol):
			hint = "that is the root of the mean square; keras' loss has no square root"
		}
		return fail(name, in, fmt.Sprintf("%.6g", want), fmt.Sprintf("%.6g", got), hint)
	}
	return nil
}

// CheckSaturated checks exercise 5.2: f(a, eps) must count the values of a
// (sigmoid outputs) within eps of 0 or of 1, where the sigmoid's slope, and
// so learning, nearly stops. A value exactly eps away counts.
func CheckSaturated(f func(a []float32, eps float64) int) error {
	const name = "Saturated"
	cases := []struct {
		a   []float32
		eps float64
	}{
		{[]float32{0.001, 0.5, 0.999}, 0.01},
		{[]float32{0.995, 0.999, 0.3, 0.98}, 0.01},
		{[]float32{0.002, 0.004, 0.9}, 0.01},
		{[]float32{0.25, 0.75, 0.5}, 0.25},
		{[]float32{0.4, 0.6}, 0.01},
	}
	for _, c := range cases {
		in := fmt.Sprintf("a = %v, eps = %g", c.a, c.eps)
		var got int
		if err := protect(name, in, func() { got = f(append([]float32(nil), c.a...), c.eps) }); err != nil {
			return err
		}
		low, high, strict := 0, 0, 0
		for _, v := range c.a {
			if float64(v) < c.eps || float64(v) > 1-c.eps {
				strict++
			}
			// In float32 0.25 and 0.75 are exact, so the edge case is exact too.
			if float64(v) <= c.eps {
				low++
			} else if float64(v) >= 1-c.eps {
				high++
			}
		}
		if want := low + high; got != want {
			hint := "count v <= eps (near 0) and v >= 1 − eps (near 1)"
			switch {
			case got == low && high > 0:
				hint = "you counted only the values near 0; values near 1 saturate the sigmoid too"
			case got == high && low > 0:
				hint = "you counted only the values near 1; values near 0 saturate the sigmoid too"
			case got == strict:
				hint = "a value exactly eps away from 0 or 1 counts: use <= and >="
			}
			return fail(name, in, fmt.Sprint(want), fmt.Sprint(got), hint)
		}
	}
	return nil
}

// CheckAccuracy checks exercise 6.1: f(outputs, labels) must return the
// fraction of rows of outputs [n, K] whose largest value is in the column
// where the one-hot labels [n, K] have their 1 (within 1e-12).
func CheckAccuracy(f func(outputs, labels arrays.Array[float32]) float64) error {
	const name, tol = "Accuracy", 1e-12
	cases := [][2]arrays.Array[float32]{
		// 4 rows, 3 classes: rows 0 and 3 right, 1 and 2 wrong.
		{arr2(4, 3, 0.7, 0.2, 0.1, 0.1, 0.3, 0.2, 0.6, 0.5, 0.1, 0.2, 0.1, 0.9),
			arr2(4, 3, 1, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 1)},
		// 5 rows, 2 classes: 4 right.
		{arr2(5, 2, 0.9, 0.1, 0.2, 0.8, 0.6, 0.4, 0.3, 0.7, 0.45, 0.55),
			arr2(5, 2, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0)},
		// 2 rows, 4 classes: outputs all small (sigmoids need not add up to 1), both right.
		{arr2(2, 4, 0.01, 0.02, 0.05, 0.03, 0.2, 0.1, 0.1, 0.1), arr2(2, 4, 0, 0, 1, 0, 1, 0, 0, 0)},
	}
	for _, c := range cases {
		out, lab := c[0], c[1]
		in := fmt.Sprintf("outputs %v = %v, labels = %v", out.Shape, out.Data, lab.Data)
		var got float64
		if err := protect(name, in, func() { got = f(out, lab) }); err != nil {
			return err
		}
		n, k := out.Shape[0], out.Shape[1]
		correct := 0
		for r := range n {
			if argmax(out.Data[r*k:(r+1)*k]) == argmax(lab.Data[r*k:(r+1)*k]) {
				correct++
			}
		}
		want := float64(correct) / float64(n)
		if near(got, want, tol) {
			continue
		}
		hint := "for each row, compare the column of the largest output with the column of the label's 1; " +
			"accuracy = correct rows / rows"
		switch {
		case near(got, float64(correct)/float64(k), tol):
			hint = "you divided by the number of classes (columns); divide by the number of rows (images)"
		case near(got, float64(correct), tol):
			hint = "that is the number of correct rows; divide it by the number of rows"
		case near(got, 1-want, tol):
			hint = "that is the error rate: count the rows that are right"
		}
		return fail(name, in, fmt.Sprintf("%.6g", want), fmt.Sprintf("%.6g", got), hint)
	}
	return nil
}

// argmax is the index of the first largest value.
func argmax(v []float32) int {
	best := 0
	for i, x := range v {
		if x > v[best] {
			best = i
		}
	}
	return best
}

// CheckRecall checks exercise 6.2: f(confusion) must return each class's
// recall, the diagonal entry over its row's sum, for a confusion matrix whose
// row i counts the images of true class i by predicted class (within 1e-12).
func CheckRecall(f func(confusion [][]int) []float64) error {
	const name, tol = "Recall", 1e-12
	cases := [][][]int{
		{{8, 2}, {1, 9}},
		{{5, 0, 5}, {2, 6, 2}, {0, 1, 3}},
	}
	for _, c := range cases {
		in := fmt.Sprintf("confusion %v", c)
		var got []float64
		if err := protect(name, in, func() { got = f(c) }); err != nil {
			return err
		}
		want, precision := make([]float64, len(c)), make([]float64, len(c))
		for i := range c {
			row, col := 0, 0
			for j := range c {
				row += c[i][j]
				col += c[j][i]
			}
			want[i] = float64(c[i][i]) / float64(row)
			precision[i] = float64(c[i][i]) / float64(col)
		}
		if allNear(got, want, tol) {
			continue
		}
		hint := "recall of class i = confusion[i][i] / (sum of row i): of the images of class i, the share found"
		if allNear(got, precision, tol) {
			hint = "you divided by the column sums: that is precision (of the images predicted i, the share " +
				"right). Recall divides by the row sums"
		} else if len(got) != len(want) {
			hint = "return one recall per class, len(confusion) of them"
		}
		return fail(name, in, floats(want), floats(got), hint)
	}
	return nil
}
