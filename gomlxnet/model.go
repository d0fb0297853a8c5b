package gomlxnet

import (
	"fmt"
	"math/rand/v2"
	"slices"

	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/gonb-courses/neuralnets/arrays"
)

// Model is a neural network from an input to an output Symbol, the
// counterpart of keras_model(inputs, outputs). Build it with NewModel,
// then Compile it before Fit, Evaluate or Predict.
//
// A Model is not safe for concurrent use.
type Model struct {
	layers []modelLayer // the input layer first
	params []*param     // in layer order: dense_1/kernel, dense_1/bias, dense_2/kernel, ...
	run    *engine      // set by Compile
}

// modelLayer is a layer placed in a model: named, and knowing the shapes
// of one example it takes and gives.
type modelLayer struct {
	*layer
	name       string // "input_layer", "dense_1", "conv2d_1", "dense_2", ...
	inShape    []int  // nil for the input layer
	outShape   []int
	firstParam int // index of its kernel in Model.params, -1 without weights
}

// param is one named weight array of a model. value is nil until Compile or
// SetWeights gives it one. Kernels also carry how to initialise and
// penalise them.
type param struct {
	name  string
	shape []int
	value *tensors.Tensor

	kernel        bool        // a kernel, not a bias or an optimizer state
	init          Initializer // for a kernel
	fanIn, fanOut int         // for a kernel, as keras counts them
	l2            float64     // for a kernel: the L2 factor
}

// Weight is one named parameter array of a model, such as "dense_1/kernel"
// (shape [784, 30]) or "dense_1/bias" (shape [30]): what keras' get_weights()
// returns, with names.
type Weight struct {
	Name  string
	Value Array[float32]
}

// NewModel returns the model computing output from input, like keras_model(
// inputs = input, outputs = output). output must be input after one or more
// layers. Layers are named as in the lecture's summary: "input_layer", then
// per class in order from the input "dense_1", "dense_2", ..., "conv2d_1",
// "max_pooling2d_1", "flatten_1", "dropout_1", "reshape_1", ...
func NewModel(input, output *Symbol) (*Model, error) {
	if input == nil || output == nil {
		return nil, fmt.Errorf("%w: NewModel needs an input and an output Symbol", ErrModel)
	}
	if output.err != nil {
		return nil, output.err
	}
	if input.err != nil {
		return nil, input.err
	}
	var chain []*Symbol
	for s := output; s != nil && s != input; s = s.from {
		chain = append(chain, s)
		if s.from == nil {
			return nil, fmt.Errorf("%w: the output is not computed from the given input", ErrModel)
		}
	}
	if len(chain) == 0 {
		return nil, fmt.Errorf("%w: the model has no layer between its input and output", ErrModel)
	}
	if _, ok := input.layer.kindOf().(*inputLayer); input.from != nil || !ok {
		return nil, fmt.Errorf("%w: the model's input must come from Input", ErrModel)
	}
	slices.Reverse(chain)
	m := &Model{layers: []modelLayer{{layer: input.layer, name: "input_layer", outShape: input.shape, firstParam: -1}}}
	counts := map[string]int{}
	for _, s := range chain {
		class := s.layer.kind.class()
		counts[class]++
		l := modelLayer{layer: s.layer, inShape: s.from.shape, outShape: s.shape, firstParam: -1,
			name: fmt.Sprintf("%s_%d", layerClasses[class].prefix, counts[class])}
		if kernel, bias := l.kind.paramShapes(l.inShape); kernel != nil {
			l.firstParam = len(m.params)
			fanIn, fanOut := fans(kernel)
			p := &param{name: l.name + "/kernel", shape: kernel, kernel: true, fanIn: fanIn, fanOut: fanOut}
			if k, ok := l.kind.(interface{ kernelInit() (Initializer, float64) }); ok {
				p.init, p.l2 = k.kernelInit()
			}
			m.params = append(m.params, p, &param{name: l.name + "/bias", shape: bias})
		}
		m.layers = append(m.layers, l)
	}
	return m, nil
}

// fans returns a kernel's fan-in and fan-out as keras computes them: the
// first two axes of a Dense kernel [in, out]; for a convolution kernel
// [k, k, in, out], k·k·in and k·k·out.
func fans(kernel []int) (fanIn, fanOut int) {
	receptive := arrays.Size(kernel[:len(kernel)-2])
	return receptive * kernel[len(kernel)-2], receptive * kernel[len(kernel)-1]
}

// InputUnits returns the number of values per row the model takes (784 for
// the lecture's network).
func (m *Model) InputUnits() int { return arrays.Size(m.layers[0].outShape) }

// OutputUnits returns the number of values per row the model returns: the
// product of the last layer's output shape.
func (m *Model) OutputUnits() int { return arrays.Size(m.layers[len(m.layers)-1].outShape) }

// ParamCount returns the number of trainable parameters (23,860 for the
// lecture's network).
func (m *Model) ParamCount() int {
	n := 0
	for _, l := range m.layers[1:] {
		n += l.paramCount(l.inShape)
	}
	return n
}

// initParams gives every parameter without a value its first value:
// kernels from their Initializer (keras' default glorot_uniform: uniform in
// [-limit, limit] with limit = sqrt(6 / (fanIn + fanOut)), Glorot & Bengio
// 2010), biases zero. Kernels draw from rng in parameter order.
func (m *Model) initParams(rng *rand.Rand) {
	for _, p := range m.params {
		if p.value != nil {
			continue
		}
		data := make([]float32, arrays.Size(p.shape))
		if p.kernel {
			p.init.fill(data, p.fanIn, p.fanOut, rng)
		}
		p.value = tensors.FromFlatDataAndDimensions(data, p.shape...)
	}
}

// Weights returns a copy of the model's parameters in layer order:
// dense_1/kernel, dense_1/bias, dense_2/kernel, ... It fails with
// ErrNotCompiled before Compile (or SetWeights) gave them values.
func (m *Model) Weights() (ws []Weight, err error) {
	defer recoverAs(&err, "Weights")
	for _, p := range m.params {
		if p.value == nil {
			return nil, fmt.Errorf("%w: %s has no value yet: call Compile first", ErrNotCompiled, p.name)
		}
		a := arrays.New[float32](p.shape...)
		if err := tensors.ConstFlatData(p.value, func(flat []float32) { copy(a.Data, flat) }); err != nil {
			return nil, fmt.Errorf("%w: reading %s: %w", ErrCompute, p.name, err)
		}
		ws = append(ws, Weight{Name: p.name, Value: a})
	}
	return ws, nil
}

// SetWeights replaces the model's parameters with copies of ws, which must
// name every parameter once with its shape (as Weights returns them, in any
// order). Called before Compile, the values replace the random
// initialisation. The optimizer's state (momentum, Adam's moments) is kept.
func (m *Model) SetWeights(ws []Weight) error {
	byName := make(map[string]Weight, len(ws))
	for _, w := range ws {
		if _, dup := byName[w.Name]; dup {
			return fmt.Errorf("%w: SetWeights: %s given twice", ErrArgument, w.Name)
		}
		byName[w.Name] = w
	}
	if len(byName) != len(m.params) {
		return fmt.Errorf("%w: SetWeights: got %d weights, the model has %d", ErrArgument, len(byName), len(m.params))
	}
	for _, p := range m.params {
		w, ok := byName[p.name]
		if !ok {
			return fmt.Errorf("%w: SetWeights: %s missing", ErrArgument, p.name)
		}
		if !slices.Equal(w.Value.Shape, p.shape) || len(w.Value.Data) != arrays.Size(p.shape) {
			return fmt.Errorf("%w: SetWeights: %s has shape %v (%d values), want %v",
				ErrShape, p.name, w.Value.Shape, len(w.Value.Data), p.shape)
		}
		if i := firstNonFinite(w.Value.Data); i >= 0 {
			return fmt.Errorf("%w: SetWeights: %s holds %v at index %d", ErrData, p.name, w.Value.Data[i], i)
		}
	}
	for _, p := range m.params {
		if p.value != nil {
			_ = p.value.FinalizeAll()
		}
		p.value = tensors.FromFlatDataAndDimensions(byName[p.name].Value.Data, p.shape...) // copies
	}
	return nil
}
