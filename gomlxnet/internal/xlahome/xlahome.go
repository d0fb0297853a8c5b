// Package xlahome keeps go-xla from logging an error when a program starts
// with $HOME unset (a service, `env -i`, some containers): go-xla's pjrt
// package looks for plugins under $HOME while it initialises and, without
// it, prints "Couldn't get user's home directory" through klog, even in a
// program that never uses XLA.
//
// Go initialises packages in import-path order among those whose imports are
// ready (the Go spec, since Go 1.21). This package imports only os, so it is
// initialised before k8s.io/klog/v2 and hence before go-xla's pjrt, which
// needs klog. While $HOME is unset it sets it to a directory that does not
// exist, so pjrt finds no plugin there, as it would without $HOME, and says
// nothing; gomlxnet's own initialisation, which comes after pjrt's, calls
// Restore to unset it again.
package xlahome

import "os"

// Placeholder is the home directory go-xla sees while $HOME is unset:
// Debian's name for a home directory that does not exist.
const Placeholder = "/nonexistent"

// placed reports that init set $HOME to Placeholder.
var placed bool

func init() {
	if os.Getenv("HOME") == "" {
		placed = os.Setenv("HOME", Placeholder) == nil
	}
}

// Restore unsets $HOME again if init set it, so the program sees the
// environment it was started with. It is safe to call more than once.
func Restore() {
	if placed && os.Getenv("HOME") == Placeholder {
		os.Unsetenv("HOME")
	}
	placed = false
}
