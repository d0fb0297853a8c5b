// Package gomlxnet is a small Keras-like layer over GoMLX for the
// introductory neural-network lecture: it builds dense and convolutional
// networks from layers (Input, Dense, Conv2D, ...), compiles them with a
// loss and an optimizer, trains them with Fit on whichever GoMLX backend is
// available, and evaluates, predicts, saves and loads them. The data it
// trains on come from packages datasets/mnist (loading, like keras'
// dataset_mnist()) and arrays (reshaping, scaling, one-hot encoding).
//
// Functions that can fail return an error rather than panicking (GoMLX's
// graph-building panics are recovered); errors are prefixed "gomlxnet:" and
// wrap sentinel errors usable with errors.Is. A few cannot fail and return
// none: the layer constructors (Input, Dense, ...: their errors are
// reported by NewModel), the initializers, Model.Summary (it prints; use
// SummaryTo for the write error).
//
// When it creates its first backend, gomlxnet installs its two patches of
// GoMLX (faster matrix-product gradients and, on the pure-Go backend,
// matrix products on gonum's gemm: package internal/simplegopatch), after
// checking they fit the GoMLX version the program is built with.
package gomlxnet
