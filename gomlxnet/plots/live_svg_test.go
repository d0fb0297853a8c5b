package plots

import (
	"encoding/xml"
	"math"
	"strings"
	"testing"
	"time"

	"gonum.org/v1/plot/vg"

	"github.com/gonb-courses/neuralnets/gomlxnet"
)

func TestLiveSVG(t *testing.T) {
	tests := []struct {
		name      string
		h         gomlxnet.History
		polylines int
		contains  string
	}{
		{"one epoch", gomlxnet.History{Loss: []float64{0.3}, Accuracy: []float64{0.1}}, 2, "Loss per epoch, epoch 1"},
		{"with validation", gomlxnet.History{Loss: []float64{0.3, 0.2}, Accuracy: []float64{0.1, 0.4},
			ValLoss: []float64{0.35, 0.25}, ValAccuracy: []float64{0.1, 0.3}}, 4, `stroke-dasharray="6,3"`},
		{"a NaN left out", gomlxnet.History{Loss: []float64{0.3, math.NaN(), 0.1}, Accuracy: []float64{0.1, 0.2, 0.3}}, 2, "Accuracy per epoch, epoch 3"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			svg := string(liveSVG(tc.h, 900, 380))
			if err := xml.Unmarshal([]byte(svg), new(struct{})); err != nil {
				t.Fatalf("not well-formed XML: %v", err)
			}
			if n := strings.Count(svg, "<polyline"); n != tc.polylines || !strings.Contains(svg, tc.contains) {
				t.Errorf("%d polylines, want %d, and %q in it", n, tc.polylines, tc.contains)
			}
			if strings.Contains(svg, "NaN") {
				t.Error("the SVG contains NaN")
			}
		})
	}
}

// TestLiveSVGCost: the sketch of 200 epochs costs well under a millisecond,
// so that redrawing it after every epoch of a fast training (0.1 s an epoch
// on this project's machine) stays within LiveBudget, and far less than
// gonum/plot's HistoryGrid. The fastest of several runs is compared, which
// a busy machine disturbs least.
func TestLiveSVGCost(t *testing.T) {
	if testing.Short() {
		t.Skip("a timing: not in -short")
	}
	h := gomlxnet.History{}
	for i := range 200 {
		h.Loss = append(h.Loss, 1/float64(i+1))
		h.Accuracy = append(h.Accuracy, 1-1/float64(i+2))
	}
	fastest := func(n int, f func()) time.Duration {
		best := time.Hour
		for range n {
			t0 := time.Now()
			f()
			best = min(best, time.Since(t0))
		}
		return best
	}
	sketch := fastest(30, func() { liveSVG(h, 900, 380) })
	grid := fastest(5, func() {
		g, err := HistoryGrid(h)
		if err == nil {
			_, err = Encode(g, 24*vg.Centimeter, 10*vg.Centimeter, "svg")
		}
		if err != nil {
			t.Fatal(err)
		}
	})
	t.Logf("200 epochs: liveSVG %v, HistoryGrid as SVG %v (fastest runs)", sketch, grid)
	if sketch > 2*time.Millisecond || sketch > grid/4 {
		t.Errorf("liveSVG took %v, want under 2 ms (2%% of a 0.1 s epoch) and under a quarter of HistoryGrid's %v", sketch, grid)
	}
}
