package gomlxnet

import (
	"fmt"
	"math/rand/v2"

	"github.com/gomlx/gomlx/pkg/core/dtypes"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/tensors"
)

// Loss names the cost function training minimises, spelled as keras spells
// it (compile(loss = 'mean_squared_error')).
type Loss string

// The losses Compile accepts.
const (
	// MeanSquaredError is keras' mean_squared_error: the mean over a row's
	// values of (prediction - y)², then the mean over the batch. It is the
	// lecture's quadratic cost without its factor 1/2.
	MeanSquaredError Loss = "mean_squared_error"
	// CategoricalCrossentropy is keras' categorical_crossentropy:
	// -sum(y * log(prediction)) per row, then the mean over the batch. y must
	// be one-hot. After a Softmax layer it is computed from the layer's
	// logits (log-softmax), otherwise from the prediction renormalised to sum
	// to 1 and clipped to [1e-7, 1-1e-7], as keras does.
	CategoricalCrossentropy Loss = "categorical_crossentropy"
)

// kerasEpsilon is keras.config.epsilon(), the clipping bound keras'
// categorical_crossentropy applies to probabilities before the log.
const kerasEpsilon = 1e-7

// check returns an error wrapping ErrArgument for an unknown loss.
func (l Loss) check() error {
	switch l {
	case MeanSquaredError, CategoricalCrossentropy:
		return nil
	}
	return fmt.Errorf("%w: unknown loss %q (want %q or %q)", ErrArgument, string(l), MeanSquaredError, CategoricalCrossentropy)
}

// perRow builds the loss of each row of the batch, shape [batch]. logits is
// the last layer's pre-activation, last its activation.
func (l Loss) perRow(pred, logits, y *graph.Node, last Activation) *graph.Node {
	if l == MeanSquaredError {
		return graph.ReduceMean(graph.Square(graph.Sub(pred, y)), -1)
	}
	var logProb *graph.Node
	if last == Softmax {
		logProb = graph.LogSoftmax(logits, -1)
	} else {
		p := graph.Div(pred, graph.ReduceAndKeep(pred, graph.ReduceSum, -1))
		logProb = graph.Log(graph.ClipScalar(p, kerasEpsilon, 1-kerasEpsilon))
	}
	return graph.Neg(graph.ReduceSum(graph.Mul(y, logProb), -1))
}

// CompileOptions configures training, as the arguments of keras' compile().
type CompileOptions struct {
	// Loss is the cost to minimise: MeanSquaredError (the lecture's) or
	// CategoricalCrossentropy.
	Loss Loss
	// Optimizer updates the weights from their gradients: SGD(0.01) is the
	// lecture's optimizer_sgd() with keras' default learning rate.
	Optimizer Optimizer
	// Metrics lists what Fit reports besides the loss: only "accuracy"
	// (keras' alias "acc" works too), the fraction of rows whose largest
	// prediction is at the position of the 1 in their one-hot y.
	Metrics []string
	// Seed seeds the weights' initialisation (the first Compile only) and
	// the shuffling and dropout masks of every Fit: runs with the same Seed
	// are identical.
	Seed uint64
	// Backend is a GoMLX backend configuration such as "go" or "xla:cpu";
	// "" picks one as Backend does.
	Backend string
}

// PCG streams of the three random sequences a Seed starts (the kernels'
// initialisation, the shuffling of the batches, the dropout masks), so that
// changing how many numbers one of them draws does not change the others.
const (
	initStream    = 1
	shuffleStream = 2
	dropoutStream = 3
)

// newRNGState returns the dropout RNG state of a training graph for seed,
// from its own PCG stream.
func newRNGState(seed uint64) (*param, error) {
	t, err := graph.RNGStateFromSeed(int64(rand.New(rand.NewPCG(seed, dropoutStream)).Uint64()))
	if err != nil {
		return nil, fmt.Errorf("%w: dropout RNG state: %w", ErrCompute, err)
	}
	return &param{name: "dropout/rng", shape: t.Shape().Dimensions, value: t}, nil
}

// Compile prepares the model for training, like keras' compile(): it checks
// the options, picks the backend and, the first time, initialises the
// weights from opts.Seed: each kernel with its layer's Initializer (keras'
// default, glorot_uniform, unless KernelOptions says otherwise), biases at
// zero. Compiling again, or compiling a model from LoadModel or SetWeights,
// keeps the weights and restarts the optimizer.
func (m *Model) Compile(opts CompileOptions) (err error) {
	defer recoverAs(&err, "Compile")
	if err := opts.Loss.check(); err != nil {
		return err
	}
	if opts.Optimizer == nil {
		return fmt.Errorf("%w: CompileOptions.Optimizer is nil (use SGD(0.01) or Adam(0.001))", ErrArgument)
	}
	if err := opts.Optimizer.check(); err != nil {
		return err
	}
	accuracy := false
	for _, name := range opts.Metrics {
		if name != "accuracy" && name != "acc" {
			return fmt.Errorf("%w: unknown metric %q (want \"accuracy\")", ErrArgument, name)
		}
		accuracy = true
	}
	backend, err := BackendFor(opts.Backend)
	if err != nil {
		return err
	}
	if m.run != nil {
		if err := m.detachParams(); err != nil {
			return err
		}
	}
	m.initParams(rand.New(rand.NewPCG(opts.Seed, initStream)))
	run := &engine{
		backend:   backend,
		loss:      opts.Loss,
		optimizer: opts.Optimizer,
		accuracy:  accuracy,
		last:      m.lastActivation(),
		shuffle:   rand.New(rand.NewPCG(opts.Seed, shuffleStream)),
		state:     opts.Optimizer.initState(m.params),
	}
	if m.hasDropout() {
		if run.rng, err = newRNGState(opts.Seed); err != nil {
			return err
		}
	}
	if err := run.buildExecs(m); err != nil {
		return err
	}
	if m.run != nil {
		m.run.release()
	}
	m.run = run
	return nil
}

// dtype is float32, the only type gomlxnet computes in: keras' default floatx.
const dtype = dtypes.Float32

// correctCount builds the number of rows whose largest prediction is where
// y's largest value is: keras' categorical_accuracy times the batch size.
func correctCount(pred, y *graph.Node) *graph.Node {
	hit := graph.Equal(graph.ArgMax(pred, -1), graph.ArgMax(y, -1))
	return graph.ReduceAllSum(graph.ConvertDType(hit, dtype))
}

// detachParams replaces the parameters' tensors, which belong to the
// backend of the previous Compile, by local copies any backend can use.
func (m *Model) detachParams() error {
	for _, p := range m.params {
		if p.value == nil {
			continue
		}
		var local *tensors.Tensor
		err := tensors.ConstFlatData(p.value, func(flat []float32) {
			local = tensors.FromFlatDataAndDimensions(flat, p.shape...)
		})
		if err != nil {
			return fmt.Errorf("%w: copying %s off the previous backend: %w", ErrCompute, p.name, err)
		}
		_ = p.value.FinalizeAll()
		p.value = local
	}
	return nil
}
