package arrays

import (
	"errors"
	"math"
	"slices"
	"testing"
)

// arangeU8 returns an Array holding 0, 1, 2, ... with the given shape.
func arangeU8(shape ...int) Array[uint8] {
	a := New[uint8](shape...)
	for i := range a.Data {
		a.Data[i] = uint8(i)
	}
	return a
}

func TestReshape(t *testing.T) {
	tests := []struct {
		name      string
		in        Array[uint8]
		shape     []int
		wantShape []int
		wantErr   error
	}{
		{"images to rows", arangeU8(2, 2, 3), []int{2, 6}, []int{2, 6}, nil},
		{"infer rows", arangeU8(2, 2, 3), []int{-1, 6}, []int{2, 6}, nil},
		{"infer columns", arangeU8(2, 2, 3), []int{2, -1}, []int{2, 6}, nil},
		{"flatten", arangeU8(2, 2, 3), []int{-1}, []int{12}, nil},
		{"empty array", arangeU8(0, 28, 28), []int{0, 784}, []int{0, 784}, nil},
		{"sizes disagree", arangeU8(2, 2, 3), []int{5, 2}, nil, ErrShape},
		{"two unknowns", arangeU8(2, 2, 3), []int{-1, -1}, nil, ErrShape},
		{"unknown does not divide", arangeU8(2, 2, 3), []int{5, -1}, nil, ErrShape},
		{"unknown beside zero", arangeU8(0, 3), []int{0, -1}, nil, ErrShape},
		{"negative dimension", arangeU8(2, 2, 3), []int{-2, -6}, nil, ErrShape},
		{"overflow", arangeU8(2), []int{math.MaxInt, 2, 0, -1}, nil, ErrShape},
		{"inconsistent input", Array[uint8]{Shape: []int{2, 2}, Data: []uint8{1}}, []int{1}, nil, ErrShape},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Reshape(tt.in, tt.shape...)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Reshape(%v, %v) error = %v, want %v", tt.in.Shape, tt.shape, err, tt.wantErr)
			}
			if tt.wantErr != nil {
				return
			}
			if !slices.Equal(got.Shape, tt.wantShape) || !slices.Equal(got.Data, tt.in.Data) {
				t.Errorf("Reshape(%v, %v) = %v %v, want %v with the data unchanged",
					tt.in.Shape, tt.shape, got.Shape, got.Data, tt.wantShape)
			}
		})
	}
}

// TestReshapeRowMajor checks that a reshaped image row holds pixel (r, c)
// at r*cols + c, the order keras' array_reshape gives, not R's column order.
func TestReshapeRowMajor(t *testing.T) {
	const rows, cols = 2, 3
	x := arangeU8(2, rows, cols)
	flat, err := Reshape(x, 2, -1)
	if err != nil {
		t.Fatal(err)
	}
	for img := range 2 {
		for r := range rows {
			for c := range cols {
				want := x.Data[img*rows*cols+r*cols+c]
				if got := flat.Row(img)[r*cols+c]; got != want {
					t.Errorf("image %d pixel (%d,%d) = %d, want %d", img, r, c, got, want)
				}
			}
		}
	}
}

func TestToCategorical(t *testing.T) {
	tests := []struct {
		name       string
		labels     Array[uint8]
		numClasses int
		wantShape  []int
		wantData   []float32
		wantErr    error
	}{
		{"vector", Array[uint8]{Shape: []int{3}, Data: []uint8{2, 0, 1}}, 3,
			[]int{3, 3}, []float32{0, 0, 1, 1, 0, 0, 0, 1, 0}, nil},
		{"column drops its axis", Array[uint8]{Shape: []int{2, 1}, Data: []uint8{1, 0}}, 2,
			[]int{2, 2}, []float32{0, 1, 1, 0}, nil},
		{"more classes than labels use", Array[uint8]{Shape: []int{1}, Data: []uint8{0}}, 4,
			[]int{1, 4}, []float32{1, 0, 0, 0}, nil},
		{"label too large", Array[uint8]{Shape: []int{2}, Data: []uint8{1, 3}}, 3, nil, nil, ErrLabel},
		{"no classes", Array[uint8]{Shape: []int{1}, Data: []uint8{0}}, 0, nil, nil, ErrArgument},
		{"negative classes", Array[uint8]{Shape: []int{1}, Data: []uint8{0}}, -10, nil, nil, ErrArgument},
		{"too many classes", Array[uint8]{Shape: []int{1}, Data: []uint8{0}}, 257, nil, nil, ErrArgument},
		{"inconsistent input", Array[uint8]{Shape: []int{3}, Data: []uint8{0}}, 2, nil, nil, ErrShape},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ToCategorical(tt.labels, tt.numClasses)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("ToCategorical(%v, %d) error = %v, want %v", tt.labels.Data, tt.numClasses, err, tt.wantErr)
			}
			if tt.wantErr != nil {
				return
			}
			if !slices.Equal(got.Shape, tt.wantShape) || !slices.Equal(got.Data, tt.wantData) {
				t.Errorf("ToCategorical(%v, %d) = %v %v, want %v %v",
					tt.labels.Data, tt.numClasses, got.Shape, got.Data, tt.wantShape, tt.wantData)
			}
		})
	}
}

func TestToFloat32(t *testing.T) {
	x := Array[uint8]{Shape: []int{1, 3}, Data: []uint8{0, 51, 255}}
	tests := []struct {
		name     string
		divisor  float32
		wantData []float32
		wantErr  error
	}{
		{"scale to unit interval", 255, []float32{0, 0.2, 1}, nil},
		{"keep grey levels", 1, []float32{0, 51, 255}, nil},
		{"zero", 0, nil, ErrArgument},
		{"negative", -255, nil, ErrArgument},
		{"NaN", float32(math.NaN()), nil, ErrArgument},
		{"infinite", float32(math.Inf(1)), nil, ErrArgument},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ToFloat32(x, tt.divisor)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("ToFloat32(%v) error = %v, want %v", tt.divisor, err, tt.wantErr)
			}
			if tt.wantErr != nil {
				return
			}
			if !slices.Equal(got.Shape, x.Shape) || !slices.Equal(got.Data, tt.wantData) {
				t.Errorf("ToFloat32(%v) = %v %v, want %v %v", tt.divisor, got.Shape, got.Data, x.Shape, tt.wantData)
			}
		})
	}
	if _, err := ToFloat32(Array[uint8]{Shape: []int{2}, Data: []uint8{1}}, 255); !errors.Is(err, ErrShape) {
		t.Errorf("ToFloat32 of an inconsistent array: error = %v, want ErrShape", err)
	}
}
