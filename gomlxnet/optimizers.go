package gomlxnet

import (
	"fmt"
	"math"

	"github.com/gomlx/gomlx/pkg/core/graph"
)

// Optimizer updates a model's weights from their gradients at every training
// step. gomlxnet provides SGD and Adam; the interface is sealed.
type Optimizer interface {
	// String describes the optimizer and its settings.
	String() string
	check() error
	// initState returns the optimizer's state arrays, zero-valued, for params.
	initState(params []*param) []*param
	// update builds the new weights and state from the current ones and the
	// gradients of the batch's mean loss, all in the order of initState.
	update(params, grads, state []*graph.Node) (newParams, newState []*graph.Node)
}

// SGDOptimizer is stochastic gradient descent, keras' optimizer_sgd():
// w ← w - LearningRate·g, or with Momentum: v ← Momentum·v - LearningRate·g,
// then w ← w + v (w ← w + Momentum·v - LearningRate·g when Nesterov).
type SGDOptimizer struct {
	LearningRate float64 // keras' default: 0.01
	Momentum     float64 // in [0, 1); keras' default: 0
	Nesterov     bool    // keras' default: false
}

// SGD returns plain stochastic gradient descent with the given learning rate
// and keras' other defaults (no momentum): SGD(0.01) is the lecture's
// optimizer_sgd(). Set Momentum on the result for momentum.
func SGD(learningRate float64) *SGDOptimizer {
	return &SGDOptimizer{LearningRate: learningRate}
}

// String describes the optimizer, e.g. "SGD(learning_rate=0.01)".
func (o *SGDOptimizer) String() string {
	if o.Momentum == 0 {
		return fmt.Sprintf("SGD(learning_rate=%g)", o.LearningRate)
	}
	return fmt.Sprintf("SGD(learning_rate=%g, momentum=%g, nesterov=%t)", o.LearningRate, o.Momentum, o.Nesterov)
}

func (o *SGDOptimizer) check() error {
	if !(o.LearningRate > 0) || math.IsInf(o.LearningRate, 0) {
		return fmt.Errorf("%w: SGD learning rate %g must be positive and finite", ErrArgument, o.LearningRate)
	}
	if !(o.Momentum >= 0 && o.Momentum < 1) {
		return fmt.Errorf("%w: SGD momentum %g must be in [0, 1)", ErrArgument, o.Momentum)
	}
	return nil
}

func (o *SGDOptimizer) initState(params []*param) []*param {
	if o.Momentum == 0 {
		return nil
	}
	return zerosLike(params, "/momentum")
}

func (o *SGDOptimizer) update(params, grads, state []*graph.Node) (newParams, newState []*graph.Node) {
	for i, w := range params {
		step := graph.MulScalar(grads[i], o.LearningRate)
		if o.Momentum == 0 {
			newParams = append(newParams, graph.Sub(w, step))
			continue
		}
		v := graph.Sub(graph.MulScalar(state[i], o.Momentum), step)
		newState = append(newState, v)
		if o.Nesterov {
			newParams = append(newParams, graph.Sub(graph.Add(w, graph.MulScalar(v, o.Momentum)), step))
		} else {
			newParams = append(newParams, graph.Add(w, v))
		}
	}
	return newParams, newState
}

// AdamOptimizer is Adam (Kingma & Ba 2015) as keras' optimizer_adam()
// computes it: at step t, m ← m + (1-Beta1)(g - m), v ← v + (1-Beta2)(g² - v),
// w ← w - α·m / (√v + Epsilon) with α = LearningRate·√(1-Beta2^t) / (1-Beta1^t).
type AdamOptimizer struct {
	LearningRate float64 // keras' default: 0.001
	Beta1        float64 // keras' default: 0.9
	Beta2        float64 // keras' default: 0.999
	Epsilon      float64 // keras' default: 1e-7
}

// Adam returns Adam with the given learning rate and keras' other defaults
// (beta_1 0.9, beta_2 0.999, epsilon 1e-7); keras' default rate is 0.001.
func Adam(learningRate float64) *AdamOptimizer {
	return &AdamOptimizer{LearningRate: learningRate, Beta1: 0.9, Beta2: 0.999, Epsilon: 1e-7}
}

// String describes the optimizer, e.g. "Adam(learning_rate=0.001, ...)".
func (o *AdamOptimizer) String() string {
	return fmt.Sprintf("Adam(learning_rate=%g, beta_1=%g, beta_2=%g, epsilon=%g)",
		o.LearningRate, o.Beta1, o.Beta2, o.Epsilon)
}

func (o *AdamOptimizer) check() error {
	switch {
	case !(o.LearningRate > 0) || math.IsInf(o.LearningRate, 0):
		return fmt.Errorf("%w: Adam learning rate %g must be positive and finite", ErrArgument, o.LearningRate)
	case !(o.Beta1 >= 0 && o.Beta1 < 1), !(o.Beta2 >= 0 && o.Beta2 < 1):
		return fmt.Errorf("%w: Adam betas %g, %g must be in [0, 1)", ErrArgument, o.Beta1, o.Beta2)
	case !(o.Epsilon > 0):
		return fmt.Errorf("%w: Adam epsilon %g must be positive", ErrArgument, o.Epsilon)
	}
	return nil
}

// initState returns the step count (a scalar), then the first moments m,
// then the second moments v.
func (o *AdamOptimizer) initState(params []*param) []*param {
	state := []*param{{name: "adam/iterations", shape: []int{}, value: zerosTensor(nil)}}
	state = append(state, zerosLike(params, "/m")...)
	return append(state, zerosLike(params, "/v")...)
}

func (o *AdamOptimizer) update(params, grads, state []*graph.Node) (newParams, newState []*graph.Node) {
	n := len(params)
	g := params[0].Graph()
	t := graph.AddScalar(state[0], 1)
	one := graph.ScalarOne(g, dtype)
	b1t := graph.Pow(graph.Scalar(g, dtype, o.Beta1), t)
	b2t := graph.Pow(graph.Scalar(g, dtype, o.Beta2), t)
	alpha := graph.MulScalar(graph.Div(graph.Sqrt(graph.Sub(one, b2t)), graph.Sub(one, b1t)), o.LearningRate)
	newState = make([]*graph.Node, 1+2*n)
	newState[0] = t
	for i, w := range params {
		m, v := state[1+i], state[1+n+i]
		m = graph.Add(m, graph.MulScalar(graph.Sub(grads[i], m), 1-o.Beta1))
		v = graph.Add(v, graph.MulScalar(graph.Sub(graph.Square(grads[i]), v), 1-o.Beta2))
		step := graph.Div(graph.Mul(m, alpha), graph.AddScalar(graph.Sqrt(v), o.Epsilon))
		newParams = append(newParams, graph.Sub(w, step))
		newState[1+i], newState[1+n+i] = m, v
	}
	return newParams, newState
}

// zerosLike returns zero-valued state arrays shaped like params, named after
// them with suffix.
func zerosLike(params []*param, suffix string) []*param {
	out := make([]*param, len(params))
	for i, p := range params {
		out[i] = &param{name: p.name + suffix, shape: p.shape, value: zerosTensor(p.shape)}
	}
	return out
}
