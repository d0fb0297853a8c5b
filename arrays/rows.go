package arrays

import "fmt"

// Head returns the first n rows of a (all of them when a has fewer), sharing
// a's data rather than copying it, like R's head() on a matrix. It is the
// quick way to train on a subset: Head(x, 6000) with Head(y, 6000).
func Head[T Number](a Array[T], n int) Array[T] {
	n = max(0, min(n, a.Rows()))
	if len(a.Shape) == 0 {
		return a
	}
	shape := append([]int{n}, a.Shape[1:]...)
	return Array[T]{Shape: shape, Data: a.Data[:n*a.RowSize()]}
}

// ArgMax returns, for each row of a [n, classes] array of network outputs,
// the index of its largest value: the predicted class, as keras'
// k_argmax(predictions) gives it. Ties go to the first index. A row holding
// NaN gets the index of the largest non-NaN value.
func ArgMax(outputs Array[float32]) ([]int, error) {
	if len(outputs.Shape) != 2 || outputs.Shape[1] < 1 {
		return nil, fmt.Errorf("%w: ArgMax needs [rows, classes] outputs, got shape %v", ErrShape, outputs.Shape)
	}
	if len(outputs.Data) != Size(outputs.Shape) {
		return nil, fmt.Errorf("%w: outputs has %d values for shape %v", ErrShape, len(outputs.Data), outputs.Shape)
	}
	classes := make([]int, outputs.Rows())
	for i := range classes {
		row := outputs.Row(i)
		best := 0
		for j, v := range row {
			if v > row[best] || row[best] != row[best] { // row[best] != row[best]: NaN
				best = j
			}
		}
		classes[i] = best
	}
	return classes, nil
}
