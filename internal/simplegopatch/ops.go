package simplegopatch

// Transpose, Gather and ScatterSum on GoMLX's pure-Go backend, run by
// internal/kernels: the convolution's im2col (gomlxnet/layer_conv.go) transposes images
// and gathers whole rows of pixels, and its gradient scatter-adds them back,
// which simplego does value by value through general index iterators. The
// executors are installed in simplego's table as the DotGeneral one is
// (executor.go): the node data they read is checked field by field
// against a mirror first, and anything but the cases they know (float32 and
// float64 transposes; gathers and scatter-sums of whole rows of a matrix by
// an [N, 1] index) goes to simplego's own executor, the tests' oracle.
// Install puts them in with the others (installOps).

import (
	"fmt"
	"reflect"
	"slices"
	"sync/atomic"
	"unsafe"

	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/backends/simplego"
	"github.com/gomlx/gomlx/pkg/core/shapes"
	"github.com/gonb-courses/neuralnets/internal/kernels"
)

// gatherMirror has the layout of simplego's gatherNode in GoMLX v0.26.0.
type gatherMirror struct {
	indexVectorAxis                                                  int
	offsetOutputAxes, collapsedSlicesAxes, startIndexMap, sliceSizes []int
	indicesAreSorted                                                 bool
}

// scatterMirror has the layout of simplego's scatterNode in GoMLX v0.26.0.
type scatterMirror struct {
	indexVectorAxis                                                int
	updateWindowAxes, insertedWindowAxes, scatterAxesToOperandAxes []int
	indicesAreSorted, uniqueIndices                                bool
}

// simplegoOps holds the replaced executors and the checked node data types.
var simplegoOps struct {
	transpose, gather, scatterSum simplegoExecutor
	installed                     bool
	enabled                       atomic.Bool
	fastRuns                      atomic.Int64 // ops run by internal/kernels, for the tests
	nodeData                      uintptr
	gatherType, scatterType       atomic.Value // reflect.Type, once checked
}

// installOps puts the executors of this file and elementwise.go in
// simplego's table, keeping the ones they replace, and applies
// $GOMLXNET_SIMD (kernels.go). It reports why it did not.
func installOps() error {
	if simdSwitchedOff() {
		kernels.SetAccelerated(false)
	}
	field, ok := reflect.TypeFor[simplego.Node]().FieldByName("data")
	if !ok || field.Type.Kind() != reflect.Interface || field.Type.NumMethod() != 0 {
		return fmt.Errorf("%w: simplego.Node has no field \"data any\"", ErrNotPatched)
	}
	if err := checkMirror(reflect.TypeFor[simplego.Buffer](), reflect.TypeFor[bufferMirror]()); err != nil {
		return fmt.Errorf("%w: %w", ErrNotPatched, err)
	}
	o := &simplegoOps
	o.nodeData = field.Offset
	o.transpose = simplegoNodeExecutors[backends.OpTypeTranspose]
	o.gather = simplegoNodeExecutors[backends.OpTypeGather]
	o.scatterSum = simplegoNodeExecutors[backends.OpTypeScatterSum]
	if o.transpose == nil || o.gather == nil || o.scatterSum == nil || !installElementwise() || !installBroadcast() {
		return fmt.Errorf("%w: simplego lacks an executor for Transpose, Gather, ScatterSum, Sign, Add, Sub, a Reduce or BroadcastInDim (or its Node a shape)", ErrNotPatched)
	}
	simplegoNodeExecutors[backends.OpTypeTranspose] = fastTranspose
	simplegoNodeExecutors[backends.OpTypeGather] = fastGather
	simplegoNodeExecutors[backends.OpTypeScatterSum] = fastScatterSum
	o.installed = true
	o.enabled.Store(!simdSwitchedOff())
	return nil
}

// nodeDataOf returns node's data field.
func nodeDataOf(node *simplego.Node) any {
	return *(*any)(unsafe.Add(unsafe.Pointer(node), simplegoOps.nodeData))
}

// nodeDataAs returns node's data as *M when its type has M's layout (checked
// once per type, remembered in cache), else nil.
func nodeDataAs[M any](node *simplego.Node, cache *atomic.Value) *M {
	data := nodeDataOf(node)
	t := reflect.TypeOf(data)
	if t == nil || t.Kind() != reflect.Pointer {
		return nil
	}
	if checked, _ := cache.Load().(reflect.Type); checked != t {
		if checkMirror(t.Elem(), reflect.TypeFor[M]()) != nil {
			return nil
		}
		cache.Store(t)
	}
	return (*M)(reflect.ValueOf(data).UnsafePointer())
}

// fastTranspose runs float32 and float64 transposes with kernels.Transpose.
func fastTranspose(backend *simplego.Backend, node *simplego.Node, inputs []*simplego.Buffer, owned []bool) (*simplego.Buffer, error) {
	perm, ok := nodeDataOf(node).([]int)
	if !simplegoOps.enabled.Load() || !ok || len(inputs) != 1 {
		return simplegoOps.transpose(backend, node, inputs, owned)
	}
	in := mirrorBuffer(inputs[0])
	dims := in.shape.Dimensions
	if len(perm) != len(dims) || !isFloat(in.flat) {
		return simplegoOps.transpose(backend, node, inputs, owned)
	}
	outDims := make([]int, len(perm))
	for i, axis := range perm {
		outDims[i] = dims[axis]
	}
	out := simplegoBufferForShape(backend, shapes.Make(in.shape.DType, outDims...))
	if out == nil {
		return simplegoOps.transpose(backend, node, inputs, owned)
	}
	switch src := in.flat.(type) {
	case []float32:
		kernels.Transpose(mirrorBuffer(out).flat.([]float32), src, dims, perm)
	case []float64:
		kernels.Transpose(mirrorBuffer(out).flat.([]float64), src, dims, perm)
	}
	simplegoOps.fastRuns.Add(1)
	return out, nil
}

// isFloat reports whether flat is a []float32 or []float64.
func isFloat(flat any) bool {
	switch flat.(type) {
	case []float32, []float64:
		return true
	}
	return false
}

// rowsIndex reports whether a gather or scatter with this index buffer and
// operand picks whole rows: operand [rows, width] of a float type, indices
// [n, 1] of int32 or int64.
func rowsIndex(operand, indices *bufferMirror) bool {
	od, id := operand.shape.Dimensions, indices.shape.Dimensions
	if len(od) != 2 || len(id) != 2 || id[1] != 1 || !isFloat(operand.flat) {
		return false
	}
	switch indices.flat.(type) {
	case []int32, []int64:
		return true
	}
	return false
}

// fastGather runs a Gather of whole rows (operand [rows, width], indices
// [n, 1], output [n, width]) with kernels.GatherRows.
func fastGather(backend *simplego.Backend, node *simplego.Node, inputs []*simplego.Buffer, owned []bool) (*simplego.Buffer, error) {
	if !simplegoOps.enabled.Load() || len(inputs) != 2 {
		return simplegoOps.gather(backend, node, inputs, owned)
	}
	p := nodeDataAs[gatherMirror](node, &simplegoOps.gatherType)
	operand, indices := mirrorBuffer(inputs[0]), mirrorBuffer(inputs[1])
	if p == nil || !rowsIndex(operand, indices) {
		return simplegoOps.gather(backend, node, inputs, owned)
	}
	width, n := operand.shape.Dimensions[1], indices.shape.Dimensions[0]
	if p.indexVectorAxis != 1 || !slices.Equal(p.startIndexMap, []int{0}) || !slices.Equal(p.collapsedSlicesAxes, []int{0}) ||
		!slices.Equal(p.sliceSizes, []int{1, width}) || !slices.Equal(p.offsetOutputAxes, []int{1}) {
		return simplegoOps.gather(backend, node, inputs, owned)
	}
	out := simplegoBufferForShape(backend, shapes.Make(operand.shape.DType, n, width))
	if out == nil {
		return simplegoOps.gather(backend, node, inputs, owned)
	}
	gatherFlatRows(mirrorBuffer(out).flat, operand.flat, width, indices.flat, operand.shape.Size(), n)
	simplegoOps.fastRuns.Add(1)
	return out, nil
}

// gatherFlatRows is kernels.GatherRows on simplego's flat slices (any float
// and index type rowsIndex accepts), cut to their shapes' sizes.
func gatherFlatRows(dst, src any, width int, idx any, srcSize, n int) {
	switch s := src.(type) {
	case []float32:
		gatherRowsOf(dst.([]float32)[:n*width], s[:srcSize], width, idx, n)
	case []float64:
		gatherRowsOf(dst.([]float64)[:n*width], s[:srcSize], width, idx, n)
	}
}

func gatherRowsOf[T float32 | float64](dst, src []T, width int, idx any, n int) {
	switch ix := idx.(type) {
	case []int32:
		kernels.GatherRows(dst, src, width, ix[:n])
	case []int64:
		kernels.GatherRows(dst, src, width, ix[:n])
	}
}

// fastScatterSum runs a ScatterSum of whole rows (operand [rows, width],
// indices [n, 1], updates [n, width]) with kernels.ScatterAddRows, into a
// copy of the operand.
func fastScatterSum(backend *simplego.Backend, node *simplego.Node, inputs []*simplego.Buffer, owned []bool) (*simplego.Buffer, error) {
	if !simplegoOps.enabled.Load() || len(inputs) != 3 {
		return simplegoOps.scatterSum(backend, node, inputs, owned)
	}
	p := nodeDataAs[scatterMirror](node, &simplegoOps.scatterType)
	operand, indices, updates := mirrorBuffer(inputs[0]), mirrorBuffer(inputs[1]), mirrorBuffer(inputs[2])
	if p == nil || !rowsIndex(operand, indices) || updates.shape.DType != operand.shape.DType {
		return simplegoOps.scatterSum(backend, node, inputs, owned)
	}
	width, n := operand.shape.Dimensions[1], indices.shape.Dimensions[0]
	if p.indexVectorAxis != 1 || !slices.Equal(updates.shape.Dimensions, []int{n, width}) ||
		!slices.Equal(p.updateWindowAxes, []int{1}) || !slices.Equal(p.insertedWindowAxes, []int{0}) ||
		!slices.Equal(p.scatterAxesToOperandAxes, []int{0}) {
		return simplegoOps.scatterSum(backend, node, inputs, owned)
	}
	out := simplegoBufferForShape(backend, operand.shape)
	if out == nil {
		return simplegoOps.scatterSum(backend, node, inputs, owned)
	}
	size := operand.shape.Size()
	switch dst := mirrorBuffer(out).flat.(type) {
	case []float32:
		copy(dst[:size], operand.flat.([]float32)[:size])
		scatterRowsOf(dst[:size], updates.flat.([]float32)[:n*width], width, indices.flat, n)
	case []float64:
		copy(dst[:size], operand.flat.([]float64)[:size])
		scatterRowsOf(dst[:size], updates.flat.([]float64)[:n*width], width, indices.flat, n)
	}
	simplegoOps.fastRuns.Add(1)
	return out, nil
}

func scatterRowsOf[T float32 | float64](dst, src []T, width int, idx any, n int) {
	switch ix := idx.(type) {
	case []int32:
		kernels.ScatterAddRows(dst, src, width, ix[:n])
	case []int64:
		kernels.ScatterAddRows(dst, src, width, ix[:n])
	}
}
