package gomlxnet

import (
	"fmt"
	"slices"

	"github.com/gomlx/gomlx/pkg/core/graph"
)

// Reshape returns a layer giving each example a new shape with the same
// number of values, in row-major order, like keras' layer_reshape(
// target_shape): Reshape(28, 28, 1) turns Input(784)'s flattened MNIST
// images back into 28x28 images of one channel for Conv2D.
func Reshape(shape ...int) Layer {
	l := &layer{kind: "Reshape", shape: slices.Clone(shape), desc: fmt.Sprintf("Reshape(%v)", shape)}
	return l.bind()
}

// Flatten returns a layer laying each example out as one row of values,
// like keras' layer_flatten(): [4, 4, 32] becomes [512], ready for Dense.
func Flatten() Layer {
	l := &layer{kind: "Flatten", desc: "Flatten()"}
	return l.bind()
}

// Dropout returns a layer that, during Fit only, sets each value to zero
// with probability rate and multiplies the others by 1/(1-rate), so that
// their expected sum is unchanged ("inverted dropout", as keras'
// layer_dropout(rate) does). Evaluate and Predict pass the values through.
// The random choices come from CompileOptions.Seed.
func Dropout(rate float64) Layer {
	l := &layer{kind: "Dropout", rate: rate, desc: fmt.Sprintf("Dropout(%g)", rate)}
	return l.bind()
}

// Conv2D returns a 2-D convolution layer of filters filters, each a
// kernelSize x kernelSize window over all the input's channels, like keras'
// layer_conv_2d(filters, kernel_size, activation) with its defaults: stride
// 1 and "valid" padding, so a 28x28 image gives a (28-kernelSize+1)² map
// per filter. Its input has shape [height, width, channels] (put
// Reshape(28, 28, 1) after Input(784)); its weights are a kernel of shape
// [kernelSize, kernelSize, channels, filters], initialised glorot_uniform,
// and a bias of shape [filters].
func Conv2D(filters, kernelSize int, activation Activation) Layer {
	return Conv2DWith(filters, kernelSize, activation, KernelOptions{})
}

// Conv2DWith is Conv2D with a chosen initializer and L2 penalty on the kernel.
func Conv2DWith(filters, kernelSize int, activation Activation, opts KernelOptions) Layer {
	l := &layer{kind: "Conv2D", units: filters, kernelSize: kernelSize, activation: activation,
		init: opts.Initializer, l2: opts.L2, desc: fmt.Sprintf("Conv2D(%d, %d, %q)", filters, kernelSize, activation)}
	return l.bind()
}

// MaxPool2D returns a layer keeping the largest value of each poolSize x
// poolSize window of every channel, the windows side by side (stride
// poolSize), like keras' layer_max_pooling_2d(pool_size) with its defaults:
// [24, 24, 16] becomes [12, 12, 16] for poolSize 2. Rows and columns left
// over at the edges are dropped, as keras' "valid" padding does.
func MaxPool2D(poolSize int) Layer {
	l := &layer{kind: "MaxPooling2D", poolSize: poolSize, desc: fmt.Sprintf("MaxPool2D(%d)", poolSize)}
	return l.bind()
}

// outShapeSpatial is outShape for Reshape, Flatten, Conv2D and MaxPooling2D.
func (l *layer) outShapeSpatial(in []int, bad func(string, ...any) ([]int, error)) ([]int, error) {
	switch l.kind {
	case "Reshape":
		if len(l.shape) == 0 || slices.Min(l.shape) < 1 || shapeSize(l.shape) != shapeSize(in) {
			return bad("cannot reshape examples of shape %v (%d values) to %v", in, shapeSize(in), l.shape)
		}
		return slices.Clone(l.shape), nil
	case "Flatten":
		return []int{shapeSize(in)}, nil
	case "Conv2D", "MaxPooling2D":
		if len(in) != 3 {
			return bad("its input has shape %v; it needs [height, width, channels]: put Reshape(28, 28, 1) before it", in)
		}
		if l.kind == "MaxPooling2D" {
			if l.poolSize < 1 || l.poolSize > min(in[0], in[1]) {
				return bad("pool size %d must be in [1, %d]", l.poolSize, min(in[0], in[1]))
			}
			return []int{in[0] / l.poolSize, in[1] / l.poolSize, in[2]}, nil
		}
		switch {
		case l.units < 1:
			return bad("a convolution needs at least one filter")
		case l.kernelSize < 1 || l.kernelSize > min(in[0], in[1]):
			return bad("kernel size %d must be in [1, %d]", l.kernelSize, min(in[0], in[1]))
		}
		return []int{in[0] - l.kernelSize + 1, in[1] - l.kernelSize + 1, l.units}, nil
	}
	return bad("unknown layer class %q", l.kind)
}

// conv2D builds the valid, stride-1 convolution of x [batch, h, w, c] with
// kernel [k, k, c, filters].
//
// GoMLX's Convolve cannot be differentiated on the pure-Go backend in
// v0.26.0: its gradient needs the Reverse op, which simplego lacks; Slice's
// gradient needs Pad, which it lacks too; and simplego's ScatterSum, the
// gradient of GatherSlices, gets partial windows wrong. So the image
// patches are cut with a plain Gather of whole rows (whose gradient,
// a ScatterSum of whole rows, is right): x is laid out as one row of
// batch·c values per pixel, every patch pixel gathered ("im2col"), and a
// single DotGeneral contracts the kernel positions and channels with the
// kernel. On the pure-Go backend this is also the fast form: the work is
// one large matrix product.
func conv2D(x, kernel *graph.Node) *graph.Node {
	dims := x.Shape().Dimensions
	batch, height, width, channels := dims[0], dims[1], dims[2], dims[3]
	kd := kernel.Shape().Dimensions
	k, filters := kd[0], kd[3]
	oh, ow := height-k+1, width-k+1
	pixels := make([][2]int, 0, k*k*oh*ow) // for kernel position (i, j), then output pixel (y, x)
	for i := range k {
		for j := range k {
			for y := range oh {
				for xx := range ow {
					pixels = append(pixels, [2]int{y + i, xx + j})
				}
			}
		}
	}
	patches := gatherPixels(x, pixels)                                               // [k*k*oh*ow, batch, channels]
	patches = graph.Reshape(patches, k*k, oh*ow, batch, channels)                    // kernel position first
	flatKernel := graph.Reshape(kernel, k*k, channels, filters)                      // row-major: (i, j) then channel
	out := graph.DotGeneral(patches, []int{0, 3}, nil, flatKernel, []int{0, 1}, nil) // [oh*ow, batch, filters]
	return graph.TransposeAllDims(graph.Reshape(out, oh, ow, batch, filters), 2, 0, 1, 3)
}

// gatherPixels returns the values of x [batch, h, w, c] at the given
// (row, column) pixels, as [len(pixels), batch, c].
func gatherPixels(x *graph.Node, pixels [][2]int) *graph.Node {
	dims := x.Shape().Dimensions
	byPixel := graph.Reshape(graph.TransposeAllDims(x, 1, 2, 0, 3), dims[1]*dims[2], dims[0]*dims[3])
	idx := make([]int32, len(pixels))
	for n, p := range pixels {
		idx[n] = int32(p[0]*dims[2] + p[1])
	}
	indices := graph.Reshape(graph.Const(x.Graph(), idx), len(idx), 1)
	return graph.Reshape(graph.Gather(byPixel, indices), len(pixels), dims[0], dims[3])
}

// maxPool2D builds the max over non-overlapping p x p windows of x [batch,
// h, w, c], dropping the rows and columns left over. The windows are made
// by a reshape, so that the gradient is ReduceMax's (simplego lacks the
// SelectAndScatter op GoMLX's MaxPool gradient needs); leftover rows and
// columns are cut off with gatherPixels (see conv2D for why not Slice).
func maxPool2D(x *graph.Node, p int) *graph.Node {
	dims := x.Shape().Dimensions
	batch, h, w, c := dims[0], dims[1]/p, dims[2]/p, dims[3]
	if h*p != dims[1] || w*p != dims[2] {
		pixels := make([][2]int, 0, h*p*w*p)
		for y := range h * p {
			for xx := range w * p {
				pixels = append(pixels, [2]int{y, xx})
			}
		}
		kept := graph.Reshape(gatherPixels(x, pixels), h*p, w*p, batch, c)
		x = graph.TransposeAllDims(kept, 2, 0, 1, 3)
	}
	windows := graph.Reshape(x, batch, h, p, w, p, c)
	return graph.ReduceMax(windows, 2, 4)
}
