package gomlxnet

import (
	"bytes"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/gonb-courses/neuralnets/arrays"
)

// xorData returns XOR's four rows repeated n times: x of shape [4n, 2] and
// one-hot y of shape [4n, 2] (class 1 when exactly one input is 1).
func xorData(n int) (x, y Array[float32]) {
	x, y = arrays.New[float32](4*n, 2), arrays.New[float32](4*n, 2)
	for i := range 4 * n {
		a, b := i%2, (i/2)%2
		x.Data[2*i], x.Data[2*i+1] = float32(a), float32(b)
		y.Data[2*i+(a^b)] = 1
	}
	return x, y
}

// smallModel returns a compiled 2 -> hidden -> 2 network.
func smallModel(t *testing.T, hidden int, act, last Activation, opts CompileOptions) *Model {
	t.Helper()
	input := Input(2)
	return compiled(t, input, Dense(2, last)(Dense(hidden, act)(input)), opts)
}

func TestFitErrors(t *testing.T) {
	m := lectureModel(t, 1, "go")
	x, y := syntheticMNIST(8, 1)
	ok := FitOptions{Epochs: 1, BatchSize: 4, Quiet: true}
	cols783 := Array[float32]{Shape: []int{8, 783}, Data: make([]float32, 8*783)}
	notOneHot := Array[float32]{Shape: y.Shape, Data: slices.Clone(y.Data)}
	notOneHot.Data[5*10+3] = 0.5
	labels := Array[float32]{Shape: []int{8}, Data: make([]float32, 8)}
	nan := Array[float32]{Shape: x.Shape, Data: slices.Clone(x.Data)}
	nan.Data[3*784+100] = float32(math.NaN())
	inf := Array[float32]{Shape: x.Shape, Data: slices.Clone(x.Data)}
	inf.Data[0] = float32(math.Inf(1))
	short := Array[float32]{Shape: []int{8, 784}, Data: x.Data[:100]}
	images := Array[float32]{Shape: []int{8, 28, 28}, Data: x.Data}
	x7, y7 := Array[float32]{Shape: []int{7, 784}, Data: x.Data[:7*784]}, y
	tests := []struct {
		name    string
		model   *Model
		x, y    Array[float32]
		opts    FitOptions
		want    error
		message string
	}{
		{"783 columns", m, cols783, y, ok, ErrShape, "x has 783 columns, the model's input expects 784"},
		{"images not reshaped", m, images, y, ok, ErrShape, "x has shape [8 28 28]"},
		{"data shorter than shape", m, short, y, ok, ErrShape, "x has shape [8 784] but 100 values"},
		{"y not one-hot", m, x, notOneHot, ok, ErrData, "y row 5 is"},
		{"y labels, not one-hot", m, x, labels, ok, ErrShape, "ToCategorical"},
		{"y 9 columns", m, x, Array[float32]{Shape: []int{8, 9}, Data: make([]float32, 72)}, ok, ErrShape, "y has 9 columns, the model's output has 10"},
		{"row counts differ", m, x7, y7, ok, ErrShape, "x has 7 rows but y has 8"},
		{"batchSize 0", m, x, y, FitOptions{Epochs: 1}, ErrArgument, "batchSize is 0"},
		{"batchSize negative", m, x, y, FitOptions{Epochs: 1, BatchSize: -3}, ErrArgument, "batchSize is -3"},
		{"epochs 0", m, x, y, FitOptions{BatchSize: 4}, ErrArgument, "epochs is 0"},
		{"NaN in x", m, nan, y, ok, ErrData, "x holds NaN at row 3, column 100"},
		{"Inf in x", m, inf, y, ok, ErrData, "x holds +Inf at row 0, column 0"},
		{"validation mismatch", m, x, y, FitOptions{Epochs: 1, BatchSize: 4, ValidationX: cols783, ValidationY: y}, ErrShape, "validation x has 783 columns"},
		{"not compiled", &Model{layers: m.layers, params: m.params}, x, y, ok, ErrNotCompiled, "call Compile"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, err := tt.model.Fit(tt.x, tt.y, tt.opts)
			if !errors.Is(err, tt.want) || !strings.Contains(err.Error(), tt.message) {
				t.Fatalf("Fit: got %v, want %v containing %q", err, tt.want, tt.message)
			}
			if !strings.HasPrefix(err.Error(), "gomlxnet: ") || h == nil || len(h.Loss) != 0 {
				t.Errorf("error %q (want prefix gomlxnet: ), history %v (want empty)", err, h)
			}
			if tt.name == "783 columns" || tt.name == "not compiled" || tt.name == "y not one-hot" {
				if _, _, err := tt.model.Evaluate(tt.x, tt.y); !errors.Is(err, tt.want) {
					t.Errorf("Evaluate: got %v, want %v", err, tt.want)
				}
			}
			if tt.name == "783 columns" || tt.name == "NaN in x" || tt.name == "not compiled" {
				if _, err := tt.model.Predict(tt.x); !errors.Is(err, tt.want) {
					t.Errorf("Predict: got %v, want %v", err, tt.want)
				}
			}
		})
	}
}

// TestFitLearnsXOR checks gradients and optimizers end to end: XOR is not
// linearly separable, so only a working hidden layer reaches accuracy 1.
func TestFitLearnsXOR(t *testing.T) {
	x, y := xorData(16)
	tests := []struct {
		name string
		opts CompileOptions
		last Activation
	}{
		{"adam softmax crossentropy", CompileOptions{Loss: CategoricalCrossentropy, Optimizer: Adam(0.05)}, Softmax},
		{"adam sigmoid crossentropy", CompileOptions{Loss: CategoricalCrossentropy, Optimizer: Adam(0.05)}, Sigmoid},
		{"sgd momentum mse", CompileOptions{Loss: MeanSquaredError, Optimizer: &SGDOptimizer{LearningRate: 0.5, Momentum: 0.9}}, Sigmoid},
		{"sgd nesterov mse", CompileOptions{Loss: MeanSquaredError, Optimizer: &SGDOptimizer{LearningRate: 0.5, Momentum: 0.9, Nesterov: true}}, Sigmoid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.opts.Metrics, tt.opts.Seed = []string{"accuracy"}, 7
			m := smallModel(t, 8, Tanh, tt.last, tt.opts)
			h, err := m.Fit(x, y, FitOptions{Epochs: 150, BatchSize: 16, Quiet: true})
			if err != nil {
				t.Fatal(err)
			}
			loss, acc, err := m.Evaluate(x, y)
			if err != nil {
				t.Fatal(err)
			}
			if acc != 1 || loss > h.Loss[0]/4 {
				t.Errorf("after 150 epochs: accuracy %.3f, loss %.4f (first epoch %.4f); want 1 and a quarter of the first", acc, loss, h.Loss[0])
			}
			pred, err := m.Predict(x)
			if err != nil {
				t.Fatal(err)
			}
			if p := pred.Row(1); !(p[1] > p[0]) {
				t.Errorf("Predict row 1 (x = 1, 0) = %v, want class 1 ahead", p)
			}
		})
	}
}

// TestFitHistoryAndProgress checks what Fit records and prints: one history
// entry and one progress line per epoch, partial last batch included
// (10 rows in batches of 4 are 3 steps), validation figures, reproducibility.
func TestFitHistoryAndProgress(t *testing.T) {
	x, y := xorData(3)
	x, y = Array[float32]{Shape: []int{10, 2}, Data: x.Data[:20]}, Array[float32]{Shape: []int{10, 2}, Data: y.Data[:20]}
	run := func() (*History, string) {
		m := smallModel(t, 4, ReLU, Softmax, CompileOptions{
			Loss: CategoricalCrossentropy, Optimizer: SGD(0.1), Metrics: []string{"acc"}, Seed: 3})
		var out bytes.Buffer
		calls := 0
		h, err := m.Fit(x, y, FitOptions{Epochs: 3, BatchSize: 4, Progress: &out, ValidationX: x, ValidationY: y,
			OnEpochEnd: func(h *History) error { calls++; return nil }})
		if err != nil || calls != 3 {
			t.Fatalf("Fit: %v, OnEpochEnd called %d times", err, calls)
		}
		return h, out.String()
	}
	h, out := run()
	if !slices.Equal(h.Epochs, []int{1, 2, 3}) || len(h.Loss) != 3 || len(h.Accuracy) != 3 ||
		len(h.ValLoss) != 3 || len(h.ValAccuracy) != 3 || len(h.SecondsPerEpoch) != 3 {
		t.Fatalf("history %+v: want 3 of everything", h)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[0], "Epoch 1/3  3/3 - ") ||
		!strings.Contains(lines[2], " - accuracy: ") || !strings.Contains(lines[2], " - val_loss: ") {
		t.Errorf("progress:\n%s\nwant 3 lines like Epoch 1/3  3/3 - ... - accuracy: ... - val_loss: ...", out)
	}
	h2, _ := run()
	if !slices.Equal(h.Loss, h2.Loss) || !slices.Equal(h.ValAccuracy, h2.ValAccuracy) {
		t.Errorf("same seed, different histories: %v vs %v", h.Loss, h2.Loss)
	}
}

func TestFitStopsOnCallbackError(t *testing.T) {
	x, y := xorData(2)
	m := smallModel(t, 3, Sigmoid, Sigmoid, CompileOptions{Loss: MeanSquaredError, Optimizer: SGD(0.01)})
	stop := errors.New("enough")
	h, err := m.Fit(x, y, FitOptions{Epochs: 5, BatchSize: 8, Quiet: true,
		OnEpochEnd: func(h *History) error {
			if len(h.Epochs) == 2 {
				return stop
			}
			return nil
		}})
	if !errors.Is(err, stop) || len(h.Loss) != 2 || len(h.Accuracy) != 0 {
		t.Errorf("got %v with %d epochs and %d accuracies, want %v after 2 epochs and no accuracy (not a metric)",
			err, len(h.Loss), len(h.Accuracy), stop)
	}
}
