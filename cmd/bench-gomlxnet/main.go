// Command bench-gomlxnet times the course's GoMLX layer (package gomlxnet) on
// the lecture's network (-model mlp: 784-30-10, sigmoid layers, mean squared
// error, SGD 0.01, batches of 128) or the next-steps CNN (-model cnn: as
// `go run ./cmd/nextsteps -only cnn`). It prints one JSON line in the format
// every peer of scripts/bench.sh shares (bench/gonumnet.Report).
//
//	go run ./cmd/bench-gomlxnet                       # synthetic data, 1 warm-up + 5 timed epochs
//	go run ./cmd/bench-gomlxnet -data real -backend go
//	go run ./cmd/bench-gomlxnet -model cnn -data real -steps 20 -epochs 2
//	go run ./cmd/bench-gomlxnet -patches none -steps 100   # GoMLX v0.26.0 as shipped
//	go run ./cmd/bench-gomlxnet -history bench/results/history.json -steps 100 -epochs 3
//
// The epoch times are the ones Fit records (History.SecondsPerEpoch: all of an
// epoch's gradient steps, batch gathering included), the first -warmup of them
// dropped: they include compiling the graphs. With -steps N, each epoch
// trains on the first N batches' rows only, and its time is scaled to a full
// epoch of the data (times steps_per_epoch/N).
//
// -patches keeps only some of gomlxnet's changes to GoMLX's pure-Go backend
// (patches.go): none, the matrix-product gradients (vjp), those and gonum's
// gemm (gemm), or all. -history runs the program once for each of them,
// -rounds times in turns, and writes the reports to a JSON file (history.go)
// from which cmd/figures writes the README's table.
package main

import (
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"runtime/debug"

	"github.com/gonb-courses/neuralnets/arrays"
	"github.com/gonb-courses/neuralnets/bench/gonumnet"
	"github.com/gonb-courses/neuralnets/course/lecture"
	"github.com/gonb-courses/neuralnets/datasets/mnist"
	"github.com/gonb-courses/neuralnets/gomlxnet"
)

// The lecture's network and training setup.
const (
	hidden       = lecture.Hidden  // layer_dense(units = 30, activation = 'sigmoid')
	classes      = lecture.Classes // layer_dense(units = 10, activation = 'sigmoid')
	pixels       = lecture.Inputs
	lectureBatch = lecture.BatchSize    // batch_size in fit()
	lectureLR    = lecture.LearningRate // optimizer_sgd(learning_rate = 0.01)
	mnistTrain   = lecture.TrainImages  // MNIST training images, the size of the synthetic set
	greyLevels   = lecture.GreyLevels   // the largest 8-bit grey level: x / 255 scales to [0, 1]
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "bench-gomlxnet:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	fs := flag.NewFlagSet("bench-gomlxnet", flag.ContinueOnError)
	epochs := fs.Int("epochs", 5, "timed epochs, after the warm-up")
	warmup := fs.Int("warmup", 1, "untimed warm-up epochs")
	data := fs.String("data", "synthetic", "training data: real (MNIST) or synthetic (random, MNIST's shape)")
	dataDir := fs.String("data-dir", "", "directory holding the MNIST .gz files (default: gomlxnet's)")
	nSynthetic := fs.Int("examples", mnistTrain, "number of synthetic examples")
	batch := fs.Int("batch", lectureBatch, "batch size")
	lr := fs.Float64("lr", lectureLR, "SGD learning rate")
	threads := fs.Int("threads", 0, "GOMAXPROCS for the run (0: leave as is)")
	backend := fs.String("backend", "", `GoMLX backend, e.g. "go" or "xla:cpu" ("": gomlxnet's choice)`)
	seed := fs.Uint64("seed", 1, "seed of the initialisation, the shuffle and the synthetic data")
	model := fs.String("model", "mlp", "network: mlp (the lecture's) or cnn (cmd/nextsteps' -only cnn)")
	steps := fs.Int("steps", 0, "timed steps per epoch, scaled to a full epoch (0: whole epochs)")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the training to this file (go tool pprof reads it)")
	patches := fs.String("patches", "all", "gomlxnet's changes to GoMLX kept: none, vjp, gemm or all (patches.go)")
	history := fs.String("history", "", "time every -patches level in turns, -rounds times, and write the results to this JSON file (history.go)")
	rounds := fs.Int("rounds", 3, "with -history, rounds of the levels")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %v", fs.Args())
	}
	if *epochs < 1 || *warmup < 0 || *threads < 0 || *steps < 0 || *batch < 1 {
		return fmt.Errorf("need -epochs >= 1, -warmup >= 0, -threads >= 0, -steps >= 0, -batch >= 1 (got %d, %d, %d, %d, %d)",
			*epochs, *warmup, *threads, *steps, *batch)
	}
	level, err := findPatchLevel(*patches)
	if err != nil {
		return err
	}
	if *history != "" {
		return runHistory(*history, *rounds, fs)
	}
	if *threads > 0 {
		runtime.GOMAXPROCS(*threads)
	}

	var x, y arrays.Array[float32]
	switch *data {
	case "synthetic":
		x, y, err = synthetic(*nSynthetic, rand.New(rand.NewPCG(*seed, *seed)))
	case "real":
		x, y, err = loadMNIST(*dataDir)
	default:
		return fmt.Errorf("-data must be real or synthetic, got %q", *data)
	}
	if err != nil {
		return err
	}

	examples, fullSteps := x.Rows(), gonumnet.StepsPerEpoch(x.Rows(), *batch)
	if *steps > 0 {
		x, y = firstRows(x, *steps**batch), firstRows(y, *steps**batch)
	}
	var h *gomlxnet.History
	err = level.apply(func() error {
		m, err := buildModel(*model, *lr, *seed, *backend)
		if err != nil {
			return err
		}
		stopProfile, err := gonumnet.StartCPUProfile(*cpuProfile)
		if err != nil {
			return err
		}
		h, err = m.Fit(x, y, gomlxnet.FitOptions{Epochs: *warmup + *epochs, BatchSize: *batch, Quiet: true})
		return errors.Join(err, stopProfile())
	})
	if err != nil {
		return err
	}
	if len(h.SecondsPerEpoch) != *warmup+*epochs || len(h.Loss) == 0 {
		return fmt.Errorf("Fit recorded %d epochs, want %d", len(h.SecondsPerEpoch), *warmup+*epochs)
	}
	timedSteps := gonumnet.StepsPerEpoch(x.Rows(), *batch)
	secs := make([]float64, 0, *epochs)
	for _, s := range h.SecondsPerEpoch[*warmup:] {
		secs = append(secs, s*float64(fullSteps)/float64(timedSteps))
	}
	r := gonumnet.NewReport("gomlxnet", gonumnet.Timing{
		Seconds: secs, Median: gonumnet.Median(secs), Steps: fullSteps, FinalLoss: h.Loss[len(h.Loss)-1],
	})
	r.Model, r.TimedSteps = *model, timedSteps
	r.Threads = runtime.GOMAXPROCS(0)
	r.DType = "float32" // gomlxnet computes in float32 only, as keras does by default
	r.Data = *data
	r.Examples = examples
	r.BatchSize = *batch
	r.WarmupEpochs = *warmup
	name := *backend
	if name == "" {
		name = "default"
	}
	r.Version = fmt.Sprintf("%s gomlx %s backend %s", runtime.Version(), moduleVersion("github.com/gomlx/gomlx"), name)
	r.BLAS = "GoMLX backend " + name
	if level.name != "all" {
		r.BLAS += ", -patches " + level.name
	}
	return r.Write(os.Stdout)
}

// loadMNIST loads the MNIST training split from the data directory or the Go
// module cache, never the network (a benchmark must not download), scaled
// and one-hot encoded as the lecture does.
func loadMNIST(dir string) (x, y arrays.Array[float32], err error) {
	ds, err := mnist.Load(mnist.Options{Dir: dir, Mirrors: []string{}, GoProxy: "off"})
	if err != nil {
		return x, y, err
	}
	if x, err = arrays.ToFloat32(ds.Train.X, greyLevels); err != nil {
		return x, y, err
	}
	if x, err = arrays.Reshape(x, x.Rows(), pixels); err != nil {
		return x, y, err
	}
	y, err = arrays.ToCategorical(ds.Train.Y, classes)
	return x, y, err
}

// synthetic returns n random examples of MNIST's shape and sparsity with
// one-hot labels, like gonumnet.Synthetic but in float32.
func synthetic(n int, rng *rand.Rand) (x, y arrays.Array[float32], err error) {
	if n <= 0 {
		return x, y, fmt.Errorf("-examples must be positive, got %d", n)
	}
	x, y = arrays.New[float32](n, pixels), arrays.New[float32](n, classes)
	for i := range x.Data {
		if rng.Float64() >= gonumnet.MNISTZeroFraction {
			x.Data[i] = rng.Float32()
		}
	}
	for i := range n {
		y.Row(i)[rng.IntN(classes)] = 1
	}
	return x, y, nil
}

// moduleVersion returns the version of the named dependency built in, or "unknown".
func moduleVersion(path string) string {
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, m := range info.Deps {
			if m.Path == path {
				return m.Version
			}
		}
	}
	return "unknown"
}
