package gomlxnet

import (
	"runtime"

	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/backends/simplego"
	"github.com/gomlx/gomlx/pkg/core/graph"
)

// rowSplitFor returns into how many row blocks a dense layer's matrix
// product is cut on this backend: the number of CPUs on GoMLX's pure-Go
// backend, 0 (no cut) elsewhere.
//
// Why: in GoMLX v0.26.0 the pure-Go backend runs a product as small as the
// lecture's first layer ([128, 784] · [784, 30]) on one goroutine, and it
// spreads a product over its worker goroutines only along batch axes. Cut
// into one block of rows per CPU, the same product becomes a batched one and
// uses every core. Measured on the lecture network (BenchmarkFitLecture, 2
// CPUs): about 290 steps/s uncut, 340 in two blocks, 300 in four. XLA does
// its own threading, so it gets the plain product.
func rowSplitFor(b backends.Backend) int {
	if b == nil || b.String() != simplego.BackendName {
		return 0
	}
	return runtime.NumCPU()
}

// denseProduct returns x · kernel for x [n, in] and kernel [in, out]. With
// split > 1 and n a multiple of split (and at least minSplitRows), it computes
// the same product as split row blocks of a batched DotGeneral (see
// rowSplitFor); each output element is the same dot product either way.
func denseProduct(x, kernel *graph.Node, split int) *graph.Node {
	// minSplitRows: below this, the block bookkeeping costs more than the second core
	// saves (a choice, not a measurement: the lecture's batches are 128 and 96 rows).
	const minSplitRows = 64
	n, in := x.Shape().Dimensions[0], x.Shape().Dimensions[1]
	if split < 2 || n < minSplitRows || n%split != 0 {
		return graph.Dot(x, kernel)
	}
	blocks := graph.Reshape(x, split, n/split, in)
	kernels := graph.BroadcastPrefix(kernel, split)
	y := graph.DotGeneral(blocks, []int{2}, []int{0}, kernels, []int{1}, []int{0})
	return graph.Reshape(y, n, kernel.Shape().Dimensions[1])
}
