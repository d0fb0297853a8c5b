// Command lecture runs the lecture's MNIST example end to end, as its R
// code does: load MNIST, flatten the images row-major to 784 values, scale
// them, one-hot encode the labels, build the 784-30-10 sigmoid network,
// print its summary, train it with mean squared error and SGD, and evaluate
// it on the test images.
//
//	go run ./cmd/lecture                   # the lecture: 200 epochs, batches of 128, unscaled inputs
//	go run ./cmd/lecture -epochs 2 -scale 255
//
// After every epoch it rewrites history.csv and history.json in -out (through
// a temporary file renamed into place), so an interrupted run keeps the
// epochs it finished. Its last line is "test accuracy: 0.xxxx". With
// -json FILE it also writes the run's settings, history, test results and
// confusion matrix to FILE (results/lecture.json, which cmd/figures turns
// into lesson 6's figures).
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/gonb-courses/neuralnets/course/lecture"
	"github.com/gonb-courses/neuralnets/datasets/mnist"
	"github.com/gonb-courses/neuralnets/gomlxnet"
	"github.com/gonb-courses/neuralnets/metrics"
)

// The lecture's settings, used as the flags' defaults.
const (
	lectureEpochs    = lecture.Epochs       // fit(epochs = 200)
	lectureBatchSize = lecture.BatchSize    // fit(batch_size = 128)
	lectureRate      = lecture.LearningRate // optimizer_sgd()'s default learning rate
	greyLevels       = lecture.GreyLevels   // the largest grey level: x / 255 scales to [0, 1]
	// slideScale divides the grey levels by default: 1, i.e. unscaled, is the setting
	// that reproduces the slide's curve (lessons/05_training.md compares both over seeds).
	slideScale  = lecture.InputScale
	pixels      = lecture.Inputs
	classes     = lecture.Classes
	hiddenUnits = lecture.Hidden // layer_dense(units = 30, activation = 'sigmoid')
)

// config holds the command's flags.
type config struct {
	epochs, batchSize   int
	learningRate, scale float64
	backend, out, json  string
	seed                uint64
}

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "lecture:", err)
		os.Exit(1)
	}
}

// parseFlags reads the command line into a config.
func parseFlags(args []string, stderr io.Writer) (config, error) {
	var c config
	fs := flag.NewFlagSet("lecture", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.IntVar(&c.epochs, "epochs", lectureEpochs, "passes over the training data")
	fs.IntVar(&c.batchSize, "batch-size", lectureBatchSize, "rows per gradient step")
	fs.Float64Var(&c.learningRate, "learning-rate", lectureRate, "SGD learning rate")
	fs.Float64Var(&c.scale, "scale", slideScale, "divide the grey levels 0..255 by this (255: [0, 1]; 1: unscaled)")
	fs.StringVar(&c.backend, "backend", "", `GoMLX backend, e.g. "go" or "xla:cpu" ("": $GOMLX_BACKEND, else XLA if installed, else go)`)
	fs.Uint64Var(&c.seed, "seed", 42, "seed of the initialisation and the shuffling")
	fs.StringVar(&c.out, "out", "out/lecture", "directory for history.csv and history.json")
	fs.StringVar(&c.json, "json", "", "also write the settings, history, test results and confusion matrix to this file")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	if c.epochs < 1 || c.batchSize < 1 || !(c.learningRate > 0) || !(c.scale > 0) {
		return c, errors.New("-epochs, -batch-size, -learning-rate and -scale must be positive")
	}
	return c, nil
}

// run is the command: it writes the summary, the progress and the test
// accuracy to stdout.
func run(args []string, stdout io.Writer) error {
	c, err := parseFlags(args, os.Stderr)
	if err != nil {
		return err
	}
	if err := checkOutDir(c.out); err != nil { // before minutes of training, not after
		return err
	}
	data, err := mnist.Dataset()
	if err != nil {
		return err
	}
	xTrain, yTrain, err := mnist.Prepare(data.Train, 0, float32(c.scale))
	if err != nil {
		return err
	}
	xTest, yTest, err := mnist.Prepare(data.Test, 0, float32(c.scale))
	if err != nil {
		return err
	}

	input := gomlxnet.Input(pixels)
	hidden := gomlxnet.Dense(hiddenUnits, gomlxnet.Sigmoid)(input)
	output := gomlxnet.Dense(classes, gomlxnet.Sigmoid)(hidden)
	model, err := gomlxnet.NewModel(input, output)
	if err != nil {
		return err
	}
	if err := model.SummaryTo(stdout); err != nil {
		return err
	}
	err = model.Compile(gomlxnet.CompileOptions{
		Loss:      gomlxnet.MeanSquaredError,
		Optimizer: gomlxnet.SGD(c.learningRate),
		Metrics:   []string{"accuracy"},
		Seed:      c.seed,
		Backend:   c.backend,
	})
	if err != nil {
		return err
	}
	history, err := model.Fit(xTrain, yTrain, gomlxnet.FitOptions{
		Epochs:     c.epochs,
		BatchSize:  c.batchSize,
		Progress:   stdout,
		OnEpochEnd: func(h *metrics.History) error { return writeHistory(c.out, h) },
	})
	if err != nil {
		return err
	}
	loss, accuracy, err := model.Evaluate(xTest, yTest)
	if err != nil {
		return err
	}
	if c.json != "" {
		r, err := newResult(c, args, model, history, xTest, yTest, loss, accuracy)
		if err != nil {
			return err
		}
		if err := writeResult(r, c.json); err != nil {
			return err
		}
	}
	_, err = fmt.Fprintf(stdout, "test accuracy: %.4f\n", accuracy)
	return err
}

// checkOutDir creates the -out directory if needed and checks a file can be
// written in it.
func checkOutDir(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("-out %s: %w", dir, err)
	}
	probe, err := os.CreateTemp(dir, ".write-test.*.tmp")
	if err != nil {
		return fmt.Errorf("-out %s: cannot write there (%w); choose another directory with -out", dir, err)
	}
	probe.Close()
	return os.Remove(probe.Name())
}
