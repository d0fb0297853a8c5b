package gomlxnet

import (
	"fmt"
	"slices"

	"github.com/gomlx/gomlx/pkg/core/graph"
)

// Input returns the input of a model taking rows of features values, like
// keras' layer_input(shape = c(features)): Input(784) for MNIST images
// flattened to 784 pixels. A non-positive features is reported by NewModel.
func Input(features int) *Symbol {
	in := &inputLayer{shape: []int{features}}
	s := &Symbol{layer: &layer{kind: in, desc: fmt.Sprintf("Input(%d)", features)}, shape: []int{features}}
	if features < 1 {
		s.err = fmt.Errorf("%w: Input(%d): an input needs at least one feature", ErrArgument, features)
	}
	return s
}

// inputLayer is the layerKind of Input, a model's first layer. It is not a
// registered class: a model file's first layer is read by modelFromConfigs.
type inputLayer struct {
	shape []int
}

func (*inputLayer) class() string { return "InputLayer" }

func (in *inputLayer) outShape([]int) ([]int, error) { return slices.Clone(in.shape), nil }

func (*inputLayer) paramShapes([]int) (kernel, bias []int) { return nil, nil }

// forward gives the model's input rows the input's example shape.
func (*inputLayer) forward(x *graph.Node, step *forwardStep) (out, logits *graph.Node) {
	out = graph.Reshape(x, append([]int{x.Shape().Dimensions[0]}, step.outShape...)...)
	return out, out
}

func (in *inputLayer) config(c *layerConfig) { c.Shape = in.shape }
