//go:build !(((linux && amd64) || darwin) && cgo && !noxla)

package gomlxnet

import "github.com/gomlx/gomlx/backends"

// installedXLA reports that this build has no XLA backend: go-xla needs cgo
// on linux/amd64 or darwin (see backend_xla.go).
func installedXLA() (backends.Backend, string) {
	return nil, noXLAReason
}

// xlaBuilt reports that this build has the XLA backend.
const xlaBuilt = false

// withoutXLAAutoInstall runs fn: there is nothing to download in this build.
func withoutXLAAutoInstall(fn func()) { fn() }

// xlaPlugins lists no plugin: this build has no XLA backend.
func xlaPlugins() []string { return nil }
