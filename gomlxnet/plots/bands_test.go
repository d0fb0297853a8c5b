package plots_test

import (
	"errors"
	"fmt"
	"log"
	"math"
	"testing"

	"gonum.org/v1/plot/vg"

	"github.com/gonb-courses/neuralnets/gomlxnet/plots"
	"github.com/gonb-courses/neuralnets/metrics"
)

// fakeSeeds returns n histories of 200 epochs shaped like fakeHistory's,
// each settling at its own rate and level, as runs that differ only in their
// seed do.
func fakeSeeds(n int, rate, level float64) []metrics.History {
	runs := make([]metrics.History, n)
	for i := range runs {
		h := fakeHistory(200, rate*(1+0.15*float64(i)), false)
		for e := range h.Loss {
			h.Loss[e] *= level + 0.02*float64(i)
			h.Accuracy[e] = math.Min(1, h.Accuracy[e]*(level+0.01*float64(i)))
		}
		h.Epochs = nil // Bands numbers the epochs itself
		runs[i] = h
	}
	return runs
}

// slideMarks are the figures the lecture's slide prints.
var slideMarks = plots.Run{Name: "the slide", History: metrics.History{
	Epochs:   []int{1, 2, 199, 200},
	Loss:     []float64{0.1368, 0.0923, 0.0225, 0.0225},
	Accuracy: []float64{0.1933, 0.3126, 0.8947, 0.8947},
}}

func TestBandsGridGolden(t *testing.T) {
	g, err := plots.BandsGrid(slideMarks,
		plots.Band{Name: "scale 1", Runs: fakeSeeds(10, 0.05, 1)},
		plots.Band{Name: "scale 255", Runs: fakeSeeds(10, 0.01, 0.9)},
	)
	if err != nil {
		t.Fatal(err)
	}
	checkFigureGolden(t, g, "bands.png", 24*vg.Centimeter, 10*vg.Centimeter)
}

func TestBandsErrors(t *testing.T) {
	good := fakeSeeds(3, 0.05, 1)
	short := fakeSeeds(3, 0.05, 1)
	short[2].Loss = short[2].Loss[:10]
	nan := fakeSeeds(3, 0.05, 1)
	nan[1].Accuracy[7] = math.NaN()
	badMarks := plots.Run{Name: "slide", History: metrics.History{Epochs: []int{1, 2}, Loss: []float64{0.1}}}
	zeroMark := plots.Run{Name: "slide", History: metrics.History{Epochs: []int{0}, Loss: []float64{0.1}}}
	oneEpoch := []metrics.History{{Loss: []float64{0.2}}, {Loss: []float64{0.1}}}
	for _, tc := range []struct {
		name   string
		metric plots.Metric
		marks  plots.Run
		bands  []plots.Band
		want   error
	}{
		{"no bands", plots.Loss, slideMarks, nil, plots.ErrEmpty},
		{"no runs", plots.Loss, slideMarks, []plots.Band{{Name: "a"}}, plots.ErrEmpty},
		{"no accuracy", plots.Accuracy, plots.Run{}, []plots.Band{{Runs: oneEpoch}}, plots.ErrEmpty},
		{"runs of different lengths", plots.Loss, slideMarks, []plots.Band{{Runs: short}}, plots.ErrLength},
		{"NaN", plots.Accuracy, slideMarks, []plots.Band{{Runs: nan}}, plots.ErrNaN},
		{"marks without their epochs", plots.Loss, badMarks, []plots.Band{{Runs: good}}, plots.ErrLength},
		{"mark at epoch 0", plots.Loss, zeroMark, []plots.Band{{Runs: good}}, plots.ErrRange},
		{"no marks is fine", plots.Loss, plots.Run{}, []plots.Band{{Runs: good}}, nil},
		{"one epoch is fine", plots.Loss, plots.Run{}, []plots.Band{{Runs: oneEpoch}}, nil},
		{"fine", plots.Accuracy, slideMarks, []plots.Band{{Name: "a", Runs: good}, {Runs: good[:1]}}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := plots.Bands(tc.metric, tc.marks, tc.bands...)
			if !errors.Is(err, tc.want) || (p == nil) != (tc.want != nil) {
				t.Fatalf("got plot %v, error %v; want plot: %v, error %v", p != nil, err, tc.want == nil, tc.want)
			}
			if p != nil { // it draws
				if _, err := plots.Encode(p, 10*vg.Centimeter, 8*vg.Centimeter, "png"); err != nil {
					t.Error(err)
				}
			}
		})
	}
}

func ExampleBands() {
	// Three seeds of the same setting, three epochs each.
	runs := []metrics.History{
		{Accuracy: []float64{0.13, 0.17, 0.23}},
		{Accuracy: []float64{0.15, 0.26, 0.34}},
		{Accuracy: []float64{0.14, 0.20, 0.28}},
	}
	slide := plots.Run{Name: "the slide", History: metrics.History{Epochs: []int{1, 2}, Accuracy: []float64{0.1933, 0.3126}}}
	p, err := plots.Bands(plots.Accuracy, slide, plots.Band{Name: "unscaled", Runs: runs})
	if err != nil {
		log.Fatal(err)
	}
	// In a notebook: plots.Show(p, "seeds", 16*vg.Centimeter, 10*vg.Centimeter)
	fmt.Println(p.Title.Text)
	fmt.Println(p.X.Label.Text, p.X.Min, p.X.Max)
	// Output:
	// Accuracy per epoch over seeds
	// epoch (log scale) 1 3
}
