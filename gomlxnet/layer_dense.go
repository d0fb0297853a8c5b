package gomlxnet

import (
	"errors"
	"fmt"

	"github.com/gomlx/gomlx/pkg/core/graph"
)

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

// DenseWith is Dense with a chosen initializer and L2 penalty on the
// kernel, like layer_dense(units, activation, kernel_initializer = ...,
// kernel_regularizer = regularizer_l2(...)).
func DenseWith(units int, activation Activation, opts KernelOptions) Layer {
	return newLayer(&dense{kernelLayer: newKernelLayer(activation, opts), units: units},
		fmt.Sprintf("Dense(%d, %q)", units, activation))
}

func init() {
	registerLayerClass("Dense", "dense", func(c layerConfig) Layer {
		return DenseWith(c.Units, c.Activation, c.kernelOptions())
	})
}

// dense is the layerKind of Dense.
type dense struct {
	kernelLayer
	units int
}

func (*dense) class() string { return "Dense" }

func (d *dense) outShape(in []int) ([]int, error) {
	if err := d.check(); err != nil {
		return nil, err
	}
	switch {
	case d.units < 1:
		return nil, errors.New("a layer needs at least one unit")
	case len(in) != 1:
		return nil, fmt.Errorf("its input has shape %v; Dense needs a flat input: put Flatten() before it", in)
	}
	return []int{d.units}, nil
}

func (d *dense) paramShapes(in []int) (kernel, bias []int) {
	return []int{in[0], d.units}, []int{d.units}
}

func (d *dense) forward(x *graph.Node, step *forwardStep) (out, logits *graph.Node) {
	logits = graph.Add(graph.Dot(x, step.kernel), graph.InsertAxes(step.bias, 0))
	return d.activation.apply(logits), logits
}

func (d *dense) config(c *layerConfig) {
	d.kernelLayer.config(c)
	c.Units = d.units
}
