// Package backprop is lesson 9's backpropagation written out by hand for
// the lecture's one-hidden-layer sigmoid network with the quadratic cost:
// the gradients (Gradients), an SGD trainer on them (Train), and GoMLX's
// automatic differentiation (AutodiffGradients) to check them against.
//
// Every gradient here is a graph operation written below; graph.Gradient
// appears only in AutodiffGradients, the oracle the hand-written version is
// compared with (lessons/09_backpropagation.md). It runs on gomlxnet's
// backend and starts from the weights gomlxnet's Compile draws.
package backprop

import (
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"time"

	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/gonb-courses/neuralnets/arrays"
	"github.com/gonb-courses/neuralnets/gomlxnet"
	"github.com/gonb-courses/neuralnets/metrics"
)

// Params holds the weights and biases of a network with one sigmoid hidden
// layer and a sigmoid output layer: W1 [inputs, hidden], B1 [hidden],
// W2 [hidden, outputs], B2 [outputs]. Rows of W1 and W2 index the layer's
// inputs, as in keras' Dense kernels, so a batch x [B, inputs] maps to x·W1.
type Params struct {
	W1, B1, W2, B2 arrays.Array[float32]
}

// NewParams returns parameters initialised like keras' Dense defaults and
// like Model.Compile with the same seed: glorot_uniform kernels, uniform in
// ±sqrt(6/(fanIn+fanOut)), then zero biases. The draws come from a
// math/rand/v2 PCG on (seed, initStream), W1 then W2, each row-major. Sizes
// below 1 give empty parameters, which the other functions reject.
func NewParams(inputs, hidden, outputs int, seed uint64) Params {
	if inputs < 1 || hidden < 1 || outputs < 1 {
		return Params{}
	}
	rng := rand.New(rand.NewPCG(seed, initStream))
	glorot := func(fanIn, fanOut int) arrays.Array[float32] {
		w := arrays.New[float32](fanIn, fanOut)
		limit := math.Sqrt(6 / float64(fanIn+fanOut)) // Glorot & Bengio (2010), eq. 16
		for i := range w.Data {
			w.Data[i] = float32((2*rng.Float64() - 1) * limit)
		}
		return w
	}
	w1 := glorot(inputs, hidden)
	return Params{W1: w1, B1: arrays.New[float32](hidden), W2: glorot(hidden, outputs), B2: arrays.New[float32](outputs)}
}

// mlpForward runs the network on a batch x [B, in]: z1 = x·W1 + b1,
// a1 = σ(z1), z2 = a1·W2 + b2, a2 = σ(z2). It returns both activations
// because the backward pass reuses them. InsertAxes turns a bias [n] into
// [1, n], which Add broadcasts over the B rows.
func mlpForward(x, w1, b1, w2, b2 *graph.Node) (a1, a2 *graph.Node) {
	a1 = graph.Sigmoid(graph.Add(graph.Dot(x, w1), graph.InsertAxes(b1, 0)))
	a2 = graph.Sigmoid(graph.Add(graph.Dot(a1, w2), graph.InsertAxes(b2, 0)))
	return a1, a2
}

// mseLoss is keras' mean_squared_error as fit() reports it: the mean over the
// outputs, then over the batch, which is the mean of all B·K squared errors.
func mseLoss(a2, y *graph.Node) *graph.Node {
	return graph.ReduceAllMean(graph.Square(graph.Sub(a2, y)))
}

// mlpBackward is backpropagation for mseLoss(mlpForward(...)), one line per
// equation of lesson 9. It needs x, y, W2 and the forward activations: σ'(z)
// is rebuilt from them as a(1−a). It skips ∂L/∂x, which no parameter needs.
func mlpBackward(x, y, w2, a1, a2 *graph.Node) (dW1, dB1, dW2, dB2 *graph.Node) {
	scale := 2 / float64(a2.Shape().Size()) // ∂/∂a2 of a mean over B·K squares
	d2 := graph.Mul(graph.MulScalar(graph.Sub(a2, y), scale), graph.Mul(a2, graph.OneMinus(a2)))
	dW2 = graph.Dot(graph.Transpose(a1, 0, 1), d2) // [hidden, out] = a1ᵀ·δ2
	dB2 = graph.ReduceSum(d2, 0)                   // [out]: δ2 summed over rows
	d1 := graph.Mul(graph.Dot(d2, graph.Transpose(w2, 0, 1)), graph.Mul(a1, graph.OneMinus(a1)))
	dW1 = graph.Dot(graph.Transpose(x, 0, 1), d1) // [in, hidden] = xᵀ·δ1
	dB1 = graph.ReduceSum(d1, 0)                  // [hidden]
	return dW1, dB1, dW2, dB2
}

// backpropGraph returns [loss, dW1, dB1, dW2, dB2] from the hand-written
// backward pass. It works for any float dtype; the tests run it in float64.
func backpropGraph(x, y, w1, b1, w2, b2 *graph.Node) []*graph.Node {
	a1, a2 := mlpForward(x, w1, b1, w2, b2)
	dW1, dB1, dW2, dB2 := mlpBackward(x, y, w2, a1, a2)
	return []*graph.Node{mseLoss(a2, y), dW1, dB1, dW2, dB2}
}

// autodiffGraph returns what backpropGraph returns, with the gradients from
// GoMLX's reverse-mode automatic differentiation instead.
func autodiffGraph(x, y, w1, b1, w2, b2 *graph.Node) []*graph.Node {
	_, a2 := mlpForward(x, w1, b1, w2, b2)
	loss := mseLoss(a2, y)
	return append([]*graph.Node{loss}, graph.Gradient(loss, w1, b1, w2, b2)...)
}

// Gradients returns the gradient of the mean squared error with
// respect to every parameter, and the loss itself, for the batch x
// [B, inputs] with labels y [B, outputs], from the hand-written backward pass.
func Gradients(p Params, x, y arrays.Array[float32]) (grads Params, loss float64, err error) {
	defer recoverAs(&err, "Gradients")
	return runGradients(backpropGraph, p, x, y)
}

// AutodiffGradients is Gradients with the gradients computed by
// GoMLX's graph.Gradient instead, for comparison.
func AutodiffGradients(p Params, x, y arrays.Array[float32]) (grads Params, loss float64, err error) {
	defer recoverAs(&err, "AutodiffGradients")
	return runGradients(autodiffGraph, p, x, y)
}

// batchGraph is the signature of the graphs run by execOnce.
type batchGraph = func(x, y, w1, b1, w2, b2 *graph.Node) []*graph.Node

// runGradients compiles and runs a [loss, dW1, dB1, dW2, dB2] graph once.
func runGradients(fn batchGraph, p Params, x, y arrays.Array[float32]) (Params, float64, error) {
	if err := checkBatch(p, x, y); err != nil {
		return Params{}, 0, err
	}
	out, err := execOnce(fn, append([]arrays.Array[float32]{x, y}, p.list()...))
	if err != nil {
		return Params{}, 0, err
	}
	return Params{W1: out[1], B1: out[2], W2: out[3], B2: out[4]}, float64(out[0].Data[0]), nil
}

// Accuracy returns the fraction of rows of x whose predicted class (the
// largest output) is where the one-hot label in y has its 1. It needs at
// least two outputs to mean anything: with one, every row counts as correct.
func Accuracy(p Params, x, y arrays.Array[float32]) (acc float64, err error) {
	defer recoverAs(&err, "Accuracy")
	if err := checkBatch(p, x, y); err != nil {
		return 0, err
	}
	fn := func(x, y, w1, b1, w2, b2 *graph.Node) []*graph.Node {
		_, a2 := mlpForward(x, w1, b1, w2, b2)
		return []*graph.Node{correctCount(a2, y)}
	}
	out, err := execOnce(fn, append([]arrays.Array[float32]{x, y}, p.list()...))
	if err != nil {
		return 0, err
	}
	return float64(out[0].Data[0]) / float64(x.Rows()), nil
}

// execOnce compiles fn for the shapes of args, runs it and copies the results back.
func execOnce(fn batchGraph, args []arrays.Array[float32]) ([]arrays.Array[float32], error) {
	backend, err := gomlxnet.Backend()
	if err != nil {
		return nil, err
	}
	exec, err := graph.NewExec(backend, fn)
	if err != nil {
		return nil, fmt.Errorf("%w: building the backprop graph: %w", ErrCompute, err)
	}
	defer exec.Finalize()
	in := make([]any, len(args))
	for i, a := range args {
		in[i] = toTensor(a)
	}
	out, err := exec.Exec(in...)
	if err != nil {
		return nil, fmt.Errorf("%w: running the backprop graph: %w", ErrCompute, err)
	}
	return fromTensors(out)
}

// Options configures Train. The lecture's settings are
// Epochs 200, BatchSize 128, LearningRate 0.01 (keras' optimizer_sgd default).
type Options struct {
	Epochs, BatchSize int
	LearningRate      float64
	Seed              uint64    // seeds the shuffling, as CompileOptions.Seed does for Fit
	Progress          io.Writer // if not nil, gets one line per epoch
}

// Train trains p by plain SGD on x [n, inputs] with one-hot labels
// y [n, outputs], using the hand-written gradients. Like Model.Fit, each
// epoch reshuffles the rows and takes one step per batch of opts.BatchSize,
// the last batch holding what is left. The step graph is built once; GoMLX
// compiles it per batch shape (twice when the batch size does not divide n).
// The metrics.History has each epoch's mean loss and accuracy, measured on every
// batch just before its step.
func Train(p Params, x, y arrays.Array[float32], opts Options) (trained Params, h metrics.History, err error) {
	defer recoverAs(&err, "Train")
	if err := checkBatch(p, x, y); err != nil {
		return Params{}, h, err
	}
	if opts.Epochs < 1 || opts.BatchSize < 1 || !(opts.LearningRate > 0) || math.IsInf(opts.LearningRate, 1) {
		return Params{}, h, fmt.Errorf("%w: Train needs Epochs >= 1, BatchSize >= 1 and a finite "+
			"LearningRate > 0, got %d, %d, %g", ErrArgument, opts.Epochs, opts.BatchSize, opts.LearningRate)
	}
	backend, err := gomlxnet.Backend()
	if err != nil {
		return Params{}, h, err
	}
	step, err := graph.NewExec(backend, sgdStep(opts.LearningRate))
	if err != nil {
		return Params{}, h, fmt.Errorf("%w: building the SGD step: %w", ErrCompute, err)
	}
	defer step.Finalize()
	state := make([]*tensors.Tensor, 4)
	for i, a := range p.list() {
		state[i] = toTensor(a)
	}
	shuffle, perm := rand.New(rand.NewPCG(opts.Seed, shuffleStream)), make([]int, x.Rows())
	for i := range perm {
		perm[i] = i
	}
	for epoch := 1; epoch <= opts.Epochs; epoch++ {
		shuffle.Shuffle(len(perm), func(i, j int) { perm[i], perm[j] = perm[j], perm[i] }) // as Fit does
		start := time.Now()
		loss, acc, err := trainEpoch(step, state, x, y, perm, opts.BatchSize)
		if err != nil {
			return Params{}, h, err
		}
		h.Epochs, h.Loss, h.Accuracy = append(h.Epochs, epoch), append(h.Loss, loss), append(h.Accuracy, acc)
		h.SecondsPerEpoch = append(h.SecondsPerEpoch, time.Since(start).Seconds())
		if opts.Progress != nil {
			fmt.Fprintf(opts.Progress, "epoch %d/%d: loss %.4f, accuracy %.4f, %.1fs\n",
				epoch, opts.Epochs, loss, acc, h.SecondsPerEpoch[epoch-1])
		}
	}
	out, err := fromTensors(state)
	if err != nil {
		return Params{}, h, err
	}
	return Params{W1: out[0], B1: out[1], W2: out[2], B2: out[3]}, h, nil
}

// sgdStep builds the training step graph: from the parameters and a batch to
// the updated parameters w − lr·∂L/∂w, the batch's loss times its row count
// (so that epoch means weigh every row alike) and its number of correct rows.
func sgdStep(lr float64) func(w1, b1, w2, b2, x, y *graph.Node) []*graph.Node {
	return func(w1, b1, w2, b2, x, y *graph.Node) []*graph.Node {
		a1, a2 := mlpForward(x, w1, b1, w2, b2)
		dW1, dB1, dW2, dB2 := mlpBackward(x, y, w2, a1, a2)
		sgd := func(w, g *graph.Node) *graph.Node { return graph.Sub(w, graph.MulScalar(g, lr)) }
		rows := x.Shape().Dimensions[0]
		return []*graph.Node{sgd(w1, dW1), sgd(b1, dB1), sgd(w2, dW2), sgd(b2, dB2),
			graph.MulScalar(mseLoss(a2, y), rows), correctCount(a2, y)}
	}
}

// trainEpoch runs the step over the rows in perm order, replacing the
// parameter tensors in state, and returns the epoch's mean loss and accuracy.
func trainEpoch(step *graph.Exec, state []*tensors.Tensor, x, y arrays.Array[float32], perm []int, batch int,
) (loss, acc float64, err error) {
	var lossSum, correct float64
	for lo := 0; lo < len(perm); lo += batch {
		rows := perm[lo:min(lo+batch, len(perm))]
		out, err := step.Exec(state[0], state[1], state[2], state[3], gatherRows(x, rows), gatherRows(y, rows))
		if err != nil {
			return 0, 0, fmt.Errorf("%w: SGD step: %w", ErrCompute, err)
		}
		for i := range state {
			_ = state[i].FinalizeAll() // frees the old parameters early; errors only mean already freed
			state[i] = out[i]
		}
		lossSum += float64(tensors.ToScalar[float32](out[4]))
		correct += float64(tensors.ToScalar[float32](out[5]))
	}
	return lossSum / float64(len(perm)), correct / float64(len(perm)), nil
}
