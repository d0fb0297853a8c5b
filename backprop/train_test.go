package backprop

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gonb-courses/neuralnets/arrays"
)

// TestTrainBackpropOneStepIsSGD checks the update inside the compiled step:
// one epoch with a single batch holding every row must give exactly one SGD
// step, p − lr·∇L, with ∇L from Gradients.
//
// Tolerance 1e-7 absolute: the step's graph sums the batch rows in shuffled
// order, which moves each gradient by float32 rounding (≈ 1e-9 here, gradients
// are below 0.1), times lr = 0.5; a wrong sign or a missing lr moves an entry
// by lr·|g|, which is over 1e-5 for most entries.
func TestTrainBackpropOneStepIsSGD(t *testing.T) {
	const lr, tol = 0.5, 1e-7
	s := mlpShape{5, 4, 3, 7}
	p, x, y := randomBatch(s, 3)
	grads, loss, err := Gradients(p, x, y)
	if err != nil {
		t.Fatal(err)
	}
	got, hist, err := Train(p, x, y, Options{Epochs: 1, BatchSize: s.batch, LearningRate: lr, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(hist.Loss) != 1 || math.Abs(hist.Loss[0]-loss) > 1e-7 { // same loss up to float32 rounding of a sum of 21 terms
		t.Errorf("history loss %v, want [%g]", hist.Loss, loss)
	}
	for i, before := range p.list() {
		after, g := got.list()[i], grads.list()[i]
		for j := range before.Data {
			want := float64(before.Data[j]) - lr*float64(g.Data[j])
			if d := math.Abs(float64(after.Data[j]) - want); d > tol {
				t.Fatalf("param %d[%d] = %g after one step, want %g", i, j, after.Data[j], want)
			}
		}
	}
}

// separable returns n rows of a 3-class problem in 6 dimensions: class c has
// its two inputs 2c and 2c+1 near 1 and the others near 0, with ±0.3 noise.
func separable(n int, seed uint64) (arrays.Array[float32], arrays.Array[float32]) {
	rng := rand.New(rand.NewPCG(seed, 3))
	x, y := arrays.New[float32](n, 6), arrays.New[float32](n, 3)
	for r := range n {
		c := rng.IntN(3)
		y.Row(r)[c] = 1
		for i := range 6 {
			v := 0.6*rng.Float64() - 0.3
			if i/2 == c {
				v++
			}
			x.Row(r)[i] = float32(v)
		}
	}
	return x, y
}

// TestTrainBackpropLearnsSeparable trains a 6-8-3 network on 300 rows of an
// easy task, with a final partial batch (300 = 18·16 + 12), and requires
// training and fresh-data accuracy of at least 95%: the classes are
// separable with a margin, so anything below that means training failed.
func TestTrainBackpropLearnsSeparable(t *testing.T) {
	x, y := separable(300, 1)
	p := NewParams(6, 8, 3, 1)
	before, err := Accuracy(p, x, y)
	if err != nil {
		t.Fatal(err)
	}
	// lr 2 and 60 epochs: MSE on sigmoid outputs has small gradients (its
	// 2/(B·K) factor), so the lecture's lr 0.01 would need thousands of epochs.
	p, hist, err := Train(p, x, y, Options{Epochs: 60, BatchSize: 16, LearningRate: 2, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(hist.Epochs) != 60 || len(hist.Accuracy) != 60 || len(hist.SecondsPerEpoch) != 60 {
		t.Fatalf("history has %d/%d/%d entries, want 60", len(hist.Epochs), len(hist.Accuracy), len(hist.SecondsPerEpoch))
	}
	if hist.Loss[59] >= hist.Loss[0] {
		t.Errorf("loss went from %g to %g", hist.Loss[0], hist.Loss[59])
	}
	xt, yt := separable(300, 2)
	after, err := Accuracy(p, xt, yt)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("accuracy %.3f before, %.3f after on fresh rows; last training accuracy %.3f", before, after, hist.Accuracy[59])
	if after < 0.95 || hist.Accuracy[59] < 0.95 {
		t.Errorf("accuracy after training %.3f (fresh) %.3f (train), want >= 0.95", after, hist.Accuracy[59])
	}
}
