package mnist

import (
	"errors"
	"strings"
)

// Sentinel errors of the package. Functions never return them bare: they wrap
// them with fmt.Errorf("%w: details", ErrX), so the message always starts with
// "mnist: " and says which file, source or value was wrong, while callers can
// still test the kind of failure with errors.Is.
var (
	// ErrFormat reports a data file that is not what it claims to be: not gzip,
	// truncated, a wrong IDX magic number or image size, a label outside 0..9,
	// or image and label counts that disagree.
	ErrFormat = errors.New("mnist: malformed data file")

	// ErrChecksum reports a file whose SHA-256 differs from the published one.
	ErrChecksum = errors.New("mnist: SHA-256 mismatch")

	// ErrNoSource reports that no source (data directory, mirror, Go module
	// cache or Go module proxy) could provide a verified copy of a file. The
	// message lists every source tried and why it failed.
	ErrNoSource = errors.New("mnist: no source could provide the file")

	// ErrDataDir reports a data directory that cannot be determined or written.
	ErrDataDir = errors.New("mnist: data directory unusable")
)

// errText is an error's message without the package prefix, for use inside
// another message of this package that already starts with it.
func errText(err error) string { return strings.TrimPrefix(err.Error(), "mnist: ") }
