package plots

import (
	"fmt"
	"image/color"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// maxSteps bounds GradientSteps' steps so that a typo cannot ask for
// gigabytes: a million iterates are 8 MB, far more than a plot can show.
const maxSteps = 1_000_000

// GradientSteps returns the iterates w_0 … w_steps of gradient descent on the
// cost C(w) = w², starting at w0 with step size eta: since dC/dw = 2w,
// w_{i+1} = w_i − η·2w_i = (1 − 2η)·w_i. They shrink towards the minimum at
// 0 when 0 < η < 1, jump straight to it at η = 0.5, oscillate around it when
// η > 0.5 and diverge when η > 1. It returns an error wrapping ErrNaN for a
// non-finite w0 or eta or when an iterate overflows, and ErrRange for
// steps below 0 or above a million.
func GradientSteps(w0, eta float64, steps int) ([]float64, error) {
	if err := checkFinite("w0, eta", []float64{w0, eta}); err != nil {
		return nil, err
	}
	if steps < 0 || steps > maxSteps {
		return nil, fmt.Errorf("%w: steps is %d, want 0 to %d", ErrRange, steps, maxSteps)
	}
	ws := make([]float64, steps+1)
	ws[0] = w0
	for i := range steps {
		ws[i+1] = ws[i] - eta*2*ws[i]
		if math.IsInf(ws[i+1], 0) {
			return nil, fmt.Errorf("%w: iterate w_%d overflowed (η = %v)", ErrNaN, i+1, eta)
		}
	}
	return ws, nil
}

// GradientDescent plots the cost C(w) = w² and the iterates
// GradientSteps(w0, eta, steps) as points (w_i, C(w_i)) joined by lines in
// the order they are visited; the title says what this η does. The errors
// are those of GradientSteps.
func GradientDescent(w0, eta float64, steps int) (*plot.Plot, error) {
	ws, err := GradientSteps(w0, eta, steps)
	if err != nil {
		return nil, err
	}
	wMax := 0.0
	for _, w := range ws {
		wMax = max(wMax, math.Abs(w))
	}
	if wMax == 0 {
		wMax = 1 // w0 = 0 starts at the minimum: show the curve on [-1, 1].
	}
	title := fmt.Sprintf("η = %s: %s", strconv.FormatFloat(eta, 'g', -1, 64), etaBehaviour(eta))
	p := newPlot(title, "w", "C(w) = w²")
	addGrid(p)
	// The curve spans the widest iterate plus 10 %, so no point sits on the
	// frame; the top 20 % of the height (1.5 vs 1.1² = 1.21) is left to the legend.
	p.X.Min, p.X.Max = -1.1*wMax, 1.1*wMax
	p.Y.Min, p.Y.Max = 0, 1.5*wMax*wMax
	p.Legend.Left = true
	cost := plotter.NewFunction(func(w float64) float64 { return w * w })
	cost.Samples = sigmoidSamples
	cost.LineStyle = draw.LineStyle{Color: grey, Width: vg.Points(lineWidth)}
	p.Add(cost)
	p.Legend.Add("C(w) = w²", cost)
	if err := addPath(p, ws); err != nil {
		return nil, err
	}
	return p, nil
}

// GradientDescentGrid draws GradientDescent(w0, η, steps) for each η in etas,
// two to a row: 0.1, 0.5, 0.9 and 1.05 show slow convergence, a single jump,
// oscillation and divergence.
func GradientDescentGrid(w0 float64, etas []float64, steps int) (Grid, error) {
	if err := checkNotEmpty("etas", len(etas)); err != nil {
		return nil, err
	}
	ps := make([]*plot.Plot, len(etas))
	for i, eta := range etas {
		p, err := GradientDescent(w0, eta, steps)
		if err != nil {
			return nil, err
		}
		ps[i] = p
	}
	return NewGrid(min(2, len(ps)), ps...)
}

// etaBehaviour describes what gradient descent on w² does with step size eta,
// from the factor 1 − 2η that multiplies w at every step.
func etaBehaviour(eta float64) string {
	switch {
	case eta < 0:
		return "climbs away from the minimum"
	case eta == 0:
		return "does not move"
	case eta < 0.5:
		return "converges steadily"
	case eta == 0.5:
		return "reaches the minimum in one step"
	case eta < 1:
		return "oscillates, converges"
	case eta == 1:
		return "oscillates forever"
	default:
		return "oscillates, diverges"
	}
}

// grey draws reference curves behind the coloured data.
var grey = color.Gray{Y: 0x88}

// addPath draws the iterates ws as points (w_i, w_i²) joined by lines, with
// the start w₀ labelled.
func addPath(p *plot.Plot, ws []float64) error {
	xys := make(plotter.XYs, len(ws))
	for j, w := range ws {
		xys[j] = plotter.XY{X: w, Y: w * w}
	}
	line, points, err := plotter.NewLinePoints(xys)
	if err != nil {
		return fmt.Errorf("plots: %w", err)
	}
	line.LineStyle = lineStyle(0, false)
	line.LineStyle.Width = vg.Points(1)
	points.Shape = draw.CircleGlyph{}
	points.Color = seriesColor(0)
	points.Radius = vg.Points(3)
	start, err := plotter.NewLabels(plotter.XYLabels{XYs: xys[:1], Labels: []string{"w₀"}})
	if err != nil {
		return fmt.Errorf("plots: %w", err)
	}
	start.TextStyle[0].Font.Size = labelSize
	start.Offset = vg.Point{X: vg.Points(6), Y: vg.Points(-4)}
	p.Add(line, points, start)
	p.Legend.Add("iterates w₀ … w"+subscript(len(ws)-1), line, points)
	return nil
}

// subscript writes n (0 or more) with Unicode subscript digits.
func subscript(n int) string {
	var b []rune
	for _, d := range strconv.Itoa(n) {
		b = append(b, '₀'+d-'0')
	}
	return string(b)
}
