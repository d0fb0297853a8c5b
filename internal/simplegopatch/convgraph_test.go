package simplegopatch

// The graphs of gomlxnet's convolution and max pooling (gomlxnet/layer_conv.go,
// gomlxnet/layer_pool.go), copied for ops_test.go, which needs graphs of the
// same ops: this package cannot import gomlxnet (gomlxnet imports it).

import "github.com/gomlx/gomlx/pkg/core/graph"

// testConv2D is gomlxnet's convByPixel.
func testConv2D(x, kernel *graph.Node) *graph.Node {
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
	patches := testGatherPixels(x, pixels)                                           // [k*k*oh*ow, batch, channels]
	patches = graph.Reshape(patches, k*k, oh*ow, batch, channels)                    // kernel position first
	flatKernel := graph.Reshape(kernel, k*k, channels, filters)                      // row-major: (i, j) then channel
	out := graph.DotGeneral(patches, []int{0, 3}, nil, flatKernel, []int{0, 1}, nil) // [oh*ow, batch, filters]
	return graph.TransposeAllDims(graph.Reshape(out, oh, ow, batch, filters), 2, 0, 1, 3)
}

// testConvByImage is gomlxnet's convByImage: the convolution over several
// channels, patches gathered as rows of channels.
func testConvByImage(x, kernel *graph.Node) *graph.Node {
	dims := x.Shape().Dimensions
	batch, height, width, channels := dims[0], dims[1], dims[2], dims[3]
	kd := kernel.Shape().Dimensions
	k, filters := kd[0], kd[3]
	oh, ow := height-k+1, width-k+1
	idx := make([]int32, 0, batch*oh*ow*k*k)
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
	flatKernel := graph.Reshape(kernel, k*k*channels, filters)
	out := graph.DotGeneral(patches, []int{1}, nil, flatKernel, []int{0}, nil)
	return graph.Reshape(out, batch, oh, ow, filters)
}

func testGatherPixels(x *graph.Node, pixels [][2]int) *graph.Node {
	dims := x.Shape().Dimensions
	byPixel := graph.Reshape(graph.TransposeAllDims(x, 1, 2, 0, 3), dims[1]*dims[2], dims[0]*dims[3])
	idx := make([]int32, len(pixels))
	for n, p := range pixels {
		idx[n] = int32(p[0]*dims[2] + p[1])
	}
	indices := graph.Reshape(graph.Const(x.Graph(), idx), len(idx), 1)
	return graph.Reshape(graph.Gather(byPixel, indices), len(pixels), dims[0], dims[3])
}

func testMaxPool2D(x *graph.Node, p int) *graph.Node {
	dims := x.Shape().Dimensions
	batch, h, w, c := dims[0], dims[1]/p, dims[2]/p, dims[3]
	if h*p != dims[1] || w*p != dims[2] {
		pixels := make([][2]int, 0, h*p*w*p)
		for y := range h * p {
			for xx := range w * p {
				pixels = append(pixels, [2]int{y, xx})
			}
		}
		kept := graph.Reshape(testGatherPixels(x, pixels), h*p, w*p, batch, c)
		x = graph.TransposeAllDims(kept, 2, 0, 1, 3)
	}
	windows := graph.Reshape(x, batch, h, p, w, p, c)
	return graph.ReduceMax(windows, 2, 4)
}
