package plots

import (
	"fmt"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
)

// sigmoidSamples is how many points draw each curve: enough that the bend
// near z = 0 looks smooth at any size a notebook shows.
const sigmoidSamples = 200

// Sigmoid plots the sigmoid (logistic) function σ(z) = 1/(1+e^-z) for z in
// [zMin, zMax]. With derivative true it also draws σ'(z) = σ(z)(1-σ(z)),
// dashed, the factor backpropagation multiplies by at every sigmoid unit.
// zMin must be less than zMax and both finite.
func Sigmoid(zMin, zMax float64, derivative bool) (*plot.Plot, error) {
	if err := checkFinite("z range", []float64{zMin, zMax}); err != nil {
		return nil, err
	}
	if zMin >= zMax {
		return nil, fmt.Errorf("%w: zMin %v is not less than zMax %v", ErrRange, zMin, zMax)
	}
	p := newPlot("The sigmoid function", "z = w·x + b", "σ(z)")
	addGrid(p)
	p.X.Min, p.X.Max = zMin, zMax
	// σ lies in (0, 1); a small margin keeps the asymptotes off the frame.
	p.Y.Min, p.Y.Max = -0.05, 1.05

	s := plotter.NewFunction(SigmoidValue)
	s.Samples = sigmoidSamples
	s.LineStyle = lineStyle(0, false)
	p.Add(s)
	p.Legend.Add("σ(z) = 1 / (1 + exp(−z))", s)
	p.Legend.Left = true // the curves leave the top left corner free.
	if derivative {
		d := plotter.NewFunction(func(z float64) float64 {
			s := SigmoidValue(z)
			return s * (1 - s)
		})
		d.Samples = sigmoidSamples
		d.LineStyle = lineStyle(1, true)
		p.Add(d)
		p.Legend.Add("σ′(z) = σ(z)(1 − σ(z))", d)
		p.Y.Label.Text = "σ(z), σ′(z)"
	}
	return p, nil
}

// SigmoidValue returns σ(z) = 1/(1+e^-z), computed without overflow for
// large negative z.
func SigmoidValue(z float64) float64 {
	if z >= 0 {
		return 1 / (1 + math.Exp(-z))
	}
	e := math.Exp(z)
	return e / (1 + e)
}
