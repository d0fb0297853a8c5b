package plots_test

import (
	"errors"
	"fmt"
	"log"
	"math"
	"slices"
	"testing"

	"github.com/gonb-courses/neuralnets/gomlxnet/plots"
)

func TestGradientDescentGolden(t *testing.T) {
	g, err := plots.GradientDescentGrid(1, []float64{0.1, 0.5, 0.9, 1.05}, 8)
	if err != nil {
		t.Fatal(err)
	}
	checkFigureGolden(t, g, "gradient_descent.png", 2*goldenW, 2*goldenH)
}

func TestGradientSteps(t *testing.T) {
	for _, tc := range []struct {
		name    string
		w0, eta float64
		steps   int
		want    []float64
	}{
		// w_{i+1} = (1 − 2η)·w_i
		{"no steps", 3, 0.1, 0, []float64{3}},
		{"slow", 1, 0.1, 3, []float64{1, 0.8, 0.64, 0.512}},
		{"one jump", 2, 0.5, 2, []float64{2, 0, 0}},
		{"oscillates", 1, 0.9, 3, []float64{1, -0.8, 0.64, -0.512}},
		{"diverges", 1, 1.05, 3, []float64{1, -1.1, 1.21, -1.331}},
		{"ascent", 1, -0.5, 2, []float64{1, 2, 4}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := plots.GradientSteps(tc.w0, tc.eta, tc.steps)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.EqualFunc(got, tc.want, func(a, b float64) bool { return math.Abs(a-b) < 1e-12 }) {
				t.Errorf("GradientSteps(%v, %v, %d) = %v, want %v", tc.w0, tc.eta, tc.steps, got, tc.want)
			}
		})
	}
}

func TestGradientErrors(t *testing.T) {
	for _, tc := range []struct {
		name  string
		w0    float64
		etas  []float64
		steps int
		want  error
	}{
		{"no etas", 1, nil, 5, plots.ErrEmpty},
		{"negative steps", 1, []float64{0.1}, -1, plots.ErrRange},
		{"too many steps", 1, []float64{0.1}, 1_000_001, plots.ErrRange},
		{"NaN w0", math.NaN(), []float64{0.1}, 5, plots.ErrNaN},
		{"Inf eta", 1, []float64{0.1, math.Inf(-1)}, 5, plots.ErrNaN},
		{"overflow", 1, []float64{1000}, 200, plots.ErrNaN}, // 1999^200 > MaxFloat64
	} {
		t.Run(tc.name, func(t *testing.T) {
			g, err := plots.GradientDescentGrid(tc.w0, tc.etas, tc.steps)
			if !errors.Is(err, tc.want) || g != nil {
				t.Errorf("GradientDescentGrid = %v, %v; want nil, %v", g, err, tc.want)
			}
		})
	}
}

func ExampleGradientSteps() {
	ws, err := plots.GradientSteps(1, 0.9, 4)
	if err != nil {
		log.Fatal(err)
	}
	for i, w := range ws {
		fmt.Printf("w_%d = %+.4f\n", i, w)
	}
	// Output:
	// w_0 = +1.0000
	// w_1 = -0.8000
	// w_2 = +0.6400
	// w_3 = -0.5120
	// w_4 = +0.4096
}

func ExampleGradientDescent() {
	p, err := plots.GradientDescent(1, 1.05, 8)
	if err != nil {
		log.Fatal(err)
	}
	// In a notebook: plots.Show(p, "gradient-descent", 16*vg.Centimeter, 10*vg.Centimeter)
	fmt.Println(p.Title.Text)
	fmt.Printf("w from %.3f to %.3f\n", p.X.Min, p.X.Max)
	// Output:
	// η = 1.05: oscillates, diverges
	// w from -2.358 to 2.358
}

func ExampleGradientDescentGrid() {
	g, err := plots.GradientDescentGrid(1, []float64{0.1, 0.5, 0.9, 1.05}, 8)
	if err != nil {
		log.Fatal(err)
	}
	// In a notebook: plots.Show(g, "gradient-descent", 32*vg.Centimeter, 20*vg.Centimeter)
	for _, row := range g {
		for _, p := range row {
			fmt.Println(p.Title.Text)
		}
	}
	// Output:
	// η = 0.1: converges steadily
	// η = 0.5: reaches the minimum in one step
	// η = 0.9: oscillates, converges
	// η = 1.05: oscillates, diverges
}
