package gomlxnet

import (
	"fmt"

	"github.com/gonb-courses/neuralnets/arrays"
)

// checkCompiled returns ErrNotCompiled until Compile succeeded.
func (m *Model) checkCompiled() error {
	if m.run == nil {
		return fmt.Errorf("%w: call Compile before Fit, Evaluate or Predict", ErrNotCompiled)
	}
	return nil
}

// checkFit checks everything Fit is given before any training starts.
func (m *Model) checkFit(x, y Array[float32], opts FitOptions) error {
	if err := m.checkCompiled(); err != nil {
		return err
	}
	if opts.Epochs < 1 {
		return fmt.Errorf("%w: epochs is %d, want at least 1", ErrArgument, opts.Epochs)
	}
	if opts.BatchSize < 1 {
		return fmt.Errorf("%w: batchSize is %d, want at least 1 (the lecture uses 128)", ErrArgument, opts.BatchSize)
	}
	if err := m.checkXY("x", "y", x, y); err != nil {
		return err
	}
	vx, vy := opts.ValidationX, opts.ValidationY
	if vx.Data == nil && vy.Data == nil {
		return nil
	}
	return m.checkXY("validation x", "validation y", vx, vy)
}

// checkXY checks x with checkX, then that y has as many rows as x, one
// column per output unit, finite values and, when the loss or the accuracy
// needs them, one-hot rows.
func (m *Model) checkXY(xName, yName string, x, y Array[float32]) error {
	if err := m.checkX(xName, x); err != nil {
		return err
	}
	if err := checkLayout(yName, y); err != nil {
		return err
	}
	units := m.OutputUnits()
	if len(y.Shape) != 2 {
		return fmt.Errorf("%w: %s has shape %v, the model's output is [rows, %d]: one-hot encode labels with arrays.ToCategorical(labels, %d)",
			ErrShape, yName, y.Shape, units, units)
	}
	if y.Rows() != x.Rows() {
		return fmt.Errorf("%w: %s has %d rows but %s has %d", ErrShape, xName, x.Rows(), yName, y.Rows())
	}
	if y.Shape[1] != units {
		return fmt.Errorf("%w: %s has %d columns, the model's output has %d", ErrShape, yName, y.Shape[1], units)
	}
	if i := firstNonFinite(y.Data); i >= 0 {
		return fmt.Errorf("%w: %s holds %v at row %d, column %d", ErrData, yName, y.Data[i], i/units, i%units)
	}
	if m.run.accuracy || m.run.loss == CategoricalCrossentropy {
		if r := firstNotOneHot(y); r >= 0 {
			return fmt.Errorf("%w: %s row %d is %v, not one-hot (a single 1, the rest 0): encode labels with arrays.ToCategorical(labels, %d)",
				ErrData, yName, r, y.Row(r), units)
		}
	}
	return nil
}

// checkX checks that x is a non-empty [rows, InputUnits] array of finite values.
func (m *Model) checkX(name string, x Array[float32]) error {
	if err := checkLayout(name, x); err != nil {
		return err
	}
	want := m.InputUnits()
	if len(x.Shape) != 2 {
		return fmt.Errorf("%w: %s has shape %v, the model's input is [rows, %d]: reshape it with arrays.Reshape",
			ErrShape, name, x.Shape, want)
	}
	if x.Rows() == 0 {
		return fmt.Errorf("%w: %s has no rows", ErrShape, name)
	}
	if x.Shape[1] != want {
		return fmt.Errorf("%w: %s has %d columns, the model's input expects %d", ErrShape, name, x.Shape[1], want)
	}
	if i := firstNonFinite(x.Data); i >= 0 {
		return fmt.Errorf("%w: %s holds %v at row %d, column %d", ErrData, name, x.Data[i], i/want, i%want)
	}
	return nil
}

// checkLayout checks that a's Data holds exactly the values its Shape says.
func checkLayout(name string, a Array[float32]) error {
	for _, d := range a.Shape {
		if d < 0 {
			return fmt.Errorf("%w: %s has a negative dimension in shape %v", ErrShape, name, a.Shape)
		}
	}
	if len(a.Shape) == 0 || len(a.Data) != arrays.Size(a.Shape) {
		return fmt.Errorf("%w: %s has shape %v but %d values", ErrShape, name, a.Shape, len(a.Data))
	}
	return nil
}

// firstNonFinite returns the index of the first NaN or infinite value, or -1.
func firstNonFinite(data []float32) int {
	for i, v := range data {
		// v-v is 0 for finite v and NaN for NaN and ±Inf: one comparison per value.
		if v-v != 0 {
			return i
		}
	}
	return -1
}

// firstNotOneHot returns the first row of y that is not one-hot, or -1.
func firstNotOneHot(y Array[float32]) int {
	for r := range y.Rows() {
		ones := 0
		for _, v := range y.Row(r) {
			switch v {
			case 1:
				ones++
			case 0:
			default:
				return r
			}
		}
		if ones != 1 {
			return r
		}
	}
	return -1
}
