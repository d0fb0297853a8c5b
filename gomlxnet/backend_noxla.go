//go:build !(((linux && amd64) || darwin) && cgo && !noxla)

package gomlxnet

import "github.com/gomlx/gomlx/backends"

// installedXLA reports that this build has no XLA backend: go-xla needs cgo
// on linux/amd64 or darwin (see backend_xla.go).
func installedXLA() (backends.Backend, string) {
	return nil, "this build has no XLA backend: it needs cgo on linux/amd64 or darwin"
}
