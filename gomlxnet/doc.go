// Package gomlxnet is a small Keras-like layer over GoMLX for the introductory
// neural-network lecture: it loads MNIST the way keras' dataset_mnist() does,
// reshapes and one-hot encodes it, builds dense (and convolutional) networks,
// and trains them with SGD or Adam on whichever GoMLX backend is available.
//
// Every function returns an error rather than panicking; errors are prefixed
// "gomlxnet:" and wrap sentinel errors usable with errors.Is.
package gomlxnet
