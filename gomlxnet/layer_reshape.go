package gomlxnet

import (
	"fmt"
	"slices"

	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gonb-courses/neuralnets/arrays"
)

// Reshape returns a layer giving each example a new shape with the same
// number of values, in row-major order, like keras' layer_reshape(
// target_shape): Reshape(28, 28, 1) turns Input(784)'s flattened MNIST
// images back into 28x28 images of one channel for Conv2D.
func Reshape(shape ...int) Layer {
	return newLayer(&reshape{shape: slices.Clone(shape)}, fmt.Sprintf("Reshape(%v)", shape))
}

// Flatten returns a layer laying each example out as one row of values,
// like keras' layer_flatten(): [4, 4, 32] becomes [512], ready for Dense.
func Flatten() Layer {
	return newLayer(&reshape{flatten: true}, "Flatten()")
}

func init() {
	registerLayerClass("Reshape", "reshape", func(c layerConfig) Layer { return Reshape(c.TargetShape...) })
	registerLayerClass("Flatten", "flatten", func(layerConfig) Layer { return Flatten() })
}

// reshape is the layerKind of Reshape and Flatten, which only change the
// shape of each example.
type reshape struct {
	flatten bool  // Flatten: one row
	shape   []int // Reshape: the target shape
}

func (r *reshape) class() string {
	if r.flatten {
		return "Flatten"
	}
	return "Reshape"
}

func (r *reshape) outShape(in []int) ([]int, error) {
	if r.flatten {
		return []int{arrays.Size(in)}, nil
	}
	if len(r.shape) == 0 || slices.Min(r.shape) < 1 || arrays.Size(r.shape) != arrays.Size(in) {
		return nil, fmt.Errorf("cannot reshape examples of shape %v (%d values) to %v", in, arrays.Size(in), r.shape)
	}
	return slices.Clone(r.shape), nil
}

func (*reshape) paramShapes([]int) (kernel, bias []int) { return nil, nil }

func (*reshape) forward(x *graph.Node, step *forwardStep) (out, logits *graph.Node) {
	out = graph.Reshape(x, append([]int{x.Shape().Dimensions[0]}, step.outShape...)...)
	return out, out
}

func (r *reshape) config(c *layerConfig) {
	if !r.flatten {
		c.TargetShape = r.shape
	}
}
