package plots_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/gonb-courses/neuralnets/arrays"
	"github.com/gonb-courses/neuralnets/gomlxnet/plots"
)

// TestErrorsWrapSentinels checks that errors say which argument is wrong,
// start with "plots: " once, and wrap their sentinel.
func TestErrorsWrapSentinels(t *testing.T) {
	_, lenErr := plots.ConfusionMatrix([]int{1, 2}, []int{1}, 3)
	_, shapeErr := plots.HiddenWeights(arrays.New[float32](30, 784))
	for _, tc := range []struct {
		err      error
		sentinel error
		mentions string
	}{
		{lenErr, plots.ErrLength, "predicted"},
		{shapeErr, plots.ErrShape, "kernel"},
	} {
		msg := tc.err.Error()
		if !errors.Is(tc.err, tc.sentinel) || !strings.Contains(msg, tc.mentions) {
			t.Errorf("%q: want it to wrap %v and mention %q", msg, tc.sentinel, tc.mentions)
		}
		if !strings.HasPrefix(msg, "plots: ") || strings.Count(msg, "plots: ") != 1 {
			t.Errorf("%q: want one \"plots: \" prefix", msg)
		}
	}
	for _, s := range []error{plots.ErrEmpty, plots.ErrNaN, plots.ErrLength, plots.ErrShape, plots.ErrRange, plots.ErrName} {
		if !strings.HasPrefix(s.Error(), "plots: ") {
			t.Errorf("sentinel %q lacks the \"plots: \" prefix", s)
		}
	}
}
