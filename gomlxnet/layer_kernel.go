package gomlxnet

import "fmt"

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

// maxL2 bounds the L2 factor: anything near 1 already drives every weight
// to zero, so a larger value is a mistake (keras' own examples use 1e-4
// to 1e-2).
const maxL2 = 1

// kernelLayer is what the layers with a kernel and a bias (Dense, Conv2D)
// share: their activation and how the kernel starts and is penalised.
type kernelLayer struct {
	activation Activation
	init       Initializer
	l2         float64
}

// newKernelLayer returns the shared part of a layer with a kernel.
func newKernelLayer(activation Activation, opts KernelOptions) kernelLayer {
	return kernelLayer{activation: activation, init: opts.Initializer, l2: opts.L2}
}

// check returns an error for an unknown activation or initializer or an L2
// factor out of range.
func (k kernelLayer) check() error {
	if err := k.activation.check(); err != nil {
		return err
	}
	if err := k.init.check(); err != nil {
		return err
	}
	if !(k.l2 >= 0) || k.l2 > maxL2 {
		return fmt.Errorf("L2 factor %g must be in [0, %g]", k.l2, float64(maxL2))
	}
	return nil
}

// activationFn implements activatedLayer.
func (k kernelLayer) activationFn() Activation { return k.activation }

// kernelInit returns how the kernel starts and its L2 factor.
func (k kernelLayer) kernelInit() (Initializer, float64) { return k.init, k.l2 }

// config records the activation, initializer and L2 factor.
func (k kernelLayer) config(c *layerConfig) {
	c.Activation, c.L2 = k.activation, k.l2
	if k.init != (Initializer{}) {
		init := k.init
		c.Initializer = &init
	}
}

// kernelOptions returns the KernelOptions a model file records.
func (c layerConfig) kernelOptions() KernelOptions {
	opts := KernelOptions{L2: c.L2}
	if c.Initializer != nil {
		opts.Initializer = *c.Initializer
	}
	return opts
}
