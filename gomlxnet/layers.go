package gomlxnet

import (
	"fmt"

	"github.com/gomlx/gomlx/pkg/core/graph"
)

// Activation names the function a layer applies to its output, spelled as
// keras spells it (layer_dense(activation = 'sigmoid')). The constants below
// are the ones gomlxnet implements; an untyped string such as "sigmoid" works
// too, and "" means Linear, as keras' activation = NULL does.
type Activation string

// The activations a Dense layer accepts.
const (
	// Linear leaves the layer's output z = x·W + b unchanged.
	Linear Activation = "linear"
	// Sigmoid is the logistic function 1 / (1 + exp(-z)), the lecture's choice.
	Sigmoid Activation = "sigmoid"
	// ReLU is max(z, 0).
	ReLU Activation = "relu"
	// Tanh is the hyperbolic tangent.
	Tanh Activation = "tanh"
	// Softmax turns each row into probabilities: exp(z_i) / sum_j exp(z_j).
	Softmax Activation = "softmax"
)

// check returns an error wrapping ErrArgument for an activation gomlxnet
// does not implement.
func (a Activation) check() error {
	switch a {
	case "", Linear, Sigmoid, ReLU, Tanh, Softmax:
		return nil
	}
	return fmt.Errorf("%w: unknown activation %q (want %q, %q, %q, %q or %q)",
		ErrArgument, string(a), Linear, Sigmoid, ReLU, Tanh, Softmax)
}

// apply builds the activation of z in a GoMLX graph; Softmax normalises
// over the last axis.
func (a Activation) apply(z *graph.Node) *graph.Node {
	switch a {
	case Sigmoid:
		return graph.Sigmoid(z)
	case ReLU:
		return graph.Max(z, graph.ScalarZero(z.Graph(), z.DType()))
	case Tanh:
		return graph.Tanh(z)
	case Softmax:
		return graph.Softmax(z, -1)
	}
	return z
}

// Symbol is the symbolic output of a layer, what keras calls a KerasTensor:
// it holds no values, only which layer produced it from which Symbol. Input
// creates the first Symbol of a model, applying a layer to a Symbol returns
// the next one, and NewModel turns the chain between two Symbols into a Model.
type Symbol struct {
	layer *layer
	from  *Symbol // nil for an input
	shape []int   // the shape of one example, without the batch axis
	err   error   // the first error met building this chain, reported by NewModel
}

// Units returns the number of values per example this Symbol carries: the
// input's features, a Dense layer's units, or the product of the shape of
// a convolution's or pooling's output.
func (s *Symbol) Units() int {
	if s == nil || s.err != nil {
		return 0
	}
	return shapeSize(s.shape)
}

// Shape returns the shape of one example this Symbol carries, without the
// batch axis, as keras prints it after "None": [30] for Dense(30), [24, 24,
// 16] for a Conv2D of 16 filters of 5x5 on 28x28 images. It is nil after an
// error.
func (s *Symbol) Shape() []int {
	if s == nil || s.err != nil {
		return nil
	}
	return append([]int(nil), s.shape...)
}

// layer describes one layer of a model: its keras class and its
// configuration. Its weights live in the Model, so that two models built
// from the same Symbols do not share them.
type layer struct {
	kind       string // keras' class name: "InputLayer", "Dense", "Conv2D", ...
	desc       string // how the layer was created, for error messages: `Dense(30, "sigmoid")`
	units      int    // Dense: units; Conv2D: filters
	activation Activation
	shape      []int       // InputLayer: the example shape; Reshape: the target shape
	kernelSize int         // Conv2D: the side of its square kernel
	poolSize   int         // MaxPooling2D: the side of its square window (and stride)
	rate       float64     // Dropout: the fraction of values zeroed in training
	init       Initializer // Dense, Conv2D: how the kernel starts
	l2         float64     // Dense, Conv2D: keras' kernel_regularizer = regularizer_l2(l2)
	applied    bool        // a Layer value may be applied once
}

// Layer is a layer ready to be applied to a Symbol, as in keras' functional
// API: Dense(30, Sigmoid)(input). Applying it returns the layer's output Symbol.
type Layer func(from *Symbol) *Symbol

// Input returns the input of a model taking rows of features values, like
// keras' layer_input(shape = c(features)): Input(784) for MNIST images
// flattened to 784 pixels. A non-positive features is reported by NewModel.
func Input(features int) *Symbol {
	s := &Symbol{layer: &layer{kind: "InputLayer", shape: []int{features}}, shape: []int{features}}
	if features < 1 {
		s.err = fmt.Errorf("%w: Input(%d): an input needs at least one feature", ErrArgument, features)
	}
	return s
}

// Dense returns a fully connected layer of units neurons, each computing
// activation(x·w + b) from all the values of its input row, like keras'
// layer_dense(units, activation). Its weights are a kernel of shape
// [input units, units], initialised glorot_uniform as keras does, and a
// bias of shape [units]. Its input must be flat: put Flatten after a
// convolution.
//
// Each Layer value may be applied once; errors (units < 1, an unknown
// activation, a nil or reused input) are reported by NewModel.
func Dense(units int, activation Activation) Layer {
	return DenseWith(units, activation, KernelOptions{})
}

// KernelOptions are the less common settings of a layer with a kernel
// (Dense, Conv2D). The zero value gives keras' defaults.
type KernelOptions struct {
	// Initializer draws the kernel's first values; the zero value is
	// keras' default, GlorotUniform. Biases always start at zero.
	Initializer Initializer
	// L2 adds L2·Σw² over the kernel's weights to the loss, like keras'
	// kernel_regularizer = regularizer_l2(L2); 0 means none.
	L2 float64
}

// DenseWith is Dense with a chosen initializer and L2 penalty on the
// kernel, like layer_dense(units, activation, kernel_initializer = ...,
// kernel_regularizer = regularizer_l2(...)).
func DenseWith(units int, activation Activation, opts KernelOptions) Layer {
	l := &layer{kind: "Dense", units: units, activation: activation, init: opts.Initializer, l2: opts.L2,
		desc: fmt.Sprintf("Dense(%d, %q)", units, activation)}
	return l.bind()
}

// bind returns the Layer applying l: it records the input and the output
// shape, or the first error met.
func (l *layer) bind() Layer {
	return func(from *Symbol) *Symbol {
		s := &Symbol{layer: l, from: from}
		switch {
		case from == nil:
			s.err = fmt.Errorf("%w: %s applied to a nil Symbol", ErrArgument, l.desc)
		case from.err != nil:
			s.err = from.err
		case l.applied:
			s.err = fmt.Errorf("%w: %s applied twice: call it again for a new layer", ErrArgument, l.desc)
		default:
			s.shape, s.err = l.outShape(from.shape)
		}
		l.applied = true
		return s
	}
}

// outShape checks the layer's configuration against the shape of one input
// example and returns the shape of one output example.
func (l *layer) outShape(in []int) ([]int, error) {
	bad := func(format string, args ...any) ([]int, error) {
		return nil, fmt.Errorf("%w: %s: %s", ErrArgument, l.desc, fmt.Sprintf(format, args...))
	}
	if err := l.activation.check(); err != nil {
		return nil, err
	}
	if err := l.init.check(); err != nil {
		return nil, err
	}
	if !(l.l2 >= 0) || l.l2 > maxL2 {
		return bad("L2 factor %g must be in [0, %g]", l.l2, float64(maxL2))
	}
	switch l.kind {
	case "Dense":
		switch {
		case l.units < 1:
			return bad("a layer needs at least one unit")
		case len(in) != 1:
			return bad("its input has shape %v; Dense needs a flat input: put Flatten() before it", in)
		}
		return []int{l.units}, nil
	case "Dropout":
		if !(l.rate >= 0 && l.rate < 1) {
			return bad("rate %g must be in [0, 1)", l.rate)
		}
		return in, nil
	}
	return l.outShapeSpatial(in, bad)
}

// maxL2 bounds the L2 factor: anything near 1 already drives every weight
// to zero, so a larger value is a mistake (keras' own examples use 1e-4
// to 1e-2).
const maxL2 = 1

// paramShapes returns the shapes of the layer's kernel and bias for one
// input example of shape in, or nil for a layer without weights.
func (l *layer) paramShapes(in []int) (kernel, bias []int) {
	switch l.kind {
	case "Dense":
		return []int{in[0], l.units}, []int{l.units}
	case "Conv2D":
		return []int{l.kernelSize, l.kernelSize, in[2], l.units}, []int{l.units}
	}
	return nil, nil
}

// paramCount returns the number of trainable values of a layer fed by
// examples of shape in: the kernel plus the bias.
func (l *layer) paramCount(in []int) int {
	kernel, bias := l.paramShapes(in)
	if kernel == nil {
		return 0
	}
	return shapeSize(kernel) + shapeSize(bias)
}
