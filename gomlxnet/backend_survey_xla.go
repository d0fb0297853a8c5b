//go:build ((linux && amd64) || darwin) && cgo && !noxla

package gomlxnet

import (
	"fmt"
	"os"

	"github.com/gomlx/gomlx/backends/xla"
)

// xlaPlugins returns the names of XLA's installed PJRT plugins ("cpu",
// "cuda", ...), with GoMLX's automatic download turned off while it looks.
// The build constraint is backend_xla.go's.
func xlaPlugins() (plugins []string, reason string) {
	defer func() {
		if r := recover(); r != nil {
			plugins, reason = nil, fmt.Sprintf("XLA failed: %v", r)
		}
	}()
	xla.EnableAutoInstall(false)
	defer func() {
		_, off := os.LookupEnv(xla.NoAutoInstallEnv)
		xla.EnableAutoInstall(!off)
	}()
	return xla.GetAvailablePlugins(), ""
}
