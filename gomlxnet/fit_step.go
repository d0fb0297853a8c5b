package gomlxnet

import (
	"fmt"
	"math/rand/v2"
	"slices"

	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/shapes"
	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/gonb-courses/neuralnets/internal/kernels"
)

// engine is what Compile sets up for a model: the backend, the training
// configuration, the optimizer's state and the three computation graphs.
//
// The training graph takes (params..., state..., [rng], x, y) and returns
// (new params..., new state..., [new rng], sum of the batch's per-row
// losses, number of correct rows), rng being the dropout RNG state of a
// model with Dropout; the parameters and states are donated to it, so the
// backend may update them in place. GoMLX compiles each graph once per batch shape:
// a Fit compiles the full batch and, when the rows do not divide evenly, the
// last partial batch.
type engine struct {
	backend   backends.Backend
	loss      Loss
	optimizer Optimizer
	accuracy  bool       // "accuracy" was asked for in Compile's Metrics
	last      Activation // the output layer's activation
	shuffle   *rand.Rand
	state     []*param // the optimizer's
	rng       *param   // the dropout RNG state, nil without Dropout

	train, eval, predict *graph.Exec

	batches map[int]*batch // reusable input tensors, by number of rows
	args    []any          // reused argument list of the training graph
}

// batch holds input tensors of one shape, reused for every batch of that
// shape: each step copies its rows into them instead of allocating.
type batch struct {
	x, y *tensors.Tensor
}

// maxBatchShapes bounds how many batch shapes a model keeps tensors for: a
// Fit needs at most two training and two evaluation shapes.
const maxBatchShapes = 8

// buildExecs creates (without compiling yet) the model's three graphs.
func (r *engine) buildExecs(m *Model) (err error) {
	nP, nS := len(m.params), len(r.state)
	trainFn := func(in []*graph.Node) []*graph.Node {
		params, state, rest := in[:nP], in[nP:nP+nS], in[nP+nS:]
		var rng *graph.Node
		if r.rng != nil {
			rng, rest = rest[0], rest[1:]
		}
		x, y := rest[0], rest[1]
		pred, logits, newRNG := m.forward(params, x, rng)
		lossSum, meanLoss := r.lossOf(m, params, pred, logits, y)
		grads := graph.Gradient(meanLoss, params...)
		newParams, newState := r.optimizer.update(params, grads, state)
		out := append(newParams, newState...)
		if r.rng != nil {
			out = append(out, newRNG)
		}
		return append(out, lossSum, correctCount(pred, y))
	}
	evalFn := func(in []*graph.Node) []*graph.Node {
		pred, logits, _ := m.forward(in[:nP], in[nP], nil)
		lossSum, _ := r.lossOf(m, in[:nP], pred, logits, in[nP+1])
		return []*graph.Node{lossSum, correctCount(pred, in[nP+1])}
	}
	predictFn := func(in []*graph.Node) *graph.Node {
		pred, _, _ := m.forward(in[:nP], in[nP], nil)
		return pred
	}
	if r.train, err = graph.NewExec(r.backend, trainFn); err != nil {
		return fmt.Errorf("%w: training graph: %w", ErrCompute, err)
	}
	if r.eval, err = graph.NewExec(r.backend, evalFn); err != nil {
		return fmt.Errorf("%w: evaluation graph: %w", ErrCompute, err)
	}
	if r.predict, err = graph.NewExec(r.backend, predictFn); err != nil {
		return fmt.Errorf("%w: prediction graph: %w", ErrCompute, err)
	}
	r.train.WithName("gomlxnet_train")
	r.eval.WithName("gomlxnet_eval")
	r.predict.WithName("gomlxnet_predict")
	return nil
}

// lossOf builds the sum over the batch of the per-row losses and the mean
// loss training minimises. Kernels' L2 penalties are added to the mean,
// and batch-size times to the sum, so that the loss Fit and Evaluate
// report includes them, as keras' does.
func (r *engine) lossOf(m *Model, params []*graph.Node, pred, logits, y *graph.Node) (lossSum, meanLoss *graph.Node) {
	rows := float64(y.Shape().Dimensions[0])
	lossSum = graph.ReduceAllSum(r.loss.perRow(pred, logits, y, r.last))
	meanLoss = graph.DivScalar(lossSum, rows)
	if pen := m.penalty(params); pen != nil {
		meanLoss = graph.Add(meanLoss, pen)
		lossSum = graph.Add(lossSum, graph.MulScalar(pen, rows))
	}
	return lossSum, meanLoss
}

// release frees the compiled graphs and batch tensors.
func (r *engine) release() {
	for _, e := range []*graph.Exec{r.train, r.eval, r.predict} {
		if e != nil {
			e.Finalize()
		}
	}
	r.releaseBatches()
}

// releaseBatches frees the batch tensors.
func (r *engine) releaseBatches() {
	for rows, b := range r.batches {
		b.free()
		delete(r.batches, rows)
	}
}

// batchFor returns the reusable input tensors for batches of rows rows:
// x of shape [rows, xCols] and y of shape [rows, yCols].
// They are made shared with the backend when it allows it (CPU backends),
// so that writing the rows is the only copy.
func (r *engine) batchFor(rows, xCols, yCols int) (*batch, error) {
	if b, ok := r.batches[rows]; ok {
		return b, nil
	}
	if r.batches == nil || len(r.batches) >= maxBatchShapes {
		r.releaseBatches()
		r.batches = make(map[int]*batch)
	}
	b := &batch{
		x: tensors.FromShape(shapes.Make(dtype, rows, xCols)),
		y: tensors.FromShape(shapes.Make(dtype, rows, yCols)),
	}
	for _, t := range []*tensors.Tensor{b.x, b.y} {
		if err := t.MaterializeOnDevice(r.backend, true, 0); err != nil {
			return nil, fmt.Errorf("%w: batch buffer: %w", ErrCompute, err)
		}
	}
	r.batches[rows] = b
	return b, nil
}

// free releases the batch's tensors.
func (b *batch) free() {
	_ = b.x.FinalizeAll()
	_ = b.y.FinalizeAll()
}

// fill copies rows of a into t: the rows listed in idx, or when idx is nil
// the len(t) / a.RowSize() rows from first on.
func fill(t *tensors.Tensor, a Array[float32], idx []int, first int) error {
	return tensors.MutableFlatData(t, func(flat []float32) {
		w := a.RowSize()
		if idx == nil {
			copy(flat, a.Data[first*w:first*w+len(flat)])
			return
		}
		kernels.GatherRows(flat, a.Data, w, idx) // split over the CPUs for a large batch
	})
}

// trainStep runs one training step on batch b: it replaces the model's
// parameters, the optimizer's state and the dropout RNG state by their
// updated values and returns the sum of the batch's per-row losses and its
// number of correct rows.
func (r *engine) trainStep(m *Model, b *batch) (lossSum, correct float64, err error) {
	vars := slices.Concat(m.params, r.state)
	if r.rng != nil {
		vars = append(vars, r.rng)
	}
	args := r.args[:0]
	for _, p := range vars {
		args = append(args, r.donate(p.value))
	}
	args = append(args, b.x, b.y)
	r.args = args
	outs, err := r.train.Exec(args...)
	if err != nil {
		clear(r.args)
		return 0, 0, fmt.Errorf("%w: training step: %w", ErrCompute, err)
	}
	for i, a := range args[:len(vars)] {
		if t, ok := a.(*tensors.Tensor); ok { // shared, so not donated: free it now
			_ = t.FinalizeAll()
		}
		vars[i].value = outs[i]
	}
	clear(r.args)
	lossSum, err = takeScalar(outs[len(vars)])
	if err == nil {
		correct, err = takeScalar(outs[len(vars)+1])
	}
	return lossSum, correct, err
}

// donate returns t's buffer marked for donation to the next execution, or t
// itself when its buffer is shared with Go memory and cannot be donated.
func (r *engine) donate(t *tensors.Tensor) any {
	if t.IsShared() {
		return t
	}
	d, err := graph.DonateTensorBuffer(t, r.backend, 0)
	if err != nil {
		return t
	}
	return d
}

// takeScalar reads a float32 scalar output and frees it.
func takeScalar(t *tensors.Tensor) (float64, error) {
	var v float32
	err := tensors.ConstFlatData(t, func(flat []float32) { v = flat[0] })
	_ = t.FinalizeAll()
	if err != nil {
		return 0, fmt.Errorf("%w: reading a result: %w", ErrCompute, err)
	}
	return float64(v), nil
}

// zerosTensor returns a zero-filled float32 tensor of the given shape.
func zerosTensor(shape []int) *tensors.Tensor {
	return tensors.FromShape(shapes.Make(dtype, shape...))
}
