package gomlxnet

import (
	"fmt"
	"path/filepath"
	"slices"
)

// BackendInfo describes one of the GoMLX backends the course knows, as this
// machine has it.
type BackendInfo struct {
	// Config is the GoMLX configuration that selects it, for BackendFor,
	// CompileOptions.Backend and $GOMLX_BACKEND: "go", "xla:cpu" or "xla:cuda".
	Config string
	// Name is what the course calls it: "pure Go", "XLA CPU", "XLA CUDA".
	Name string
	// Installed reports whether BackendFor(Config) can create it here
	// without downloading anything.
	Installed bool
	// Missing says, when it is not Installed, why not and how to get it.
	Missing string
}

// xlaSetup is the course's command that installs XLA's plugins: the CPU one,
// and the CUDA one as well on a machine with an NVIDIA GPU.
const xlaSetup = "bash scripts/setup.sh --xla"

// Backends lists the pure-Go backend and XLA's CPU and CUDA plugins, in
// that order, saying which of them this machine can run. It creates no
// backend and downloads nothing: XLA counts as installed when its plugin is
// in one of the directories GoMLX searches.
func Backends() []BackendInfo {
	plugins, reason := installedXLAPlugins()
	gpus, _ := filepath.Glob("/dev/nvidia[0-9]*")
	return surveyBackends(plugins, reason, len(gpus) > 0)
}

// installedXLAPlugins returns the names of XLA's installed PJRT plugins
// ("cpu", "cuda", ...), or, when there can be none, why: a build without
// the XLA backend, or XLA failing while it looks.
func installedXLAPlugins() (plugins []string, reason string) {
	if !xlaBuilt {
		return nil, noXLAReason
	}
	defer func() {
		if r := recover(); r != nil {
			plugins, reason = nil, fmt.Sprintf("XLA failed: %v", r)
		}
	}()
	return xlaPlugins(), ""
}

// surveyBackends is Backends given XLA's installed plugins (or, when this
// build cannot load any, noXLA saying why) and whether an NVIDIA GPU is
// present.
func surveyBackends(plugins []string, noXLA string, gpu bool) []BackendInfo {
	cpu := BackendInfo{Config: "xla:cpu", Name: "XLA CPU", Installed: slices.Contains(plugins, "cpu")}
	cuda := BackendInfo{Config: "xla:cuda", Name: "XLA CUDA", Installed: slices.Contains(plugins, "cuda")}
	switch {
	case noXLA != "":
		cpu.Missing, cuda.Missing = noXLA, noXLA
	case !cpu.Installed:
		cpu.Missing = "XLA's CPU plugin is not installed; " + xlaSetup + " installs it"
	}
	if cuda.Missing == "" && !cuda.Installed {
		if gpu {
			cuda.Missing = "XLA's CUDA plugin is not installed; on this machine with an NVIDIA GPU, " +
				xlaSetup + " installs it"
		} else {
			cuda.Missing = "no NVIDIA GPU here (XLA's CUDA plugin needs one)"
		}
	}
	return []BackendInfo{{Config: "go", Name: "pure Go", Installed: true}, cpu, cuda}
}
