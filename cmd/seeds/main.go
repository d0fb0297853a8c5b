// Command seeds repeats the lecture's training run (cmd/lecture: MNIST,
// 784-30-10 sigmoid, mean squared error, SGD) over several seeds and input
// scales, and keeps every run's per-epoch training loss and accuracy and its
// test loss and accuracy in one JSON result file (internal/seedruns).
//
//	go run ./cmd/seeds -seeds 1-10,42 -scales 1,255     # the lecture's 200 epochs: results/seeds.json
//	go run ./cmd/seeds -seeds 1-2 -epochs 2 -out /tmp/s.json
//
// Runs go to -workers child processes of this command (one per CPU by
// default), each on -threads threads. The file is rewritten (through a
// temporary file renamed into place) after every finished run, and runs
// already in it are skipped, so an interrupted command picks up where it
// stopped when started again. cmd/figures turns the file into the
// lesson's table and picture.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"strconv"
	"strings"

	"github.com/gonb-courses/neuralnets/course/lecture"
	"github.com/gonb-courses/neuralnets/internal/seedruns"
)

// The lecture's settings, the flags' defaults (as in cmd/lecture).
const (
	lectureEpochs    = lecture.Epochs
	lectureBatchSize = lecture.BatchSize
	lectureRate      = lecture.LearningRate
)

// config holds the command's flags.
type config struct {
	seeds            []uint64
	scales           []float64
	epochs, batch    int
	rate             float64
	backend, out     string
	workers, threads int
	// worker mode: run one seed of one scale and write the Run to runOut.
	worker bool
	runOut string
}

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "seeds:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout, stderr io.Writer) error {
	c, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	if c.worker {
		return workerMain(c, stderr)
	}
	return coordinate(c, args, stdout)
}

// parseFlags reads the command line into a config.
func parseFlags(args []string, stderr io.Writer) (config, error) {
	c := config{}
	fs := flag.NewFlagSet("seeds", flag.ContinueOnError)
	fs.SetOutput(stderr)
	seeds := fs.String("seeds", "1-10", `seeds to run: a list of seeds and ranges, e.g. "1-10,42"`)
	scales := fs.String("scales", "1,255", `input scales to run, e.g. "1,255" (1: grey levels 0..255 as on the slide; 255: [0, 1])`)
	fs.IntVar(&c.epochs, "epochs", lectureEpochs, "passes over the training data")
	fs.IntVar(&c.batch, "batch-size", lectureBatchSize, "rows per gradient step")
	fs.Float64Var(&c.rate, "learning-rate", lectureRate, "SGD learning rate")
	fs.StringVar(&c.backend, "backend", "", `GoMLX backend ("": $GOMLX_BACKEND, else XLA if installed, else go)`)
	fs.StringVar(&c.out, "out", "results/seeds.json", "result file (read first: runs already in it are skipped)")
	fs.IntVar(&c.workers, "workers", runtime.NumCPU(), "runs at a time, each in its own process")
	fs.IntVar(&c.threads, "threads", 1, "threads (GOMAXPROCS) of each run")
	fs.BoolVar(&c.worker, "worker", false, "internal: run one seed of one scale, write it to -run-out")
	fs.StringVar(&c.runOut, "run-out", "", "internal: where a worker writes its run")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	var err error
	if c.seeds, err = parseSeeds(*seeds); err != nil {
		return c, fmt.Errorf("-seeds %q: %w", *seeds, err)
	}
	if c.scales, err = parseScales(*scales); err != nil {
		return c, fmt.Errorf("-scales %q: %w", *scales, err)
	}
	if c.epochs < 1 || c.batch < 1 || !(c.rate > 0) || c.workers < 1 || c.threads < 1 {
		return c, errors.New("-epochs, -batch-size, -learning-rate, -workers and -threads must be positive")
	}
	if c.worker && (c.runOut == "" || len(c.seeds) != 1 || len(c.scales) != 1) {
		return c, errors.New("-worker needs -run-out, one seed and one scale")
	}
	return c, nil
}

// parseSeeds reads "1-10,42" as 1, 2, ..., 10, 42, each once, in order.
func parseSeeds(s string) ([]uint64, error) {
	var out []uint64
	seen := map[uint64]bool{}
	for _, part := range strings.Split(s, ",") {
		lo, hi, isRange := strings.Cut(strings.TrimSpace(part), "-")
		a, err := strconv.ParseUint(lo, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("want seeds like 1-10,42: %w", err)
		}
		b := a
		if isRange {
			if b, err = strconv.ParseUint(hi, 10, 64); err != nil || b < a || b-a > 10000 {
				return nil, fmt.Errorf("want a range low-high (at most 10000 seeds), got %q", part)
			}
		}
		for v := a; v <= b; v++ {
			if !seen[v] {
				seen[v] = true
				out = append(out, v)
			}
		}
	}
	return out, nil
}

// parseScales reads "1,255" as positive numbers.
func parseScales(s string) ([]float64, error) {
	var out []float64
	for _, part := range strings.Split(s, ",") {
		v, err := strconv.ParseFloat(strings.TrimSpace(part), 64)
		if err != nil || !(v > 0) {
			return nil, fmt.Errorf("want positive numbers like 1,255, got %q", part)
		}
		out = append(out, v)
	}
	return out, nil
}

// setting is the seedruns.Setting of scale under c.
func (c config) setting(scale float64) seedruns.Setting {
	return seedruns.Setting{Scale: scale, Epochs: c.epochs, BatchSize: c.batch, LearningRate: c.rate}
}
