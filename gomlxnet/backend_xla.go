//go:build ((linux && amd64) || darwin) && cgo && !noxla

package gomlxnet

import (
	"fmt"
	"os"

	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/backends/xla"
)

// installedXLA returns an XLA backend when one of its PJRT plugins is
// already installed, without downloading anything; otherwise nil and why.
// The build constraint is the one of GoMLX's backends/default, plus cgo,
// which go-xla needs to load plugins.
func installedXLA() (b backends.Backend, reason string) {
	defer func() {
		if r := recover(); r != nil {
			b, reason = nil, fmt.Sprintf("XLA failed: %v", r)
		}
	}()
	var plugins []string
	withoutXLAAutoInstall(func() { plugins = xla.GetAvailablePlugins() })
	if len(plugins) == 0 {
		return nil, "XLA's CPU plugin not found"
	}
	for _, name := range plugins {
		b, err := xla.New(name)
		if err == nil {
			return b, ""
		}
		reason = fmt.Sprintf("XLA plugin %q failed: %v", name, err)
	}
	return nil, reason
}

// xlaBuilt reports that this build has the XLA backend.
const xlaBuilt = true

// withoutXLAAutoInstall runs fn with GoMLX's automatic plugin download off,
// then puts back the setting $GOMLX_NO_AUTO_INSTALL gives.
func withoutXLAAutoInstall(fn func()) {
	xla.EnableAutoInstall(false)
	defer func() {
		_, off := os.LookupEnv(xla.NoAutoInstallEnv)
		xla.EnableAutoInstall(!off)
	}()
	fn()
}

// xlaPlugins lists the XLA plugins installed, downloading nothing.
func xlaPlugins() (plugins []string) {
	withoutXLAAutoInstall(func() { plugins = xla.GetAvailablePlugins() })
	return plugins
}
