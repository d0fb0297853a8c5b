package gomlxnet

import (
	"fmt"

	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/shapes"
)

// Dropout returns a layer that, during Fit only, sets each value to zero
// with probability rate and multiplies the others by 1/(1-rate), so that
// their expected sum is unchanged ("inverted dropout", as keras'
// layer_dropout(rate) does). Evaluate and Predict pass the values through.
// The random choices come from CompileOptions.Seed.
func Dropout(rate float64) Layer {
	return newLayer(&dropoutLayer{rate: rate}, fmt.Sprintf("Dropout(%g)", rate))
}

func init() {
	registerLayerClass("Dropout", "dropout", func(c layerConfig) Layer { return Dropout(c.Rate) })
}

// dropoutLayer is the layerKind of Dropout.
type dropoutLayer struct {
	rate float64
}

func (*dropoutLayer) class() string { return "Dropout" }

func (d *dropoutLayer) outShape(in []int) ([]int, error) {
	if !(d.rate >= 0 && d.rate < 1) {
		return nil, fmt.Errorf("rate %g must be in [0, 1)", d.rate)
	}
	return in, nil
}

func (*dropoutLayer) paramShapes([]int) (kernel, bias []int) { return nil, nil }

// random implements randomLayer: a rate of 0 draws nothing.
func (d *dropoutLayer) random() bool { return d.rate > 0 }

func (d *dropoutLayer) forward(x *graph.Node, step *forwardStep) (out, logits *graph.Node) {
	if step.rng == nil || d.rate == 0 {
		return x, x
	}
	out, step.rng = dropout(x, step.rng, d.rate)
	return out, out
}

func (d *dropoutLayer) config(c *layerConfig) { c.Rate = d.rate }

// dropout zeroes each value of x with probability rate, drawing from the
// RNG state rng, and scales the others by 1/(1-rate) as keras does. It
// returns the result and the advanced RNG state.
func dropout(x, rng *graph.Node, rate float64) (out, newRNG *graph.Node) {
	newRNG, u := graph.RandomUniform(rng, shapes.Make(x.DType(), x.Shape().Dimensions...))
	keep := graph.ConvertDType(graph.GreaterOrEqual(u, graph.Scalar(x.Graph(), x.DType(), rate)), x.DType())
	return graph.Mul(x, graph.MulScalar(keep, 1/(1-rate))), newRNG
}
