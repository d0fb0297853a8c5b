package gomlxnet

import (
	"errors"
	"strings"

	"github.com/gonb-courses/neuralnets/arrays"
	"github.com/gonb-courses/neuralnets/fileio"
	"github.com/gonb-courses/neuralnets/metrics"
)

// Number is the set of element types an Array may hold: arrays.Number.
type Number = arrays.Number

// Array is the course's dense row-major array, arrays.Array: models take
// and return them. The helpers that prepare data (Reshape, ToFloat32,
// ToCategorical, Head, ArgMax) are in package arrays.
type Array[T Number] = arrays.Array[T]

// History records the metrics of a Fit, one entry per epoch: metrics.History.
type History = metrics.History

// WriteFileAtomic writes data to path through a temporary file renamed into
// place, so that no reader sees a partial file: fileio.WriteAtomic, with the
// error in this package's terms ("gomlxnet: " and ErrArgument for a path
// that cannot be a file; errors.Is still finds fileio's errors).
func WriteFileAtomic(path string, data []byte) error {
	if err := fileio.WriteAtomic(path, data); err != nil {
		return fileioError{err}
	}
	return nil
}

// fileioError is an error of package fileio told as one of this package.
type fileioError struct{ err error }

func (e fileioError) Error() string {
	return "gomlxnet: " + strings.TrimPrefix(e.err.Error(), "fileio: ")
}

func (e fileioError) Unwrap() []error {
	if errors.Is(e.err, fileio.ErrArgument) {
		return []error{e.err, ErrArgument}
	}
	return []error{e.err}
}

// errText is an error's message without the package prefix, for use inside
// a message that already has it.
func errText(err error) string { return strings.TrimPrefix(err.Error(), "gomlxnet: ") }
