// Package gomlxnet is a small Keras-like layer over GoMLX for the introductory
// neural-network lecture: it builds dense (and convolutional) networks and
// trains them with SGD or Adam on whichever GoMLX backend is available. The
// data it trains on come from packages datasets/mnist (loading, like keras'
// dataset_mnist()) and arrays (reshaping, scaling, one-hot encoding).
//
// Every function returns an error rather than panicking; errors are prefixed
// "gomlxnet:" and wrap sentinel errors usable with errors.Is.
package gomlxnet
