package arrays

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"testing"
)

func TestHead(t *testing.T) {
	a := Array[uint8]{Shape: []int{3, 2}, Data: []uint8{1, 2, 3, 4, 5, 6}}
	for _, tc := range []struct {
		n    int
		want []uint8
	}{{0, nil}, {1, []uint8{1, 2}}, {2, []uint8{1, 2, 3, 4}}, {3, a.Data}, {10, a.Data}, {-1, nil}} {
		h := Head(a, tc.n)
		if h.Rows() != len(tc.want)/2 || !slices.Equal(h.Data, tc.want) && len(tc.want) > 0 {
			t.Errorf("Head(a, %d) = %v, want rows %v", tc.n, h, tc.want)
		}
		if len(h.Data) != Size(h.Shape) {
			t.Errorf("Head(a, %d): %d values for shape %v", tc.n, len(h.Data), h.Shape)
		}
	}
	if !slices.Equal(a.Shape, []int{3, 2}) {
		t.Errorf("Head changed a's shape to %v", a.Shape)
	}
}

func TestArgMax(t *testing.T) {
	nan := float32(math.NaN())
	out := Array[float32]{Shape: []int{4, 3}, Data: []float32{
		0.1, 0.7, 0.2, // 1
		0.5, 0.5, 0.1, // tie: first
		nan, 0.2, 0.3, // NaN skipped: 2
		0.9, nan, 0.1, // 0
	}}
	got, err := ArgMax(out)
	if err != nil || !slices.Equal(got, []int{1, 0, 2, 0}) {
		t.Errorf("ArgMax = %v, %v; want [1 0 2 0]", got, err)
	}
	for _, bad := range []Array[float32]{{Shape: []int{3}, Data: make([]float32, 3)}, {Shape: []int{2, 3}, Data: make([]float32, 5)}} {
		if _, err := ArgMax(bad); !errors.Is(err, ErrShape) {
			t.Errorf("ArgMax(shape %v, %d values) err = %v, want ErrShape", bad.Shape, len(bad.Data), err)
		}
	}
}

func ExampleHead() {
	x := New[float32](60000, 784)
	subset := Head(x, 6000)
	fmt.Println(subset.Shape)
	// Output: [6000 784]
}

func ExampleArgMax() {
	outputs := Array[float32]{Shape: []int{2, 3}, Data: []float32{0.1, 0.8, 0.3, 0.6, 0.2, 0.1}}
	classes, err := ArgMax(outputs)
	fmt.Println(classes, err)
	// Output: [1 0] <nil>
}

// TestArrayRowOutOfRange asks for rows that do not exist (issue 14, item
// 8): the panic names the index and the number of rows.
func TestArrayRowOutOfRange(t *testing.T) {
	a := New[float32](3, 2)
	for _, i := range []int{-1, 3, 5} {
		msg := func() (msg string) {
			defer func() { msg = fmt.Sprint(recover()) }()
			a.Row(i)
			return "no panic"
		}()
		want := fmt.Sprintf("arrays: Array.Row(%d) of an array of shape [3 2] (3 rows, 6 values): index out of range", i)
		if msg != want {
			t.Errorf("Row(%d) panicked with %q, want %q", i, msg, want)
		}
	}
	if got := a.Row(2); len(got) != 2 {
		t.Errorf("Row(2) has %d values, want 2", len(got))
	}
}
