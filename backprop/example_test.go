package backprop_test

// Examples and tests that use only the public API: the hand-written
// backpropagation next to the library's Model/Fit path.

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/gonb-courses/neuralnets/arrays"
	"github.com/gonb-courses/neuralnets/backprop"
	"github.com/gonb-courses/neuralnets/course/lecture"
	"github.com/gonb-courses/neuralnets/datasets/mnist"
	"github.com/gonb-courses/neuralnets/fileio"
	"github.com/gonb-courses/neuralnets/gomlxnet"
	"github.com/gonb-courses/neuralnets/metrics"
)

// A 1-1-1 network small enough to check by hand: with W1 = 0 the hidden
// activation is σ(0) = 0.5, so z2 = 2·0.5 − 1 = 0 and the output is 0.5.
// For the label 1: L = (0.5 − 1)² = 0.25, δ2 = 2·(−0.5)·0.5·0.5 = −0.25,
// ∂L/∂W2 = a1·δ2 = −0.125, and δ1 = δ2·W2·a1(1 − a1) = −0.125, which is also
// ∂L/∂W1 because x = 1.
func ExampleGradients() {
	scalar := func(v float32) arrays.Array[float32] {
		return arrays.Array[float32]{Shape: []int{1, 1}, Data: []float32{v}}
	}
	vector := func(v float32) arrays.Array[float32] {
		return arrays.Array[float32]{Shape: []int{1}, Data: []float32{v}}
	}
	p := backprop.Params{W1: scalar(0), B1: vector(0), W2: scalar(2), B2: vector(-1)}
	grads, loss, err := backprop.Gradients(p, scalar(1), scalar(1))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("loss %.4f\n", loss)
	fmt.Printf("dW1 %.4f dB1 %.4f dW2 %.4f dB2 %.4f\n",
		grads.W1.Data[0], grads.B1.Data[0], grads.W2.Data[0], grads.B2.Data[0])
	// Output:
	// loss 0.2500
	// dW1 -0.1250 dB1 -0.1250 dW2 -0.1250 dB2 -0.2500
}

// Training a 2-4-2 network on the logical OR of two bits, with one-hot
// labels (column 0: false, column 1: true).
func ExampleTrain() {
	x := arrays.Array[float32]{Shape: []int{4, 2}, Data: []float32{0, 0, 0, 1, 1, 0, 1, 1}}
	y := arrays.Array[float32]{Shape: []int{4, 2}, Data: []float32{1, 0, 0, 1, 0, 1, 0, 1}}
	p := backprop.NewParams(2, 4, 2, 1)
	opts := backprop.Options{Epochs: 300, BatchSize: 4, LearningRate: 5, Seed: 1}
	p, hist, err := backprop.Train(p, x, y, opts)
	if err != nil {
		fmt.Println(err)
		return
	}
	acc, err := backprop.Accuracy(p, x, y)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("loss %.3f -> %.3f, accuracy %.2f\n", hist.Loss[0], hist.Loss[299], acc)
	// Output:
	// loss 0.195 -> 0.001, accuracy 1.00
}

var backpropFull = flag.Bool("backprop.full", false,
	"TestBackpropMatchesFit: train on real MNIST for 5 epochs (minutes; reads the verified data directory)")

var backpropJSON = flag.String("backprop.json", "",
	"with -backprop.full: also write the comparison to this file, relative to the package directory "+
		"(../results/backprop.json, which cmd/figures turns into lesson 9's table)")

// fitLecture trains the lecture's model shape in-to-hidden-out with sigmoid
// layers, mean squared error and plain SGD through the library path
// (NewModel, Compile, Fit) and returns the model.
func fitLecture(t *testing.T, in, hidden, out int, x, y arrays.Array[float32],
	lr float64, epochs, batch int, seed uint64) (*gomlxnet.Model, *metrics.History) {
	t.Helper()
	input := gomlxnet.Input(in)
	hiddenLayer := gomlxnet.Dense(hidden, gomlxnet.Sigmoid)(input)
	m, err := gomlxnet.NewModel(input, gomlxnet.Dense(out, gomlxnet.Sigmoid)(hiddenLayer))
	if err != nil {
		t.Fatal(err)
	}
	opts := gomlxnet.CompileOptions{Loss: gomlxnet.MeanSquaredError, Optimizer: gomlxnet.SGD(lr),
		Metrics: []string{"accuracy"}, Seed: seed}
	if err := m.Compile(opts); err != nil {
		t.Fatal(err)
	}
	h, err := m.Fit(x, y, gomlxnet.FitOptions{Epochs: epochs, BatchSize: batch, Quiet: true})
	if err != nil {
		t.Fatal(err)
	}
	return m, h
}

// TestBackpropMatchesFit trains the same network from the same seed with
// Train and with Model.Fit. Both start from the same glorot draws and
// visit the batches in the same order, so they must end with the same
// weights up to float32 rounding. Tolerance 1e-4: the 60 steps move weights
// by up to 0.65 and the two paths ended 6e-8 apart when measured (one
// float32 ulp), so 1e-4 leaves room for other platforms' rounding while a
// gradient off by 1% (≈ 6e-3 of that movement) fails. The epoch losses must
// agree to 1e-5 (measured: 1e-8) and the accuracies to one row in 230.
//
// With -backprop.full it instead trains the lecture's 784-30-10 network on
// MNIST for 5 epochs both ways and compares test accuracies (see lesson 9).
func TestBackpropMatchesFit(t *testing.T) {
	if *backpropFull {
		backpropVersusFitMNIST(t)
		return
	}
	const lr, epochs, batch, seed = 2, 4, 16, 5
	x, y := argmaxTask(230, 4) // 230 = 14·16 + 6: the last batch is partial
	m, fitHist := fitLecture(t, 6, 8, 3, x, y, lr, epochs, batch, seed)
	p, hist, err := backprop.Train(backprop.NewParams(6, 8, 3, seed), x, y,
		backprop.Options{Epochs: epochs, BatchSize: batch, LearningRate: lr, Seed: seed})
	if err != nil {
		t.Fatal(err)
	}
	ws, err := m.Weights()
	if err != nil {
		t.Fatal(err)
	}
	for i, a := range []arrays.Array[float32]{p.W1, p.B1, p.W2, p.B2} {
		for j := range a.Data {
			if d := math.Abs(float64(a.Data[j] - ws[i].Value.Data[j])); d > 1e-4 {
				t.Fatalf("%s[%d]: Train %g, Fit %g", ws[i].Name, j, a.Data[j], ws[i].Value.Data[j])
			}
		}
	}
	for e := range epochs {
		if math.Abs(hist.Loss[e]-fitHist.Loss[e]) > 1e-5 || math.Abs(hist.Accuracy[e]-fitHist.Accuracy[e]) > 1.0/230 {
			t.Errorf("epoch %d: loss %g acc %g (Train) vs %g %g (Fit)",
				e+1, hist.Loss[e], hist.Accuracy[e], fitHist.Loss[e], fitHist.Accuracy[e])
		}
	}
}

// backpropVersusFitMNIST is the -backprop.full comparison: the lecture's
// network, data and settings (784-30-10, lr 0.01, batch 128, seed 1) for 5
// epochs instead of 200, trained both ways, compared on the 10,000 test
// images. The two runs share initial weights and batch order, so their test
// accuracies must agree to 0.002 (20 images): float32 rounding may flip a
// few near-tied predictions after 2,345 steps, a wrong gradient moves far more.
func backpropVersusFitMNIST(t *testing.T) {
	const epochs, batch, lr, seed = 5, lecture.BatchSize, lecture.LearningRate, 1
	xTrain, yTrain, xTest, yTest := lectureMNIST(t)
	m, fitHist := fitLecture(t, 784, 30, 10, xTrain, yTrain, lr, epochs, batch, seed)
	_, fitAcc, err := m.Evaluate(xTest, yTest)
	if err != nil {
		t.Fatal(err)
	}
	p, hist, err := backprop.Train(backprop.NewParams(784, 30, 10, seed), xTrain, yTrain,
		backprop.Options{Epochs: epochs, BatchSize: batch, LearningRate: lr, Seed: seed, Progress: t.Output()})
	if err != nil {
		t.Fatal(err)
	}
	acc, err := backprop.Accuracy(p, xTest, yTest)
	if err != nil {
		t.Fatal(err)
	}
	steps := float64(epochs * ((xTrain.Rows() + batch - 1) / batch))
	t.Logf("test accuracy after %d epochs: Train %.4f, Fit %.4f", epochs, acc, fitAcc)
	t.Logf("training loss: Train %.5f, Fit %.5f", hist.Loss[epochs-1], fitHist.Loss[epochs-1])
	t.Logf("steps/s: Train %.0f, Fit %.0f", steps/sum(hist.SecondsPerEpoch), steps/sum(fitHist.SecondsPerEpoch))
	if math.Abs(acc-fitAcc) > 0.002 {
		t.Errorf("test accuracy %.4f (Train) vs %.4f (Fit)", acc, fitAcc)
	}
	if *backpropJSON != "" {
		writeBackpropJSON(t, *backpropJSON, map[string]any{"epochs": epochs, "batch_size": batch, "learning_rate": lr, "seed": seed,
			"backprop": map[string]float64{"test_accuracy": acc, "final_loss": hist.Loss[epochs-1], "steps_per_second": steps / sum(hist.SecondsPerEpoch)},
			"fit":      map[string]float64{"test_accuracy": fitAcc, "final_loss": fitHist.Loss[epochs-1], "steps_per_second": steps / sum(fitHist.SecondsPerEpoch)},
		})
	}
}

// writeBackpropJSON writes the -backprop.full comparison r to path, with the
// command that measured it, the backend, the CPUs and the load average.
func writeBackpropJSON(t *testing.T, path string, r map[string]any) {
	t.Helper()
	r["command"] = "go test ./backprop -run TestBackpropMatchesFit -backprop.full -backprop.json " + *backpropJSON
	if b := os.Getenv("GOMLX_BACKEND"); b != "" {
		r["command"] = "GOMLX_BACKEND=" + b + " " + r["command"].(string)
	}
	if b, err := gomlxnet.Backend(); err == nil {
		r["backend"] = b.Name()
	}
	r["cpus"] = runtime.GOMAXPROCS(0)
	if raw, err := os.ReadFile("/proc/loadavg"); err == nil {
		r["load_average"] = strings.Join(strings.Fields(string(raw))[:3], " ")
	}
	js, err := json.MarshalIndent(r, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	if err := fileio.WriteAtomic(path, append(js, '\n')); err != nil {
		t.Fatalf("-backprop.json: %v", err)
	}
}

// lectureMNIST loads MNIST from the verified data directory (never the
// network; it skips when the directory does not hold it) and prepares it as
// the lecture does: 784 pixels per row scaled to [0, 1], labels one-hot.
func lectureMNIST(t *testing.T) (xTrain, yTrain, xTest, yTest arrays.Array[float32]) {
	t.Helper()
	data, err := mnist.Load(mnist.Options{Mirrors: []string{}, ModCache: "off", GoProxy: "off"})
	if errors.Is(err, mnist.ErrNoSource) {
		t.Skipf("no verified MNIST in the data directory (go run ./cmd/getdata fetches it): %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	if xTrain, yTrain, err = mnist.Prepare(data.Train, 0, lecture.GreyLevels); err != nil {
		t.Fatal(err)
	}
	if xTest, yTest, err = mnist.Prepare(data.Test, 0, lecture.GreyLevels); err != nil {
		t.Fatal(err)
	}
	return xTrain, yTrain, xTest, yTest
}

// TestNewParamsMatchesCompile checks that NewParams draws exactly the
// weights gomlxnet's Compile draws for the same seed (glorot_uniform from the
// same PCG stream), so that Train and Fit start from the same network.
func TestNewParamsMatchesCompile(t *testing.T) {
	input := gomlxnet.Input(lecture.Inputs)
	hidden := gomlxnet.Dense(lecture.Hidden, gomlxnet.Sigmoid)(input)
	m, err := gomlxnet.NewModel(input, gomlxnet.Dense(lecture.Classes, gomlxnet.Sigmoid)(hidden))
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Compile(gomlxnet.CompileOptions{Loss: gomlxnet.MeanSquaredError, Optimizer: gomlxnet.SGD(lecture.LearningRate),
		Seed: 42, Backend: "go"}); err != nil {
		t.Fatal(err)
	}
	ws, err := m.Weights()
	if err != nil {
		t.Fatal(err)
	}
	p := backprop.NewParams(lecture.Inputs, lecture.Hidden, lecture.Classes, 42)
	for i, want := range []arrays.Array[float32]{p.W1, p.B1, p.W2, p.B2} {
		if !slices.Equal(ws[i].Value.Data, want.Data) {
			t.Errorf("%s differs from NewParams", ws[i].Name)
		}
	}
}

func sum(v []float64) float64 {
	var s float64
	for _, x := range v {
		s += x
	}
	return s
}

// argmaxTask returns n rows of 6 inputs uniform in [0, 1) whose one-hot label
// (3 classes) marks the largest of the first three inputs: a task a small
// network learns in a few epochs.
func argmaxTask(n int, seed uint64) (arrays.Array[float32], arrays.Array[float32]) {
	rng := rand.New(rand.NewPCG(seed, 3))
	x, y := arrays.New[float32](n, 6), arrays.New[float32](n, 3)
	for r := range n {
		row, best := x.Row(r), 0
		for i := range row {
			row[i] = float32(rng.Float64())
		}
		for c := range 3 {
			if row[c] > row[best] {
				best = c
			}
		}
		y.Row(r)[best] = 1
	}
	return x, y
}
