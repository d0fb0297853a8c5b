package plots_test

import (
	"errors"
	"fmt"
	"log"
	"reflect"
	"testing"

	"gonum.org/v1/plot/vg"

	"github.com/gonb-courses/neuralnets/gomlxnet/plots"
)

// fakeTestSet returns 10000 labels, 1000 of each class, and predictions that
// are right about 89 % of the time, the lecture's test accuracy. The mistakes
// come from a fixed linear congruential generator (Numerical Recipes'
// constants 1664525 and 1013904223) and favour look-alike pairs.
func fakeTestSet() (labels []uint8, predicted []int) {
	lookAlike := [10]int{6, 7, 3, 5, 9, 3, 0, 9, 3, 4} // the usual MNIST confusions
	state := uint32(1)
	next := func() uint32 { state = state*1664525 + 1013904223; return state >> 8 }
	for i := range 10000 {
		c := i % 10
		labels = append(labels, uint8(c))
		p := c
		switch r := next() % 1000; {
		case r < 70:
			p = lookAlike[c]
		case r < 110:
			p = int(next() % 10)
		}
		predicted = append(predicted, p)
	}
	return labels, predicted
}

func TestConfusionGolden(t *testing.T) {
	labels, predicted := fakeTestSet()
	p, err := plots.Confusion(labels, predicted, 10)
	if err != nil {
		t.Fatal(err)
	}
	checkFigureGolden(t, p, "confusion.png", 14*vg.Centimeter, 14*vg.Centimeter)
}

func TestConfusionMatrix(t *testing.T) {
	for _, tc := range []struct {
		name              string
		labels, predicted []int
		classes           int
		want              [][]int
	}{
		{"all right", []int{0, 1, 1}, []int{0, 1, 1}, 2, [][]int{{1, 0}, {0, 2}}},
		{"row is truth", []int{0, 0, 2}, []int{1, 2, 2}, 3, [][]int{{0, 1, 1}, {0, 0, 0}, {0, 0, 1}}},
		{"one class", []int{0}, []int{0}, 1, [][]int{{1}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := plots.ConfusionMatrix(tc.labels, tc.predicted, tc.classes)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestConfusionErrors(t *testing.T) {
	for _, tc := range []struct {
		name              string
		labels, predicted []int
		classes           int
		want              error
	}{
		{"empty", nil, nil, 10, plots.ErrEmpty},
		{"lengths", []int{1, 2}, []int{1}, 10, plots.ErrLength},
		{"no classes", []int{0}, []int{0}, 0, plots.ErrRange},
		{"too many classes", []int{0}, []int{0}, 1001, plots.ErrRange},
		{"label out of range", []int{10}, []int{0}, 10, plots.ErrRange},
		{"prediction negative", []int{1}, []int{-1}, 10, plots.ErrRange},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := plots.Confusion(tc.labels, tc.predicted, tc.classes)
			if !errors.Is(err, tc.want) || p != nil {
				t.Errorf("got %v, %v; want nil, %v", p, err, tc.want)
			}
		})
	}
}

func ExampleConfusionMatrix() {
	labels := []uint8{0, 0, 1, 1, 1, 2}
	predicted := []int{0, 2, 1, 1, 0, 2}
	m, err := plots.ConfusionMatrix(labels, predicted, 3)
	if err != nil {
		log.Fatal(err)
	}
	for class, row := range m {
		fmt.Println(class, row)
	}
	// Output:
	// 0 [1 0 1]
	// 1 [1 2 0]
	// 2 [0 0 1]
}

func ExampleConfusion() {
	labels := []uint8{0, 0, 1, 1, 1, 2}
	predicted := []int{0, 2, 1, 1, 0, 2}
	p, err := plots.Confusion(labels, predicted, 3)
	if err != nil {
		log.Fatal(err)
	}
	// In a notebook: plots.Show(p, "confusion", 14*vg.Centimeter, 14*vg.Centimeter)
	fmt.Println(p.Title.Text)
	// Output:
	// Confusion matrix
	// 4 of 6 right (66.7 %)
}
