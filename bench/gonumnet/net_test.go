package gonumnet

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// The hand-derived gradient g must match a central finite difference d with
// step fdStep: |g-d| <= gradRelTol·max(|g|,|d|) + gradAbsTol. In float64 the
// difference's truncation error is O(fdStep²) ≈ 1e-12, and its rounding error
// about ε·loss/fdStep ≈ 1e-16·0.25/1e-6 ≈ 3e-11 absolute, which dominates for
// the tiny gradients of the 784 input weights (some near 1e-7): hence the
// absolute floor, 30x that rounding error. A wrong term is off by O(1)
// relative, far beyond either tolerance.
const (
	fdStep     = 1e-6
	gradRelTol = 1e-5
	gradAbsTol = 1e-9
)

func newRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, seed)) }

func TestGradientMatchesFiniteDifferences(t *testing.T) {
	tests := []struct {
		name                          string
		inputs, hidden, outputs, rows int
	}{
		{"tiny", 3, 2, 2, 1},
		{"batch", 5, 4, 3, 7},
		{"lecture shape, small batch", Inputs, Hidden, Outputs, 4},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rng := newRand(1)
			n, err := New(tc.inputs, tc.hidden, tc.outputs, rng)
			if err != nil {
				t.Fatal(err)
			}
			// Non-zero biases, so their gradient paths are exercised too.
			for i := range n.B1 {
				n.B1[i] = rng.NormFloat64() * 0.1
			}
			for i := range n.B2 {
				n.B2[i] = rng.NormFloat64() * 0.1
			}
			x := mat.NewDense(tc.rows, tc.inputs, nil)
			x.Apply(func(_, _ int, _ float64) float64 { return rng.Float64() }, x)
			labels := make([]uint8, tc.rows)
			for i := range labels {
				labels[i] = uint8(rng.IntN(tc.outputs))
			}
			target := OneHot(labels, tc.outputs)

			g := n.NewGrads()
			if _, err := n.Gradient(x, target, g); err != nil {
				t.Fatal(err)
			}
			loss := func() float64 {
				l, err := n.Gradient(x, target, n.NewGrads())
				if err != nil {
					t.Fatal(err)
				}
				return l
			}
			params := []struct {
				name       string
				value, got []float64
			}{
				{"W1", n.W1.RawMatrix().Data, g.W1.RawMatrix().Data},
				{"B1", n.B1, g.B1},
				{"W2", n.W2.RawMatrix().Data, g.W2.RawMatrix().Data},
				{"B2", n.B2, g.B2},
			}
			for _, p := range params {
				// Every 37th entry of the large kernels keeps the test quick (37: a prime, so the
				// sampled entries spread over rows and columns).
				every := 1
				if len(p.value) > 1000 {
					every = 37
				}
				for i := 0; i < len(p.value); i += every {
					orig := p.value[i]
					p.value[i] = orig + fdStep
					up := loss()
					p.value[i] = orig - fdStep
					down := loss()
					p.value[i] = orig
					want := (up - down) / (2 * fdStep)
					diff, scale := math.Abs(p.got[i]-want), math.Max(math.Abs(p.got[i]), math.Abs(want))
					if diff > gradRelTol*scale+gradAbsTol {
						t.Errorf("d loss/d %s[%d] = %g, finite difference %g (difference %.2g)",
							p.name, i, p.got[i], want, diff)
					}
				}
			}
		})
	}
}

// constantLoss is the lowest loss a network that ignores its input can reach on
// balanced one-hot targets over 10 classes: it predicts 0.1 everywhere, and each
// output's mean squared error is the variance 0.1·0.9.
const constantLoss = 0.1 * 0.9

func TestEpochsReduceLoss(t *testing.T) {
	rng := newRand(2)
	// A learnable synthetic task: each class has a random prototype image, and an
	// example is half its class's prototype, half uniform noise.
	data, err := Synthetic(2000, rng)
	if err != nil {
		t.Fatal(err)
	}
	protos, err := Synthetic(Outputs, rng)
	if err != nil {
		t.Fatal(err)
	}
	labels := make([]uint8, data.Len())
	for i := range labels {
		labels[i] = uint8(rng.IntN(Outputs))
		row, proto := data.X.RawRowView(i), protos.X.RawRowView(int(labels[i]))
		for j := range row {
			row[j] = 0.5*row[j] + 0.5*proto[j]
		}
	}
	data.T = OneHot(labels, Outputs)
	n, err := New(Inputs, Hidden, Outputs, rng)
	if err != nil {
		t.Fatal(err)
	}
	// A learning rate of 5 rather than the lecture's 0.01: sigmoid outputs under
	// MSE learn slowly, and with 5 eight epochs on 2000 examples take the loss
	// to about 0.03, far below the constant prediction's (it sits near 0.09
	// after four epochs at a learning rate of 1).
	tr := &Trainer{Net: n, BatchSize: 128, LR: 5, Rng: rng}
	var losses []float64
	for range 8 {
		l, steps, err := tr.Epoch(data)
		if err != nil {
			t.Fatal(err)
		}
		if want := StepsPerEpoch(data.Len(), 128); steps != want {
			t.Fatalf("epoch took %d steps, want %d", steps, want)
		}
		losses = append(losses, l)
	}
	t.Logf("losses: %v", losses)
	for i := 1; i < len(losses); i++ {
		if losses[i] >= losses[i-1] {
			t.Errorf("loss did not fall at epoch %d: %v", i+1, losses)
		}
	}
	if last := losses[len(losses)-1]; last >= constantLoss/2 {
		t.Errorf("final loss %g is not below half the best constant prediction's (%g): %v", last, constantLoss, losses)
	}
}

func TestBadInputIsAnError(t *testing.T) {
	n, err := New(4, 3, 2, newRand(3))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		x, t *mat.Dense
		g    *Grads
	}{
		{"wrong input width", mat.NewDense(2, 5, nil), mat.NewDense(2, 2, nil), n.NewGrads()},
		{"row mismatch", mat.NewDense(2, 4, nil), mat.NewDense(3, 2, nil), n.NewGrads()},
		{"nil grads", mat.NewDense(2, 4, nil), mat.NewDense(2, 2, nil), nil},
		{"wrong grads", mat.NewDense(2, 4, nil), mat.NewDense(2, 2, nil), &Grads{W1: mat.NewDense(1, 1, nil), W2: mat.NewDense(1, 1, nil)}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := n.Step(tc.x, tc.t, tc.g, 0.01); err == nil {
				t.Error("Step accepted bad input")
			}
		})
	}
	if _, err := New(0, 1, 1, newRand(3)); !errors.Is(err, ErrShape) {
		t.Errorf("New(0, 1, 1) error = %v, want ErrShape", err)
	}
	if _, _, err := (&Trainer{}).Epoch(Dataset{}); err == nil {
		t.Error("an empty Trainer ran an epoch")
	}
}

func TestStepsPerEpochAndMedian(t *testing.T) {
	// 60000 MNIST images in batches of 128: 468 full batches and one of 96.
	if got := StepsPerEpoch(60000, 128); got != 469 {
		t.Errorf("StepsPerEpoch(60000, 128) = %d, want 469", got)
	}
	tests := []struct {
		in   []float64
		want float64
	}{
		{nil, 0}, {[]float64{3}, 3}, {[]float64{3, 1, 2}, 2}, {[]float64{4, 1, 3, 2}, 2.5},
	}
	for _, tc := range tests {
		if got := Median(tc.in); got != tc.want {
			t.Errorf("Median(%v) = %g, want %g", tc.in, got, tc.want)
		}
	}
}

func TestLoadMNISTMissing(t *testing.T) {
	if _, err := LoadMNIST(t.TempDir()); !errors.Is(err, ErrNoData) {
		t.Errorf("LoadMNIST(empty dir) error = %v, want ErrNoData", err)
	}
}
