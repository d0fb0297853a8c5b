package arrays

import (
	"fmt"
	"slices"
)

// Number is the set of element types an Array may hold.
type Number interface {
	~uint8 | ~int32 | ~int64 | ~int | ~float32 | ~float64
}

// Array is a dense n-dimensional array stored in row-major (C) order, the
// layout numpy and keras use. Shape lists the size of each axis, first axis
// first; len(Data) is the product of Shape.
type Array[T Number] struct {
	Shape []int
	Data  []T
}

// New returns a zero-filled Array with the given shape.
func New[T Number](shape ...int) Array[T] {
	return Array[T]{Shape: slices.Clone(shape), Data: make([]T, Size(shape))}
}

// Rows returns the size of the first axis, 0 for an empty shape.
func (a Array[T]) Rows() int {
	if len(a.Shape) == 0 {
		return 0
	}
	return a.Shape[0]
}

// RowSize returns the number of elements in one row: the product of all axes but the first.
func (a Array[T]) RowSize() int {
	if len(a.Shape) == 0 {
		return 0
	}
	return Size(a.Shape[1:])
}

// Row returns row i (all axes but the first, flattened) as a sub-slice of
// Data, not a copy. Like indexing a slice, it panics when i is outside
// 0..Rows()-1 (or Data is shorter than Shape says), with a message naming
// the index and the number of rows.
func (a Array[T]) Row(i int) []T {
	n := a.RowSize()
	if i < 0 || i >= a.Rows() || (i+1)*n > len(a.Data) {
		panic(fmt.Sprintf("arrays: Array.Row(%d) of an array of shape %v (%d rows, %d values): index out of range",
			i, a.Shape, a.Rows(), len(a.Data)))
	}
	return a.Data[i*n : (i+1)*n]
}

// String describes the array like R's str(): element type, shape and the first values.
func (a Array[T]) String() string {
	head := a.Data[:min(len(a.Data), 10)]
	return fmt.Sprintf("%T %v %v ...", *new(T), a.Shape, head)
}

// Size returns the number of elements an array of the given shape holds:
// the product of the dimensions (1 for a scalar shape).
func Size(shape []int) int {
	n := 1
	for _, d := range shape {
		n *= d
	}
	return n
}
