package gomlxnet

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"

	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/backends/simplego"
	"github.com/gonb-courses/neuralnets/internal/simplegopatch"
)

// backendLog receives the one line saying which backend was chosen.
var backendLog io.Writer = os.Stderr

// backendCache holds the backends created so far, by configuration: creating
// one can be slow (XLA loads a plugin) and models can share them.
var backendCache struct {
	sync.Mutex
	m map[string]backends.Backend
}

// xlaHint tells how to get the XLA backend when the pure-Go one is used: in
// a build with XLA, GoMLX downloads the plugin when asked for it; a build
// without it (the course's Go kernel, while no plugin is installed) needs the
// plugin installed first, which turns cgo back on there.
var xlaHint = map[bool]string{
	true: "to use XLA, set GOMLX_BACKEND=xla on a machine with internet access and GoMLX " +
		"downloads the plugin at first use (the image in docker/ has it installed)",
	false: "to use XLA, run scripts/setup.sh --xla: it installs XLA's CPU plugin where it can be " +
		"downloaded, and the course's Go kernel then builds with cgo",
}[xlaBuilt]

// Backend returns the GoMLX backend models use unless CompileOptions.Backend
// says otherwise, creating it on the first call:
//
//   - the configuration in $GOMLX_BACKEND when set ("go", "xla", "xla:cpu"),
//     falling back to the pure-Go backend if it fails;
//   - otherwise XLA, when one of its PJRT plugins is already installed
//     (gomlxnet never downloads it by itself);
//   - otherwise the pure-Go backend "go" (GoMLX's simplego).
//
// The first call prints one line to standard error naming the backend and,
// for the pure-Go one, how to get XLA (in a notebook, a note shown once per
// kernel session: see announceBackend).
func Backend() (backends.Backend, error) {
	return BackendFor("")
}

// BackendFor returns the backend for a GoMLX configuration such as "go",
// "xla" or "xla:cpu" ("" means Backend's choice), creating it on the first
// call for that configuration, when it prints one line naming it. Unlike
// Backend, an explicit configuration that fails is an error wrapping
// ErrBackend, not a fallback.
func BackendFor(config string) (backends.Backend, error) {
	patches := simplegopatch.Install() // before any graph: see package simplegopatch
	backendCache.Lock()
	defer backendCache.Unlock()
	if b, ok := backendCache.m[config]; ok {
		return b, nil
	}
	var b backends.Backend
	var msg string
	var err error
	if config == "" {
		b, msg, err = autoBackend(os.LookupEnv)
	} else {
		b, err = newBackend(config)
		if err == nil {
			msg = "gomlxnet: using the " + describe(b) + " backend"
		}
	}
	if err != nil {
		return nil, err
	}
	announceBackend(msg + patchNote(b, patches, simplegopatch.GemmOn()))
	if backendCache.m == nil {
		backendCache.m = make(map[string]backends.Backend)
	}
	backendCache.m[config] = b
	return b, nil
}

// autoBackend chooses as Backend documents, reading the environment with
// lookup, and returns the backend with the line to print.
func autoBackend(lookup func(string) (string, bool)) (backends.Backend, string, error) {
	if config, ok := lookup(backends.ConfigEnvVar); ok && config != "" {
		b, err := newBackend(config)
		if err == nil {
			return b, fmt.Sprintf("gomlxnet: using the %s backend ($%s=%s)", describe(b), backends.ConfigEnvVar, config), nil
		}
		return goBackend(backendFailure(config, err))
	}
	if b, reason := installedXLA(); b != nil {
		return b, "gomlxnet: using the " + describe(b) + " backend", nil
	} else {
		return goBackend(reason + "; " + xlaHint)
	}
}

// goBackend returns the pure-Go backend with a line saying why it was chosen.
func goBackend(reason string) (backends.Backend, string, error) {
	b, err := newBackend(simplego.BackendName)
	if err != nil {
		return nil, "", err
	}
	return b, "gomlxnet: using the pure-Go backend (" + reason + ")", nil
}

// newBackend creates a backend from a GoMLX configuration, turning GoMLX's
// panics (an unknown backend name, a plugin that fails to load) into errors.
func newBackend(config string) (b backends.Backend, err error) {
	defer func() {
		if r := recover(); r != nil {
			b, err = nil, fmt.Errorf("%w: %q: %v", ErrBackend, config, r)
		}
	}()
	b, err = backends.NewWithConfig(sequentialOps(config))
	if err != nil {
		return nil, fmt.Errorf("%w: %q: %w", ErrBackend, config, err)
	}
	return b, nil
}

// describe names a backend for the log line: "pure-Go" or XLA's description.
func describe(b backends.Backend) string {
	if b.String() == simplego.BackendName {
		return "pure-Go"
	}
	return "XLA (" + b.Description() + ")"
}

// patchNote is what the log line adds when GoMLX runs without one of the
// patches of package simplegopatch (status, as Install returned it; gemmOn,
// whether the gemm executor runs products), and why: the matrix-product
// gradients matter on every backend, the gemm executor on the pure-Go one
// only. It is empty when all that matters is in place.
func patchNote(b backends.Backend, status simplegopatch.Status, gemmOn bool) string {
	var notes []string
	if status.VJPs != nil {
		notes = append(notes, fmt.Sprintf("gradients of matrix products: GoMLX's own, slower (%v)", status.VJPs))
	}
	if b.String() == simplego.BackendName {
		switch {
		case status.Gemm != nil && !errors.Is(status.VJPs, status.Gemm):
			notes = append(notes, fmt.Sprintf("matrix products: GoMLX's own, slower (%v)", status.Gemm))
		case status.Gemm != nil:
			notes = append(notes, "matrix products: GoMLX's own, slower (same reason)")
		case !gemmOn:
			notes = append(notes, "matrix products: GoMLX's own, slower ($"+simplegopatch.GemmEnvVar+" turns gemm off)")
		}
		if status.Ops != nil && !errors.Is(status.VJPs, status.Ops) && !errors.Is(status.Gemm, status.Ops) {
			notes = append(notes, fmt.Sprintf("convolution ops: GoMLX's own, slower (%v)", status.Ops))
		}
	}
	if len(notes) == 0 {
		return ""
	}
	return "; " + strings.Join(notes, "; ")
}

// sequentialOps adds simplego's "ops_sequential" option to a pure-Go
// configuration that does not choose how to run ops. In GoMLX v0.26.0 the
// pure-Go backend's default runs the ops of a graph as tasks of its worker
// pool (2 × CPUs workers), and a matrix product running as such a task
// waits for more workers to split its rows: with a few products ready at
// once every worker waits and the program hangs, which on a 2-CPU machine
// happens within seconds of training. Sequential ops still split each
// matrix product over the CPUs, from the caller's goroutine, which cannot
// deadlock.
func sequentialOps(config string) string {
	name, options, _ := strings.Cut(config, ":")
	if name != simplego.BackendName || strings.Contains(options, "ops_") {
		return config
	}
	if options == "" {
		return name + ":ops_sequential"
	}
	return config + ",ops_sequential"
}
