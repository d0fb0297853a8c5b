package simplegopatch

import (
	"errors"
	"fmt"
	"slices"

	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/core/dtypes"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/shapes"
	"github.com/gomlx/gomlx/pkg/core/tensors"
)

// The probe product: a batched matrix product [2, 3, 4]·[2, 4, 5] of small
// integers, exact in float32, contracting lhs axis 2 with rhs axis 1.
var (
	probeLHS, probeRHS = []int{2, 3, 4}, []int{2, 4, 5}
	probeAxesWant      = dotAxes{lhsContracting: []int{2}, lhsBatch: []int{0}, rhsContracting: []int{1}, rhsBatch: []int{0}}
)

// probeProduct builds the probe's DotGeneral.
func probeProduct(lhs, rhs *graph.Node) *graph.Node {
	a := probeAxesWant
	return graph.DotGeneral(lhs, a.lhsContracting, a.lhsBatch, rhs, a.rhsContracting, a.rhsBatch)
}

// withProbeBackend runs fn on a fresh pure-Go backend, turning GoMLX's
// panics into errors.
func withProbeBackend(fn func(backends.Backend) error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("probe: %v", r)
		}
	}()
	backend, err := backends.NewWithConfig("go:ops_sequential")
	if err != nil {
		return fmt.Errorf("probe backend: %w", err)
	}
	defer backend.Finalize()
	return fn(backend)
}

// probeAxes checks that dotGeneralAxesOf reads back the axes of a
// DotGeneral node built with known axes.
func probeAxes() error {
	return withProbeBackend(func(backend backends.Backend) error {
		g := graph.NewGraph(backend, "simplegopatch_probe_axes")
		defer g.Finalize()
		lhs := graph.Parameter(g, "lhs", shapes.Make(dtypes.Float32, probeLHS...))
		rhs := graph.Parameter(g, "rhs", shapes.Make(dtypes.Float32, probeRHS...))
		got, err := dotGeneralAxesOf(probeProduct(lhs, rhs))
		if err != nil {
			return err
		}
		w := probeAxesWant
		if !slices.Equal(got.lhsContracting, w.lhsContracting) || !slices.Equal(got.lhsBatch, w.lhsBatch) ||
			!slices.Equal(got.rhsContracting, w.rhsContracting) || !slices.Equal(got.rhsBatch, w.rhsBatch) {
			return fmt.Errorf("a DotGeneral built with axes %+v reads back as %+v", w, got)
		}
		return nil
	})
}

// probeOperands returns the probe's operands: small integers, some zero.
func probeOperands() (lhs, rhs []float32) {
	lhs = make([]float32, shapes.Make(dtypes.Float32, probeLHS...).Size())
	rhs = make([]float32, shapes.Make(dtypes.Float32, probeRHS...).Size())
	for i := range lhs {
		lhs[i] = float32(i%7 - 3)
	}
	for i := range rhs {
		rhs[i] = float32(i%5 - 2)
	}
	return lhs, rhs
}

// probeExact returns the probe product computed here, exactly.
func probeExact(lhs, rhs []float32) []float32 {
	batch, m, k, n := probeLHS[0], probeLHS[1], probeLHS[2], probeRHS[2]
	out := make([]float32, batch*m*n)
	for b := range batch {
		for i := range m {
			for j := range n {
				var sum float32
				for l := range k {
					sum += lhs[(b*m+i)*k+l] * rhs[(b*k+l)*n+j]
				}
				out[(b*m+i)*n+j] = sum
			}
		}
	}
	return out
}

// probeGemm runs the probe product through simplego with the gemm executor
// installed and switched on, then with it switched off (simplego's own
// executor), and checks both give the exact result and that gemm ran.
func probeGemm() error {
	return withProbeBackend(func(backend backends.Backend) error {
		exec, err := graph.NewExec(backend, probeProduct)
		if err != nil {
			return err
		}
		defer exec.Finalize()
		lhs, rhs := probeOperands()
		want := probeExact(lhs, rhs)
		run := func() ([]float32, error) {
			outs, err := exec.Exec(tensors.FromFlatDataAndDimensions(lhs, probeLHS...),
				tensors.FromFlatDataAndDimensions(rhs, probeRHS...))
			if err != nil {
				return nil, err
			}
			return tensors.CopyFlatData[float32](outs[0])
		}
		runs := GemmRuns()
		got, err := run()
		if err != nil {
			return err
		}
		if GemmRuns() == runs {
			return errors.New("the probe product did not run on gemm (simplego's DotGeneral node data has another layout)")
		}
		simplegoDot.enabled.Store(false)
		own, err := run()
		simplegoDot.enabled.Store(true)
		if err != nil {
			return err
		}
		if !slices.Equal(got, want) || !slices.Equal(own, want) {
			return fmt.Errorf("probe product: gemm gives %v, simplego %v, want %v", got, own, want)
		}
		return nil
	})
}
