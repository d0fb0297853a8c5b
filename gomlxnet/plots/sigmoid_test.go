package plots_test

import (
	"errors"
	"fmt"
	"log"
	"math"
	"testing"

	"github.com/gonb-courses/neuralnets/gomlxnet/plots"
)

func TestSigmoidGolden(t *testing.T) {
	p, err := plots.Sigmoid(-8, 8, true)
	if err != nil {
		t.Fatal(err)
	}
	checkPlotGolden(t, p, "sigmoid.png")
}

func TestSigmoidErrors(t *testing.T) {
	for _, tc := range []struct {
		name       string
		zMin, zMax float64
		want       error
	}{
		{"reversed", 5, -5, plots.ErrRange},
		{"equal", 1, 1, plots.ErrRange},
		{"NaN", math.NaN(), 1, plots.ErrNaN},
		{"Inf", -5, math.Inf(1), plots.ErrNaN},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := plots.Sigmoid(tc.zMin, tc.zMax, false)
			if !errors.Is(err, tc.want) || p != nil {
				t.Errorf("Sigmoid(%v, %v) = %v, %v; want nil, %v", tc.zMin, tc.zMax, p, err, tc.want)
			}
		})
	}
}

func TestSigmoidValue(t *testing.T) {
	for _, tc := range []struct{ z, want float64 }{
		{0, 0.5},
		{math.Log(3), 0.75}, // 1/(1+1/3)
		{-math.Log(3), 0.25},
		{800, 1},  // exp(-800) underflows to 0
		{-800, 0}, // exp(800) would overflow; the stable branch gives 0
	} {
		if got := plots.SigmoidValue(tc.z); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("SigmoidValue(%v) = %v, want %v", tc.z, got, tc.want)
		}
	}
}

func ExampleSigmoid() {
	p, err := plots.Sigmoid(-6, 6, true)
	if err != nil {
		log.Fatal(err)
	}
	// In a notebook: plots.Show(p, "sigmoid", 16*vg.Centimeter, 10*vg.Centimeter)
	fmt.Println(p.Title.Text)
	fmt.Printf("z from %v to %v\n", p.X.Min, p.X.Max)
	// Output:
	// The sigmoid function
	// z from -6 to 6
}

func ExampleSigmoidValue() {
	for _, z := range []float64{-4, 0, 4} {
		fmt.Printf("σ(%+g) = %.4f\n", z, plots.SigmoidValue(z))
	}
	// Output:
	// σ(-4) = 0.0180
	// σ(+0) = 0.5000
	// σ(+4) = 0.9820
}
