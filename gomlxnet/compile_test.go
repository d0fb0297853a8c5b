package gomlxnet

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/gonb-courses/neuralnets/arrays"
)

func TestCompileErrors(t *testing.T) {
	ok := CompileOptions{Loss: MeanSquaredError, Optimizer: SGD(0.01), Backend: "go"}
	with := func(f func(o *CompileOptions)) CompileOptions {
		o := ok
		f(&o)
		return o
	}
	tests := []struct {
		name string
		opts CompileOptions
		want error
	}{
		{"ok", ok, nil},
		{"no loss", with(func(o *CompileOptions) { o.Loss = "" }), ErrArgument},
		{"unknown loss", with(func(o *CompileOptions) { o.Loss = "hinge" }), ErrArgument},
		{"no optimizer", with(func(o *CompileOptions) { o.Optimizer = nil }), ErrArgument},
		{"zero learning rate", with(func(o *CompileOptions) { o.Optimizer = SGD(0) }), ErrArgument},
		{"NaN learning rate", with(func(o *CompileOptions) { o.Optimizer = SGD(math.NaN()) }), ErrArgument},
		{"momentum 1", with(func(o *CompileOptions) { o.Optimizer = &SGDOptimizer{LearningRate: 0.1, Momentum: 1} }), ErrArgument},
		{"adam beta 1", with(func(o *CompileOptions) {
			o.Optimizer = &AdamOptimizer{LearningRate: 0.1, Beta1: 1, Beta2: 0.9, Epsilon: 1e-7}
		}), ErrArgument},
		{"adam no epsilon", with(func(o *CompileOptions) { o.Optimizer = &AdamOptimizer{LearningRate: 0.1, Beta1: 0.9, Beta2: 0.9} }), ErrArgument},
		{"unknown metric", with(func(o *CompileOptions) { o.Metrics = []string{"mae"} }), ErrArgument},
		{"unknown backend", with(func(o *CompileOptions) { o.Backend = "nosuchbackend" }), ErrBackend},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			input := Input(3)
			m, err := NewModel(input, Dense(2, Sigmoid)(input))
			if err != nil {
				t.Fatal(err)
			}
			if err := m.Compile(tt.opts); !errors.Is(err, tt.want) {
				t.Fatalf("Compile: got %v, want %v", err, tt.want)
			}
		})
	}
}

// TestLossValues evaluates one linear layer set to the identity, so that
// the prediction is x itself (or softmax(x)), against losses computed by hand.
func TestLossValues(t *testing.T) {
	x := Array[float32]{Shape: []int{2, 2}, Data: []float32{0.2, 0.6, 0, 1}}
	y := Array[float32]{Shape: []int{2, 2}, Data: []float32{0, 1, 1, 0}}
	softmax1 := math.Exp(0.6) / (math.Exp(0.2) + math.Exp(0.6)) // row 0: p(class 1)
	softmax2 := math.Exp(0) / (math.Exp(0) + math.Exp(1))       // row 1: p(class 0)
	// Logits 120 and 0: softmax gives class 1 a probability of e^-120, which
	// float32 rounds to 0, so only log-softmax gets its loss, 120, right.
	far := Array[float32]{Shape: []int{2, 2}, Data: []float32{120, 0, 0, 1}}
	tests := []struct {
		name     string
		x        Array[float32] // default: x above
		loss     Loss
		last     Activation
		want     float64
		accuracy float64
	}{
		// ((0.2-0)² + (0.6-1)²)/2 = 0.1 and ((0-1)² + (1-0)²)/2 = 1.
		{"mse", x, MeanSquaredError, Linear, (0.1 + 1) / 2, 0.5},
		{"crossentropy softmax", x, CategoricalCrossentropy, Softmax, -(math.Log(softmax1) + math.Log(softmax2)) / 2, 0.5},
		// Row 0 normalises to 0.25, 0.75; row 1 puts probability 0 on its
		// class, clipped to keras' epsilon 1e-7.
		{"crossentropy clipped", x, CategoricalCrossentropy, Linear, -(math.Log(0.75) + math.Log(1e-7)) / 2, 0.5},
		{"crossentropy far logits", far, CategoricalCrossentropy, Softmax, (120 + math.Log(1+math.E)) / 2, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			input := Input(2)
			m, err := NewModel(input, Dense(2, tt.last)(input))
			if err != nil {
				t.Fatal(err)
			}
			if err := m.Compile(CompileOptions{Loss: tt.loss, Optimizer: SGD(0.01), Backend: "go"}); err != nil {
				t.Fatal(err)
			}
			identity := Array[float32]{Shape: []int{2, 2}, Data: []float32{1, 0, 0, 1}}
			if err := m.SetWeights([]Weight{{"dense_1/kernel", identity}, {"dense_1/bias", arrays.New[float32](2)}}); err != nil {
				t.Fatal(err)
			}
			loss, acc, err := m.Evaluate(tt.x, y)
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(loss-tt.want) > 1e-5*math.Max(1, tt.want) || acc != tt.accuracy {
				t.Errorf("loss %.7f, accuracy %g; want %.7f, %g", loss, acc, tt.want, tt.accuracy)
			}
		})
	}
}

// numericGradient returns the finite-difference gradient of the mean loss
// over x, y with respect to every weight, in Weights order, flattened.
func numericGradient(t *testing.T, m *Model, x, y Array[float32], ws []Weight) []float64 {
	t.Helper()
	const eps = 1e-2 // large enough for float32 losses, small enough for O(eps²) error
	var grad []float64
	for i := range ws {
		for j := range ws[i].Value.Data {
			var losses [2]float64
			for k, d := range []float32{eps, -eps} {
				moved := slices.Clone(ws)
				moved[i].Value = Array[float32]{Shape: ws[i].Value.Shape, Data: slices.Clone(ws[i].Value.Data)}
				moved[i].Value.Data[j] += d
				if err := m.SetWeights(moved); err != nil {
					t.Fatal(err)
				}
				loss, _, err := m.Evaluate(x, y)
				if err != nil {
					t.Fatal(err)
				}
				losses[k] = loss
			}
			grad = append(grad, (losses[0]-losses[1])/(2*eps))
		}
	}
	if err := m.SetWeights(ws); err != nil {
		t.Fatal(err)
	}
	return grad
}

// TestOneStepMatchesGradient checks graph.Gradient, the losses and the
// optimizers together: one full-batch step must move every weight by
// -learningRate·gradient (SGD) or by about -learningRate·sign(gradient)
// (Adam's first step), the gradient being measured by finite differences.
func TestOneStepMatchesGradient(t *testing.T) {
	x := Array[float32]{Shape: []int{4, 3}, Data: []float32{0.1, 0.9, 0.3, 0.8, 0.2, 0.5, 0.4, 0.4, 0.9, 0.7, 0.1, 0.2}}
	y := Array[float32]{Shape: []int{4, 2}, Data: []float32{1, 0, 0, 1, 0, 1, 1, 0}}
	tests := []struct {
		name string
		loss Loss
		last Activation
		opt  Optimizer
	}{
		{"sgd mse sigmoid", MeanSquaredError, Sigmoid, SGD(1)},
		{"sgd crossentropy softmax", CategoricalCrossentropy, Softmax, SGD(1)},
		{"adam mse tanh", MeanSquaredError, Tanh, Adam(0.01)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			input := Input(3)
			m, err := NewModel(input, Dense(2, tt.last)(Dense(2, Sigmoid)(input)))
			if err != nil {
				t.Fatal(err)
			}
			if err := m.Compile(CompileOptions{Loss: tt.loss, Optimizer: tt.opt, Seed: 5, Backend: "go"}); err != nil {
				t.Fatal(err)
			}
			for _, w := range stepAgainstGradient(t, m, x, y) {
				if _, adam := tt.opt.(*AdamOptimizer); adam {
					if math.Abs(w.grad) > 1e-3 && math.Abs(w.moved-0.01*math.Copysign(1, w.grad)) > 1e-4 {
						t.Errorf("%s moved %.6f, want 0.01·sign(%.5f)", w.name, w.moved, w.grad)
					}
				} else if math.Abs(w.moved-w.grad) > 2e-4+0.02*math.Abs(w.grad) {
					t.Errorf("%s moved %.6f, want the gradient %.6f", w.name, w.moved, w.grad)
				}
			}
		})
	}
}

// weightStep is one weight's move in a training step, next to the
// finite-difference gradient of the loss before the step.
type weightStep struct {
	name        string // e.g. "dense_1/kernel[3]"
	moved, grad float64
}

// stepAgainstGradient measures the loss gradient of every weight of m by
// finite differences (numericGradient), takes one full-batch Fit step on
// (x, y), and returns how far each weight moved (before − after), in
// m.Weights() order.
func stepAgainstGradient(t *testing.T, m *Model, x, y Array[float32]) []weightStep {
	t.Helper()
	before, err := m.Weights()
	if err != nil {
		t.Fatal(err)
	}
	grad := numericGradient(t, m, x, y, before)
	if _, err := m.Fit(x, y, FitOptions{Epochs: 1, BatchSize: x.Rows(), Quiet: true}); err != nil {
		t.Fatal(err)
	}
	after, err := m.Weights()
	if err != nil {
		t.Fatal(err)
	}
	var steps []weightStep
	for i := range before {
		for j := range before[i].Value.Data {
			steps = append(steps, weightStep{
				name:  fmt.Sprintf("%s[%d]", before[i].Name, j),
				moved: float64(before[i].Value.Data[j] - after[i].Value.Data[j]),
				grad:  grad[len(steps)],
			})
		}
	}
	return steps
}

// TestRecompileKeepsWeights checks keras' behaviour: compiling again, even
// on another backend instance, keeps the trained weights.
func TestRecompileKeepsWeights(t *testing.T) {
	x, y := xorData(2)
	m := smallModel(t, 3, Tanh, Softmax, CompileOptions{Loss: CategoricalCrossentropy, Optimizer: Adam(0.01), Seed: 1})
	if _, err := m.Fit(x, y, FitOptions{Epochs: 2, BatchSize: 4, Quiet: true}); err != nil {
		t.Fatal(err)
	}
	trained, err := m.Weights()
	if err != nil {
		t.Fatal(err)
	}
	loss, _, err := m.Evaluate(x, y)
	if err != nil {
		t.Fatal(err)
	}
	for _, backend := range []string{"go", "go:dotgeneral_small"} {
		err := m.Compile(CompileOptions{Loss: CategoricalCrossentropy, Optimizer: SGD(0.1), Seed: 99, Backend: backend})
		if err != nil {
			t.Fatal(err)
		}
		again, err := m.Weights()
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(again[0].Value.Data, trained[0].Value.Data) {
			t.Errorf("%s: Compile changed the trained kernel", backend)
		}
		if l, _, err := m.Evaluate(x, y); err != nil || math.Abs(l-loss) > 1e-6 {
			t.Errorf("%s: loss after recompiling %g (%v), want %g", backend, l, err, loss)
		}
	}
	if _, err := m.Fit(x, y, FitOptions{Epochs: 1, BatchSize: 4, Quiet: true}); err != nil {
		t.Errorf("Fit after recompiling on another backend: %v", err)
	}
}
