package simplegopatch

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/tensors"
)

// TestFastGradientFiniteDifferences checks graph.Gradient of the loss
// L = Σ w⊙op(lhs, rhs) against central differences (L(x+h)-L(x-h))/2h.
//
// Tolerance: L is linear in each operand, so central differences have no
// truncation error and h = 1 is exact in exact arithmetic. What is left is
// the rounding of L, a sum of N products of values in [-1, 1], at most
// N²·eps (Higham §3.1), divided by h. N = batch·lhsCross·rhsCross·contracting
// is bounded by sqrt(|lhs|·|rhs|·|y|) (equal when there is no batch axis).
// At most fgMaxProbes entries per operand are probed to keep the test fast.
func TestFastGradientFiniteDifferences(t *testing.T) {
	backend := fgNewBackend(t)
	const h = 1.0
	for _, tc := range slices.Concat(fgCases, fgEinsumCases) {
		t.Run(tc.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(3, 4))
			operands := []*tensors.Tensor{fgRandom(rng, tc.lhs), fgRandom(rng, tc.rhs)}
			lossExec, err := graph.NewExec(backend, func(lhs, rhs *graph.Node) *graph.Node {
				y := tc.op(lhs, rhs)
				return graph.ReduceAllSum(graph.Mul(y, fgWeights(y)))
			})
			if err != nil {
				t.Fatal(err)
			}
			defer lossExec.Finalize()
			var ySize int
			grads := fgRun(t, backend, func(lhs, rhs *graph.Node) []*graph.Node {
				y := tc.op(lhs, rhs)
				ySize = y.Shape().Size()
				return graph.Gradient(graph.ReduceAllSum(graph.Mul(y, fgWeights(y))), lhs, rhs)
			}, operands[0], operands[1])
			n := math.Sqrt(float64(operands[0].Shape().Size() * operands[1].Shape().Size() * ySize))
			tol := n * n * eps64 / h
			for i, grad := range fgValues(t, grads) {
				fd := fgFiniteDiff(t, lossExec, operands, i, h, fgProbes(rng, len(grad)))
				for idx, want := range fd {
					if d := math.Abs(grad[idx] - want); !(d <= tol) {
						t.Fatalf("operand %d entry %d: gradient %g, finite difference %g (|diff| %.3g > tol %.3g)",
							i, idx, grad[idx], want, d, tol)
					}
				}
			}
		})
	}
}

// fgMaxProbes bounds the finite-difference probes per operand: the lecture
// shape has 100k entries and each probe runs the loss twice.
const fgMaxProbes = 12

// fgProbes returns all indices below size, or fgMaxProbes random ones.
func fgProbes(rng *rand.Rand, size int) []int {
	probes := make([]int, min(size, fgMaxProbes))
	for i := range probes {
		probes[i] = i
		if size > fgMaxProbes {
			probes[i] = rng.IntN(size)
		}
	}
	return probes
}

// fgFiniteDiff returns, for each probed flat index of operands[which], the
// central difference of lossExec's scalar output.
func fgFiniteDiff(t *testing.T, lossExec *graph.Exec, operands []*tensors.Tensor, which int, h float64, probes []int) map[int]float64 {
	t.Helper()
	base := fgValues(t, operands[which:which+1])[0]
	dims := operands[which].Shape().Dimensions
	loss := func(idx int, delta float64) float64 {
		data := slices.Clone(base)
		data[idx] += delta
		args := slices.Clone(operands)
		args[which] = tensors.FromFlatDataAndDimensions(data, dims...)
		out, err := lossExec.Exec(args[0], args[1])
		if err != nil {
			t.Fatal(err)
		}
		return tensors.ToScalar[float64](out[0])
	}
	fd := make(map[int]float64, len(probes))
	for _, idx := range probes {
		fd[idx] = (loss(idx, h) - loss(idx, -h)) / (2 * h)
	}
	return fd
}
