package arrays

import "errors"

// Sentinel errors of the package. Functions wrap them with
// fmt.Errorf("%w: details", ErrX), so a message starts with "arrays: " and
// says which argument or value was wrong, while callers can test the kind
// of failure with errors.Is.
var (
	// ErrShape reports an array whose shape does not fit the operation, or
	// whose Data length disagrees with its Shape.
	ErrShape = errors.New("arrays: shape mismatch")

	// ErrArgument reports an invalid argument, such as a non-positive divisor.
	ErrArgument = errors.New("arrays: invalid argument")

	// ErrLabel reports a class label outside the range the caller declared.
	ErrLabel = errors.New("arrays: label out of range")
)
