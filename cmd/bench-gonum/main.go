// Command bench-gonum times the plain-Go baseline of the training-speed
// benchmark: the lecture's 784-30-10 sigmoid network trained with SGD on
// gonum matrices (package bench/gonumnet). It prints one JSON line in the
// format every peer of scripts/bench.sh shares.
//
//	go run ./cmd/bench-gonum                      # synthetic data, 1 warm-up + 5 timed epochs
//	go run ./cmd/bench-gonum -data real -epochs 3 # MNIST from $GOMLXNET_DATA or the caches
//
// Threads: gonum's BLAS uses up to GOMAXPROCS goroutines; set -threads or GOMAXPROCS.
package main

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"runtime/debug"

	"github.com/gonb-courses/neuralnets/bench/gonumnet"
	"github.com/gonb-courses/neuralnets/course/lecture"
)

// The lecture's training setup.
const (
	lectureBatch = lecture.BatchSize    // batch_size in fit()
	lectureLR    = lecture.LearningRate // optimizer_sgd(learning_rate = 0.01)
	mnistTrain   = lecture.TrainImages  // MNIST training images, the size of the synthetic set
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "bench-gonum:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	fs := flag.NewFlagSet("bench-gonum", flag.ContinueOnError)
	epochs := fs.Int("epochs", 5, "timed epochs, after the warm-up")
	warmup := fs.Int("warmup", 1, "untimed warm-up epochs")
	data := fs.String("data", "synthetic", "training data: real (MNIST) or synthetic (random, MNIST's shape)")
	dataDir := fs.String("data-dir", "", "directory holding the MNIST .gz files (default: search $GOMLXNET_DATA and the caches)")
	examples := fs.Int("examples", mnistTrain, "number of synthetic examples")
	batch := fs.Int("batch", lectureBatch, "batch size")
	lr := fs.Float64("lr", lectureLR, "SGD learning rate")
	threads := fs.Int("threads", 0, "GOMAXPROCS for the run (0: leave as is)")
	seed := fs.Uint64("seed", 1, "seed of the initialisation, the shuffle and the synthetic data")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the training to this file (go tool pprof reads it)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %v", fs.Args())
	}
	if *threads < 0 {
		return fmt.Errorf("-threads must be >= 0, got %d", *threads)
	}
	if *threads > 0 {
		runtime.GOMAXPROCS(*threads)
	}

	rng := rand.New(rand.NewPCG(*seed, *seed))
	var ds gonumnet.Dataset
	var err error
	switch *data {
	case "synthetic":
		ds, err = gonumnet.Synthetic(*examples, rng)
	case "real":
		dirs := gonumnet.DataDirs()
		if *dataDir != "" {
			dirs = []string{*dataDir}
		}
		ds, err = gonumnet.LoadMNIST(dirs...)
	default:
		return fmt.Errorf("-data must be real or synthetic, got %q", *data)
	}
	if err != nil {
		return err
	}

	net, err := gonumnet.New(gonumnet.Inputs, gonumnet.Hidden, gonumnet.Outputs, rng)
	if err != nil {
		return err
	}
	tr := &gonumnet.Trainer{Net: net, BatchSize: *batch, LR: *lr, Rng: rng}
	stopProfile, err := gonumnet.StartCPUProfile(*cpuProfile)
	if err != nil {
		return err
	}
	timing, err := gonumnet.TimeEpochs(*warmup, *epochs, func() (float64, int, error) { return tr.Epoch(ds) })
	if err := stopProfile(); err != nil {
		return err
	}
	if err != nil {
		return err
	}
	r := gonumnet.NewReport("gonum", timing)
	r.Threads = runtime.GOMAXPROCS(0)
	r.DType = "float64"
	r.Data = *data
	r.Examples = ds.Len()
	r.BatchSize = *batch
	r.WarmupEpochs = *warmup
	r.Version = runtime.Version() + " gonum " + moduleVersion("gonum.org/v1/gonum")
	r.BLAS = "gonum/blas/gonum (pure Go)"
	return r.Write(os.Stdout)
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
