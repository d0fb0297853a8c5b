package exercises_test

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/gonb-courses/neuralnets/arrays"
	"github.com/gonb-courses/neuralnets/exercises"
	"github.com/gonb-courses/neuralnets/gomlxnet"
)

func sigmoid(z float64) float64 { return 1 / (1 + math.Exp(-z)) }

// wrongAnswer is a plausible mistake for one exercise and the words its
// check's message must contain to point at it.
type wrongAnswer struct {
	name  string
	check func() error
	hint  string
}

// TestWrongAnswersFail runs each exercise's check on wrong but plausible
// answers: each must fail with a *Failure (errors.Is ErrNotYet) whose text
// names the mistake.
func TestWrongAnswersFail(t *testing.T) {
	for _, w := range wrongAnswers() {
		t.Run(w.name, func(t *testing.T) {
			err := w.check()
			if !errors.Is(err, exercises.ErrNotYet) {
				t.Fatalf("error %v, want a failure (ErrNotYet)", err)
			}
			if !strings.Contains(err.Error(), w.hint) {
				t.Errorf("message\n%v\ndoes not contain %q", err, w.hint)
			}
		})
	}
}

func wrongAnswers() []wrongAnswer {
	return []wrongAnswer{
		{"1.1 z(1-z)", func() error {
			return exercises.CheckSigmoidPrime(func(z float64) float64 { return z * (1 - z) })
		}, "takes s = σ(z), not z itself"},
		{"1.1 sigmoid itself", func() error { return exercises.CheckSigmoidPrime(sigmoid) }, "that is σ(z) itself"},
		{"1.1 blank", func() error { return exercises.CheckSigmoidPrime(func(float64) float64 { return 0 }) },
			"want 0.104993585 (within 1e-09), got 0\nhint: σ'(z) = σ(z)·(1 − σ(z))"},
		{"1.2 OR weights", func() error {
			return exercises.CheckAndNeuron(func() (float64, float64, float64) { return 10, 10, -5 })
		}, "that is OR, not AND"},
		{"1.2 blank", func() error {
			return exercises.CheckAndNeuron(func() (float64, float64, float64) { return 0, 0, 0 })
		}, "want output above 0.9, got 0.5"},
		{"2.1 wrong sign", func() error {
			return exercises.CheckGDStep(func(w, g []float64, eta float64) []float64 {
				out := make([]float64, len(w))
				for i := range w {
					out[i] = w[i] + eta*g[i]
				}
				return out
			})
		}, "your step goes uphill"},
		{"2.1 in place", func() error {
			return exercises.CheckGDStep(func(w, g []float64, eta float64) []float64 {
				for i := range w {
					w[i] -= eta * g[i]
				}
				return w
			})
		}, "new slice"},
		{"2.1 blank", func() error {
			return exercises.CheckGDStep(func([]float64, []float64, float64) []float64 { return nil })
		},
			"want 1 weights, got 0"},
		{"2.2 floor", func() error {
			return exercises.CheckStepsPerEpoch(func(n, b int) (int, int) { return n / b, n % b })
		}, "rounds down in integer division"},
		{"2.2 last = n%b", func() error {
			return exercises.CheckStepsPerEpoch(func(n, b int) (int, int) { return (n + b - 1) / b, n % b })
		}, "the last batch is a full one"},
		{"3.1 off by one", func() error {
			return exercises.CheckOneHot(func(labels []uint8, classes int) arrays.Array[float32] {
				y := arrays.New[float32](len(labels), classes)
				for r, l := range labels {
					y.Row(r)[int(l)-1] = 1
				}
				return y
			})
		}, "columns count from 0"},
		{"3.1 blank", func() error {
			return exercises.CheckOneHot(func([]uint8, int) arrays.Array[float32] { return arrays.Array[float32]{} })
		}, "want shape [1 10]"},
		{"3.2 integer division", func() error {
			return exercises.CheckZeroFraction(func(x arrays.Array[uint8]) float64 {
				zeros := 0
				for _, v := range x.Data {
					if v == 0 {
						zeros++
					}
				}
				return float64(zeros / len(x.Data))
			})
		}, "integer division"},
		{"3.2 non-zero", func() error {
			return exercises.CheckZeroFraction(func(x arrays.Array[uint8]) float64 {
				n := 0
				for _, v := range x.Data {
					if v != 0 {
						n++
					}
				}
				return float64(n) / float64(len(x.Data))
			})
		}, "fraction of non-zero values"},
		{"4.1 no biases", func() error {
			return exercises.CheckDenseParams(func(s ...int) int {
				n := 0
				for i := 1; i < len(s); i++ {
					n += s[i-1] * s[i]
				}
				return n
			})
		}, "40 short: the biases are missing"},
		{"4.1 input biases", func() error {
			return exercises.CheckDenseParams(func(s ...int) int {
				n := 0
				for i := range s {
					n += s[i]
					if i > 0 {
						n += s[i-1] * s[i]
					}
				}
				return n
			})
		}, "the input layer has no biases"},
		{"4.2 fanIn only", func() error {
			return exercises.CheckGlorotLimit(func(in, out int) float64 { return math.Sqrt(6 / float64(in)) })
		}, "both fans"},
		{"4.2 integer division", func() error {
			return exercises.CheckGlorotLimit(func(in, out int) float64 { return math.Sqrt(float64(6 / (in + out))) })
		}, "divide as float64"},
		{"5.1 mean over rows only", func() error {
			return exercises.CheckMSE(func(p, y arrays.Array[float32]) float64 {
				var s float64
				for i := range p.Data {
					d := float64(p.Data[i] - y.Data[i])
					s += d * d
				}
				return s / float64(p.Rows())
			})
		}, "K times too big"},
		{"5.2 only near 0", func() error {
			return exercises.CheckSaturated(func(a []float32, eps float64) int {
				n := 0
				for _, v := range a {
					if float64(v) <= eps {
						n++
					}
				}
				return n
			})
		}, "only the values near 0"},
		{"5.2 strict", func() error {
			return exercises.CheckSaturated(func(a []float32, eps float64) int {
				n := 0
				for _, v := range a {
					if float64(v) < eps || float64(v) > 1-eps {
						n++
					}
				}
				return n
			})
		}, "use <= and >="},
		{"6.1 divides by classes", func() error {
			return exercises.CheckAccuracy(func(o, l arrays.Array[float32]) float64 {
				am, _ := arrays.ArgMax(o)
				al, _ := arrays.ArgMax(l)
				c := 0
				for i := range am {
					if am[i] == al[i] {
						c++
					}
				}
				return float64(c) / float64(o.RowSize())
			})
		}, "divided by the number of classes"},
		{"6.2 precision", func() error {
			return exercises.CheckRecall(func(m [][]int) []float64 {
				out := make([]float64, len(m))
				for i := range m {
					col := 0
					for j := range m {
						col += m[j][i]
					}
					out[i] = float64(m[i][i]) / float64(col)
				}
				return out
			})
		}, "that is precision"},
		{"7.1 overflow", func() error {
			return exercises.CheckSoftmax(func(z []float64) []float64 {
				out, s := make([]float64, len(z)), 0.0
				for i, v := range z {
					out[i] = math.Exp(v)
					s += out[i]
				}
				for i := range out {
					out[i] /= s
				}
				return out
			})
		}, "subtract max(z)"},
		{"7.2 no minus", func() error {
			return exercises.CheckCrossEntropy(func(p, y []float64) float64 {
				var l float64
				for k := range p {
					l += y[k] * math.Log(p[k])
				}
				return l
			})
		}, "the sign is wrong"},
		{"8.1 no channels", func() error {
			return exercises.CheckConvParams(func(k, in, f int) int { return f * (k*k + 1) })
		}, "every input channel"},
		{"8.1 no biases", func() error {
			return exercises.CheckConvParams(func(k, in, f int) int { return f * k * k * in })
		}, "the biases are missing"},
		{"8.2 blank", func() error {
			return exercises.CheckBetterNetwork(func() (*gomlxnet.Model, gomlxnet.CompileOptions, gomlxnet.FitOptions, error) {
				return nil, gomlxnet.CompileOptions{}, gomlxnet.FitOptions{}, nil
			})
		}, "want a model"},
		{"9.1 no factor 2", func() error {
			return exercises.CheckEquivalentRate(func(lr float64, b, k int) float64 { return lr / float64(b*k) })
		}, "derivative of (a − y)² is 2(a − y)"},
		{"9.1 rows only", func() error {
			return exercises.CheckEquivalentRate(func(lr float64, b, k int) float64 { return 2 * lr / float64(b) })
		}, "the outputs too"},
	}
}

// TestBlankAnswersGetNoFalseHint: the answers shipped in the exercise
// notebooks (zero values) fail with the general hint, not one naming a
// mistake they did not make.
func TestBlankAnswersGetNoFalseHint(t *testing.T) {
	for _, tt := range []struct {
		name  string
		err   error
		avoid string
	}{
		{"ZeroFraction", exercises.CheckZeroFraction(func(arrays.Array[uint8]) float64 { return 0 }), "integer division"},
		{"GlorotLimit", exercises.CheckGlorotLimit(func(int, int) float64 { return 0 }), "integer"},
		{"Saturated", exercises.CheckSaturated(func([]float32, float64) int { return 0 }), "exactly eps away"},
		{"SigmoidPrime", exercises.CheckSigmoidPrime(func(float64) float64 { return 0 }), "z·(1 − z)"},
	} {
		if !errors.Is(tt.err, exercises.ErrNotYet) || strings.Contains(tt.err.Error(), tt.avoid) {
			t.Errorf("%s: blank answer gives %v; want a failure without %q", tt.name, tt.err, tt.avoid)
		}
	}
}
