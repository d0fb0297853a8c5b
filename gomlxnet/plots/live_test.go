package plots_test

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gonum.org/v1/plot/vg"

	"github.com/gonb-courses/neuralnets/datasets/mnistdraw"
	"github.com/gonb-courses/neuralnets/gomlxnet"
	"github.com/gonb-courses/neuralnets/gomlxnet/plots"
)

func epochs(n int) *gomlxnet.History {
	h := &gomlxnet.History{}
	for i := 1; i <= n; i++ {
		h.Epochs = append(h.Epochs, i)
		h.Loss = append(h.Loss, 1/float64(i))
		h.Accuracy = append(h.Accuracy, 1-1/float64(i+1))
	}
	return h
}

// TestLiveHistoryInNotebook: the first epoch is drawn in place, the next one
// right after is not (the budget: 2 % of a few milliseconds), and after a
// long training it is; Show clears the in-place picture and displays the
// final one as an ordinary output.
func TestLiveHistoryInNotebook(t *testing.T) {
	nb := plots.FakeNotebook(t, true)
	u := plots.RecordUpdates(t, time.Millisecond)
	l := plots.NewLiveHistory("history.svg", 20*vg.Centimeter, 8*vg.Centimeter)
	for i, step := range []struct {
		back      time.Duration // training time added before the epoch ends
		wantDraws int
	}{{0, 1}, {0, 1}, {time.Hour, 2}} {
		plots.SetLiveStart(l, step.back)
		if err := l.OnEpochEnd(epochs(i + 1)); err != nil {
			t.Fatal(err)
		}
		if draws, _, _ := l.Stats(); draws != step.wantDraws || len(u.HTML) != draws {
			t.Fatalf("epoch %d: %d draws, %d updates; want %d", i+1, draws, len(u.HTML), step.wantDraws)
		}
	}
	if !strings.Contains(u.HTML[1], `alt="training curves after epoch 3"`) || !strings.Contains(u.HTML[1], "data:image/svg+xml;base64,") {
		t.Errorf("in-place update %.200q, want the curves after epoch 3 as an SVG image", u.HTML[1])
	}
	if err := l.Show(*epochs(3)); err != nil {
		t.Fatal(err)
	}
	if last := u.HTML[len(u.HTML)-1]; last != "" || len(nb.SVGs) != 1 {
		t.Errorf("after Show: last update %.40q and %d SVGs shown; want the in-place picture cleared and one SVG", last, len(nb.SVGs))
	}
}

func TestLiveHistoryOutsideNotebook(t *testing.T) {
	nb := plots.FakeNotebook(t, false)
	u := plots.RecordUpdates(t, time.Millisecond)
	dir := t.TempDir()
	t.Setenv(plots.EnvDir, dir)
	l := plots.NewLiveHistory("history.svg", 20*vg.Centimeter, 8*vg.Centimeter)
	for i := 1; i <= 3; i++ {
		if err := l.OnEpochEnd(epochs(i)); err != nil {
			t.Fatal(err)
		}
	}
	if err := l.Show(*epochs(3)); err != nil {
		t.Fatal(err)
	}
	if len(u.HTML) != 0 || !strings.Contains(nb.Stdout.String(), "history.svg") {
		t.Errorf("%d in-place updates, printed %q; want none and the saved file", len(u.HTML), nb.Stdout.String())
	}
	if _, err := os.Stat(filepath.Join(dir, "history.svg")); err != nil {
		t.Error(err)
	}
}

func TestLiveHistoryBadHistory(t *testing.T) {
	plots.FakeNotebook(t, true)
	plots.RecordUpdates(t, time.Millisecond)
	l := plots.NewLiveHistory("history.svg", 20*vg.Centimeter, 8*vg.Centimeter)
	h := &gomlxnet.History{Loss: []float64{math.NaN()}, Accuracy: []float64{0.5}}
	if err := l.OnEpochEnd(h); err != nil {
		t.Fatalf("OnEpochEnd stopped the training: %v", err)
	}
	if err := l.Show(*h); !errors.Is(err, plots.ErrNaN) {
		t.Errorf("Show: %v, want an error wrapping ErrNaN", err)
	}
}

func neuronFigure(v map[string]float64) (plots.Figure, error) { return plots.Neuron(v["w"], v["b"]) }

var neuronSliders = []plots.Slider{
	{Name: "w", Label: "weight w", Min: -5, Max: 5, Step: 0.1, Value: 1.5},
	{Name: "b", Label: "bias b", Min: -10, Max: 10, Step: 0.5, Value: -3},
}

// TestSlidersWithoutFrontEnd: in a notebook whose front end runs no widgets
// (no "ready" comes back) and outside a notebook, Sliders shows the picture
// of the starting values.
func TestSlidersWithoutFrontEnd(t *testing.T) {
	for _, inside := range []bool{true, false} {
		nb := plots.FakeNotebook(t, inside)
		plots.RecordUpdates(t, 10*time.Millisecond)
		t.Setenv(plots.EnvDir, t.TempDir())
		opts := plots.SlidersOptions{Name: "neuron.svg", Width: 14 * vg.Centimeter, Height: 9 * vg.Centimeter}
		if err := plots.Sliders(opts, neuronFigure, neuronSliders...); err != nil {
			t.Fatal(err)
		}
		if inside && (len(nb.SVGs) != 1 || !strings.Contains(nb.SVGs[0], "w = 1.5, b = -3")) {
			t.Errorf("in a notebook: %d SVGs, want one titled for w = 1.5, b = -3", len(nb.SVGs))
		}
		if !inside && !strings.Contains(nb.Stdout.String(), "neuron.svg") {
			t.Errorf("outside: printed %q, want the saved file", nb.Stdout.String())
		}
	}
}

func TestSlidersErrors(t *testing.T) {
	plots.FakeNotebook(t, false)
	opts := plots.SlidersOptions{Name: "x.svg", Width: vg.Centimeter, Height: vg.Centimeter}
	tests := []struct {
		name    string
		sliders []plots.Slider
		want    error
	}{
		{"none", nil, plots.ErrEmpty},
		{"value outside", []plots.Slider{{Name: "w", Min: 0, Max: 1, Step: 0.1, Value: 2}}, plots.ErrRange},
		{"zero step", []plots.Slider{{Name: "w", Min: 0, Max: 1, Value: 0}}, plots.ErrRange},
		{"twice the same name", []plots.Slider{{Name: "w", Max: 1, Step: 1}, {Name: "w", Max: 1, Step: 1}}, plots.ErrRange},
		{"NaN", []plots.Slider{{Name: "w", Min: math.NaN(), Max: 1, Step: 1}}, plots.ErrNaN},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := plots.Sliders(opts, neuronFigure, tc.sliders...); !errors.Is(err, tc.want) {
				t.Errorf("error %v, want one wrapping %v", err, tc.want)
			}
		})
	}
}

func TestNeuron(t *testing.T) {
	p, err := plots.Neuron(2, -4)
	if err != nil {
		t.Fatal(err)
	}
	if p.Title.Text != "σ(w·x + b) with w = 2, b = -4" {
		t.Errorf("title %q", p.Title.Text)
	}
	if _, err := plots.Neuron(math.Inf(1), 0); !errors.Is(err, plots.ErrNaN) {
		t.Errorf("Neuron(+Inf, 0): %v, want an error wrapping ErrNaN", err)
	}
}

// TestDrawDigitWithoutFrontEnd: the default state's picture, a blank canvas
// and the outputs Predict gives for it.
func TestDrawDigitWithoutFrontEnd(t *testing.T) {
	nb := plots.FakeNotebook(t, true)
	plots.RecordUpdates(t, 10*time.Millisecond)
	calls := 0
	predict := func(d [784]uint8) ([]float32, error) {
		calls++
		if d != [784]uint8{} {
			t.Errorf("Predict got a digit with ink, want the blank canvas")
		}
		return []float32{0.1, 0.2, 0.1, 0.1, 0.1, 0.1, 0.1, 0.9, 0.1, 0.1}, nil
	}
	if err := plots.DrawDigit(plots.DrawOptions{Predict: predict}); err != nil {
		t.Fatal(err)
	}
	if calls != 1 || len(nb.SVGs) != 1 || !strings.Contains(nb.SVGs[0], "Blank canvas") || !strings.Contains(nb.SVGs[0], "outputs: 7") {
		t.Errorf("%d Predict calls, %d SVGs; want 1 and one picture of the blank canvas with output 7 largest", calls, len(nb.SVGs))
	}
	if err := plots.DrawDigit(plots.DrawOptions{}); !errors.Is(err, plots.ErrEmpty) {
		t.Errorf("without Predict: %v, want an error wrapping ErrEmpty", err)
	}
}

func TestDigitOutputsErrors(t *testing.T) {
	var d [mnistdraw.Size * mnistdraw.Size]uint8
	if _, err := plots.DigitOutputs(d, make([]float32, 9)); !errors.Is(err, plots.ErrLength) {
		t.Errorf("9 outputs: %v, want an error wrapping ErrLength", err)
	}
	out := make([]float32, 10)
	out[3] = float32(math.NaN())
	if _, err := plots.DigitOutputs(d, out); !errors.Is(err, plots.ErrNaN) {
		t.Errorf("a NaN output: %v, want an error wrapping ErrNaN", err)
	}
}
