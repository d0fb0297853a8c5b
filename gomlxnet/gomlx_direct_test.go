package gomlxnet_test

// The lecture's network written directly with GoMLX, as notebook 10 writes
// it, checked against gomlxnet: from the same weights, one SGD step written
// by hand (graph.Gradient), one step of GoMLX's train.Trainer and one step
// of gomlxnet's Fit reach the same weights.

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gomlx/gomlx/pkg/core/dtypes"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/shapes"
	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/gomlx/gomlx/pkg/ml/context"
	"github.com/gomlx/gomlx/pkg/ml/layers"
	"github.com/gomlx/gomlx/pkg/ml/train"
	"github.com/gomlx/gomlx/pkg/ml/train/losses"
	"github.com/gomlx/gomlx/pkg/ml/train/optimizers"
	"github.com/gonb-courses/neuralnets/arrays"
	"github.com/gonb-courses/neuralnets/gomlxnet"
)

// lectureNet is the lecture's 784-30-10 sigmoid network as a GoMLX graph
// function: layers.Dense creates the variables "weights" and "biases" in
// the scopes /hidden/dense and /output/dense of ctx.
func lectureNet(ctx *context.Context, x *graph.Node) *graph.Node {
	hidden := graph.Sigmoid(layers.Dense(ctx.In("hidden"), x, true, 30))
	return graph.Sigmoid(layers.Dense(ctx.In("output"), hidden, true, 10))
}

// sgdStep returns the graph function of one SGD step on the quadratic cost
// (keras' mean squared error) with learning rate lr; it returns the loss.
func sgdStep(lr float64) func(ctx *context.Context, x, y *graph.Node) *graph.Node {
	return func(ctx *context.Context, x, y *graph.Node) *graph.Node {
		loss := graph.ReduceAllMean(graph.Square(graph.Sub(lectureNet(ctx, x), y)))
		var vars []*context.Variable
		var values []*graph.Node
		for v := range ctx.IterVariables() {
			if v.Trainable {
				vars = append(vars, v)
				values = append(values, v.ValueGraph(x.Graph()))
			}
		}
		grads := graph.Gradient(loss, values...)
		for i, v := range vars {
			v.SetValueGraph(graph.Sub(values[i], graph.MulScalar(grads[i], lr)))
		}
		return loss
	}
}

// gomlxNames maps gomlxnet's parameter names to the scope and name of the
// variable lectureNet uses for it.
var gomlxNames = map[string][2]string{
	"dense_1/kernel": {"/hidden/dense", "weights"},
	"dense_1/bias":   {"/hidden/dense", "biases"},
	"dense_2/kernel": {"/output/dense", "weights"},
	"dense_2/bias":   {"/output/dense", "biases"},
}

// contextWith returns a context, set to reuse its variables, holding ws as
// lectureNet's variables.
func contextWith(t *testing.T, ws []gomlxnet.Weight) *context.Context {
	ctx := context.New()
	for _, w := range ws {
		sn, ok := gomlxNames[w.Name]
		if !ok {
			t.Fatalf("unexpected gomlxnet weight %q", w.Name)
		}
		ctx.InAbsPath(sn[0]).VariableWithValue(sn[1], tensors.FromFlatDataAndDimensions(w.Value.Data, w.Value.Shape...))
	}
	return ctx.Reuse()
}

// maxDiff returns the largest absolute difference between ctx's variable for
// each of ws and ws itself.
func maxDiff(t *testing.T, ctx *context.Context, ws []gomlxnet.Weight) float64 {
	d := 0.0
	for _, w := range ws {
		sn := gomlxNames[w.Name]
		v := ctx.GetVariableByScopeAndName(sn[0], sn[1])
		if v == nil {
			t.Fatalf("no variable %s/%s", sn[0], sn[1])
		}
		value, err := v.Value()
		if err != nil {
			t.Fatal(err)
		}
		tensors.MustConstFlatData(value, func(flat []float32) {
			for i, x := range flat {
				d = max(d, math.Abs(float64(x-w.Value.Data[i])))
			}
		})
	}
	return d
}

func TestGoMLXDirectMatchesGomlxnet(t *testing.T) {
	const rows, lr = 64, 0.5
	rng := rand.New(rand.NewPCG(1, 2))
	x, y := arrays.New[float32](rows, 784), arrays.New[float32](rows, 10)
	for i := range x.Data {
		x.Data[i] = rng.Float32()
	}
	for r := range rows {
		y.Data[r*10+rng.IntN(10)] = 1
	}
	input := gomlxnet.Input(784)
	output := gomlxnet.Dense(10, gomlxnet.Sigmoid)(gomlxnet.Dense(30, gomlxnet.Sigmoid)(input))
	model, err := gomlxnet.NewModel(input, output)
	if err != nil {
		t.Fatal(err)
	}
	if err := model.Compile(gomlxnet.CompileOptions{Loss: gomlxnet.MeanSquaredError, Optimizer: gomlxnet.SGD(lr), Seed: 3, Backend: "go"}); err != nil {
		t.Fatal(err)
	}
	before, err := model.Weights()
	if err != nil {
		t.Fatal(err)
	}
	backend, err := gomlxnet.BackendFor("go")
	if err != nil {
		t.Fatal(err)
	}
	xT := tensors.FromFlatDataAndDimensions(x.Data, rows, 784)
	yT := tensors.FromFlatDataAndDimensions(y.Data, rows, 10)

	byHand := contextWith(t, before)
	step, err := context.NewExec(backend, byHand, sgdStep(lr))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := step.Exec(xT, yT); err != nil {
		t.Fatal(err)
	}

	byTrainer := contextWith(t, before)
	modelFn := func(ctx *context.Context, _ any, inputs []*graph.Node) []*graph.Node {
		return []*graph.Node{lectureNet(ctx, inputs[0])}
	}
	sgd := optimizers.StochasticGradientDescent().WithLearningRate(lr).WithDecay(false)
	trainer := train.NewTrainer(backend, byTrainer, modelFn, losses.MeanSquaredError, sgd, nil, nil)
	if _, err := trainer.TrainStep(nil, []*tensors.Tensor{xT}, []*tensors.Tensor{yT}); err != nil {
		t.Fatal(err)
	}

	if _, err := model.Fit(x, y, gomlxnet.FitOptions{Epochs: 1, BatchSize: rows, Quiet: true}); err != nil {
		t.Fatal(err)
	}
	after, err := model.Weights()
	if err != nil {
		t.Fatal(err)
	}
	moved := maxDiff(t, contextWith(t, before), after)
	if moved < 1e-3 {
		t.Fatalf("gomlxnet's step moved the weights by at most %g: too little to compare", moved)
	}
	for name, ctx := range map[string]*context.Context{"by hand": byHand, "train.Trainer": byTrainer} {
		if d := maxDiff(t, ctx, after); d > 1e-4*moved {
			t.Errorf("%s: weights differ from gomlxnet's by up to %g after a step of up to %g", name, d, moved)
		}
	}
}

// Example_gomlxDirect prints the variables GoMLX's context holds for the
// lecture's network, with their shapes.
func Example_gomlxDirect() {
	backend, err := gomlxnet.BackendFor("go")
	if err != nil {
		panic(err)
	}
	ctx := context.New()
	forward := context.MustNewExec(backend, ctx, lectureNet)
	forward.MustExec(tensors.FromShape(shapes.Make(dtypes.Float32, 1, 784)))
	total := 0
	for v := range ctx.IterVariables() {
		if !v.Trainable {
			continue // the random number generator's state, for the initializer
		}
		fmt.Println(v.ScopeAndName(), v.Shape().Dimensions)
		total += v.Shape().Size()
	}
	fmt.Println("parameters:", total)
	// Output:
	// /hidden/dense/weights [784 30]
	// /hidden/dense/biases [30]
	// /output/dense/weights [30 10]
	// /output/dense/biases [10]
	// parameters: 23860
}
