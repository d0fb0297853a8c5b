package gomlxnet

import (
	"math/rand/v2"
	"os"
	"testing"

	"github.com/gonb-courses/neuralnets/arrays"
	"github.com/gonb-courses/neuralnets/internal/simplegopatch"
)

// syntheticMNIST returns n rows shaped like the lecture's MNIST data: x of
// shape [n, 784] in [0, 1], about 19% of pixels lit as in MNIST, and one-hot
// y of shape [n, 10] whose class decides which pixels tend to be lit, so
// that there is something to learn.
func syntheticMNIST(n int, seed uint64) (x, y Array[float32]) {
	const pixels, classes = 28 * 28, 10
	rng := rand.New(rand.NewPCG(seed, 0))
	x, y = arrays.New[float32](n, pixels), arrays.New[float32](n, classes)
	for i := range n {
		c := rng.IntN(classes)
		y.Data[i*classes+c] = 1
		row := x.Row(i)
		for j := range row {
			lit := 0.1 // background probability
			if (j/28)%classes == c {
				lit = 0.9 // the class' rows of pixels
			}
			if rng.Float64() < lit {
				row[j] = float32(rng.IntN(256)) / 255
			}
		}
	}
	return x, y
}

// lectureModel builds and compiles the lecture's network: 784 -> Dense 30
// sigmoid -> Dense 10 sigmoid, mean squared error, SGD(0.01), accuracy.
func lectureModel(tb testing.TB, seed uint64, backend string) *Model {
	tb.Helper()
	input := Input(784)
	hidden := Dense(30, Sigmoid)(input)
	output := Dense(10, Sigmoid)(hidden)
	model, err := NewModel(input, output)
	if err != nil {
		tb.Fatal(err)
	}
	err = model.Compile(CompileOptions{
		Loss: MeanSquaredError, Optimizer: SGD(0.01), Metrics: []string{"accuracy"}, Seed: seed, Backend: backend,
	})
	if err != nil {
		tb.Fatal(err)
	}
	return model
}

// BenchmarkFitLecture times epochs of the lecture's training (60000 rows,
// batches of 128: 469 steps, the last of 96 rows) and reports steps per
// second and seconds per epoch. One iteration is one epoch, all in one Fit;
// a first epoch, which compiles the two graphs, is not timed. It runs on
// the pure-Go backend unless $GOMLX_BACKEND names another configuration, in
// three variants: "gemm", what gomlxnet does (matrix-product gradients,
// products on gonum's gemm); "simplego", the same gradients on simplego's
// own product kernels; and "gomlx", GoMLX's own gradients and kernels,
// where gomlxnet started.
func BenchmarkFitLecture(b *testing.B) {
	const rows, batchSize = 60000, 128
	backend := os.Getenv("GOMLX_BACKEND")
	if backend == "" {
		backend = "go"
	}
	x, y := syntheticMNIST(rows, 1)
	for _, variant := range []string{"gemm", "simplego", "gomlx"} {
		b.Run(variant, func(b *testing.B) {
			gemm := variant == "gemm"
			if status := simplegopatch.Install(); status.VJPs != nil || (gemm && status.Gemm != nil) {
				b.Skipf("GoMLX is not patched: %+v", status)
			}
			defer simplegopatch.SetGemm(gemm)()
			model := lectureModel(b, 42, backend)
			warmUp := func() { // compiles the graphs, hence differentiates them
				if _, err := model.Fit(x, y, FitOptions{Epochs: 1, BatchSize: batchSize, Quiet: true}); err != nil {
					b.Fatal(err)
				}
			}
			if variant == "gomlx" {
				simplegopatch.WithGoMLXVJPs(warmUp)
			} else {
				warmUp()
			}
			b.ResetTimer()
			if _, err := model.Fit(x, y, FitOptions{Epochs: b.N, BatchSize: batchSize, Quiet: true}); err != nil {
				b.Fatal(err)
			}
			b.StopTimer()
			steps := float64(b.N) * float64((rows+batchSize-1)/batchSize)
			secs := b.Elapsed().Seconds()
			b.ReportMetric(steps/secs, "steps/s")
			b.ReportMetric(secs/float64(b.N), "s/epoch")
		})
	}
}
