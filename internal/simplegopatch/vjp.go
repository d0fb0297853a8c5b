package simplegopatch

// Fast gradients for matrix products.
//
// GoMLX v0.26.0 differentiates Dot and DotGeneral by broadcasting the
// incoming gradient against the other operand and reduce-summing
// (rev_autodiff.go dotVJP, ops_helpers.go dotGeneralVJP): for the lecture's
// x[128,784]·W[784,30] that materialises a [128,784,30] tensor per step,
// about 80% of a training step on the pure-Go backend. The VJPs below
// express the same gradients as matrix products instead:
//
//	y = x·W        =>  dx = v·Wᵀ,  dW = xᵀ·v
//
// generalised to any DotGeneral: the gradient of one operand is a DotGeneral
// of v with the other operand, contracting the other operand's cross
// (free) axes and keeping the batch axes, followed by a transpose back to
// the operand's axis order when one is needed.

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/shapes"
)

// GoMLX's own VJPs for Dot and DotGeneral, read from graph.VJPRegistration
// before installVJPs replaces them. fastDotGeneralVJP falls back to
// origDotGeneralVJP when it cannot read a node's axes, and the tests use both
// as the oracle.
var (
	origDotVJP        graph.VJP
	origDotGeneralVJP graph.VJP
)

// installVJPs switches GoMLX's reverse-mode autodiff for NodeTypeDot and
// NodeTypeDotGeneral to the matrix-product form, process-wide: from then on
// graph.Gradient differentiates every Dot, DotGeneral, Einsum and
// layers.Dense in the program this way, on every backend. Results are the
// same gradients up to float rounding (the sums are taken in another order).
// It first checks, on a probe node, that a DotGeneral's axes can be read
// back (dotGeneralAxesOf); if not it changes nothing and says why.
func installVJPs() error {
	if err := probeAxes(); err != nil {
		return fmt.Errorf("%w: matrix-product gradients: %w", ErrNotPatched, err)
	}
	origDotVJP = graph.VJPRegistration[graph.NodeTypeDot]
	origDotGeneralVJP = graph.VJPRegistration[graph.NodeTypeDotGeneral]
	if origDotVJP == nil || origDotGeneralVJP == nil {
		return fmt.Errorf("%w: GoMLX registers no VJP for Dot or DotGeneral", ErrNotPatched)
	}
	graph.VJPRegistration[graph.NodeTypeDot] = fastDotVJP
	graph.VJPRegistration[graph.NodeTypeDotGeneral] = fastDotGeneralVJP
	return nil
}

// WithGoMLXVJPs runs fn with GoMLX's own Dot and DotGeneral VJPs registered,
// restoring the fast ones afterwards, for comparisons (the benchmarks'
// "gomlx" variants). Without the fast VJPs installed it just runs fn. It
// changes the process-wide registry, so nothing else may build graphs
// meanwhile: go test runs benchmarks after all tests finished.
func WithGoMLXVJPs(fn func()) {
	if Install().VJPs != nil {
		fn()
		return
	}
	fastDot, fastGeneral := graph.VJPRegistration[graph.NodeTypeDot], graph.VJPRegistration[graph.NodeTypeDotGeneral]
	graph.VJPRegistration[graph.NodeTypeDot] = origDotVJP
	graph.VJPRegistration[graph.NodeTypeDotGeneral] = origDotGeneralVJP
	defer func() {
		graph.VJPRegistration[graph.NodeTypeDot] = fastDot
		graph.VJPRegistration[graph.NodeTypeDotGeneral] = fastGeneral
	}()
	fn()
}

// dotAxes are the contracting and batch axes of a DotGeneral, in the order
// they pair up: lhsContracting[i] is summed against rhsContracting[i].
type dotAxes struct {
	lhsContracting, lhsBatch []int
	rhsContracting, rhsBatch []int
}

// fastDotVJP is the graph.VJP of graph.Dot (NodeTypeDot). Dot contracts the
// last axis of lhs with the first axis of rhs, for the rank combinations
// vector·vector, matrix·vector and matrix·matrix (simplego's Builder.Dot and
// XLA's Dot); anything else is left to GoMLX's VJP, which reports the error.
func fastDotVJP(node *graph.Node, vjpOutputs []*graph.Node, outputShape shapes.Shape) []*graph.Node {
	lhs, rhs := node.Inputs()[0], node.Inputs()[1]
	if lhs.Rank() < 1 || lhs.Rank() > 2 || rhs.Rank() < 1 || rhs.Rank() > 2 || (lhs.Rank() == 1 && rhs.Rank() == 2) {
		return origDotVJP(node, vjpOutputs, outputShape)
	}
	axes := dotAxes{lhsContracting: []int{lhs.Rank() - 1}, rhsContracting: []int{0}}
	return dotGeneralGrads(lhs, rhs, vjpOutputs[0], axes)
}

// fastDotGeneralVJP is the graph.VJP of graph.DotGeneral (NodeTypeDotGeneral).
// If the node's axes cannot be read (see dotGeneralAxesOf), it returns
// GoMLX's original, slower but equal, gradient.
func fastDotGeneralVJP(node *graph.Node, vjpOutputs []*graph.Node, outputShape shapes.Shape) []*graph.Node {
	axes, err := dotGeneralAxesOf(node)
	if err != nil {
		return origDotGeneralVJP(node, vjpOutputs, outputShape)
	}
	lhs, rhs := node.Inputs()[0], node.Inputs()[1]
	return dotGeneralGrads(lhs, rhs, vjpOutputs[0], axes)
}

// dotGeneralGrads returns the gradients with respect to lhs and rhs of
// y = DotGeneral(lhs, rhs, axes), given v = ∂loss/∂y. The axes of y (and v)
// are [batch..., lhs cross..., rhs cross...], cross being the axes that are
// neither batch nor contracting, in increasing order.
func dotGeneralGrads(lhs, rhs, v *graph.Node, axes dotAxes) []*graph.Node {
	lhsCross := dotCrossAxes(lhs.Rank(), axes.lhsContracting, axes.lhsBatch)
	rhsCross := dotCrossAxes(rhs.Rank(), axes.rhsContracting, axes.rhsBatch)
	numBatch := len(axes.lhsBatch)
	vBatch := dotAxisRange(0, numBatch)
	vLhsCross := dotAxisRange(numBatch, len(lhsCross))
	vRhsCross := dotAxisRange(numBatch+len(lhsCross), len(rhsCross))
	lhsSide := dotOperand{batch: axes.lhsBatch, cross: lhsCross, contracting: axes.lhsContracting}
	rhsSide := dotOperand{batch: axes.rhsBatch, cross: rhsCross, contracting: axes.rhsContracting}
	return []*graph.Node{
		dotOperandGrad(lhs.Rank(), lhsSide, v, vBatch, vRhsCross, rhs, rhsSide),
		dotOperandGrad(rhs.Rank(), rhsSide, v, vBatch, vLhsCross, lhs, lhsSide),
	}
}

// dotOperand describes the role of each axis of one DotGeneral operand.
type dotOperand struct {
	batch, cross, contracting []int
}

// dotOperandGrad returns the gradient of the operand "this" (of rank thisRank)
// given v and the other operand. Each gradient entry sums v times other over
// the other operand's cross axes (vOtherCross in v), pairing batch axes:
//
//	DotGeneral(v, vOtherCross, vBatch, other, other.cross, other.batch)
//	  -> [batch..., this cross..., other contracting (ascending)...]
//
// or the same product with the operands swapped, whose result axes are
// [batch..., other contracting..., this cross...]. It picks the order whose
// result already has this operand's axis order, so no Transpose is needed in
// the common cases (for y = x·W: dx = v·Wᵀ and dW = xᵀ·v).
func dotOperandGrad(thisRank int, this dotOperand, v *graph.Node, vBatch, vOtherCross []int, other *graph.Node, otherSide dotOperand) *graph.Node {
	numBatch := len(this.batch)
	// Position, among the other operand's leftover axes (its contracting
	// axes, in increasing order), of the partner of each this.contracting axis.
	sorted := slices.Sorted(slices.Values(otherSide.contracting))
	partner := make([]int, len(this.contracting))
	for i, axis := range otherSide.contracting {
		partner[i] = slices.Index(sorted, axis)
	}
	vFirst := make([]int, thisRank) // vFirst[thisAxis] = axis of the v-first result.
	otherFirst := make([]int, thisRank)
	for i, axis := range this.batch {
		vFirst[axis], otherFirst[axis] = i, i
	}
	for i, axis := range this.cross {
		vFirst[axis] = numBatch + i
		otherFirst[axis] = numBatch + len(this.contracting) + i
	}
	for i, axis := range this.contracting {
		vFirst[axis] = numBatch + len(this.cross) + partner[i]
		otherFirst[axis] = numBatch + partner[i]
	}
	if isIdentityPerm(otherFirst) && !isIdentityPerm(vFirst) {
		return graph.DotGeneral(other, otherSide.cross, otherSide.batch, v, vOtherCross, vBatch)
	}
	grad := graph.DotGeneral(v, vOtherCross, vBatch, other, otherSide.cross, otherSide.batch)
	if isIdentityPerm(vFirst) {
		return grad
	}
	return graph.TransposeAllAxes(grad, vFirst...)
}

// dotCrossAxes lists, in increasing order, the axes of a rank-rank operand that
// are neither contracting nor batch axes.
func dotCrossAxes(rank int, contracting, batch []int) []int {
	var cross []int
	for axis := range rank {
		if !slices.Contains(contracting, axis) && !slices.Contains(batch, axis) {
			cross = append(cross, axis)
		}
	}
	return cross
}

// dotAxisRange returns [start, start+1, ..., start+n-1].
func dotAxisRange(start, n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = start + i
	}
	return s
}

// isIdentityPerm reports whether perm[i] == i for every i.
func isIdentityPerm(perm []int) bool {
	for i, p := range perm {
		if p != i {
			return false
		}
	}
	return true
}

// dotGeneralRE matches the description of a DotGeneral node's inputs, as
// written by the generated nodeInputsDotGeneral.String in GoMLX v0.26.0
// (pkg/core/graph/gen_backend_ops.go), e.g.
// "DotGeneral(lhs=[#3], lhsContractingAxes=[1], lhsBatchAxes=[0], rhs=[#4], rhsContractingAxes=[2], rhsBatchAxes=[0])".
var dotGeneralRE = regexp.MustCompile(`DotGeneral\(lhs=\[#(\d+)\], lhsContractingAxes=\[([\d ]*)\], lhsBatchAxes=\[([\d ]*)\], ` +
	`rhs=\[#(\d+)\], rhsContractingAxes=\[([\d ]*)\], rhsBatchAxes=\[([\d ]*)\]\)`)

// dotGeneralAxesOf reads the contracting and batch axes of a DotGeneral node.
//
// GoMLX v0.26.0 has no API for a node's parameters: they live in the
// unexported field Node.inputs, whose type (graph.NodeInputs) exposes only
// Type() and String(), and no exported function returns it. The only
// exported route is Node.String(), which prints them (after the node's alias,
// if any, hence the last match). The result is cross-checked against the
// node's inputs and output shape, and any mismatch is an error; Install uses
// it only on the GoMLX version whose printed form it was written for.
func dotGeneralAxesOf(node *graph.Node) (dotAxes, error) {
	if node.Type() != graph.NodeTypeDotGeneral || len(node.Inputs()) != 2 {
		return dotAxes{}, fmt.Errorf("simplegopatch: node %s is not a DotGeneral", node.Type())
	}
	matches := dotGeneralRE.FindAllStringSubmatch(node.String(), -1)
	if len(matches) == 0 {
		return dotAxes{}, errors.New("simplegopatch: cannot read DotGeneral axes from node description")
	}
	m := matches[len(matches)-1]
	lhs, rhs := node.Inputs()[0], node.Inputs()[1]
	if m[1] != strconv.Itoa(int(lhs.Id())) || m[4] != strconv.Itoa(int(rhs.Id())) {
		return dotAxes{}, errors.New("simplegopatch: DotGeneral description does not match its inputs")
	}
	axes := dotAxes{
		lhsContracting: parseIntList(m[2]), lhsBatch: parseIntList(m[3]),
		rhsContracting: parseIntList(m[5]), rhsBatch: parseIntList(m[6]),
	}
	if err := checkDotAxes(lhs.Shape(), rhs.Shape(), node.Shape(), axes); err != nil {
		return dotAxes{}, err
	}
	return axes, nil
}

// parseIntList parses space-separated decimal integers, as fmt prints an []int
// without its brackets; the regexp guarantees only digits and spaces.
func parseIntList(s string) []int {
	fields := strings.Fields(s)
	ints := make([]int, len(fields))
	for i, f := range fields {
		ints[i], _ = strconv.Atoi(f)
	}
	return ints
}

// checkDotAxes reports an error unless axes are valid for operands of shapes
// lhs and rhs and DotGeneral with them produces the shape out.
func checkDotAxes(lhs, rhs, out shapes.Shape, axes dotAxes) error {
	if len(axes.lhsContracting) != len(axes.rhsContracting) || len(axes.lhsBatch) != len(axes.rhsBatch) {
		return errors.New("simplegopatch: DotGeneral lhs and rhs axis counts differ")
	}
	inRange := func(rank int, axes ...[]int) bool {
		for _, a := range axes {
			if slices.ContainsFunc(a, func(axis int) bool { return axis >= rank }) {
				return false
			}
		}
		return true
	}
	if !inRange(lhs.Rank(), axes.lhsContracting, axes.lhsBatch) || !inRange(rhs.Rank(), axes.rhsContracting, axes.rhsBatch) {
		return errors.New("simplegopatch: DotGeneral axis out of range")
	}
	var want []int
	for _, axis := range axes.lhsBatch {
		want = append(want, lhs.Dimensions[axis])
	}
	for _, axis := range dotCrossAxes(lhs.Rank(), axes.lhsContracting, axes.lhsBatch) {
		want = append(want, lhs.Dimensions[axis])
	}
	for _, axis := range dotCrossAxes(rhs.Rank(), axes.rhsContracting, axes.rhsBatch) {
		want = append(want, rhs.Dimensions[axis])
	}
	if !slices.Equal(want, out.Dimensions) {
		return fmt.Errorf("simplegopatch: DotGeneral axes give shape %v, node has %v", want, out.Dimensions)
	}
	return nil
}
