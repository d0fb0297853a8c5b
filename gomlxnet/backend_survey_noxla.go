//go:build !(((linux && amd64) || darwin) && cgo && !noxla)

package gomlxnet

// xlaPlugins reports that this build cannot load XLA (see backend_noxla.go).
func xlaPlugins() ([]string, string) {
	_, reason := installedXLA()
	return nil, reason
}
