package gomlxnet

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/gomlx/gomlx/backends"
)

// noXLAReason is why a build without the XLA backend has none (see
// backend_xla.go's build constraint).
const noXLAReason = "this build has no XLA backend: it needs cgo (CGO_ENABLED=1) on linux/amd64 or darwin, " +
	"and the course's Go kernel builds without cgo while no XLA plugin is installed"

// xlaNames are the names GoMLX registers its XLA backend under.
var xlaNames = []string{"xla", "stablehlo", "hlo", "shlo"}

// backendFailure says why the configuration $GOMLX_BACKEND gave failed, for
// the line printed when Backend falls back to the pure-Go backend. For an
// XLA plugin that is not installed (GOMLX_BACKEND=xla:cuda on a machine
// without CUDA's plugin) it says so and lists the plugins that are, rather
// than GoMLX's message, which is about its attempt to download the CPU one.
func backendFailure(config string, err error) string {
	head := fmt.Sprintf("$%s=%s failed: ", backends.ConfigEnvVar, config)
	name, plugin, _ := strings.Cut(config, ":")
	plugin, _, _ = strings.Cut(plugin, ",")
	if !slices.Contains(xlaNames, name) {
		return head + errText(err)
	}
	if !xlaBuilt {
		return head + noXLAReason
	}
	if plugin == "" || filepath.IsAbs(plugin) {
		return head + errText(err)
	}
	installed := xlaPlugins()
	if slices.Contains(installed, plugin) {
		return head + errText(err)
	}
	list := "none"
	if len(installed) > 0 {
		list = strings.Join(installed, ", ")
	}
	reason := fmt.Sprintf("XLA plugin %q is not installed (installed XLA plugins: %s)", plugin, list)
	if strings.Contains(err.Error(), "auto-install") {
		return head + reason + "; GoMLX's download of plugins failed: " + rootCause(err)
	}
	return head + reason
}

// rootCause is the message of the innermost error err wraps (following the
// last error where several are wrapped), or err's own without our prefix
// when that innermost one is a sentinel of this package.
func rootCause(err error) string {
	e := err
	for {
		var next error
		switch u := e.(type) {
		case interface{ Unwrap() []error }:
			if list := u.Unwrap(); len(list) > 0 {
				next = list[len(list)-1]
			}
		case interface{ Unwrap() error }:
			next = u.Unwrap()
		}
		if next == nil {
			break
		}
		e = next
	}
	if strings.HasPrefix(e.Error(), "gomlxnet: ") || errors.Is(e, ErrBackend) {
		return errText(err)
	}
	return e.Error()
}
