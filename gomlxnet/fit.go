package gomlxnet

import (
	"fmt"
	"io"
	"time"

	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/gonb-courses/neuralnets/arrays"
)

// FitOptions configures Fit, as the arguments of keras' fit().
type FitOptions struct {
	// Epochs is the number of passes over the training data (the lecture: 200).
	Epochs int
	// BatchSize is the number of rows per gradient step (the lecture: 128).
	// The last batch of an epoch keeps the remaining rows: 60000 rows in
	// batches of 128 are 469 steps, the last of 96 rows.
	BatchSize int
	// ValidationX and ValidationY, when set, are held-out data evaluated
	// after every epoch (keras' validation_data) into History.ValLoss and
	// History.ValAccuracy.
	ValidationX, ValidationY Array[float32]
	// Quiet turns off the progress report (keras' verbose = 0).
	Quiet bool
	// Progress receives one line per epoch, keras style. nil means standard
	// output, updated in place in a terminal or a GoNB notebook.
	Progress io.Writer
	// OnEpochEnd, when set, is called after every epoch with the history so
	// far; an error it returns stops Fit and is returned.
	OnEpochEnd func(h *History) error
}

// evalBatchSize is how many rows Evaluate and Predict process at a time.
// keras uses 32; the sums are the same, larger batches only mean fewer calls.
const evalBatchSize = 1000

// Fit trains the model on x (rows of InputUnits values) and y (rows of
// OutputUnits values, one-hot when the loss is CategoricalCrossentropy or
// accuracy is a metric), like keras' fit(): every epoch shuffles the rows,
// takes a gradient step per batch and records the mean loss and accuracy
// over the epoch's rows in the returned History (with the kernels' L2
// penalties, as keras reports it). Dropout layers are active in Fit only.
// On error the History holds the epochs completed.
func (m *Model) Fit(x, y Array[float32], opts FitOptions) (h *History, err error) {
	h = &History{}
	defer recoverAs(&err, "Fit")
	if err := m.checkFit(x, y, opts); err != nil {
		return h, err
	}
	n, bs := x.Rows(), opts.BatchSize
	steps := (n + bs - 1) / bs
	perm := make([]int, n)
	for i := range perm {
		perm[i] = i
	}
	prog := newProgress(opts, steps, m.run.accuracy)
	defer prog.finish()
	for epoch := 1; epoch <= opts.Epochs; epoch++ {
		m.run.shuffle.Shuffle(n, func(i, j int) { perm[i], perm[j] = perm[j], perm[i] })
		prog.startEpoch(epoch, opts.Epochs)
		start := time.Now()
		loss, acc, err := m.runEpoch(x, y, perm, bs, prog)
		if err != nil {
			return h, err
		}
		h.Epochs = append(h.Epochs, epoch)
		h.Loss = append(h.Loss, loss)
		h.SecondsPerEpoch = append(h.SecondsPerEpoch, time.Since(start).Seconds())
		if m.run.accuracy {
			h.Accuracy = append(h.Accuracy, acc)
		}
		if opts.ValidationX.Data != nil {
			vl, va, err := m.evaluate(opts.ValidationX, opts.ValidationY)
			if err != nil {
				return h, err
			}
			h.ValLoss = append(h.ValLoss, vl)
			if m.run.accuracy {
				h.ValAccuracy = append(h.ValAccuracy, va)
			}
		}
		prog.endEpoch(h)
		if opts.OnEpochEnd != nil {
			if err := opts.OnEpochEnd(h); err != nil {
				return h, fmt.Errorf("gomlxnet: Fit stopped after epoch %d: %w", epoch, inner(err))
			}
		}
	}
	return h, nil
}

// runEpoch takes one gradient step per batch of rows perm[i*bs:(i+1)*bs] and
// returns the epoch's mean loss and accuracy over all its rows (keras
// averages the batches' losses weighted by their sizes: the same thing).
func (m *Model) runEpoch(x, y Array[float32], perm []int, bs int, prog progress) (loss, acc float64, err error) {
	var lossSum, correct float64
	for lo := 0; lo < len(perm); lo += bs {
		idx := perm[lo:min(lo+bs, len(perm))]
		b, err := m.run.batchFor(len(idx), x.RowSize(), y.RowSize())
		if err != nil {
			return 0, 0, err
		}
		if err := fill(b.x, x, idx, 0); err != nil {
			return 0, 0, fmt.Errorf("%w: copying a batch: %w", ErrCompute, err)
		}
		if err := fill(b.y, y, idx, 0); err != nil {
			return 0, 0, fmt.Errorf("%w: copying a batch: %w", ErrCompute, err)
		}
		l, c, err := m.run.trainStep(m, b)
		if err != nil {
			return 0, 0, err
		}
		lossSum += l
		correct += c
		seen := float64(lo + len(idx))
		prog.step(lo/bs+1, lossSum/seen, correct/seen)
	}
	n := float64(len(perm))
	return lossSum / n, correct / n, nil
}

// Evaluate returns the model's mean loss and accuracy on x and y, like
// keras' evaluate(). Accuracy is the fraction of rows whose largest
// prediction is where y's largest value is.
func (m *Model) Evaluate(x, y Array[float32]) (loss, accuracy float64, err error) {
	defer recoverAs(&err, "Evaluate")
	if err := m.checkCompiled(); err != nil {
		return 0, 0, err
	}
	if err := m.checkXY("x", "y", x, y); err != nil {
		return 0, 0, err
	}
	return m.evaluate(x, y)
}

// evaluate is Evaluate on checked data.
func (m *Model) evaluate(x, y Array[float32]) (loss, accuracy float64, err error) {
	var lossSum, correct float64
	args := m.paramArgs(2)
	for lo := 0; lo < x.Rows(); lo += evalBatchSize {
		rows := min(evalBatchSize, x.Rows()-lo)
		b, err := m.run.batchFor(rows, x.RowSize(), y.RowSize())
		if err != nil {
			return 0, 0, err
		}
		if err := fill(b.x, x, nil, lo); err != nil {
			return 0, 0, fmt.Errorf("%w: copying a batch: %w", ErrCompute, err)
		}
		if err := fill(b.y, y, nil, lo); err != nil {
			return 0, 0, fmt.Errorf("%w: copying a batch: %w", ErrCompute, err)
		}
		outs, err := m.run.eval.Exec(append(args, b.x, b.y)...)
		if err != nil {
			return 0, 0, fmt.Errorf("%w: evaluation: %w", ErrCompute, err)
		}
		l, err1 := takeScalar(outs[0])
		c, err2 := takeScalar(outs[1])
		if err1 != nil || err2 != nil {
			return 0, 0, fmt.Errorf("%w: evaluation results: %v, %v", ErrCompute, err1, err2)
		}
		lossSum += l
		correct += c
	}
	n := float64(x.Rows())
	return lossSum / n, correct / n, nil
}

// Predict returns the model's output for every row of x, shape [rows,
// OutputUnits], like keras' predict(): for the lecture's network, ten
// sigmoid scores per image.
func (m *Model) Predict(x Array[float32]) (pred Array[float32], err error) {
	defer recoverAs(&err, "Predict")
	if err := m.checkCompiled(); err != nil {
		return pred, err
	}
	if err := m.checkX("x", x); err != nil {
		return pred, err
	}
	pred = arrays.New[float32](x.Rows(), m.OutputUnits())
	args := m.paramArgs(1)
	for lo := 0; lo < x.Rows(); lo += evalBatchSize {
		rows := min(evalBatchSize, x.Rows()-lo)
		b, err := m.run.batchFor(rows, x.RowSize(), m.OutputUnits())
		if err != nil {
			return Array[float32]{}, err
		}
		if err := fill(b.x, x, nil, lo); err != nil {
			return Array[float32]{}, fmt.Errorf("%w: copying a batch: %w", ErrCompute, err)
		}
		out, err := m.run.predict.Exec1(append(args, b.x)...)
		if err != nil {
			return Array[float32]{}, fmt.Errorf("%w: prediction: %w", ErrCompute, err)
		}
		w := pred.RowSize()
		err = tensors.ConstFlatData(out, func(flat []float32) { copy(pred.Data[lo*w:], flat) })
		_ = out.FinalizeAll()
		if err != nil {
			return Array[float32]{}, fmt.Errorf("%w: reading predictions: %w", ErrCompute, err)
		}
	}
	return pred, nil
}

// paramArgs returns the model's parameters as graph arguments, with room
// for extra more.
func (m *Model) paramArgs(extra int) []any {
	args := make([]any, 0, len(m.params)+extra)
	for _, p := range m.params {
		args = append(args, p.value)
	}
	return args
}
