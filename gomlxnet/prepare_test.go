package gomlxnet

import (
	"errors"
	"fmt"
	"slices"
	"testing"
)

// tinySplit is a 3-image split of 28x28 images whose pixel k of image i is i+k (mod 256).
func tinySplit() Split {
	x := NewArray[uint8](3, 28, 28)
	for i := range 3 {
		for k, row := 0, x.Row(i); k < len(row); k++ {
			row[k] = uint8(i + k)
		}
	}
	return Split{X: x, Y: Array[uint8]{Shape: []int{3}, Data: []uint8{5, 0, 4}}}
}

func TestPrepareMNIST(t *testing.T) {
	for _, tc := range []struct {
		rows, want int
		scale      float32
	}{{0, 3, 1}, {2, 2, 255}, {5, 3, 1}} {
		x, y, err := PrepareMNIST(tinySplit(), tc.rows, tc.scale)
		if err != nil {
			t.Fatalf("PrepareMNIST(rows %d): %v", tc.rows, err)
		}
		if !slices.Equal(x.Shape, []int{tc.want, 784}) || !slices.Equal(y.Shape, []int{tc.want, 10}) {
			t.Errorf("rows %d: shapes %v %v, want [%d 784] [%d 10]", tc.rows, x.Shape, y.Shape, tc.want, tc.want)
		}
		// Row-major: image 1's pixel (row 1, column 0) is flat index 28, value (1+28)/scale.
		if got, want := x.Row(1)[28], float32(29)/tc.scale; got != want {
			t.Errorf("rows %d: x[1][28] = %v, want %v", tc.rows, got, want)
		}
		if y.Row(0)[5] != 1 || y.Row(1)[0] != 1 {
			t.Errorf("rows %d: one-hot rows %v %v", tc.rows, y.Row(0), y.Row(1))
		}
	}
	bad := tinySplit()
	bad.Y.Data[1] = 12
	if _, _, err := PrepareMNIST(bad, 0, 1); !errors.Is(err, ErrLabel) && !errors.Is(err, ErrArgument) {
		t.Errorf("label 12: err = %v, want a label error", err)
	}
	if _, _, err := PrepareMNIST(tinySplit(), 0, 0); err == nil {
		t.Errorf("scale 0: no error")
	}
}

func ExamplePrepareMNIST() {
	x, y, err := PrepareMNIST(tinySplit(), 2, 255)
	fmt.Println(x.Shape, y.Shape, y.Row(0), err)
	// Output: [2 784] [2 10] [0 0 0 0 0 1 0 0 0 0] <nil>
}
