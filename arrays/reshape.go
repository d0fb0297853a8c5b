package arrays

import (
	"fmt"
	"math"
	"slices"
)

// Reshape returns a with a new shape, keeping the elements in row-major
// (C) order, as keras' array_reshape() does in R: reshaping MNIST's [n, 28, 28]
// images to [n, 784] lays each image out row after row, the order Python,
// numpy and keras use. One dimension may be -1; it is inferred from the others.
// The result shares Data with a (a row-major reshape moves no element).
// Reshape fails with ErrShape when the sizes disagree.
//
// R's own `dim(x) <- c(n, 784)` gives a different answer because R stores
// arrays column-major (first index fastest): assigning dim keeps the storage
// and reinterprets it in that Fortran order, so each image is read column by
// column. Take one 2x3 image with rows "a b c" and "d e f":
//
//	Reshape (row-major, like array_reshape):  a b c d e f
//	R's dim<- (column-major):                      a d b e c f
//
// For 28x28 digits the second order is the transposed image: still the same
// 784 numbers, but a different pixel at every position than keras, numpy or
// an image viewer expect, and neighbouring pixels are no longer neighbours.
func Reshape[T Number](a Array[T], shape ...int) (Array[T], error) {
	if err := checkArrayData(a.Shape, len(a.Data)); err != nil {
		return Array[T]{}, fmt.Errorf("%w: Reshape: %w", ErrShape, err)
	}
	shape = slices.Clone(shape)
	unknown, known := -1, 1
	for i, d := range shape {
		switch {
		case d == -1 && unknown >= 0:
			return Array[T]{}, fmt.Errorf("%w: Reshape to %v: more than one -1 dimension", ErrShape, shape)
		case d == -1:
			unknown = i
		case d < 0:
			return Array[T]{}, fmt.Errorf("%w: Reshape to %v: negative dimension %d", ErrShape, shape, d)
		case d > 0 && known > math.MaxInt/d:
			return Array[T]{}, fmt.Errorf("%w: Reshape to %v: size overflows int", ErrShape, shape)
		default:
			known *= d
		}
	}
	size := len(a.Data)
	if unknown >= 0 {
		if known == 0 || size%known != 0 {
			return Array[T]{}, fmt.Errorf("%w: Reshape of %v (%d elements) to %v: no size for -1 fits",
				ErrShape, a.Shape, size, shape)
		}
		shape[unknown] = size / known
		known = size
	}
	if known != size {
		return Array[T]{}, fmt.Errorf("%w: Reshape of %v (%d elements) to %v (%d elements)",
			ErrShape, a.Shape, size, shape, known)
	}
	return Array[T]{Shape: shape, Data: a.Data}, nil
}

// maxCategoricalClasses is the most classes ToCategorical accepts: a uint8
// label can name at most 256 classes.
const maxCategoricalClasses = 256

// ToCategorical one-hot encodes class labels, as keras' to_categorical() does:
// the result has the shape of labels plus a last axis of numClasses, with 1
// at each label's position and 0 elsewhere. Like keras, a trailing axis of
// size 1 in labels (shape [n, 1]) is dropped first, giving [n, numClasses].
// It fails with ErrArgument unless 1 <= numClasses <= 256, and with ErrLabel
// for a label >= numClasses.
func ToCategorical(labels Array[uint8], numClasses int) (Array[float32], error) {
	if numClasses < 1 || numClasses > maxCategoricalClasses {
		return Array[float32]{}, fmt.Errorf("%w: ToCategorical: numClasses %d, want 1..%d",
			ErrArgument, numClasses, maxCategoricalClasses)
	}
	if err := checkArrayData(labels.Shape, len(labels.Data)); err != nil {
		return Array[float32]{}, fmt.Errorf("%w: ToCategorical: %w", ErrShape, err)
	}
	shape := slices.Clone(labels.Shape)
	if len(shape) > 1 && shape[len(shape)-1] == 1 {
		shape = shape[:len(shape)-1]
	}
	out := New[float32](append(shape, numClasses)...)
	for i, label := range labels.Data {
		if int(label) >= numClasses {
			return Array[float32]{}, fmt.Errorf("%w: ToCategorical: label %d at index %d, want 0..%d",
				ErrLabel, label, i, numClasses-1)
		}
		out.Data[i*numClasses+int(label)] = 1
	}
	return out, nil
}

// ToFloat32 converts grey levels to float32, dividing each by divisor: 255
// scales MNIST's 0..255 to [0, 1] (x.train / 255 in R), 1 keeps 0..255. The
// result has the shape of x. It fails with ErrArgument unless divisor is
// finite and positive.
func ToFloat32(x Array[uint8], divisor float32) (Array[float32], error) {
	if !(divisor > 0) || math.IsInf(float64(divisor), 1) {
		return Array[float32]{}, fmt.Errorf("%w: ToFloat32: divisor %v, want a finite number > 0",
			ErrArgument, divisor)
	}
	if err := checkArrayData(x.Shape, len(x.Data)); err != nil {
		return Array[float32]{}, fmt.Errorf("%w: ToFloat32: %w", ErrShape, err)
	}
	out := Array[float32]{Shape: slices.Clone(x.Shape), Data: make([]float32, len(x.Data))}
	for i, v := range x.Data {
		out.Data[i] = float32(v) / divisor
	}
	return out, nil
}

// checkArrayData reports an array whose shape has a negative dimension or
// does not match its number of elements n.
func checkArrayData(shape []int, n int) error {
	size := 1
	for _, d := range shape {
		if d < 0 {
			return fmt.Errorf("negative dimension in shape %v", shape)
		}
		if d > 0 && size > math.MaxInt/d {
			return fmt.Errorf("shape %v overflows int", shape)
		}
		size *= d
	}
	if size != n {
		return fmt.Errorf("shape %v needs %d elements, Data has %d", shape, size, n)
	}
	return nil
}
