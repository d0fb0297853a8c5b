package plots

import (
	"errors"
	"fmt"
	"math"
)

// Sentinel errors wrapped by the errors this package returns; test for them
// with errors.Is.
var (
	// ErrEmpty reports input with nothing to draw.
	ErrEmpty = errors.New("plots: empty input")
	// ErrNaN reports a NaN or infinite value where a finite number is needed.
	ErrNaN = errors.New("plots: NaN or infinite value")
	// ErrLength reports two inputs whose lengths should agree but do not.
	ErrLength = errors.New("plots: mismatched lengths")
	// ErrShape reports an array whose shape is not the one expected.
	ErrShape = errors.New("plots: bad shape")
	// ErrRange reports a parameter or label outside its allowed range.
	ErrRange = errors.New("plots: value out of range")
	// ErrName reports a file name Show or Save cannot use.
	ErrName = errors.New("plots: bad file name")
)

// checkFinite returns an error wrapping ErrNaN naming the first non-finite
// element of xs, written as name[i]. Bytes are always finite; accepting them
// lets pixel arrays of any Pixel type be checked alike.
func checkFinite[T ~uint8 | ~float32 | ~float64](name string, xs []T) error {
	for i, x := range xs {
		if v := float64(x); math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("%w: %s[%d] is %v", ErrNaN, name, i, v)
		}
	}
	return nil
}

// checkSameLen returns an error wrapping ErrLength when the slices named a
// and b have different lengths.
func checkSameLen(a string, na int, b string, nb int) error {
	if na != nb {
		return fmt.Errorf("%w: %s has %d elements, %s has %d", ErrLength, a, na, b, nb)
	}
	return nil
}

// checkNotEmpty returns an error wrapping ErrEmpty when n is zero.
func checkNotEmpty(name string, n int) error {
	if n == 0 {
		return fmt.Errorf("%w: %s has no elements", ErrEmpty, name)
	}
	return nil
}
