package simplegopatch

// BroadcastInDim on GoMLX's pure-Go backend, run by kernels.Broadcast: the
// gradients of the reductions (max pooling's ReduceMax, the losses' and
// the bias gradients' ReduceSum) broadcast their incoming gradient back to
// the reduced shape, which simplego does through an index iterator per
// value. Float32 and float64 operands whose axes keep their order go to the
// kernel; anything else to simplego's own executor, the tests' oracle.
// Installed with the others of ops.go (installOps).

import (
	"reflect"
	"unsafe"

	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/backends/simplego"
	"github.com/gomlx/gomlx/pkg/core/shapes"
	"github.com/gonb-courses/neuralnets/internal/kernels"
)

// simplegoBroadcast holds the replaced executor and the offset of
// simplego.Node's output shape.
var simplegoBroadcast struct {
	original  simplegoExecutor
	nodeShape uintptr
}

// installBroadcast puts fastBroadcastInDim in simplego's table and reports
// whether it could: simplego.Node must have a field "shape shapes.Shape".
func installBroadcast() bool {
	field, ok := reflect.TypeFor[simplego.Node]().FieldByName("shape")
	original := simplegoNodeExecutors[backends.OpTypeBroadcastInDim]
	if !ok || field.Type != reflect.TypeFor[shapes.Shape]() || original == nil {
		return false
	}
	simplegoBroadcast.original, simplegoBroadcast.nodeShape = original, field.Offset
	simplegoNodeExecutors[backends.OpTypeBroadcastInDim] = fastBroadcastInDim
	return true
}

// fastBroadcastInDim runs float32 and float64 BroadcastInDims whose
// operand axes go to increasing output axes with kernels.Broadcast.
func fastBroadcastInDim(backend *simplego.Backend, node *simplego.Node, inputs []*simplego.Buffer, owned []bool) (*simplego.Buffer, error) {
	original := simplegoBroadcast.original
	axes, ok := nodeDataOf(node).([]int)
	if !simplegoOps.enabled.Load() || !ok || len(inputs) != 1 {
		return original(backend, node, inputs, owned)
	}
	in := mirrorBuffer(inputs[0])
	outShape := *(*shapes.Shape)(unsafe.Add(unsafe.Pointer(node), simplegoBroadcast.nodeShape))
	dims, fits := operandDimsAt(in.shape.Dimensions, axes, outShape.Dimensions)
	if !fits || !isFloat(in.flat) || outShape.DType != in.shape.DType {
		return original(backend, node, inputs, owned)
	}
	out := simplegoBufferForShape(backend, outShape)
	if out == nil {
		return original(backend, node, inputs, owned)
	}
	switch src := in.flat.(type) {
	case []float32:
		kernels.Broadcast(mirrorBuffer(out).flat.([]float32), src, dims, outShape.Dimensions)
	case []float64:
		kernels.Broadcast(mirrorBuffer(out).flat.([]float64), src, dims, outShape.Dimensions)
	}
	simplegoOps.fastRuns.Add(1)
	return out, nil
}

// operandDimsAt returns the operand's dimensions at the output's rank: its
// axis i at output axis axes[i], 1 elsewhere. fits is false unless axes
// increase and every operand dimension is 1 or its output axis's.
func operandDimsAt(in, axes, out []int) (dims []int, fits bool) {
	if len(axes) != len(in) {
		return nil, false
	}
	dims = make([]int, len(out))
	for i := range dims {
		dims[i] = 1
	}
	for i, axis := range axes {
		if axis < 0 || axis >= len(out) || (i > 0 && axis <= axes[i-1]) || (in[i] != 1 && in[i] != out[axis]) {
			return nil, false
		}
		dims[axis] = in[i]
	}
	return dims, true
}
