package gomlxnet

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/gonb-courses/neuralnets/arrays"
)

func TestLayerErrors(t *testing.T) {
	flat := func() *Symbol { return Input(16) }
	image := func() *Symbol { return Reshape(4, 4, 1)(Input(16)) }
	tests := []struct {
		name  string
		build func() *Symbol
	}{
		{"dense on an image", func() *Symbol { return Dense(2, Linear)(image()) }},
		{"conv on a flat input", func() *Symbol { return Conv2D(2, 3, ReLU)(flat()) }},
		{"conv kernel too large", func() *Symbol { return Conv2D(2, 5, ReLU)(image()) }},
		{"conv no filters", func() *Symbol { return Conv2D(0, 3, ReLU)(image()) }},
		{"conv unknown activation", func() *Symbol { return Conv2D(2, 3, "gelu")(image()) }},
		{"pool too large", func() *Symbol { return MaxPool2D(5)(image()) }},
		{"pool zero", func() *Symbol { return MaxPool2D(0)(image()) }},
		{"pool on a flat input", func() *Symbol { return MaxPool2D(2)(flat()) }},
		{"reshape wrong size", func() *Symbol { return Reshape(5, 3)(flat()) }},
		{"reshape empty", func() *Symbol { return Reshape()(flat()) }},
		{"dropout rate 1", func() *Symbol { return Dropout(1)(flat()) }},
		{"dropout negative rate", func() *Symbol { return Dropout(-0.1)(flat()) }},
		{"unknown initializer", func() *Symbol {
			return DenseWith(2, Linear, KernelOptions{Initializer: Initializer{Name: "orthogonal"}})(flat())
		}},
		{"random normal without stddev", func() *Symbol {
			return DenseWith(2, Linear, KernelOptions{Initializer: RandomNormal(0)})(flat())
		}},
		{"negative L2", func() *Symbol { return DenseWith(2, Linear, KernelOptions{L2: -1})(flat()) }},
		{"NaN L2", func() *Symbol { return Conv2DWith(2, 3, ReLU, KernelOptions{L2: math.NaN()})(image()) }},
		{"flatten nil", func() *Symbol { return Flatten()(nil) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := tt.build()
			in := s
			for in.from != nil {
				in = in.from
			}
			if _, err := NewModel(in, s); !errors.Is(err, ErrArgument) {
				t.Fatalf("NewModel: got %v, want ErrArgument", err)
			}
			if s.Units() != 0 || s.Shape() != nil {
				t.Errorf("a failed Symbol has %d units, shape %v; want 0, nil", s.Units(), s.Shape())
			}
		})
	}
}

// randomArray returns an array of the given shape with values in [-1, 1).
func randomArray(rng *rand.Rand, shape ...int) Array[float32] {
	a := arrays.New[float32](shape...)
	for i := range a.Data {
		a.Data[i] = float32(2*rng.Float64() - 1)
	}
	return a
}

// compiled returns the model from input to output, compiled with opts on
// the pure-Go backend.
func compiled(t *testing.T, input, output *Symbol, opts CompileOptions) *Model {
	t.Helper()
	m, err := NewModel(input, output)
	if err != nil {
		t.Fatal(err)
	}
	opts.Backend = "go"
	if err := m.Compile(opts); err != nil {
		t.Fatal(err)
	}
	return m
}

// TestConvPoolForward compares Conv2D, MaxPool2D and Flatten with
// straightforward loops: 2 images of 5x6 pixels and 2 channels, a 3x3
// convolution to 3 filters (3x4 maps), then 2x2 max pooling, which drops
// the odd last row (1x2 maps); and the same over one channel (conv2D's two
// formulations), with a linear and a ReLU convolution (which the model
// builds pooling first: conv.forwardPooled).
func TestConvPoolForward(t *testing.T) {
	for _, c := range []int{1, 2} {
		for _, act := range []Activation{Linear, ReLU} {
			t.Run(fmt.Sprintf("%d channels %s", c, act), func(t *testing.T) { testConvPoolForward(t, c, act) })
		}
	}
}

func testConvPoolForward(t *testing.T, c int, act Activation) {
	const n, h, w, k, f = 2, 5, 6, 3, 3
	input := Input(h * w * c)
	out := Flatten()(MaxPool2D(2)(Conv2D(f, k, act)(Reshape(h, w, c)(input))))
	m := compiled(t, input, out, CompileOptions{Loss: MeanSquaredError, Optimizer: SGD(0.1), Seed: 1})
	if got, want := m.layers[2].outShape, []int{h - k + 1, w - k + 1, f}; !slices.Equal(got, want) {
		t.Fatalf("Conv2D output shape %v, want %v", got, want)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	ws := []Weight{{"conv2d_1/kernel", randomArray(rng, k, k, c, f)}, {"conv2d_1/bias", randomArray(rng, f)}}
	if err := m.SetWeights(ws); err != nil {
		t.Fatal(err)
	}
	x := randomArray(rng, n, h*w*c)
	got, err := m.Predict(x)
	if err != nil {
		t.Fatal(err)
	}
	kernel, bias := ws[0].Value.Data, ws[1].Value.Data
	conv := func(img, y, xx, o int) float64 {
		sum := float64(bias[o])
		for i := range k {
			for j := range k {
				for ch := range c {
					sum += float64(x.Data[img*h*w*c+((y+i)*w+xx+j)*c+ch] * kernel[((i*k+j)*c+ch)*f+o])
				}
			}
		}
		return sum
	}
	want := make([]float64, 0, len(got.Data))
	for img := range n {
		for py := range (h - k + 1) / 2 {
			for px := range (w - k + 1) / 2 {
				for o := range f {
					best := math.Inf(-1)
					for dy := range 2 {
						for dx := range 2 {
							best = math.Max(best, conv(img, 2*py+dy, 2*px+dx, o))
						}
					}
					if act == ReLU {
						best = math.Max(best, 0)
					}
					want = append(want, best)
				}
			}
		}
	}
	if len(got.Data) != len(want) {
		t.Fatalf("got %d outputs, want %d", len(got.Data), len(want))
	}
	for i := range want {
		if math.Abs(float64(got.Data[i])-want[i]) > 1e-5 {
			t.Fatalf("output %d = %g, want %g", i, got.Data[i], want[i])
		}
	}
}

// TestConvGradient checks the gradients through two Conv2D (so that one
// passes a gradient to its input), a MaxPool2D dropping a row and column,
// Flatten and an L2-penalised Dense: one full-batch SGD step of rate 1 must move
// every weight by minus the finite-difference gradient of the loss
// Evaluate reports, which includes the penalty.
func TestConvGradient(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	x := randomArray(rng, 3, 7*7)
	y := Array[float32]{Shape: []int{3, 2}, Data: []float32{1, 0, 0, 1, 1, 0}}
	input := Input(7 * 7)
	conv := Conv2D(2, 2, Tanh)(Conv2D(2, 2, Tanh)(Reshape(7, 7, 1)(input))) // 6x6, then 5x5
	hidden := MaxPool2D(2)(conv)                                            // drops row and column 5
	out := DenseWith(2, Softmax, KernelOptions{L2: 0.05})(Flatten()(hidden))
	m := compiled(t, input, out, CompileOptions{Loss: CategoricalCrossentropy, Optimizer: SGD(1), Seed: 2})
	for _, w := range stepAgainstGradient(t, m, x, y) {
		if math.Abs(w.moved-w.grad) > 2e-4+0.02*math.Abs(w.grad) {
			t.Errorf("%s moved %.6f, want the gradient %.6f", w.name, w.moved, w.grad)
		}
	}
}

// TestL2Loss checks that Evaluate's loss is the plain loss plus λ·Σw²
// over the penalised kernel only.
func TestL2Loss(t *testing.T) {
	const lambda = 0.01
	x, y := xorData(2)
	build := func(l2 float64) *Model {
		input := Input(2)
		out := Dense(2, Softmax)(DenseWith(4, Tanh, KernelOptions{L2: l2})(input))
		return compiled(t, input, out, CompileOptions{Loss: CategoricalCrossentropy, Optimizer: SGD(0.1), Seed: 8})
	}
	plain, penalised := build(0), build(lambda)
	ws, err := plain.Weights()
	if err != nil {
		t.Fatal(err)
	}
	l0, _, err := plain.Evaluate(x, y)
	if err != nil {
		t.Fatal(err)
	}
	l1, _, err := penalised.Evaluate(x, y)
	if err != nil {
		t.Fatal(err)
	}
	var sq float64
	for _, v := range ws[0].Value.Data {
		sq += float64(v) * float64(v)
	}
	if got, want := l1-l0, lambda*sq; math.Abs(got-want) > 1e-6 {
		t.Errorf("L2 adds %.7f to the loss, want λ·Σw² = %.7f", got, want)
	}
}
