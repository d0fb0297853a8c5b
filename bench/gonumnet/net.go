// Package gonumnet is the plain-Go baseline of the training-speed benchmark:
// the lecture's 784-30-10 network (sigmoid hidden layer, sigmoid output, mean
// squared error, plain SGD) written by hand on gonum's mat.Dense, with the
// backward pass derived by hand rather than by automatic differentiation.
//
// It computes in float64 because that is the only element type gonum's mat
// package offers; its matrix products run on gonum's pure-Go BLAS, which
// splits large products over GOMAXPROCS goroutines. The benchmark records the
// element type next to each timing so the comparison with float32 peers is
// stated, not hidden.
//
// Errors are prefixed "gonumnet:"; no function panics on bad input.
package gonumnet

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/gonb-courses/neuralnets/course/lecture"
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// The lecture network's sizes: 28x28 MNIST images flattened, 30 hidden units, 10 classes.
const (
	Inputs  = lecture.Inputs
	Hidden  = lecture.Hidden
	Outputs = lecture.Classes
)

// ErrShape is wrapped by every error about mismatched matrix sizes.
var ErrShape = errors.New("gonumnet: shape mismatch")

// Net holds the parameters of a two-layer dense network in keras' layout:
// kernels are (inputs x units), so a layer computes x·W + b.
type Net struct {
	W1 *mat.Dense // Inputs x Hidden
	B1 []float64  // Hidden
	W2 *mat.Dense // Hidden x Outputs
	B2 []float64  // Outputs

	ws map[int]*workspace // buffers by batch size, so steps do not allocate
}

// Grads holds the gradient of the loss with respect to each parameter of a Net,
// with the same shapes.
type Grads struct {
	W1 *mat.Dense
	B1 []float64
	W2 *mat.Dense
	B2 []float64
}

// workspace holds the activations and deltas of one batch size.
type workspace struct {
	h, dh *mat.Dense // batch x hidden: hidden activations, then their delta
	y, dy *mat.Dense // batch x outputs: outputs, then their delta
}

// New returns a network with the given layer sizes initialised as keras does by
// default: glorot_uniform kernels, U(-l, l) with l = sqrt(6/(fan_in+fan_out)),
// and zero biases.
func New(inputs, hidden, outputs int, rng *rand.Rand) (*Net, error) {
	if inputs <= 0 || hidden <= 0 || outputs <= 0 {
		return nil, fmt.Errorf("%w: layer sizes %d-%d-%d must be positive", ErrShape, inputs, hidden, outputs)
	}
	if rng == nil {
		return nil, errors.New("gonumnet: New needs a random source")
	}
	return &Net{
		W1: glorotUniform(inputs, hidden, rng),
		B1: make([]float64, hidden),
		W2: glorotUniform(hidden, outputs, rng),
		B2: make([]float64, outputs),
		ws: map[int]*workspace{},
	}, nil
}

// NewGrads returns zeroed gradients shaped like n's parameters.
func (n *Net) NewGrads() *Grads {
	in, hid := n.W1.Dims()
	_, out := n.W2.Dims()
	return &Grads{
		W1: mat.NewDense(in, hid, nil), B1: make([]float64, hid),
		W2: mat.NewDense(hid, out, nil), B2: make([]float64, out),
	}
}

// glorotUniform returns a fanIn x fanOut matrix drawn from keras' glorot_uniform.
func glorotUniform(fanIn, fanOut int, rng *rand.Rand) *mat.Dense {
	limit := math.Sqrt(6 / float64(fanIn+fanOut))
	data := make([]float64, fanIn*fanOut)
	for i := range data {
		data[i] = (2*rng.Float64() - 1) * limit
	}
	return mat.NewDense(fanIn, fanOut, data)
}

// workspace returns the buffers for a batch of the given size, creating them once.
func (n *Net) workspace(batch int) *workspace {
	if ws, ok := n.ws[batch]; ok {
		return ws
	}
	if n.ws == nil {
		n.ws = map[int]*workspace{}
	}
	_, hid := n.W1.Dims()
	_, out := n.W2.Dims()
	ws := &workspace{
		h: mat.NewDense(batch, hid, nil), dh: mat.NewDense(batch, hid, nil),
		y: mat.NewDense(batch, out, nil), dy: mat.NewDense(batch, out, nil),
	}
	n.ws[batch] = ws
	return ws
}

// check reports whether x (batch x inputs) and t (batch x outputs) fit n.
func (n *Net) check(x, t *mat.Dense) error {
	in, _ := n.W1.Dims()
	_, out := n.W2.Dims()
	xr, xc := x.Dims()
	tr, tc := t.Dims()
	if xc != in || tc != out || xr != tr {
		return fmt.Errorf("%w: inputs %dx%d and targets %dx%d for a %d-...-%d network",
			ErrShape, xr, xc, tr, tc, in, out)
	}
	return nil
}

// checkGrads reports whether g has the shapes of n's parameters.
func (n *Net) checkGrads(g *Grads) error {
	if g == nil || g.W1 == nil || g.W2 == nil {
		return errors.New("gonumnet: gradients not allocated: use Net.NewGrads")
	}
	r1, c1 := n.W1.Dims()
	r2, c2 := n.W2.Dims()
	g1r, g1c := g.W1.Dims()
	g2r, g2c := g.W2.Dims()
	if g1r != r1 || g1c != c1 || g2r != r2 || g2c != c2 || len(g.B1) != c1 || len(g.B2) != c2 {
		return fmt.Errorf("%w: gradients are not shaped like the network: use Net.NewGrads", ErrShape)
	}
	return nil
}

// forward fills ws.h and ws.y with the activations for the batch x.
func (n *Net) forward(x *mat.Dense, ws *workspace) {
	ws.h.Mul(x, n.W1)
	addBiasSigmoid(ws.h, n.B1)
	ws.y.Mul(ws.h, n.W2)
	addBiasSigmoid(ws.y, n.B2)
}

// Predict returns the network's outputs (batch x outputs) for the inputs x.
func (n *Net) Predict(x *mat.Dense) (*mat.Dense, error) {
	in, _ := n.W1.Dims()
	if _, c := x.Dims(); c != in {
		return nil, fmt.Errorf("%w: inputs have %d columns, the network takes %d", ErrShape, c, in)
	}
	r, _ := x.Dims()
	ws := n.workspace(r)
	n.forward(x, ws)
	return mat.DenseCopyOf(ws.y), nil
}

// Gradient computes the loss of the batch (x, t) and writes its gradient into g.
// The loss is keras' mean_squared_error: the mean over the last axis, then the
// mean over the batch, which is sum((y-t)²)/(batch·outputs).
func (n *Net) Gradient(x, t *mat.Dense, g *Grads) (float64, error) {
	if err := n.check(x, t); err != nil {
		return 0, err
	}
	if err := n.checkGrads(g); err != nil {
		return 0, err
	}
	batch, _ := x.Dims()
	ws := n.workspace(batch)
	n.forward(x, ws)

	// dL/dy = 2(y-t)/(batch·outputs); through the sigmoid: ·y(1-y).
	y, tt, dy := ws.y.RawMatrix(), t.RawMatrix(), ws.dy.RawMatrix()
	scale := 2 / float64(batch*y.Cols)
	var sum float64
	for i := 0; i < y.Rows; i++ {
		yr, tr, dr := y.Data[i*y.Stride:][:y.Cols], tt.Data[i*tt.Stride:][:y.Cols], dy.Data[i*dy.Stride:][:y.Cols]
		for j, v := range yr {
			d := v - tr[j]
			sum += d * d
			dr[j] = scale * d * v * (1 - v)
		}
	}
	g.W2.Mul(ws.h.T(), ws.dy)
	colSums(g.B2, ws.dy)

	// Back through the second layer and the hidden sigmoid.
	ws.dh.Mul(ws.dy, n.W2.T())
	h, dh := ws.h.RawMatrix(), ws.dh.RawMatrix()
	for i := 0; i < h.Rows; i++ {
		hr, dr := h.Data[i*h.Stride:][:h.Cols], dh.Data[i*dh.Stride:][:h.Cols]
		for j, v := range hr {
			dr[j] *= v * (1 - v)
		}
	}
	g.W1.Mul(x.T(), ws.dh)
	colSums(g.B1, ws.dh)
	return sum / float64(batch*y.Cols), nil
}

// Step does one SGD step with learning rate lr on the batch (x, t), using g as
// scratch space, and returns the batch's loss before the update.
func (n *Net) Step(x, t *mat.Dense, g *Grads, lr float64) (float64, error) {
	loss, err := n.Gradient(x, t, g)
	if err != nil {
		return 0, err
	}
	floats.AddScaled(n.W1.RawMatrix().Data, -lr, g.W1.RawMatrix().Data)
	floats.AddScaled(n.B1, -lr, g.B1)
	floats.AddScaled(n.W2.RawMatrix().Data, -lr, g.W2.RawMatrix().Data)
	floats.AddScaled(n.B2, -lr, g.B2)
	return loss, nil
}

// addBiasSigmoid replaces each row r of m with sigmoid(r + b).
func addBiasSigmoid(m *mat.Dense, b []float64) {
	raw := m.RawMatrix()
	for i := 0; i < raw.Rows; i++ {
		row := raw.Data[i*raw.Stride:][:raw.Cols]
		for j, v := range row {
			row[j] = 1 / (1 + math.Exp(-(v + b[j])))
		}
	}
}

// colSums writes the sum of each column of m into dst.
func colSums(dst []float64, m *mat.Dense) {
	clear(dst)
	raw := m.RawMatrix()
	for i := 0; i < raw.Rows; i++ {
		floats.Add(dst, raw.Data[i*raw.Stride:][:raw.Cols])
	}
}
