package backprop

import (
	"errors"
	"fmt"
	"strings"

	"github.com/gomlx/gomlx/pkg/core/dtypes"
	"github.com/gomlx/gomlx/pkg/core/graph"
)

// Sentinel errors of the package, wrapped with details ("backprop: ..."), so
// that callers can test the kind of failure with errors.Is.
var (
	// ErrShape reports parameters, inputs or labels whose shapes do not chain.
	ErrShape = errors.New("backprop: shape mismatch")
	// ErrArgument reports an invalid option, such as a learning rate <= 0.
	ErrArgument = errors.New("backprop: invalid argument")
	// ErrCompute reports a graph GoMLX could not build or run.
	ErrCompute = errors.New("backprop: computation failed")
)

// The math/rand/v2 PCG streams gomlxnet's Compile and Fit draw from for a
// given seed (gomlxnet/compile.go): the first weights and the shuffling.
// Using the same ones lets Train start from Fit's weights and visit the
// batches in Fit's order; TestNewParamsMatchesCompile and
// TestBackpropMatchesFit fail if they drift apart.
const (
	initStream    = 1
	shuffleStream = 2
)

// recoverAs turns a panic of GoMLX's graph building (it panics on bad
// input) into an ErrCompute error naming the function, stored in *err.
func recoverAs(err *error, what string) {
	if r := recover(); r != nil {
		if e, ok := r.(error); ok {
			*err = fmt.Errorf("%w: %s: %s", ErrCompute, what, strings.TrimPrefix(e.Error(), "backprop: "))
			return
		}
		*err = fmt.Errorf("%w: %s: %v", ErrCompute, what, r)
	}
}

// correctCount builds the number of rows whose largest output is where y's
// largest value is: keras' categorical_accuracy times the batch size.
func correctCount(pred, y *graph.Node) *graph.Node {
	hit := graph.Equal(graph.ArgMax(pred, -1), graph.ArgMax(y, -1))
	return graph.ReduceAllSum(graph.ConvertDType(hit, dtypes.Float32))
}
