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

// fakeHistory returns epochs of exponential learning curves shaped like the
// lecture's run (loss 0.137 → 0.0225, accuracy 0.19 → 0.895 over 200
// epochs); rate sets how fast they settle and withVal adds validation curves
// a little worse than the training ones.
func fakeHistory(epochs int, rate float64, withVal bool) metrics.History {
	var h metrics.History
	for e := 1; e <= epochs; e++ {
		f := math.Exp(-float64(e-1) * rate) // 1 at the first epoch, → 0
		h.Epochs = append(h.Epochs, e)
		h.Loss = append(h.Loss, 0.0225+0.1145*f)
		h.Accuracy = append(h.Accuracy, 0.895-0.705*f)
		if withVal {
			h.ValLoss = append(h.ValLoss, 0.0235+0.1100*f)
			h.ValAccuracy = append(h.ValAccuracy, 0.886-0.650*f)
		}
	}
	return h
}

func TestHistoryGridGolden(t *testing.T) {
	g, err := plots.HistoryGrid(fakeHistory(20, 0.25, true))
	if err != nil {
		t.Fatal(err)
	}
	checkFigureGolden(t, g, "history.png", 24*vg.Centimeter, 10*vg.Centimeter)
}

func TestCompareGolden(t *testing.T) {
	p, err := plots.Compare(plots.Accuracy,
		plots.Run{Name: "SGD, η = 0.01", History: fakeHistory(200, 0.03, false)},
		plots.Run{Name: "SGD, η = 0.1", History: fakeHistory(200, 0.12, true)},
		plots.Run{Name: "Adam", History: fakeHistory(200, 0.5, true)},
	)
	if err != nil {
		t.Fatal(err)
	}
	checkPlotGolden(t, p, "compare.png")
}

func TestHistoryErrors(t *testing.T) {
	good := fakeHistory(5, 0.5, true)
	with := func(edit func(h *metrics.History)) metrics.History {
		h := fakeHistory(5, 0.5, true)
		edit(&h)
		return h
	}
	for _, tc := range []struct {
		name   string
		h      metrics.History
		metric plots.Metric
		want   error
	}{
		{"empty", metrics.History{}, plots.Loss, plots.ErrEmpty},
		{"no accuracy", with(func(h *metrics.History) { h.Accuracy = nil }), plots.Accuracy, plots.ErrEmpty},
		{"NaN loss", with(func(h *metrics.History) { h.Loss[3] = math.NaN() }), plots.Loss, plots.ErrNaN},
		{"Inf val", with(func(h *metrics.History) { h.ValAccuracy[0] = math.Inf(1) }), plots.Accuracy, plots.ErrNaN},
		{"short epochs", with(func(h *metrics.History) { h.Epochs = h.Epochs[:2] }), plots.Loss, plots.ErrLength},
		{"short val", with(func(h *metrics.History) { h.ValLoss = h.ValLoss[:4] }), plots.Loss, plots.ErrLength},
		{"fine", good, plots.Loss, nil},
		{"no epochs is fine", with(func(h *metrics.History) { h.Epochs = nil }), plots.Accuracy, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := plots.HistoryPlot(tc.h, tc.metric)
			if !errors.Is(err, tc.want) || (p == nil) != (tc.want != nil) {
				t.Errorf("got %v, %v; want plot: %v, error %v", p != nil, err, tc.want == nil, tc.want)
			}
		})
	}
	if _, err := plots.Compare(plots.Loss); !errors.Is(err, plots.ErrEmpty) {
		t.Errorf("Compare of no runs: %v, want ErrEmpty", err)
	}
}

func TestCompareErrorNamesRun(t *testing.T) {
	bad := fakeHistory(3, 0.5, false)
	bad.Loss[1] = math.NaN()
	_, err := plots.Compare(plots.Loss, plots.Run{Name: "ok", History: fakeHistory(3, 0.5, false)}, plots.Run{Name: "adam", History: bad})
	if want := "plots: NaN or infinite value: adam: Loss[1] is NaN"; err == nil || err.Error() != want {
		t.Errorf("err = %v, want %q", err, want)
	}
}

func ExampleHistoryPlot() {
	// What a three-epoch Fit might return.
	h := metrics.History{
		Epochs:   []int{1, 2, 3},
		Loss:     []float64{0.1368, 0.0923, 0.0850},
		Accuracy: []float64{0.1933, 0.3126, 0.4010},
	}
	p, err := plots.HistoryPlot(h, plots.Loss)
	if err != nil {
		log.Fatal(err)
	}
	// In a notebook: plots.Show(p, "loss", 16*vg.Centimeter, 10*vg.Centimeter)
	fmt.Println(p.Title.Text)
	// Output:
	// Loss per epoch
}

func ExampleHistoryGrid() {
	h := metrics.History{
		Loss:     []float64{0.1368, 0.0923, 0.0850},
		Accuracy: []float64{0.1933, 0.3126, 0.4010},
	}
	g, err := plots.HistoryGrid(h)
	if err != nil {
		log.Fatal(err)
	}
	// In a notebook: plots.Show(g, "history", 24*vg.Centimeter, 10*vg.Centimeter)
	fmt.Println(g[0][0].Y.Label.Text, "and", g[0][1].Y.Label.Text)
	// Output:
	// loss and accuracy
}

func ExampleCompare() {
	slow := metrics.History{Loss: []float64{0.14, 0.09, 0.08}}
	fast := metrics.History{Loss: []float64{0.05, 0.02, 0.01}}
	p, err := plots.Compare(plots.Loss, plots.Run{Name: "SGD", History: slow}, plots.Run{Name: "Adam", History: fast})
	if err != nil {
		log.Fatal(err)
	}
	// In a notebook: plots.Show(p, "sgd-vs-adam", 16*vg.Centimeter, 10*vg.Centimeter)
	fmt.Println(p.Title.Text)
	// Output:
	// Loss of 2 runs per epoch
}
