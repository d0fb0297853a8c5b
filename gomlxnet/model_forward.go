package gomlxnet

import (
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/shapes"
)

// forward builds the model's output for the batch x [batch, InputUnits]
// from the parameter nodes (in m.params order), as [batch, OutputUnits].
// It also returns the last layer's pre-activation (for a layer without an
// activation, its output), which a softmax cross-entropy uses as logits.
//
// In training (rng not nil), Dropout layers draw their masks from the RNG
// state rng, and forward returns the advanced state; otherwise they pass
// their input through and newRNG is nil.
func (m *Model) forward(params []*graph.Node, x, rng *graph.Node) (out, logits, newRNG *graph.Node) {
	batch := x.Shape().Dimensions[0]
	out = graph.Reshape(x, append([]int{batch}, m.layers[0].outShape...)...)
	for _, l := range m.layers[1:] {
		var kernel, bias *graph.Node
		if l.firstParam >= 0 {
			kernel, bias = params[l.firstParam], params[l.firstParam+1]
		}
		switch l.kind {
		case "Dense":
			logits = graph.Add(graph.Dot(out, kernel), graph.InsertAxes(bias, 0))
			out = l.activation.apply(logits)
		case "Conv2D":
			logits = graph.Add(conv2D(out, kernel), graph.Reshape(bias, 1, 1, 1, l.units))
			out = l.activation.apply(logits)
		case "MaxPooling2D":
			out = maxPool2D(out, l.poolSize)
			logits = out
		case "Flatten", "Reshape":
			out = graph.Reshape(out, append([]int{batch}, l.outShape...)...)
			logits = out
		case "Dropout":
			if rng != nil && l.rate > 0 {
				out, rng = dropout(out, rng, l.rate)
			}
			logits = out
		}
	}
	if out.Rank() > 2 {
		out = graph.Reshape(out, batch, -1)
		logits = graph.Reshape(logits, batch, -1)
	}
	return out, logits, rng
}

// dropout zeroes each value of x with probability rate, drawing from the
// RNG state rng, and scales the others by 1/(1-rate) as keras does. It
// returns the result and the advanced RNG state.
func dropout(x, rng *graph.Node, rate float64) (out, newRNG *graph.Node) {
	newRNG, u := graph.RandomUniform(rng, shapes.Make(x.DType(), x.Shape().Dimensions...))
	keep := graph.ConvertDType(graph.GreaterOrEqual(u, graph.Scalar(x.Graph(), x.DType(), rate)), x.DType())
	return graph.Mul(x, graph.MulScalar(keep, 1/(1-rate))), newRNG
}

// penalty builds the sum of the kernels' L2 penalties, l2·Σw² each (keras'
// regularizer_l2), or returns nil when no layer has one.
func (m *Model) penalty(params []*graph.Node) *graph.Node {
	var sum *graph.Node
	for i, p := range m.params {
		if !p.kernel || p.l2 == 0 {
			continue
		}
		term := graph.MulScalar(graph.ReduceAllSum(graph.Square(params[i])), p.l2)
		if sum == nil {
			sum = term
		} else {
			sum = graph.Add(sum, term)
		}
	}
	return sum
}

// hasDropout reports whether the model has a Dropout layer, whose training
// graph then needs an RNG state.
func (m *Model) hasDropout() bool {
	for _, l := range m.layers {
		if l.kind == "Dropout" && l.rate > 0 {
			return true
		}
	}
	return false
}
