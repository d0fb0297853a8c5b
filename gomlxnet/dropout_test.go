package gomlxnet

import (
	"math"
	"slices"
	"testing"

	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/tensors"
)

// TestDropoutMask checks the mask itself: about rate of the values are
// zeroed, the others scaled by 1/(1-rate), and the RNG state advances.
func TestDropoutMask(t *testing.T) {
	const n = 20000
	backend, err := BackendFor("go")
	if err != nil {
		t.Fatal(err)
	}
	for _, rate := range []float64{0.2, 0.5} {
		exec, err := graph.NewExec(backend, func(x, rng *graph.Node) []*graph.Node {
			out, next := dropout(x, rng, rate)
			return []*graph.Node{out, next}
		})
		if err != nil {
			t.Fatal(err)
		}
		state, err := newRNGState(1)
		if err != nil {
			t.Fatal(err)
		}
		ones := tensors.FromFlatDataAndDimensions(slices.Repeat([]float32{1}, n), n)
		outs, err := exec.Exec(ones, state.value)
		if err != nil {
			t.Fatal(err)
		}
		values := tensors.MustCopyFlatData[float32](outs[0])
		zeros := 0
		for _, v := range values {
			switch {
			case v == 0:
				zeros++
			case math.Abs(float64(v)-1/(1-rate)) > 1e-6:
				t.Fatalf("rate %g: kept value %g, want 1/(1-rate) = %g", rate, v, 1/(1-rate))
			}
		}
		// The count is binomial: 5 standard deviations is a generous margin.
		if sd := math.Sqrt(n * rate * (1 - rate)); math.Abs(float64(zeros)-n*rate) > 5*sd {
			t.Errorf("rate %g: %d of %d values zeroed, want about %g", rate, zeros, n, n*rate)
		}
		if slices.Equal(tensors.MustCopyFlatData[uint64](outs[1]), tensors.MustCopyFlatData[uint64](state.value)) {
			t.Errorf("rate %g: the RNG state did not advance", rate)
		}
	}
}

// TestDropoutInFitOnly checks that Dropout changes training, reproducibly
// for a seed, and leaves Evaluate and Predict alone.
func TestDropoutInFitOnly(t *testing.T) {
	x, y := xorData(4)
	train := func(seed uint64, rate float64) (*Model, []Weight) {
		input := Input(2)
		out := Dense(2, Softmax)(Dropout(rate)(Dense(8, Tanh)(input)))
		m := compiled(t, input, out, CompileOptions{Loss: CategoricalCrossentropy, Optimizer: SGD(0.5), Seed: seed})
		if _, err := m.Fit(x, y, FitOptions{Epochs: 3, BatchSize: 4, Quiet: true}); err != nil {
			t.Fatal(err)
		}
		ws, err := m.Weights()
		if err != nil {
			t.Fatal(err)
		}
		return m, ws
	}
	m, ws := train(5, 0.5)
	_, again := train(5, 0.5)
	_, none := train(5, 0)
	if !slices.Equal(ws[0].Value.Data, again[0].Value.Data) {
		t.Error("same seed, different weights after Fit with Dropout")
	}
	if slices.Equal(ws[0].Value.Data, none[0].Value.Data) {
		t.Error("Dropout(0.5) trained exactly like Dropout(0)")
	}
	p1, err1 := m.Predict(x)
	p2, err2 := m.Predict(x)
	if err1 != nil || err2 != nil || !slices.Equal(p1.Data, p2.Data) {
		t.Errorf("Predict is not deterministic with Dropout (%v, %v)", err1, err2)
	}
	input := Input(2)
	plain := compiled(t, input, Dense(2, Softmax)(Dense(8, Tanh)(input)), CompileOptions{Loss: CategoricalCrossentropy, Optimizer: SGD(0.5)})
	if err := plain.SetWeights(ws); err != nil {
		t.Fatal(err)
	}
	p3, err := plain.Predict(x)
	if err != nil || !slices.Equal(p1.Data, p3.Data) {
		t.Errorf("Predict with Dropout differs from the same network without it (%v)", err)
	}
}
