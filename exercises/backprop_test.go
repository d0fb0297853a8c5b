package exercises_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/gonb-courses/neuralnets/arrays"
	"github.com/gonb-courses/neuralnets/backprop"
	"github.com/gonb-courses/neuralnets/exercises"
)

// backwardWith is the backward pass with knobs for its classic mistakes:
// the factor in front of δ2 (2/(B·K) is right), and whether δ2 and δ1
// include the sigmoid's slope.
func backwardWith(scale func(b, k int) float32, sigmaOut, sigmaHidden bool) exercises.BackwardFunc {
	return func(p backprop.Params, x, y arrays.Array[float32]) backprop.Params {
		in, h, k, b := p.W1.Shape[0], p.W1.Shape[1], p.W2.Shape[1], x.Rows()
		g := backprop.Params{W1: arrays.New[float32](in, h), B1: arrays.New[float32](h),
			W2: arrays.New[float32](h, k), B2: arrays.New[float32](k)}
		a1, d1, d2 := make([]float32, h), make([]float32, h), make([]float32, k)
		for n := range b {
			for j := range h {
				z := p.B1.Data[j]
				for i := range in {
					z += x.Row(n)[i] * p.W1.Data[i*h+j]
				}
				a1[j] = float32(sigmoid(float64(z)))
			}
			for c := range k {
				z := p.B2.Data[c]
				for j := range h {
					z += a1[j] * p.W2.Data[j*k+c]
				}
				a := float32(sigmoid(float64(z)))
				d2[c] = scale(b, k) * (a - y.Row(n)[c])
				if sigmaOut {
					d2[c] *= a * (1 - a)
				}
				g.B2.Data[c] += d2[c]
			}
			for j := range h {
				var s float32
				for c := range k {
					g.W2.Data[j*k+c] += a1[j] * d2[c]
					s += d2[c] * p.W2.Data[j*k+c]
				}
				if sigmaHidden {
					s *= a1[j] * (1 - a1[j])
				}
				d1[j] = s
				g.B1.Data[j] += s
			}
			for i := range in {
				for j := range h {
					g.W1.Data[i*h+j] += x.Row(n)[i] * d1[j]
				}
			}
		}
		return g
	}
}

func right(b, k int) float32 { return 2 / float32(b*k) }

// TestCheckBackward: the right pass (written here independently of the
// solution) passes; each classic mistake fails with its hint; a blank answer
// and one that panics fail without crashing.
func TestCheckBackward(t *testing.T) {
	if err := exercises.CheckBackward(backwardWith(right, true, true)); err != nil {
		t.Fatalf("the right backward pass fails: %v", err)
	}
	for _, tt := range []struct {
		name string
		f    exercises.BackwardFunc
		hint string
	}{
		{"no factor 2", backwardWith(func(b, k int) float32 { return 1 / float32(b*k) }, true, true), "half the right one"},
		{"mean over rows", backwardWith(func(b, k int) float32 { return 2 / float32(b) }, true, true), "K times too big"},
		{"no σ' at the output", backwardWith(right, false, true), "lacks the sigmoid's slope: by the chain rule"},
		{"no σ' in the hidden layer", backwardWith(right, true, false), "δ1 lacks the sigmoid's slope"},
		{"blank", func(p backprop.Params, x, y arrays.Array[float32]) backprop.Params {
			return backprop.Params{}
		}, "every gradient has the shape of its parameter"},
		{"zeros", func(p backprop.Params, x, y arrays.Array[float32]) backprop.Params {
			return backprop.Params{W1: arrays.New[float32](p.W1.Shape...), B1: arrays.New[float32](p.B1.Shape...),
				W2: arrays.New[float32](p.W2.Shape...), B2: arrays.New[float32](p.B2.Shape...)}
		}, "follow lesson 9 line by line"},
		{"panics", func(p backprop.Params, x, y arrays.Array[float32]) backprop.Params {
			_ = x.Data[len(x.Data)]
			return p
		}, "panicked"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := exercises.CheckBackward(tt.f)
			if !errors.Is(err, exercises.ErrNotYet) || !strings.Contains(err.Error(), tt.hint) {
				t.Errorf("error\n%v\nwant a failure containing %q", err, tt.hint)
			}
		})
	}
}

// TestCheckBackwardCatchesOneEntry: an answer that matches autodiff on
// every case except for one entry off by 2e-3 (far above the tolerance) is
// caught; this guards the comparison itself.
func TestCheckBackwardCatchesOneEntry(t *testing.T) {
	good := backwardWith(right, true, true)
	err := exercises.CheckBackward(func(p backprop.Params, x, y arrays.Array[float32]) backprop.Params {
		g := good(p, x, y)
		if p.W1.Shape[0] == 5 {
			g.W1.Data[7] += 2e-3
		}
		return g
	})
	if !errors.Is(err, exercises.ErrNotYet) || !strings.Contains(err.Error(), "dW1[7]") {
		t.Errorf("error %v, want a failure at dW1[7]", err)
	}
}
