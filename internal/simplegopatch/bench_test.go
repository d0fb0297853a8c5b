package simplegopatch

import (
	"math"
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/tensors"
)

// The lecture network: 784-30-10 sigmoid MLP, MSE loss, SGD, batch 128.
const (
	lectureBatch   = 128
	lectureInputs  = 784 // 28×28 MNIST pixels.
	lectureHidden  = 30
	lectureClasses = 10
	lectureLR      = 0.01 // keras optimizer_sgd() default learning rate, as in the lecture.
)

// lectureStep builds one SGD step of the lecture network, written directly
// with graph ops: it returns the updated w1, b1, w2, b2 and the batch loss.
func lectureStep(x, labels, w1, b1, w2, b2 *graph.Node) []*graph.Node {
	dense := func(in, w, b *graph.Node) *graph.Node {
		return graph.Sigmoid(graph.Add(graph.Dot(in, w), graph.InsertAxes(b, 0)))
	}
	out := dense(dense(x, w1, b1), w2, b2)
	// keras "mse": mean over classes, then over the batch.
	loss := graph.ReduceAllMean(graph.Square(graph.Sub(out, labels)))
	params := []*graph.Node{w1, b1, w2, b2}
	grads := graph.Gradient(loss, params...)
	updated := make([]*graph.Node, 0, len(params)+1)
	for i, p := range params {
		updated = append(updated, graph.Sub(p, graph.MulScalar(grads[i], lectureLR)))
	}
	return append(updated, loss)
}

// lectureData returns a random batch (pixels uniform in [0,1), one-hot
// labels) and parameters initialised like keras' glorot_uniform weights
// (uniform in ±sqrt(6/(fan_in+fan_out))) and zero biases.
func lectureData(rng *rand.Rand) (x, labels *tensors.Tensor, params []*tensors.Tensor) {
	uniform := func(n int, limit float64) []float32 {
		data := make([]float32, n)
		for i := range data {
			data[i] = float32(limit * (2*rng.Float64() - 1))
		}
		return data
	}
	pixels := make([]float32, lectureBatch*lectureInputs)
	for i := range pixels {
		pixels[i] = rng.Float32()
	}
	oneHot := make([]float32, lectureBatch*lectureClasses)
	for i := range lectureBatch {
		oneHot[i*lectureClasses+rng.IntN(lectureClasses)] = 1
	}
	glorot := func(in, out int) *tensors.Tensor {
		return tensors.FromFlatDataAndDimensions(uniform(in*out, math.Sqrt(6/float64(in+out))), in, out)
	}
	params = []*tensors.Tensor{
		glorot(lectureInputs, lectureHidden), tensors.FromFlatDataAndDimensions(make([]float32, lectureHidden), lectureHidden),
		glorot(lectureHidden, lectureClasses), tensors.FromFlatDataAndDimensions(make([]float32, lectureClasses), lectureClasses),
	}
	return tensors.FromFlatDataAndDimensions(pixels, lectureBatch, lectureInputs),
		tensors.FromFlatDataAndDimensions(oneHot, lectureBatch, lectureClasses), params
}

// BenchmarkLectureStep measures training steps per second of the lecture
// network on simplego, with GoMLX's VJPs ("gomlx") and the fast ones
// ("fast"), running ops in parallel (simplego's default for a single
// running program) or sequentially.
func BenchmarkLectureStep(b *testing.B) {
	for _, config := range benchConfigs() {
		for _, vjp := range []string{"gomlx", "fast"} {
			b.Run(config+"/"+vjp, func(b *testing.B) {
				backend, err := backends.NewWithConfig(config)
				if err != nil {
					b.Fatal(err)
				}
				defer backend.Finalize()
				benchLectureStep(b, backend, vjp == "gomlx")
			})
		}
	}
}

// benchLectureStep compiles lectureStep once and runs b.N steps, feeding the
// updated parameters back (their buffers donated) step to step.
func benchLectureStep(b *testing.B, backend backends.Backend, gomlxVJPs bool) {
	exec, err := graph.NewExec(backend, lectureStep)
	if err != nil {
		b.Fatal(err)
	}
	defer exec.Finalize()
	x, labels, params := lectureData(rand.New(rand.NewPCG(5, 6)))
	step := func() {
		args := []any{x, labels}
		for _, p := range params {
			donated, err := graph.DonateTensorBuffer(p, backend, 0)
			if err != nil {
				b.Fatal(err)
			}
			args = append(args, donated)
		}
		outs, err := exec.Exec(args...)
		if err != nil {
			b.Fatal(err)
		}
		params = outs[:len(params)]
	}
	if gomlxVJPs {
		WithGoMLXVJPs(step) // The graph is built (and differentiated) on the first call.
	} else {
		step()
	}
	b.ResetTimer()
	for range b.N {
		step()
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "steps/s")
}

// benchConfigs lists the backend configurations to compare: $GOMLXNET_BENCH_CONFIGS
// (comma-separated lists separated by ';') or the two default simplego modes.
func benchConfigs() []string {
	if s := os.Getenv("GOMLXNET_BENCH_CONFIGS"); s != "" {
		return strings.Split(s, ";")
	}
	return []string{"go", "go:ops_sequential"}
}
