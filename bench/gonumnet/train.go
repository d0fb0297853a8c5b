package gonumnet

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"gonum.org/v1/gonum/mat"
)

// Dataset is a set of training examples: X holds one flattened image per row
// with values in [0, 1], T the matching one-hot labels.
type Dataset struct {
	X, T *mat.Dense
}

// Len returns the number of examples.
func (d Dataset) Len() int {
	if d.X == nil {
		return 0
	}
	r, _ := d.X.Dims()
	return r
}

// MNISTZeroFraction is the share of MNIST's training pixels that are exactly 0
// (38045844 of 47040000, counted from train-images-idx3-ubyte.gz).
const MNISTZeroFraction = 0.8088

// Synthetic returns n random examples of MNIST's shape and sparsity: a pixel
// is 0 with MNIST's frequency, otherwise uniform in [0, 1); labels are drawn
// uniformly and one-hot encoded. The sparsity matters: gonum's matrix product
// skips zero entries of its left operand, so with dense random pixels an epoch
// took about 2.5 times as long as on MNIST. Even so, MNIST's zeros sit in
// predictable places (the borders) and these do not, so an epoch here still
// takes longer than on MNIST (about 1.4 times, measured once): time gonum on
// real data when the comparison matters.
func Synthetic(n int, rng *rand.Rand) (Dataset, error) {
	if n <= 0 {
		return Dataset{}, fmt.Errorf("gonumnet: Synthetic needs a positive size, got %d", n)
	}
	if rng == nil {
		return Dataset{}, errors.New("gonumnet: Synthetic needs a random source")
	}
	x := make([]float64, n*Inputs)
	for i := range x {
		if rng.Float64() >= MNISTZeroFraction {
			x[i] = rng.Float64()
		}
	}
	labels := make([]uint8, n)
	for i := range labels {
		labels[i] = uint8(rng.IntN(Outputs))
	}
	return Dataset{X: mat.NewDense(n, Inputs, x), T: OneHot(labels, Outputs)}, nil
}

// OneHot returns a len(labels) x classes matrix with a 1 in column labels[i] of row i.
// Labels outside [0, classes) give an all-zero row.
func OneHot(labels []uint8, classes int) *mat.Dense {
	t := mat.NewDense(len(labels), classes, nil)
	for i, l := range labels {
		if int(l) < classes {
			t.Set(i, int(l), 1)
		}
	}
	return t
}

// Trainer runs SGD epochs over a Dataset the way keras' fit() does: the
// examples are shuffled every epoch and cut into batches of BatchSize, the
// last, partial batch included (60000/128 gives 468 full batches and one of 96).
type Trainer struct {
	Net       *Net
	BatchSize int
	LR        float64
	Rng       *rand.Rand // drives the shuffle

	grads  *Grads
	xb, tb *mat.Dense // gathered batch, BatchSize rows
}

// StepsPerEpoch returns the number of SGD steps in one epoch over n examples.
func StepsPerEpoch(n, batchSize int) int {
	return (n + batchSize - 1) / batchSize
}

// Epoch trains one epoch over d and returns the mean loss over its examples
// (each batch's loss weighted by its size, as keras reports it) and the number
// of steps taken.
func (tr *Trainer) Epoch(d Dataset) (loss float64, steps int, err error) {
	if tr.Net == nil || tr.Rng == nil || tr.BatchSize <= 0 || !(tr.LR > 0) {
		return 0, 0, fmt.Errorf("gonumnet: Trainer needs a Net, a random source, a positive batch size and learning rate (got batch %d, lr %g)", tr.BatchSize, tr.LR)
	}
	n := d.Len()
	if n == 0 || d.T == nil {
		return 0, 0, errors.New("gonumnet: empty dataset")
	}
	_, in := d.X.Dims()
	_, out := d.T.Dims()
	if tr.grads == nil {
		tr.grads = tr.Net.NewGrads()
	}
	if r, c := dims(tr.xb); r != tr.BatchSize || c != in {
		tr.xb = mat.NewDense(tr.BatchSize, in, nil)
	}
	if r, c := dims(tr.tb); r != tr.BatchSize || c != out {
		tr.tb = mat.NewDense(tr.BatchSize, out, nil)
	}
	perm := tr.Rng.Perm(n)
	var sum float64
	for start := 0; start < n; start += tr.BatchSize {
		idx := perm[start:min(start+tr.BatchSize, n)]
		xb := tr.xb.Slice(0, len(idx), 0, in).(*mat.Dense)
		tb := tr.tb.Slice(0, len(idx), 0, out).(*mat.Dense)
		for i, j := range idx {
			xb.SetRow(i, d.X.RawRowView(j))
			tb.SetRow(i, d.T.RawRowView(j))
		}
		l, err := tr.Net.Step(xb, tb, tr.grads, tr.LR)
		if err != nil {
			return 0, steps, err
		}
		sum += l * float64(len(idx))
		steps++
	}
	return sum / float64(n), steps, nil
}

// dims returns m's size, 0x0 for nil.
func dims(m *mat.Dense) (int, int) {
	if m == nil {
		return 0, 0
	}
	return m.Dims()
}

// Timing is the outcome of TimeEpochs.
type Timing struct {
	Seconds   []float64 // wall time of each timed epoch
	Median    float64   // median of Seconds
	Steps     int       // steps per epoch
	FinalLoss float64   // mean loss of the last epoch
}

// TimeEpochs runs warmup untimed epochs, then epochs timed ones, of the
// function epoch, which returns its mean loss and step count.
func TimeEpochs(warmup, epochs int, epoch func() (float64, int, error)) (Timing, error) {
	if warmup < 0 || epochs <= 0 {
		return Timing{}, fmt.Errorf("gonumnet: need at least one timed epoch and no negative warm-up (got %d, %d)", epochs, warmup)
	}
	var t Timing
	for e := 0; e < warmup+epochs; e++ {
		start := time.Now()
		loss, steps, err := epoch()
		elapsed := time.Since(start).Seconds()
		if err != nil {
			return t, fmt.Errorf("gonumnet: epoch %d: %w", e+1, err)
		}
		t.Steps, t.FinalLoss = steps, loss
		if e >= warmup {
			t.Seconds = append(t.Seconds, elapsed)
		}
	}
	t.Median = Median(t.Seconds)
	return t, nil
}

// Median returns the median of xs (the mean of the middle two for an even
// count), 0 for none.
func Median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	m := len(s) / 2
	if len(s)%2 == 1 {
		return s[m]
	}
	return (s[m-1] + s[m]) / 2
}
