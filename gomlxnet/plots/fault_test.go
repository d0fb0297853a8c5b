package plots_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"gonum.org/v1/plot/vg"

	"github.com/gonb-courses/neuralnets/gomlxnet/plots"
)

// TestHugeSizeNoPanic asks for figures too large to allocate (issue 14,
// item 3): an ErrRange error, never a panic.
func TestHugeSizeNoPanic(t *testing.T) {
	for _, format := range []string{"png", "svg", "jpg"} {
		for _, side := range []vg.Length{1e9, 1e300, plots.MaxSide + 1} {
			err := func() (err error) {
				defer func() {
					if r := recover(); r != nil {
						err = fmt.Errorf("panic: %v", r)
					}
				}()
				_, err = plots.Encode(samplePlot(t), side, vg.Inch, format)
				if err == nil {
					_, err = plots.Save(samplePlot(t), t.TempDir(), "huge."+format, vg.Inch, side)
				}
				return err
			}()
			if !errors.Is(err, plots.ErrRange) {
				t.Errorf("%s %v wide: %v, want an ErrRange error", format, side, err)
			}
		}
	}
	if _, err := plots.Encode(samplePlot(t), plots.MaxSide, vg.Inch, "svg"); err != nil {
		t.Errorf("a figure MaxSide wide: %v", err)
	}
}

// TestHistoryGridWithoutAccuracy plots a history of a model compiled
// without the accuracy metric (issue 14, item 8): the error says to add it.
func TestHistoryGridWithoutAccuracy(t *testing.T) {
	h := fakeHistory(4, 0.5, false)
	h.Accuracy, h.ValAccuracy = nil, nil
	_, err := plots.HistoryGrid(h)
	if !errors.Is(err, plots.ErrEmpty) || !strings.Contains(err.Error(), `Metrics: []string{"accuracy"}`) {
		t.Errorf("HistoryGrid without accuracy: %v, want ErrEmpty saying to add the accuracy metric", err)
	}
	if _, err := plots.HistoryPlot(h, plots.Loss); err != nil {
		t.Errorf("the loss alone: %v", err)
	}
}
