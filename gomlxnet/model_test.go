package gomlxnet

import (
	"errors"
	"math"
	"slices"
	"testing"

	"github.com/gonb-courses/neuralnets/arrays"
)

func TestNewModelErrors(t *testing.T) {
	in := Input(4)
	other := Input(4)
	reused := Dense(3, Sigmoid)
	_ = reused(in)
	tests := []struct {
		name          string
		input, output func() *Symbol
		want          error
	}{
		{"nil output", func() *Symbol { return in }, func() *Symbol { return nil }, ErrModel},
		{"no layer", func() *Symbol { return in }, func() *Symbol { return in }, ErrModel},
		{"other input", func() *Symbol { return other }, func() *Symbol { return Dense(2, Linear)(in) }, ErrModel},
		{"zero features", func() *Symbol { return Input(0) }, nil, ErrArgument},
		{"zero units", func() *Symbol { return in }, func() *Symbol { return Dense(0, Sigmoid)(in) }, ErrArgument},
		{"unknown activation", func() *Symbol { return in }, func() *Symbol { return Dense(2, "swish")(in) }, ErrArgument},
		{"nil from", func() *Symbol { return in }, func() *Symbol { return Dense(2, Sigmoid)(nil) }, ErrArgument},
		{"layer applied twice", func() *Symbol { return in }, func() *Symbol { return reused(in) }, ErrArgument},
		{"input not from Input", func() *Symbol { return Dense(2, Linear)(in) }, func() *Symbol { return in }, ErrModel},
		{"zero Symbol as input", func() *Symbol { return &Symbol{} }, nil, ErrArgument},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			input := tt.input()
			output := input
			if tt.output != nil {
				output = tt.output()
			} else {
				output = Dense(2, Linear)(input)
			}
			_, err := NewModel(input, output)
			if !errors.Is(err, tt.want) {
				t.Fatalf("NewModel: got error %v, want %v", err, tt.want)
			}
		})
	}
}

func TestNewModelLayersAndParams(t *testing.T) {
	input := Input(784)
	output := Dense(10, Softmax)(Dense(30, "relu")(input))
	m, err := NewModel(input, output)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := names(m.params), []string{"dense_1/kernel", "dense_1/bias", "dense_2/kernel", "dense_2/bias"}; !slices.Equal(got, want) {
		t.Errorf("params %v, want %v", got, want)
	}
	if m.InputUnits() != 784 || m.OutputUnits() != 10 || m.ParamCount() != 23860 {
		t.Errorf("units %d -> %d, %d params; want 784 -> 10, 23860", m.InputUnits(), m.OutputUnits(), m.ParamCount())
	}
	if _, err := m.Weights(); !errors.Is(err, ErrNotCompiled) {
		t.Errorf("Weights before Compile: got %v, want ErrNotCompiled", err)
	}
}

// TestInitialisation checks keras' defaults: glorot_uniform kernels within
// ±sqrt(6/(fanIn+fanOut)) and spread over that range, zero biases, and the
// same values for the same seed.
func TestInitialisation(t *testing.T) {
	weights := func(seed uint64) []Weight {
		t.Helper()
		ws, err := lectureModel(t, seed, "go").Weights()
		if err != nil {
			t.Fatal(err)
		}
		return ws
	}
	ws := weights(42)
	for _, w := range ws {
		if len(w.Value.Shape) == 1 {
			if slices.ContainsFunc(w.Value.Data, func(v float32) bool { return v != 0 }) {
				t.Errorf("%s: bias not zero", w.Name)
			}
			continue
		}
		limit := math.Sqrt(6 / float64(w.Value.Shape[0]+w.Value.Shape[1]))
		lo, hi := slices.Min(w.Value.Data), slices.Max(w.Value.Data)
		if float64(lo) < -limit || float64(hi) > limit || float64(lo) > -0.9*limit || float64(hi) < 0.9*limit {
			t.Errorf("%s: values in [%g, %g], want spread over [-%g, %g]", w.Name, lo, hi, limit, limit)
		}
	}
	again, other := weights(42), weights(43)
	if !slices.Equal(ws[0].Value.Data, again[0].Value.Data) {
		t.Error("same seed, different kernels")
	}
	if slices.Equal(ws[0].Value.Data, other[0].Value.Data) {
		t.Error("different seeds, same kernels")
	}
}

func TestSetWeights(t *testing.T) {
	m := lectureModel(t, 1, "go")
	ws, err := m.Weights()
	if err != nil {
		t.Fatal(err)
	}
	nan := slices.Clone(ws)
	nan[1] = Weight{Name: ws[1].Name, Value: arrays.New[float32](30)}
	nan[1].Value.Data[3] = float32(math.NaN())
	wrongShape := slices.Clone(ws)
	wrongShape[0] = Weight{Name: ws[0].Name, Value: arrays.New[float32](30, 784)}
	tests := []struct {
		name string
		ws   []Weight
		want error
	}{
		{"missing", ws[:3], ErrArgument},
		{"duplicate", append(slices.Clone(ws[:3]), ws[0]), ErrArgument},
		{"renamed", append(slices.Clone(ws[:3]), Weight{Name: "dense_9/bias", Value: ws[3].Value}), ErrArgument},
		{"transposed kernel", wrongShape, ErrShape},
		{"NaN", nan, ErrData},
		{"ok", ws, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := m.SetWeights(tt.ws); !errors.Is(err, tt.want) {
				t.Fatalf("SetWeights: got %v, want %v", err, tt.want)
			}
		})
	}
	ws[3].Value.Data[0] = 0.5
	if err := m.SetWeights(ws); err != nil {
		t.Fatal(err)
	}
	got, err := m.Weights()
	if err != nil {
		t.Fatal(err)
	}
	if got[3].Value.Data[0] != 0.5 || !slices.Equal(got[0].Value.Data, ws[0].Value.Data) {
		t.Error("Weights does not return what SetWeights set")
	}
}

// names returns the names of params.
func names(params []*param) []string {
	out := make([]string, 0, len(params))
	for _, p := range params {
		out = append(out, p.name)
	}
	return out
}
