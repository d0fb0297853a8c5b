package gomlxnet

import (
	"github.com/gomlx/gomlx/pkg/core/graph"
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
	out = x
	step := &forwardStep{rng: rng}
	for i := 0; i < len(m.layers); i++ {
		l := m.layers[i]
		step.kernel, step.bias, step.outShape = nil, nil, l.outShape
		if l.firstParam >= 0 {
			step.kernel, step.bias = params[l.firstParam], params[l.firstParam+1]
		}
		if c, pool := m.pooledConv(i); pool != nil {
			step.outShape = m.layers[i+1].outShape
			out, logits = c.forwardPooled(out, step, pool.size)
			i++
			continue
		}
		out, logits = l.kind.forward(out, step)
	}
	if out.Rank() > 2 {
		out = graph.Reshape(out, batch, -1)
		logits = graph.Reshape(logits, batch, -1)
	}
	return out, logits, step.rng
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

// hasDropout reports whether the model has a layer drawing random numbers
// in training (Dropout), whose training graph then needs an RNG state.
func (m *Model) hasDropout() bool {
	for _, l := range m.layers {
		if r, ok := l.kind.(randomLayer); ok && r.random() {
			return true
		}
	}
	return false
}

// lastActivation returns the activation of the model's last layer, or ""
// for a layer without one.
func (m *Model) lastActivation() Activation {
	if a, ok := m.layers[len(m.layers)-1].kind.(activatedLayer); ok {
		return a.activationFn()
	}
	return ""
}

// pooledConv returns layer i as a Conv2D and layer i+1 as the MaxPool2D
// that follows it, when the convolution's activation does not decrease
// (none, ReLU, sigmoid, tanh): then the pair can be built pooling first
// (conv.forwardPooled). Otherwise pool is nil.
func (m *Model) pooledConv(i int) (c *conv, pool *maxPool) {
	if i+1 >= len(m.layers) {
		return nil, nil
	}
	c, isConv := m.layers[i].kind.(*conv)
	pool, isPool := m.layers[i+1].kind.(*maxPool)
	if !isConv || !isPool || !c.activation.nonDecreasing() {
		return nil, nil
	}
	return c, pool
}
