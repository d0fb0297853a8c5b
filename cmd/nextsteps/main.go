// Command nextsteps runs the experiments of lesson 8: the lecture's MNIST
// network (784-30-10 sigmoid, mean squared error, SGD 0.01) with one
// change at a time from its "next steps" slide (activation, cost,
// optimizer, initialisation, regularisation), then the helpful changes
// combined, a wider, a deeper and a convolutional network, each measured on
// the 10,000 test images.
//
//	go run ./cmd/nextsteps                     # everything (about half an hour on 2 CPUs)
//	go run ./cmd/nextsteps -only lecture,relu  # some experiments
//	go run ./cmd/nextsteps -fast               # 6000 training, 1000 test images, at most 2 epochs
//	go run ./cmd/nextsteps -list               # the experiments and what they change
//
// It prints a table (name | epochs | s/epoch | test accuracy) and writes to
// -out, each file through a temporary file renamed into place: results.json
// (every experiment's settings, timing, test loss and accuracy, and its
// per-epoch history, the test set serving as validation data), after each
// experiment so that an interrupted run keeps what it finished and a run of
// -only replaces only its own entries; single_changes.svg and overhaul.svg,
// the accuracy curves of the two groups of experiments (plots.Compare); and
// cnn.gmlx, the trained convolutional network (gomlxnet.LoadModel). With
// -json FILE it also writes results.json's content to FILE (the committed
// results/nextsteps.json that cmd/figures turns into lesson 8's and the
// README's tables), with the command line that measured it.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/gonb-courses/neuralnets/arrays"
	"github.com/gonb-courses/neuralnets/course/lecture"
	"github.com/gonb-courses/neuralnets/datasets/mnist"
)

// Fast mode's sizes: a tenth of MNIST, at most two epochs.
const (
	fastTrain  = 6000
	fastTest   = 1000
	fastEpochs = 2
	greyLevels = lecture.GreyLevels // x / 255 scales the grey levels to [0, 1]
)

// config holds the command's flags.
type config struct {
	only    []string // experiment names; nil: all
	epochs  int      // 0: each experiment's own
	fast    bool
	list    bool
	backend string
	out     string
	json    string // also write the results there ("": no)
	command string // the command line, recorded in the results
	seed    uint64
}

func main() {
	c, err := parseFlags(os.Args[1:], os.Stderr)
	if err == nil {
		err = run(c, os.Stdout, os.Stderr)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "nextsteps:", err)
		os.Exit(1)
	}
}

// parseFlags reads the command line into a config.
func parseFlags(args []string, stderr io.Writer) (config, error) {
	var c config
	var only string
	fs := flag.NewFlagSet("nextsteps", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&only, "only", "", "comma-separated experiments to run (see -list); default all")
	fs.IntVar(&c.epochs, "epochs", 0, "epochs for every experiment (0: each one's own)")
	fs.BoolVar(&c.fast, "fast", false, fmt.Sprintf("train on %d images, test on %d, %d epochs", fastTrain, fastTest, fastEpochs))
	fs.BoolVar(&c.list, "list", false, "list the experiments and exit")
	fs.StringVar(&c.backend, "backend", "", `GoMLX backend, e.g. "go" ("": $GOMLX_BACKEND, else XLA if installed, else go)`)
	fs.StringVar(&c.out, "out", "out/nextsteps", "directory for results.json, the plots and cnn.gmlx")
	fs.StringVar(&c.json, "json", "", "also write the results to this file (as results.json, with the command line)")
	fs.Uint64Var(&c.seed, "seed", 42, "seed of the initialisation, shuffling and dropout")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	c.command = strings.TrimSpace("go run ./cmd/nextsteps " + strings.Join(args, " "))
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	if c.epochs < 0 {
		return c, errors.New("-epochs must not be negative")
	}
	if only != "" {
		c.only = strings.Split(only, ",")
	}
	if _, err := selectExperiments(c.only); err != nil {
		return c, err
	}
	return c, nil
}

// selectExperiments returns the experiments named (all for nil), in the
// order of experiments().
func selectExperiments(names []string) ([]experiment, error) {
	all := experiments()
	if names == nil {
		return all, nil
	}
	known := make([]string, len(all))
	for i, e := range all {
		known[i] = e.name
	}
	for _, n := range names {
		if !slices.Contains(known, n) {
			return nil, fmt.Errorf("unknown experiment %q (want one of %s)", n, strings.Join(known, ", "))
		}
	}
	var out []experiment
	for _, e := range all {
		if slices.Contains(names, e.name) {
			out = append(out, e)
		}
	}
	return out, nil
}

// run loads MNIST and runs the selected experiments, writing the table to
// stdout and Fit's progress to progress.
func run(c config, stdout, progress io.Writer) error {
	exps, err := selectExperiments(c.only)
	if err != nil {
		return err
	}
	if c.list {
		for _, e := range exps {
			fmt.Fprintf(stdout, "%-22s from %-10s %s\n", e.name, e.base, e.change)
		}
		return nil
	}
	d, err := loadData(c.fast)
	if err != nil {
		return err
	}
	return runExperiments(c, exps, d, stdout, progress)
}

// data is the training and test set, prepared as in the lecture.
type data struct {
	xTrain, yTrain, xTest, yTest arrays.Array[float32]
}

// loadData loads MNIST, flattens the images row-major to 784 values,
// divides them by 255 and one-hot encodes the labels (mnist.Prepare); in
// fast mode it keeps the first fastTrain training and fastTest test images.
func loadData(fast bool) (data, error) {
	var d data
	ds, err := mnist.Dataset()
	if err != nil {
		return d, err
	}
	nTrain, nTest := 0, 0 // all
	if fast {
		nTrain, nTest = fastTrain, fastTest
	}
	if d.xTrain, d.yTrain, err = mnist.Prepare(ds.Train, nTrain, greyLevels); err != nil {
		return d, err
	}
	if d.xTest, d.yTest, err = mnist.Prepare(ds.Test, nTest, greyLevels); err != nil {
		return d, err
	}
	return d, nil
}
