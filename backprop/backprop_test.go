package backprop

import (
	"errors"

	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/gonb-courses/neuralnets/arrays"
	"github.com/gonb-courses/neuralnets/gomlxnet"
)

// mlpShape is one network size and batch size used by the gradient tests.
type mlpShape struct{ in, hidden, out, batch int }

func (s mlpShape) String() string { return fmt.Sprintf("%d-%d-%d/B%d", s.in, s.hidden, s.out, s.batch) }

// randomBatch returns parameters with random (non-zero) biases, inputs
// uniform in [0, 1) like scaled pixels, and one-hot labels, all from seed.
func randomBatch(s mlpShape, seed uint64) (Params, arrays.Array[float32], arrays.Array[float32]) {
	p := NewParams(s.in, s.hidden, s.out, seed)
	rng := rand.New(rand.NewPCG(seed, 2))
	for _, b := range []arrays.Array[float32]{p.B1, p.B2} {
		for i := range b.Data {
			b.Data[i] = float32(rng.Float64() - 0.5) // non-zero, so the bias paths are exercised
		}
	}
	x, y := arrays.New[float32](s.batch, s.in), arrays.New[float32](s.batch, s.out)
	for i := range x.Data {
		x.Data[i] = float32(rng.Float64())
	}
	for r := range s.batch {
		y.Row(r)[rng.IntN(s.out)] = 1
	}
	return p, x, y
}

// lossOracle64 is the network's mean squared error in plain float64 Go
// loops, independent of GoMLX. vals are W1, B1, W2, B2 flattened, row-major.
func lossOracle64(s mlpShape, vals [4][]float64, x, y arrays.Array[float32]) float64 {
	w1, b1, w2, b2 := vals[0], vals[1], vals[2], vals[3]
	sigmoid := func(z float64) float64 { return 1 / (1 + math.Exp(-z)) }
	var sum float64
	for r := range s.batch {
		a1 := make([]float64, s.hidden)
		for j := range a1 {
			z := b1[j]
			for i, xi := range x.Row(r) {
				z += float64(xi) * w1[i*s.hidden+j]
			}
			a1[j] = sigmoid(z)
		}
		for k := range s.out {
			z := b2[k]
			for j, a := range a1 {
				z += a * w2[j*s.out+k]
			}
			d := sigmoid(z) - float64(y.Row(r)[k])
			sum += d * d
		}
	}
	return sum / float64(s.batch*s.out)
}

// float64Backprop runs the hand-written graph (backpropGraph) in float64 and
// returns loss, dW1, dB1, dW2, dB2 flattened.
func float64Backprop(t *testing.T, p Params, x, y arrays.Array[float32]) [][]float64 {
	t.Helper()
	backend, err := gomlxnet.BackendFor("")
	if err != nil {
		t.Fatal(err)
	}
	var in []any
	for _, a := range append([]arrays.Array[float32]{x, y}, p.list()...) {
		in = append(in, toTensor(toFloat64(a)))
	}
	out, err := graph.MustNewExec(backend, backpropGraph).Exec(in...)
	if err != nil {
		t.Fatal(err)
	}
	res := make([][]float64, len(out))
	for i, o := range out {
		res[i] = tensors.MustCopyFlatData[float64](o)
	}
	return res
}

func toFloat64(a arrays.Array[float32]) arrays.Array[float64] {
	b := arrays.New[float64](a.Shape...)
	for i, v := range a.Data {
		b.Data[i] = float64(v)
	}
	return b
}

// TestBackpropMatchesFiniteDifferences checks every hand-written partial
// derivative, computed in float64, against the central difference
// (L(w+h) − L(w−h)) / 2h of the plain-Go loss.
//
// Tolerance 1e-9 absolute: with h = 1e-5 the truncation error is about
// h²/6 times the third derivative (≈ 2e-11 for derivatives of order 1) and
// the rounding error about ε·|L|/h ≈ 2.2e-16·1/1e-5 ≈ 2e-11; measured
// differences stay below 1e-11. The gradients themselves are 2e-4..0.2, so a
// wrong factor (a missing 2, the B·K mean, a transposed index) cannot hide.
func TestBackpropMatchesFiniteDifferences(t *testing.T) {
	const h, tol = 1e-5, 1e-9
	for _, s := range []mlpShape{{5, 4, 3, 7}, {2, 3, 1, 1}, {6, 2, 4, 5}} {
		t.Run(s.String(), func(t *testing.T) {
			p, x, y := randomBatch(s, 7)
			got := float64Backprop(t, p, x, y)
			var vals [4][]float64
			for i, a := range p.list() {
				vals[i] = toFloat64(a).Data
			}
			if want := lossOracle64(s, vals, x, y); math.Abs(got[0][0]-want) > tol {
				t.Errorf("loss = %.12g, plain-Go oracle %.12g", got[0][0], want)
			}
			names := []string{"W1", "B1", "W2", "B2"}
			for pi := range vals {
				for i, v := range vals[pi] {
					vals[pi][i] = v + h
					plus := lossOracle64(s, vals, x, y)
					vals[pi][i] = v - h
					minus := lossOracle64(s, vals, x, y)
					vals[pi][i] = v
					fd := (plus - minus) / (2 * h)
					if g := got[pi+1][i]; math.Abs(g-fd) > tol {
						t.Errorf("d%s[%d] = %.10g, finite difference %.10g", names[pi], i, g, fd)
					}
				}
			}
		})
	}
}

// maxAbs is the largest |v| in a.
func maxAbs(a arrays.Array[float32]) float64 {
	var m float64
	for _, v := range a.Data {
		m = math.Max(m, math.Abs(float64(v)))
	}
	return m
}

// TestBackpropMatchesAutodiff compares the public float32 Gradients
// with AutodiffGradients (graph.Gradient) on small shapes and on the
// lecture's 784-30-10 network with a batch of 128.
//
// Tolerance: per parameter array, |hand − autodiff| ≤ 1e-5·max|autodiff|.
// Both are float32 evaluations of the same sums taken in different orders;
// float32 rounds at ε ≈ 6e-8 per operation and the longest sum here has 128
// terms (the batch), so the worst case is about 128·6e-8 ≈ 8e-6 of the
// largest term. Measured: bit-identical with internal/simplegopatch's VJPs,
// 5e-7 relative with GoMLX's own Dot VJP.
func TestBackpropMatchesAutodiff(t *testing.T) {
	const rel = 1e-5
	for _, s := range []mlpShape{{5, 4, 3, 7}, {3, 1, 2, 1}, {784, 30, 10, 128}} {
		t.Run(s.String(), func(t *testing.T) {
			p, x, y := randomBatch(s, 11)
			hand, lossHand, err := Gradients(p, x, y)
			if err != nil {
				t.Fatal(err)
			}
			auto, lossAuto, err := AutodiffGradients(p, x, y)
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(lossHand-lossAuto) > 1e-7 { // the same forward graph: at most a few float32 ulps of a loss < 1
				t.Errorf("loss %.9g (hand) vs %.9g (autodiff)", lossHand, lossAuto)
			}
			names := []string{"W1", "B1", "W2", "B2"}
			for i, h := range hand.list() {
				a := auto.list()[i]
				if fmt.Sprint(h.Shape) != fmt.Sprint(a.Shape) {
					t.Fatalf("d%s shape %v, autodiff %v", names[i], h.Shape, a.Shape)
				}
				tol := rel * maxAbs(a)
				for j := range h.Data {
					if d := math.Abs(float64(h.Data[j] - a.Data[j])); d > tol {
						t.Errorf("d%s[%d] = %g, autodiff %g (diff %g > %g)", names[i], j, h.Data[j], a.Data[j], d, tol)
						break
					}
				}
			}
		})
	}
}

// TestBackpropBadShapes checks that inconsistent shapes come back as errors
// wrapping ErrShape from every entry point, and bad options as ErrArgument.
func TestBackpropBadShapes(t *testing.T) {
	good, x, y := randomBatch(mlpShape{5, 4, 3, 7}, 1)
	short := func(a arrays.Array[float32]) arrays.Array[float32] {
		return arrays.Array[float32]{Shape: a.Shape, Data: a.Data[1:]}
	}
	tests := []struct {
		name string
		p    Params
		x, y arrays.Array[float32]
	}{
		{"x has wrong width", good, arrays.New[float32](7, 4), y},
		{"y has wrong width", good, x, arrays.New[float32](7, 10)},
		{"y has other row count", good, x, arrays.New[float32](6, 3)},
		{"x is 3-D", good, arrays.New[float32](7, 5, 1), y},
		{"empty batch", good, arrays.New[float32](0, 5), arrays.New[float32](0, 3)},
		{"Data shorter than Shape", good, short(x), y},
		{"B1 does not match W1", Params{good.W1, arrays.New[float32](5), good.W2, good.B2}, x, y},
		{"W2 does not chain", Params{good.W1, good.B1, arrays.New[float32](5, 3), good.B2}, x, y},
		{"W1 is a vector", Params{arrays.New[float32](20), good.B1, good.W2, good.B2}, x, y},
		{"zero params", Params{}, x, y},
		{"NewParams with 0 inputs", NewParams(0, 4, 3, 1), x, y},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err1 := Gradients(tt.p, tt.x, tt.y)
			_, _, err2 := AutodiffGradients(tt.p, tt.x, tt.y)
			_, err3 := Accuracy(tt.p, tt.x, tt.y)
			_, _, err4 := Train(tt.p, tt.x, tt.y, Options{Epochs: 1, BatchSize: 2, LearningRate: 0.1})
			for i, err := range []error{err1, err2, err3, err4} {
				if !errors.Is(err, ErrShape) {
					t.Errorf("function %d: error %v, want ErrShape", i+1, err)
				}
			}
		})
	}
	for _, opts := range []Options{
		{Epochs: 0, BatchSize: 2, LearningRate: 0.1},
		{Epochs: 1, BatchSize: 0, LearningRate: 0.1},
		{Epochs: 1, BatchSize: 2, LearningRate: 0},
		{Epochs: 1, BatchSize: 2, LearningRate: math.NaN()},
		{Epochs: 1, BatchSize: 2, LearningRate: math.Inf(1)},
	} {
		if _, _, err := Train(good, x, y, opts); !errors.Is(err, ErrArgument) {
			t.Errorf("Train(%+v): error %v, want ErrArgument", opts, err)
		}
	}
}

// TestNewParams checks shapes, zero biases, the glorot_uniform bound and
// that the seed alone decides the values.
func TestNewParams(t *testing.T) {
	p := NewParams(784, 30, 10, 42)
	for _, tt := range []struct {
		name  string
		a     arrays.Array[float32]
		shape string
		limit float64 // sqrt(6/(fanIn+fanOut)); 0 for biases
	}{
		{"W1", p.W1, "[784 30]", math.Sqrt(6.0 / 814)},
		{"B1", p.B1, "[30]", 0},
		{"W2", p.W2, "[30 10]", math.Sqrt(6.0 / 40)},
		{"B2", p.B2, "[10]", 0},
	} {
		if got := fmt.Sprint(tt.a.Shape); got != tt.shape || len(tt.a.Data) != arrays.Size(tt.a.Shape) {
			t.Errorf("%s shape %s with %d values, want %s", tt.name, got, len(tt.a.Data), tt.shape)
		}
		// Of 300+ uniform draws, the largest |w| lies within 2% of the limit
		// with probability above 1 − 0.98^300 ≈ 0.998, and the seed is fixed.
		if m := maxAbs(tt.a); m > tt.limit || m < 0.98*tt.limit {
			t.Errorf("%s: max |w| = %g, want just under %g", tt.name, m, tt.limit)
		}
	}
	same, other := NewParams(784, 30, 10, 42), NewParams(784, 30, 10, 43)
	if fmt.Sprint(same.W2.Data) != fmt.Sprint(p.W2.Data) {
		t.Error("same seed gave different W2")
	}
	if fmt.Sprint(other.W2.Data) == fmt.Sprint(p.W2.Data) {
		t.Error("different seeds gave the same W2")
	}
}
