package plots

import (
	"encoding/xml"
	"math"
	"strings"
	"testing"
	"time"

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
// on this project's machine) stays within LiveBudget.
func TestLiveSVGCost(t *testing.T) {
	if testing.Short() {
		t.Skip("a timing: not in -short")
	}
	h := gomlxnet.History{}
	for i := range 200 {
		h.Loss = append(h.Loss, 1/float64(i+1))
		h.Accuracy = append(h.Accuracy, 1-1/float64(i+2))
	}
	const n = 50
	t0 := time.Now()
	for range n {
		liveSVG(h, 900, 380)
	}
	per := time.Since(t0) / n
	t.Logf("liveSVG of 200 epochs: %v", per)
	if per > 2*time.Millisecond {
		t.Errorf("liveSVG of 200 epochs took %v, want under 2 ms (2%% of a 0.1 s epoch)", per)
	}
}
