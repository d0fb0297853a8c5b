package simplegopatch

// Matrix products on GoMLX's pure-Go backend, run by gonum's BLAS.
//
// GoMLX v0.26.0's pure-Go backend (simplego) runs a DotGeneral by copying
// both operands into a [batch, cross, contracting] layout, then with one of
// two kernels: for small products one scalar dot product per output element
// (dotgeneral_small.go), for large ones a blocked kernel over cache-sized
// tiles (dotgeneral_large.go).
//
// For the lecture's network the products were about 80% of a training
// step, at about 1.2 billion multiply-adds per second per core. gonum's
// Sgemm/Dgemm read the operands in place (any of the four transpose
// combinations), use SIMD assembly for their inner loops and skip the zero
// entries of the left operand: 81% of MNIST's pixels are zero, so the first
// layer's forward product and its weight gradient do about a fifth of the
// work. (The skipping alone would
// make a zero times an infinite or NaN weight add nothing instead of NaN:
// products whose right operand is not finite go to simplego's executor.)
//
// simplego has no exported way to replace an op's implementation: it keeps
// one executor per op type in the unexported array nodeExecutors, filled by
// its init functions (with a "user override" priority it does not export).
// This file links to that array and to the backend's buffer pool by name
// (go:linkname), and reads the three simplego structs it needs through
// mirrors whose layout is checked field by field with reflect before use
// (see checkMirror): a GoMLX version whose layout differs keeps its own
// executor; Install also checks the GoMLX version first and runs a probe
// product on both executors before keeping this one (probe.go). Operands
// that gemm cannot read in place are first copied into the [batch, cross,
// contracting] layout (transpose.go); products of other dtypes go to simplego's own
// executor, which is also the oracle of the tests.

import (
	"errors"
	"fmt"
	"os"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/backends/simplego"
	"github.com/gomlx/gomlx/pkg/core/shapes"
)

// simplegoExecutor has the signature of simplego's nodeExecutor.
type simplegoExecutor = func(backend *simplego.Backend, node *simplego.Node, inputs []*simplego.Buffer, inputsOwned []bool) (*simplego.Buffer, error)

// simplegoNodeExecutors is simplego's table of op implementations.
//
//go:linkname simplegoNodeExecutors github.com/gomlx/gomlx/backends/simplego.nodeExecutors
var simplegoNodeExecutors [backends.OpTypeLast]simplegoExecutor

// simplegoBufferForShape is simplego's (*Backend).getBufferForShape: a
// buffer of the shape from the backend's pool, contents undefined. The
// linker does not check its signature and reflect cannot see an unexported
// method: Install relies on the exact GoMLX version for it, and the probe
// product (probe.go) is the first call.
//
//go:linkname simplegoBufferForShape github.com/gomlx/gomlx/backends/simplego.(*Backend).getBufferForShape
func simplegoBufferForShape(b *simplego.Backend, shape shapes.Shape) *simplego.Buffer

// bufferMirror has the layout of simplego.Buffer in GoMLX v0.26.0.
type bufferMirror struct {
	shape shapes.Shape
	valid bool
	flat  any // a []T of shape.DType, at least shape.Size() long
}

// dotParamsMirror has the layout of simplego's dotGeneralNodeData in GoMLX
// v0.26.0, the data of a DotGeneral node: its axes (already made
// non-negative) and the sizes of the normalised problem.
type dotParamsMirror struct {
	lhsContractingAxes, lhsBatchAxes                       []int
	rhsContractingAxes, rhsBatchAxes                       []int
	batchSize, lhsCrossSize, rhsCrossSize, contractingSize int
	lhsBlockedShape, rhsBlockedShape, outputBlockedShape   shapes.Shape
}

// simplegoDot holds the state of the replacement: simplego's own executor
// and the switch the tests and benchmarks use to compare both.
var simplegoDot struct {
	original   simplegoExecutor
	enabled    atomic.Bool
	gemmRuns   atomic.Int64 // products run by gemm, for the tests
	nodeData   uintptr      // offset of simplego.Node's data field
	paramsType atomic.Value // reflect.Type of dotGeneralNodeData, once checked
	paramsMu   sync.Mutex
}

// GemmEnvVar names the variable that turns the gemm executor off when set
// to one of the usual false words ("0", "off", "false", "no", ...), leaving
// simplego's own kernels (for comparisons, and a way out should gemm
// misbehave).
const GemmEnvVar = "GOMLXNET_GEMM"

// The words $GOMLXNET_GEMM understands, compared without case or spaces.
var (
	switchOff = []string{"0", "off", "false", "f", "no", "n", "disable", "disabled"}
	switchOn  = []string{"", "1", "on", "true", "t", "yes", "y", "enable", "enabled"}
)

// gemmWanted reports whether the environment, read with lookup, leaves the
// gemm executor on: unset or a true word, yes; a false word, no. Any other
// value leaves it on and says so on standard error.
func gemmWanted(lookup func(string) (string, bool)) bool {
	v, _ := lookup(GemmEnvVar)
	word := strings.ToLower(strings.TrimSpace(v))
	switch {
	case slices.Contains(switchOff, word):
		return false
	case !slices.Contains(switchOn, word):
		fmt.Fprintf(os.Stderr, "gomlxnet: warning: $%s=%q is neither on (1, on, true, yes) nor off (0, off, false, no); gemm stays on\n",
			GemmEnvVar, v)
	}
	return true
}

// installGemmExecutor checks the mirrored layouts, puts gemmDotGeneral in
// simplego's table and runs the probe product; if anything fails it leaves
// (or puts back) simplego's own executor and says why.
func installGemmExecutor() error {
	if err := checkGemmLayouts(); err != nil {
		return fmt.Errorf("%w: gemm executor: %w", ErrNotPatched, err)
	}
	simplegoDot.original = simplegoNodeExecutors[backends.OpTypeDotGeneral]
	simplegoNodeExecutors[backends.OpTypeDotGeneral] = gemmDotGeneral
	simplegoDot.enabled.Store(true)
	if err := probeGemm(); err != nil {
		simplegoNodeExecutors[backends.OpTypeDotGeneral] = simplegoDot.original
		simplegoDot.enabled.Store(false)
		return fmt.Errorf("%w: gemm executor: %w", ErrNotPatched, err)
	}
	simplegoDot.enabled.Store(gemmWanted(os.LookupEnv))
	return nil
}

// simplegoDotGeneralName is the function simplego's table holds for
// DotGeneral in v0.26.0.
const simplegoDotGeneralName = "github.com/gomlx/gomlx/backends/simplego.execDotGeneral"

// checkGemmLayouts checks what the executor reads of simplego: the Buffer
// layout, Node's data field, and that the linked table's DotGeneral entry
// is simplego's DotGeneral executor (so the table's layout is the one
// linked).
func checkGemmLayouts() error {
	if err := checkMirror(reflect.TypeFor[simplego.Buffer](), reflect.TypeFor[bufferMirror]()); err != nil {
		return err
	}
	field, ok := reflect.TypeFor[simplego.Node]().FieldByName("data")
	if !ok || field.Type.Kind() != reflect.Interface || field.Type.NumMethod() != 0 {
		return errors.New("simplego.Node has no field \"data any\"")
	}
	simplegoDot.nodeData = field.Offset
	exec := simplegoNodeExecutors[backends.OpTypeDotGeneral]
	if exec == nil {
		return errors.New("simplego has no DotGeneral executor")
	}
	if name := funcName(exec); name != simplegoDotGeneralName {
		return fmt.Errorf("simplego's DotGeneral executor is %s, want %s", name, simplegoDotGeneralName)
	}
	return nil
}

// funcName returns the name of the function fn, as the runtime knows it.
func funcName(fn any) string {
	f := runtime.FuncForPC(reflect.ValueOf(fn).Pointer())
	if f == nil {
		return "an unknown function"
	}
	return f.Name()
}

// checkMirror reports an error unless real and mirror have the same size
// and the same fields, by name, type and offset.
func checkMirror(real, mirror reflect.Type) error {
	if real.Size() != mirror.Size() || real.NumField() != mirror.NumField() {
		return fmt.Errorf("%s does not have the layout simplegopatch mirrors", real)
	}
	for i := range real.NumField() {
		r, m := real.Field(i), mirror.Field(i)
		if r.Name != m.Name || r.Type != m.Type || r.Offset != m.Offset {
			return fmt.Errorf("%s field %d is %s %s at %d, simplegopatch expects %s %s at %d",
				real, i, r.Name, r.Type, r.Offset, m.Name, m.Type, m.Offset)
		}
	}
	return nil
}

// mirrorBuffer views a simplego buffer through its mirror.
func mirrorBuffer(b *simplego.Buffer) *bufferMirror {
	return (*bufferMirror)(unsafe.Pointer(b))
}

// dotParams returns the DotGeneral data of node, or nil if its type does not
// have the mirrored layout (checked once, on the first node seen).
func dotParams(node *simplego.Node) *dotParamsMirror {
	data := *(*any)(unsafe.Add(unsafe.Pointer(node), simplegoDot.nodeData))
	t := reflect.TypeOf(data)
	if t == nil || t.Kind() != reflect.Pointer {
		return nil
	}
	if checked, _ := simplegoDot.paramsType.Load().(reflect.Type); checked != t {
		if !checkParamsType(t) {
			return nil
		}
	}
	return (*dotParamsMirror)(reflect.ValueOf(data).UnsafePointer())
}

// checkParamsType checks t's layout against dotParamsMirror and remembers t
// when it matches.
func checkParamsType(t reflect.Type) bool {
	simplegoDot.paramsMu.Lock()
	defer simplegoDot.paramsMu.Unlock()
	if checkMirror(t.Elem(), reflect.TypeFor[dotParamsMirror]()) != nil {
		return false
	}
	simplegoDot.paramsType.Store(t)
	return true
}

// gemmDotGeneral is the DotGeneral executor Install puts in simplego:
// gonum's gemm for float products, else simplego's own executor. Own
// executor too when the right operand holds an infinity or NaN: gonum's
// gemm skips the zeros of its left operand, so 0·Inf would add nothing
// instead of NaN (TestGemmZeroTimesInf); the check reads the right
// operand once, a small cost next to the product (the lecture's right
// operands are its weights and gradients).
func gemmDotGeneral(backend *simplego.Backend, node *simplego.Node, inputs []*simplego.Buffer, owned []bool) (*simplego.Buffer, error) {
	if !simplegoDot.enabled.Load() || len(inputs) != 2 {
		return simplegoDot.original(backend, node, inputs, owned)
	}
	params := dotParams(node)
	if params == nil {
		return simplegoDot.original(backend, node, inputs, owned)
	}
	lhs, rhs := mirrorBuffer(inputs[0]), mirrorBuffer(inputs[1])
	plan, ok := planGemm(params, lhs.shape, rhs.shape)
	if !ok || !allFinite(rhs.flat) { // gemm skips lhs zeros: 0·Inf would give 0, not NaN
		return simplegoDot.original(backend, node, inputs, owned)
	}
	outShape := shapes.Make(lhs.shape.DType, plan.batch, plan.m, plan.n)
	out := simplegoBufferForShape(backend, outShape)
	if out == nil {
		return nil, fmt.Errorf("simplegopatch: DotGeneral on a finalized backend")
	}
	if err := plan.run(lhs.flat, rhs.flat, mirrorBuffer(out).flat); err != nil {
		return nil, err
	}
	simplegoDot.gemmRuns.Add(1)
	return out, nil
}
