package fileio

import "errors"

// ErrArgument reports a path WriteAtomic cannot write to: empty, or a
// directory. Errors wrap it with details, so errors.Is finds it.
var ErrArgument = errors.New("fileio: invalid argument")
