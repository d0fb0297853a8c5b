package gomlxnet

import (
	"errors"
	"fmt"

	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gonb-courses/neuralnets/arrays"
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

// nonDecreasing reports whether the activation is element-wise and never
// decreases (none, ReLU, sigmoid, tanh), so that it commutes with a max
// pooling. Softmax is neither.
func (a Activation) nonDecreasing() bool {
	switch a {
	case "", Linear, ReLU, Sigmoid, Tanh:
		return true
	}
	return false
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
	return arrays.Size(s.shape)
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

// layerKind is what one kind of layer (Dense, Conv2D, ...) knows, each in
// its own file (layer_*.go) with its constructor, which registers its class
// (registerLayerClass) for LoadModel. Its weights live in the Model, so
// that two models built from the same Symbols do not share them.
type layerKind interface {
	// class is keras' class name, which Summary shows and the model file
	// records: "Dense", "Conv2D", ...
	class() string
	// outShape checks the layer's configuration against the shape of one
	// input example and returns the shape of one output example. Errors
	// need not name the layer: bind adds its description.
	outShape(in []int) ([]int, error)
	// paramShapes returns the shapes of the layer's kernel and bias for one
	// input example of shape in, or nil for a layer without weights.
	paramShapes(in []int) (kernel, bias []int)
	// forward builds the layer's output for the batch x [batch, in...] as
	// [batch, out...], and its pre-activation, which a softmax
	// cross-entropy on the last layer uses as logits (for a layer without
	// an activation, its output).
	forward(x *graph.Node, step *forwardStep) (out, logits *graph.Node)
	// config records the arguments that rebuild the layer in c.
	config(c *layerConfig)
}

// forwardStep is what a layer's forward reads besides its input.
type forwardStep struct {
	kernel, bias *graph.Node // the layer's weights; nil for a layer without
	outShape     []int       // the shape of one output example
	// rng is the RNG state in training (nil in Evaluate and Predict); a
	// layer that draws from it replaces it with the advanced state.
	rng *graph.Node
}

// randomLayer is a layerKind that draws from the RNG state in training
// (Dropout), so that the training graph needs one.
type randomLayer interface {
	random() bool
}

// activatedLayer is a layerKind that ends with an activation.
type activatedLayer interface {
	activationFn() Activation
}

// layerClass is how a model file's class name is read back: the prefix of
// the layers' names in a model and the function rebuilding one.
type layerClass struct {
	prefix string // "dense": layers are named dense_1, dense_2, ...
	load   func(layerConfig) Layer
}

// layerClasses are the classes LoadModel rebuilds, by keras' class name,
// registered by each layer's file.
var layerClasses = map[string]layerClass{}

// registerLayerClass makes the class name loadable.
func registerLayerClass(name, prefix string, load func(layerConfig) Layer) {
	if _, dup := layerClasses[name]; dup {
		panic("gomlxnet: layer class " + name + " registered twice")
	}
	layerClasses[name] = layerClass{prefix: prefix, load: load}
}

// layer is one layer ready to be placed in a model: its kind and how it
// was created.
type layer struct {
	kind    layerKind
	desc    string // how the layer was created, for error messages: `Dense(30, "sigmoid")`
	applied bool   // a Layer value may be applied once
}

// Layer is a layer ready to be applied to a Symbol, as in keras' functional
// API: Dense(30, Sigmoid)(input). Applying it returns the layer's output Symbol.
type Layer func(from *Symbol) *Symbol

// newLayer returns the Layer applying a layer of kind k, described by desc
// in error messages.
func newLayer(k layerKind, desc string) Layer {
	return (&layer{kind: k, desc: desc}).bind()
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
			s.shape, s.err = l.kind.outShape(from.shape)
			if s.err != nil && !errors.Is(s.err, ErrArgument) {
				s.err = fmt.Errorf("%w: %s: %w", ErrArgument, l.desc, s.err)
			}
		}
		l.applied = true
		return s
	}
}

// paramCount returns the number of trainable values of a layer fed by
// examples of shape in: the kernel plus the bias.
func (l *layer) paramCount(in []int) int {
	kernel, bias := l.kind.paramShapes(in)
	if kernel == nil {
		return 0
	}
	return arrays.Size(kernel) + arrays.Size(bias)
}

// kindOf returns l's kind, or nil for a nil layer.
func (l *layer) kindOf() layerKind {
	if l == nil {
		return nil
	}
	return l.kind
}
