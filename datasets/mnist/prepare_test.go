package mnist

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gonb-courses/neuralnets/arrays"
)

// tinySplit is a 3-image split of 28x28 images whose pixel k of image i is i+k (mod 256).
func tinySplit() Split {
	x := arrays.New[uint8](3, 28, 28)
	for i := range 3 {
		for k, row := 0, x.Row(i); k < len(row); k++ {
			row[k] = uint8(i + k)
		}
	}
	return Split{X: x, Y: arrays.Array[uint8]{Shape: []int{3}, Data: []uint8{5, 0, 4}}}
}

func TestPrepare(t *testing.T) {
	for _, tc := range []struct {
		rows, want int
		scale      float32
	}{{0, 3, 1}, {2, 2, 255}, {5, 3, 1}} {
		x, y, err := Prepare(tinySplit(), tc.rows, tc.scale)
		if err != nil {
			t.Fatalf("Prepare(rows %d): %v", tc.rows, err)
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
	if _, _, err := Prepare(bad, 0, 1); !errors.Is(err, arrays.ErrLabel) && !errors.Is(err, arrays.ErrArgument) {
		t.Errorf("label 12: err = %v, want a label error", err)
	}
	if _, _, err := Prepare(tinySplit(), 0, 0); err == nil {
		t.Errorf("scale 0: no error")
	}
}

func ExamplePrepare() {
	x, y, err := Prepare(tinySplit(), 2, 255)
	fmt.Println(x.Shape, y.Shape, y.Row(0), err)
	// Output: [2 784] [2 10] [0 0 0 0 0 1 0 0 0 0] <nil>
}

// TestPrepareCounts gives 2 images and 1 label (issue 14, item 8).
func TestPrepareCounts(t *testing.T) {
	split := Split{X: arrays.New[uint8](2, 28, 28), Y: arrays.Array[uint8]{Shape: []int{1}, Data: []uint8{3}}}
	for _, rows := range []int{0, 2} {
		_, _, err := Prepare(split, rows, 255)
		if !errors.Is(err, arrays.ErrShape) || !strings.Contains(err.Error(), "2 images but 1 labels") {
			t.Errorf("Prepare(rows %d): error %v, want arrays.ErrShape saying 2 images but 1 labels", rows, err)
		}
	}
}

// TestErrorsSayPrefixOnce checks that an error of Download starts with
// "mnist: " and has it once, however deep the cause.
func TestErrorsSayPrefixOnce(t *testing.T) {
	file := filepath.Join(t.TempDir(), "f")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Download(Options{Dir: file, Mirrors: []string{}, ModCache: "off", GoProxy: "off"})
	if err == nil || strings.Count(err.Error(), "mnist:") != 1 || !strings.HasPrefix(err.Error(), "mnist: ") {
		t.Errorf("Download into a file: error %q, want one \"mnist:\", at the start", err)
	}
}
