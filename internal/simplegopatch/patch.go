// Package simplegopatch speeds up training on GoMLX v0.26.0 by replacing two
// of its process-wide tables' entries: the gradients of matrix products
// (vjp.go) and the pure-Go backend's matrix-product executor (executor.go,
// gemm.go, transpose.go). Nothing changes until Install is called;
// gomlxnet calls it when it creates a backend or compiles a model.
//
// Both patches rely on GoMLX internals (an unexported executor table linked
// by name, the layouts of three simplego structs, the printed form of a
// DotGeneral node), so Install first checks that the program is built with
// exactly the GoMLX version they were written for, then the layouts and
// signatures it can check with reflect, then a probe computation compared
// with GoMLX's own result; whatever fails leaves GoMLX unchanged and is
// reported as a one-line reason.
package simplegopatch

import (
	"errors"
	"fmt"
	"runtime/debug"
	"sync"
	"testing"
)

// The GoMLX module the patches are written for, and its exact version.
const (
	GoMLXModule  = "github.com/gomlx/gomlx"
	GoMLXVersion = "v0.26.0"
)

// ErrNotPatched is wrapped by every reason Install gives for leaving a part
// of GoMLX unchanged.
var ErrNotPatched = errors.New("simplegopatch: GoMLX left unpatched")

// Status says what Install did: a nil error for each patch in place, else
// why it is not (wrapping ErrNotPatched).
type Status struct {
	// VJPs: the matrix-product gradients in graph.VJPRegistration.
	VJPs error
	// Gemm: gonum's gemm as simplego's DotGeneral executor.
	Gemm error
	// Ops: internal/kernels as simplego's Transpose, whole-row Gather and
	// ScatterSum, Sign, broadcasting Add/Sub, ReduceSum and ReduceMax
	// executors (ops.go, elementwise.go).
	Ops error
}

var installed struct {
	once   sync.Once
	status Status
}

// Install puts the patches in place, once per process; later calls return
// the first call's Status. It is safe to call from several goroutines, but
// it changes process-wide GoMLX tables without a lock GoMLX would take: call
// it before building graphs elsewhere (gomlxnet calls it before creating its
// first backend). $GOMLXNET_GEMM set to a false word ("0", "off", ...)
// leaves the gemm executor installed but switched off (see SetGemm).
func Install() Status {
	installed.once.Do(func() {
		info, ok := debug.ReadBuildInfo()
		if err := checkVersion(info, ok, testing.Testing()); err != nil {
			installed.status = Status{VJPs: err, Gemm: err, Ops: err}
			return
		}
		installed.status.VJPs = installVJPs()
		installed.status.Gemm = installGemmExecutor()
		installed.status.Ops = installOps()
	})
	return installed.status
}

// checkVersion returns nil when the build information info (ok false: none)
// shows GoMLXModule at GoMLXVersion, not replaced by other sources.
//
// A test binary (inTest) records its main module but, as of Go 1.26, not its
// dependencies; there the version is the one go.mod requires, which
// TestGoModPinsGoMLX checks is GoMLXVersion.
func checkVersion(info *debug.BuildInfo, ok, inTest bool) error {
	if !ok || info == nil {
		return fmt.Errorf("%w: the program has no build information, so GoMLX's version is unknown", ErrNotPatched)
	}
	for _, dep := range info.Deps {
		if dep.Path != GoMLXModule {
			continue
		}
		if r := dep.Replace; r != nil && (r.Path != GoMLXModule || r.Version != dep.Version) {
			return fmt.Errorf("%w: GoMLX %s is replaced by %s %s; the patches are written for %s",
				ErrNotPatched, dep.Version, r.Path, r.Version, GoMLXVersion)
		}
		if dep.Version != GoMLXVersion {
			return fmt.Errorf("%w: GoMLX is %s; the patches are written for %s", ErrNotPatched, dep.Version, GoMLXVersion)
		}
		return nil
	}
	if inTest && len(info.Deps) == 0 {
		return nil
	}
	return fmt.Errorf("%w: %s is not among the program's modules", ErrNotPatched, GoMLXModule)
}

// SetGemm switches the installed gemm executor on or off (off: simplego's
// own kernels run every product), for comparisons, and returns the function
// that restores the previous setting. It calls Install first; without the
// executor it changes nothing. The switch is process-wide: tests and
// benchmarks that use it must not run in parallel.
func SetGemm(on bool) (restore func()) {
	if Install().Gemm != nil {
		return func() {}
	}
	was := simplegoDot.enabled.Swap(on)
	return func() { simplegoDot.enabled.Store(was) }
}

// GemmOn reports whether simplego's products run on gemm: the executor is
// installed and switched on.
func GemmOn() bool {
	return Install().Gemm == nil && simplegoDot.enabled.Load()
}

// GemmRuns returns the number of products the gemm executor has run, for
// tests that check it was used.
func GemmRuns() int64 { return simplegoDot.gemmRuns.Load() }
