package gomlxnet

import (
	"errors"
	"fmt"
)

// Sentinel errors of the model API (Model, Compile, Fit, Evaluate, Predict).
// Like those in errors.go they are wrapped with details; shape and argument
// problems use ErrShape and ErrArgument from errors.go.
var (
	// ErrModel reports a model that cannot be built: an output Symbol that is
	// not derived from the input, or a model with no layer.
	ErrModel = errors.New("gomlxnet: invalid model")

	// ErrNotCompiled reports a Fit, Evaluate, Predict or Weights call on a
	// model that has not been compiled yet.
	ErrNotCompiled = errors.New("gomlxnet: model not compiled")

	// ErrData reports data values a model cannot use: NaN or infinite inputs,
	// or labels that are not one-hot where one-hot labels are required.
	ErrData = errors.New("gomlxnet: invalid data")

	// ErrBackend reports a GoMLX backend that cannot be created.
	ErrBackend = errors.New("gomlxnet: backend unavailable")

	// ErrCompute reports a failure inside GoMLX while building or running a
	// computation graph; it usually means a bug in gomlxnet.
	ErrCompute = errors.New("gomlxnet: computation failed")
)

// recoverAs turns a panic in GoMLX graph-building code into an error wrapping
// ErrCompute, stored in *err. Use it as: defer recoverAs(&err, "Fit").
func recoverAs(err *error, what string) {
	if r := recover(); r != nil {
		if e, ok := r.(error); ok {
			*err = fmt.Errorf("%w: %s: %w", ErrCompute, what, inner(e))
			return
		}
		*err = fmt.Errorf("%w: %s: %v", ErrCompute, what, r)
	}
}
