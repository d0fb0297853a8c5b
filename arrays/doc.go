// Package arrays holds the course's n-dimensional arrays and the keras-like
// helpers that prepare data for a network (Reshape, ToFloat32, ToCategorical,
// Head, ArgMax), with nothing but the standard library.
//
// An Array is dense and row-major, the layout numpy and keras use; the
// helpers return errors wrapping ErrShape, ErrArgument or ErrLabel rather
// than panicking (only Row panics, like indexing a slice).
package arrays
