package plots

import (
	"fmt"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
)

// Neuron plots the output σ(w·x + b) of a neuron with one input x, for x in
// [-8, 8], with σ(x) (w = 1, b = 0) dashed for comparison: w sets how steep
// the step is (negative w turns it around), b where it happens (at x = −b/w).
// w and b must be finite.
func Neuron(w, b float64) (*plot.Plot, error) {
	if err := checkFinite("w, b", []float64{w, b}); err != nil {
		return nil, err
	}
	title := fmt.Sprintf("σ(w·x + b) with w = %s, b = %s", formatValue(w), formatValue(b))
	p := newPlot(title, "x", "output σ(w·x + b)")
	addGrid(p)
	p.X.Min, p.X.Max = -8, 8
	p.Y.Min, p.Y.Max = -0.05, 1.05
	ref := plotter.NewFunction(SigmoidValue)
	ref.Samples = sigmoidSamples
	ref.LineStyle = lineStyle(1, true)
	ref.LineStyle.Color = grey
	n := plotter.NewFunction(func(x float64) float64 { return SigmoidValue(w*x + b) })
	n.Samples = 4 * sigmoidSamples // a steep w bends sharply
	n.LineStyle = lineStyle(0, false)
	p.Add(ref, n)
	p.Legend.Add("σ(w·x + b)", n)
	p.Legend.Add("σ(x)", ref)
	p.Legend.Left = true
	return p, nil
}

// formatValue writes a slider's value briefly: "1.5", "-0.25", "3".
func formatValue(v float64) string {
	return strconv.FormatFloat(v, 'f', -1, 64)
}
