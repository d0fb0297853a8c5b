package arrays_test

import (
	"fmt"

	"github.com/gonb-courses/neuralnets/arrays"
)

// Two 2x3 "images" flattened to rows of 6, row after row as keras'
// array_reshape does. R's dim<- would give 0 3 1 4 2 5 for the first row.
func ExampleReshape() {
	images := arrays.Array[uint8]{
		Shape: []int{2, 2, 3},
		Data:  []uint8{0, 1, 2, 3, 4, 5, 10, 11, 12, 13, 14, 15},
	}
	rows, err := arrays.Reshape(images, images.Rows(), -1)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(rows.Shape, rows.Row(0), rows.Row(1))

	_, err = arrays.Reshape(images, 5, -1)
	fmt.Println(err)
	// Output:
	// [2 6] [0 1 2 3 4 5] [10 11 12 13 14 15]
	// arrays: shape mismatch: Reshape of [2 2 3] (12 elements) to [5 -1]: no size for -1 fits
}

func ExampleToCategorical() {
	labels := arrays.Array[uint8]{Shape: []int{3}, Data: []uint8{5, 0, 4}}
	onehot, err := arrays.ToCategorical(labels, 10)
	if err != nil {
		fmt.Println(err)
		return
	}
	for i := range onehot.Rows() {
		fmt.Println(labels.Data[i], onehot.Row(i))
	}

	_, err = arrays.ToCategorical(labels, 5)
	fmt.Println(err)
	// Output:
	// 5 [0 0 0 0 0 1 0 0 0 0]
	// 0 [1 0 0 0 0 0 0 0 0 0]
	// 4 [0 0 0 0 1 0 0 0 0 0]
	// arrays: label out of range: ToCategorical: label 5 at index 0, want 0..4
}

func ExampleToFloat32() {
	grey := arrays.Array[uint8]{Shape: []int{1, 4}, Data: []uint8{0, 51, 204, 255}}
	scaled, err := arrays.ToFloat32(grey, 255) // [0, 1], as x / 255 in R
	if err != nil {
		fmt.Println(err)
		return
	}
	raw, err := arrays.ToFloat32(grey, 1) // grey levels kept as they are
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(scaled.Data, raw.Data)

	_, err = arrays.ToFloat32(grey, 0)
	fmt.Println(err)
	// Output:
	// [0 0.2 0.8 1] [0 51 204 255]
	// arrays: invalid argument: ToFloat32: divisor 0, want a finite number > 0
}
