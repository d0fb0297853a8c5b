package gomlxnet

import (
	"errors"
	"fmt"

	"github.com/gomlx/gomlx/pkg/core/graph"
)

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
	return newLayer(&conv{kernelLayer: newKernelLayer(activation, opts), filters: filters, kernelSize: kernelSize},
		fmt.Sprintf("Conv2D(%d, %d, %q)", filters, kernelSize, activation))
}

func init() {
	registerLayerClass("Conv2D", "conv2d", func(c layerConfig) Layer {
		return Conv2DWith(c.Filters, c.KernelSize, c.Activation, c.kernelOptions())
	})
}

// conv is the layerKind of Conv2D.
type conv struct {
	kernelLayer
	filters, kernelSize int
}

func (*conv) class() string { return "Conv2D" }

func (c *conv) outShape(in []int) ([]int, error) {
	if err := c.check(); err != nil {
		return nil, err
	}
	if err := needImages(in); err != nil {
		return nil, err
	}
	switch {
	case c.filters < 1:
		return nil, errors.New("a convolution needs at least one filter")
	case c.kernelSize < 1 || c.kernelSize > min(in[0], in[1]):
		return nil, fmt.Errorf("kernel size %d must be in [1, %d]", c.kernelSize, min(in[0], in[1]))
	}
	return []int{in[0] - c.kernelSize + 1, in[1] - c.kernelSize + 1, c.filters}, nil
}

// needImages returns an error unless in is the shape of an image: [height,
// width, channels].
func needImages(in []int) error {
	if len(in) != 3 {
		return fmt.Errorf("its input has shape %v; it needs [height, width, channels]: put Reshape(28, 28, 1) before it", in)
	}
	return nil
}

func (c *conv) paramShapes(in []int) (kernel, bias []int) {
	return []int{c.kernelSize, c.kernelSize, in[2], c.filters}, []int{c.filters}
}

func (c *conv) forward(x *graph.Node, step *forwardStep) (out, logits *graph.Node) {
	logits = graph.Add(conv2D(x, step.kernel), graph.Reshape(step.bias, 1, 1, 1, c.filters))
	return c.activation.apply(logits), logits
}

// forwardPooled builds the convolution followed by a max pooling of pool x
// pool windows, with the bias and the activation applied after the pooling
// instead of before. The result is the same: the bias is the same for every
// pixel of a window and the activation does not decrease, so neither moves
// the maximum (in float32 too: rounding x+b does not reverse an order), and
// the gradient reaches the same pixel. It is cheaper: the bias, the
// activation and their gradients run on a quarter of the values (for pool
// 2), which in the next-steps CNN saves about a seventh of a training step.
//
// Over one channel, the convolution's output comes pixel by pixel
// (convByPixel); when the pooling windows tile it, they are pooled in that
// layout and only the pooled values are transposed into [batch, h, w, c].
func (c *conv) forwardPooled(x *graph.Node, step *forwardStep, pool int) (out, logits *graph.Node) {
	var pooled *graph.Node
	dims := x.Shape().Dimensions
	oh, ow := dims[1]-c.kernelSize+1, dims[2]-c.kernelSize+1
	if dims[3] == 1 && oh%pool == 0 && ow%pool == 0 {
		byPixel := convByPixelRaw(x, step.kernel) // [oh, ow, batch, filters]
		windows := graph.Reshape(byPixel, oh/pool, pool, ow/pool, pool, dims[0], c.filters)
		pooled = graph.TransposeAllDims(graph.ReduceMax(windows, 1, 3), 2, 0, 1, 3)
	} else {
		pooled = maxPool2D(conv2D(x, step.kernel), pool)
	}
	logits = graph.Add(pooled, graph.Reshape(step.bias, 1, 1, 1, c.filters))
	return c.activation.apply(logits), logits
}

func (c *conv) config(cfg *layerConfig) {
	c.kernelLayer.config(cfg)
	cfg.Filters, cfg.KernelSize = c.filters, c.kernelSize
}

// conv2D builds the valid, stride-1 convolution of x [batch, h, w, c] with
// kernel [k, k, c, filters].
//
// GoMLX's Convolve cannot be differentiated on the pure-Go backend in
// v0.26.0: its gradient needs the Reverse op, which simplego lacks; Slice's
// gradient needs Pad, which it lacks too; and simplego's ScatterSum, the
// gradient of GatherSlices, gets partial windows wrong. So the image
// patches are cut with a plain Gather of whole rows (whose gradient,
// a ScatterSum of whole rows, is right), every patch pixel gathered
// ("im2col"), and a single DotGeneral contracts the kernel positions and
// channels with the kernel. On the pure-Go backend this is also the fast
// form: the work is one large matrix product.
//
// Over several channels the rows are the channels of one pixel of one
// image (convByImage): the patches come out as the product's [output
// pixels, kernel positions and channels] matrix and the product as
// [batch, oh, ow, filters], so no operand, output or gradient is ever
// transposed. Over one channel such rows would be single values, so there
// a row holds one pixel of every image (convByPixel).
func conv2D(x, kernel *graph.Node) *graph.Node {
	if x.Shape().Dimensions[3] > 1 {
		return convByImage(x, kernel)
	}
	return convByPixel(x, kernel)
}

// convByImage is conv2D with x read as rows of channels, one per pixel of
// each image: patches [batch·oh·ow, k·k·c], rows in the output's order.
func convByImage(x, kernel *graph.Node) *graph.Node {
	dims := x.Shape().Dimensions
	batch, height, width, channels := dims[0], dims[1], dims[2], dims[3]
	kd := kernel.Shape().Dimensions
	k, filters := kd[0], kd[3]
	oh, ow := height-k+1, width-k+1
	idx := make([]int32, 0, batch*oh*ow*k*k) // image, output pixel (y, x), kernel position (i, j)
	for b := range batch {
		for y := range oh {
			for xx := range ow {
				for i := range k {
					for j := range k {
						idx = append(idx, int32((b*height+y+i)*width+xx+j))
					}
				}
			}
		}
	}
	rows := graph.Reshape(x, batch*height*width, channels)
	indices := graph.Reshape(graph.Const(x.Graph(), idx), len(idx), 1)
	patches := graph.Reshape(graph.Gather(rows, indices), batch*oh*ow, k*k*channels)
	flatKernel := graph.Reshape(kernel, k*k*channels, filters) // row-major: (i, j) then channel
	out := graph.DotGeneral(patches, []int{1}, nil, flatKernel, []int{0}, nil)
	return graph.Reshape(out, batch, oh, ow, filters)
}

// convByPixel is conv2D with x laid out as one row of batch·c values per
// pixel: patches [k·k, oh·ow, batch, c], which the product reads in place
// when c is 1.
func convByPixel(x, kernel *graph.Node) *graph.Node {
	return graph.TransposeAllDims(convByPixelRaw(x, kernel), 2, 0, 1, 3)
}

// convByPixelRaw is convByPixel's product before its transpose: [oh, ow,
// batch, filters].
func convByPixelRaw(x, kernel *graph.Node) *graph.Node {
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
	return graph.Reshape(out, oh, ow, batch, filters)
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
