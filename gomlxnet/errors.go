package gomlxnet

import "errors"

// Sentinel errors of the package. Functions never return them bare: they wrap
// them with fmt.Errorf("%w: details", ErrX), so the message always starts with
// "gomlxnet: " and says which file, argument or value was wrong, while callers
// can still test the kind of failure with errors.Is.
var (
	// ErrFormat reports a data file that is not what it claims to be: not gzip,
	// truncated, a wrong IDX magic number or image size, a label outside 0..9,
	// or image and label counts that disagree; or a model file LoadModel
	// cannot read (see Save).
	ErrFormat = errors.New("gomlxnet: malformed data file")

	// ErrChecksum reports a file whose SHA-256 differs from the published one.
	ErrChecksum = errors.New("gomlxnet: SHA-256 mismatch")

	// ErrShape reports an array whose shape does not fit the operation, or
	// whose Data length disagrees with its Shape.
	ErrShape = errors.New("gomlxnet: shape mismatch")

	// ErrArgument reports an invalid argument, such as a non-positive divisor.
	ErrArgument = errors.New("gomlxnet: invalid argument")
)

// innerError is an error shown inside another gomlxnet message: its text
// drops the "gomlxnet: " prefix the outer message already has, while
// errors.Is and errors.As still see the error itself.
type innerError struct{ err error }

func (e innerError) Error() string { return errText(e.err) }
func (e innerError) Unwrap() error { return e.err }

// inner wraps err as an innerError, for fmt.Errorf("gomlxnet: ...: %w", inner(err)).
func inner(err error) error {
	if err == nil {
		return nil
	}
	return innerError{err}
}
