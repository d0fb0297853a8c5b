package gomlxnet

import (
	"fmt"

	"github.com/gomlx/gomlx/pkg/core/graph"
)

// MaxPool2D returns a layer keeping the largest value of each poolSize x
// poolSize window of every channel, the windows side by side (stride
// poolSize), like keras' layer_max_pooling_2d(pool_size) with its defaults:
// [24, 24, 16] becomes [12, 12, 16] for poolSize 2. Rows and columns left
// over at the edges are dropped, as keras' "valid" padding does.
func MaxPool2D(poolSize int) Layer {
	return newLayer(&maxPool{size: poolSize}, fmt.Sprintf("MaxPool2D(%d)", poolSize))
}

func init() {
	registerLayerClass("MaxPooling2D", "max_pooling2d", func(c layerConfig) Layer { return MaxPool2D(c.PoolSize) })
}

// maxPool is the layerKind of MaxPool2D.
type maxPool struct {
	size int // the side of its square window, and its stride
}

func (*maxPool) class() string { return "MaxPooling2D" }

func (p *maxPool) outShape(in []int) ([]int, error) {
	if err := needImages(in); err != nil {
		return nil, err
	}
	if p.size < 1 || p.size > min(in[0], in[1]) {
		return nil, fmt.Errorf("pool size %d must be in [1, %d]", p.size, min(in[0], in[1]))
	}
	return []int{in[0] / p.size, in[1] / p.size, in[2]}, nil
}

func (*maxPool) paramShapes([]int) (kernel, bias []int) { return nil, nil }

func (p *maxPool) forward(x *graph.Node, _ *forwardStep) (out, logits *graph.Node) {
	out = maxPool2D(x, p.size)
	return out, out
}

func (p *maxPool) config(c *layerConfig) { c.PoolSize = p.size }

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
