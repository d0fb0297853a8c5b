package main

import (
	"fmt"
	"os"

	"github.com/gonb-courses/neuralnets/internal/simplegopatch"
)

// patchLevel is how much of gomlxnet's changes to GoMLX's pure-Go backend a
// run keeps (-patches), from GoMLX v0.26.0 as shipped to gomlxnet today.
type patchLevel struct {
	name, what string
	// simdOff sets $GOMLXNET_SIMD=off before the patches go in: gonum's
	// Sgemm runs the products, simplego's own executors the other ops.
	simdOff bool
	// gemmOff switches the gemm executor off: simplego's own products.
	gemmOff bool
	// gomlxVJPs differentiates with GoMLX's own matrix-product gradients.
	gomlxVJPs bool
}

// patchLevels are the -patches values, in the order gomlxnet gained them.
var patchLevels = []patchLevel{
	{"none", "GoMLX v0.26.0 as it is (its gradients and pure-Go kernels)", true, true, true},
	{"vjp", "matrix-product gradients (`internal/simplegopatch/vjp.go`)", true, true, false},
	{"gemm", "and the products on gonum's gemm (`internal/simplegopatch/executor.go`)", true, false, false},
	{"all", "and the SIMD kernels for products and other ops (`internal/kernels`, `internal/simplegopatch/ops.go`): gomlxnet now", false, false, false},
}

// findPatchLevel returns the level named name.
func findPatchLevel(name string) (patchLevel, error) {
	for _, l := range patchLevels {
		if l.name == name {
			return l, nil
		}
	}
	return patchLevel{}, fmt.Errorf("-patches must be none, vjp, gemm or all, got %q", name)
}

// apply runs fn, which builds and trains the model, at this level of the
// patches. It must run before anything creates a backend: $GOMLXNET_SIMD is
// read once, when gomlxnet installs the patches.
func (l patchLevel) apply(fn func() error) error {
	if l.simdOff {
		if err := os.Setenv("GOMLXNET_SIMD", "off"); err != nil {
			return fmt.Errorf("-patches %s: %w", l.name, err)
		}
	}
	status := simplegopatch.Install()
	if l.name != "all" && (status.VJPs != nil || status.Gemm != nil) {
		return fmt.Errorf("-patches %s: GoMLX is not patched, so there is nothing to take away: %v, %v", l.name, status.VJPs, status.Gemm)
	}
	if l.gemmOff {
		defer simplegopatch.SetGemm(false)()
	}
	if !l.gomlxVJPs {
		return fn()
	}
	var err error
	simplegopatch.WithGoMLXVJPs(func() { err = fn() })
	return err
}
