package simplegopatch

// Sign, Add, Sub, Mul and Max, ReduceSum and ReduceMax on GoMLX's pure-Go
// backend, run by internal/kernels (AVX2 for float32 where the CPU has
// it). The gradients of ReLU (graph.Max) and of max pooling (ReduceMax)
// are built of Sign(Add(Sign(x - y), 1)) times the incoming gradient, and
// the pooling's subtracts a broadcast max: simplego runs these a value at a
// time in generic Go (a branch per value for Sign, an index iterator per
// value for broadcasts and reductions), some 1-4 ns per value. Operands of
// equal shapes, a single value against a tensor, and operands broadcast
// along axes of size 1 run here; other cases (dtypes other than float32 and
// float64) go to simplego's own executors, the tests' oracle. Installed
// with the others of ops.go.

import (
	"slices"

	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/backends/simplego"
	"github.com/gomlx/gomlx/pkg/core/shapes"
	"github.com/gonb-courses/neuralnets/internal/kernels"
)

// simplegoElementwise holds the replaced executors.
var simplegoElementwise struct {
	sign, add, sub, mul, max, reduceSum, reduceMax simplegoExecutor
}

// installElementwise puts the executors of this file in simplego's table,
// all or none.
func installElementwise() bool {
	e := &simplegoElementwise
	e.sign = simplegoNodeExecutors[backends.OpTypeSign]
	e.add = simplegoNodeExecutors[backends.OpTypeAdd]
	e.sub = simplegoNodeExecutors[backends.OpTypeSub]
	e.mul = simplegoNodeExecutors[backends.OpTypeMul]
	e.max = simplegoNodeExecutors[backends.OpTypeMax]
	e.reduceSum = simplegoNodeExecutors[backends.OpTypeReduceSum]
	e.reduceMax = simplegoNodeExecutors[backends.OpTypeReduceMax]
	if e.sign == nil || e.add == nil || e.sub == nil || e.mul == nil || e.max == nil || e.reduceSum == nil || e.reduceMax == nil {
		return false
	}
	simplegoNodeExecutors[backends.OpTypeReduceSum] = fastReduce(e.reduceSum, false)
	simplegoNodeExecutors[backends.OpTypeReduceMax] = fastReduce(e.reduceMax, true)
	simplegoNodeExecutors[backends.OpTypeSign] = fastSign
	simplegoNodeExecutors[backends.OpTypeAdd] = broadcastBinary(e.add, kernels.Add[float32], kernels.Add[float64])
	simplegoNodeExecutors[backends.OpTypeSub] = broadcastBinary(e.sub, kernels.Sub[float32], kernels.Sub[float64])
	simplegoNodeExecutors[backends.OpTypeMul] = broadcastBinary(e.mul, kernels.Mul[float32], kernels.Mul[float64])
	simplegoNodeExecutors[backends.OpTypeMax] = broadcastBinary(e.max, kernels.Max[float32], kernels.Max[float64])
	return true
}

// fastSign runs float32 and float64 Signs with kernels.Sign.
func fastSign(backend *simplego.Backend, node *simplego.Node, inputs []*simplego.Buffer, owned []bool) (*simplego.Buffer, error) {
	if !simplegoOps.enabled.Load() || len(inputs) != 1 || !isFloat(mirrorBuffer(inputs[0]).flat) {
		return simplegoElementwise.sign(backend, node, inputs, owned)
	}
	in := mirrorBuffer(inputs[0])
	out := simplegoBufferForShape(backend, in.shape)
	if out == nil {
		return simplegoElementwise.sign(backend, node, inputs, owned)
	}
	size := in.shape.Size()
	switch src := in.flat.(type) {
	case []float32:
		kernels.Sign(mirrorBuffer(out).flat.([]float32)[:size], src[:size])
	case []float64:
		kernels.Sign(mirrorBuffer(out).flat.([]float64)[:size], src[:size])
	}
	simplegoOps.fastRuns.Add(1)
	return out, nil
}

// broadcastDims returns the dimensions of a binary operation's output when
// a and b are of one dtype and either have the same rank, each axis equal
// or 1 in one of them, or one is a single value (a scalar, or the same rank
// of ones); ok is false otherwise.
func broadcastDims(a, b shapes.Shape) (out []int, ok bool) {
	if a.DType != b.DType || a.Size() == 0 || b.Size() == 0 {
		return nil, false
	}
	switch {
	case b.Size() == 1 && (b.Rank() == 0 || b.Rank() == a.Rank()):
		return slices.Clone(a.Dimensions), true
	case a.Size() == 1 && (a.Rank() == 0 || a.Rank() == b.Rank()):
		return slices.Clone(b.Dimensions), true
	case a.Rank() != b.Rank():
		return nil, false
	}
	out = make([]int, a.Rank())
	for i, da := range a.Dimensions {
		db := b.Dimensions[i]
		switch {
		case da == db || db == 1:
			out[i] = da
		case da == 1:
			out[i] = db
		default:
			return nil, false
		}
	}
	return out, true
}

// broadcastBinary returns an executor for a binary operation that expands
// an operand broadcast along axes of size 1 with kernels.Broadcast, then
// runs f32 or f64 on the full operands; other cases go to original.
func broadcastBinary(original simplegoExecutor, f32 func(dst, a, b []float32), f64 func(dst, a, b []float64)) simplegoExecutor {
	return func(backend *simplego.Backend, node *simplego.Node, inputs []*simplego.Buffer, owned []bool) (*simplego.Buffer, error) {
		if !simplegoOps.enabled.Load() || len(inputs) != 2 {
			return original(backend, node, inputs, owned)
		}
		a, b := mirrorBuffer(inputs[0]), mirrorBuffer(inputs[1])
		dims, ok := broadcastDims(a.shape, b.shape)
		if !ok || !isFloat(a.flat) {
			return original(backend, node, inputs, owned)
		}
		out := simplegoBufferForShape(backend, shapes.Make(a.shape.DType, dims...))
		if out == nil {
			return original(backend, node, inputs, owned)
		}
		switch dst := mirrorBuffer(out).flat.(type) {
		case []float32:
			broadcastRun(dst, a, b, dims, f32)
		case []float64:
			broadcastRun(dst, a, b, dims, f64)
		}
		simplegoOps.fastRuns.Add(1)
		return out, nil
	}
}

// broadcastRun expands a and b to dims where they are smaller (in pooled
// scratch buffers) and runs f on them into dst.
func broadcastRun[T float32 | float64](dst []T, a, b *bufferMirror, dims []int, f func(dst, a, b []T)) {
	size := shapes.Make(a.shape.DType, dims...).Size()
	full := func(m *bufferMirror) ([]T, func()) {
		flat := m.flat.([]T)
		switch m.shape.Size() {
		case size:
			return flat[:size], func() {}
		case 1: // the kernels take a single value as a scalar
			return flat[:1], func() {}
		}
		pool := scratchPool[T](size)
		scratch := pool.Get().(*[]T)
		kernels.Broadcast(*scratch, flat, m.shape.Dimensions, dims)
		return (*scratch)[:size], func() { pool.Put(scratch) }
	}
	fa, doneA := full(a)
	defer doneA()
	fb, doneB := full(b)
	defer doneB()
	f(dst[:size], fa, fb)
}

// fastReduce returns an executor for float32 and float64 ReduceSum (or
// ReduceMax) over the axes in the node's data, with kernels.ReduceSum (or
// ReduceMax); other cases go to original.
func fastReduce(original simplegoExecutor, isMax bool) simplegoExecutor {
	return func(backend *simplego.Backend, node *simplego.Node, inputs []*simplego.Buffer, owned []bool) (*simplego.Buffer, error) {
		axes, ok := nodeDataOf(node).([]int)
		if !simplegoOps.enabled.Load() || !ok || len(axes) == 0 || len(inputs) != 1 || !isFloat(mirrorBuffer(inputs[0]).flat) {
			return original(backend, node, inputs, owned)
		}
		in := mirrorBuffer(inputs[0])
		var outDims []int
		for i, d := range in.shape.Dimensions {
			if !slices.Contains(axes, i) {
				outDims = append(outDims, d)
			}
		}
		for _, a := range axes {
			if a < 0 || a >= in.shape.Rank() {
				return original(backend, node, inputs, owned)
			}
		}
		out := simplegoBufferForShape(backend, shapes.Make(in.shape.DType, outDims...))
		if out == nil {
			return original(backend, node, inputs, owned)
		}
		size := in.shape.Size()
		switch src := in.flat.(type) {
		case []float32:
			reduceInto(mirrorBuffer(out).flat.([]float32), src[:size], in.shape, axes, isMax)
		case []float64:
			reduceInto(mirrorBuffer(out).flat.([]float64), src[:size], in.shape, axes, isMax)
		}
		simplegoOps.fastRuns.Add(1)
		return out, nil
	}
}

// reduceInto sets dst to zeros (or the dtype's lowest value) and reduces src into it.
func reduceInto[T float32 | float64](dst, src []T, shape shapes.Shape, axes []int, isMax bool) {
	var init T
	if isMax {
		init = shape.DType.LowestValue().(T)
	}
	for i := range dst {
		dst[i] = init
	}
	if isMax {
		kernels.ReduceMax(dst, src, shape.Dimensions, axes)
	} else {
		kernels.ReduceSum(dst, src, shape.Dimensions, axes)
	}
}
