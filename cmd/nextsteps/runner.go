package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"time"

	g "github.com/gonb-courses/neuralnets/gomlxnet"
	"github.com/gonb-courses/neuralnets/internal/results"
)

// runExperiments runs exps on d one after the other, printing a row of the
// table and rewriting results.json after each, then the plots; the trained
// "cnn" is saved as cnn.gmlx. Fit's progress goes to progress (standard
// error from main; nil: none).
func runExperiments(c config, exps []experiment, d data, stdout, progress io.Writer) error {
	if err := os.MkdirAll(c.out, 0o755); err != nil {
		return fmt.Errorf("output directory: %w", err)
	}
	rf, err := readResults(c.out)
	if err != nil {
		return err
	}
	printHeader(stdout)
	for _, e := range exps {
		r, model, err := runOne(c, e, d, progress)
		if err != nil {
			return fmt.Errorf("%s: %w", e.name, err)
		}
		printRow(stdout, r)
		rf.Backend = describeBackend(c.backend)
		rf.Command, rf.CPUs = c.command, runtime.GOMAXPROCS(0)
		rf.merge(r)
		if err := rf.write(filepath.Join(c.out, resultsName)); err != nil {
			return err
		}
		if c.json != "" {
			if err := rf.write(c.json); err != nil {
				return fmt.Errorf("-json: %w", err)
			}
		}
		if e.name == "cnn" {
			if err := model.Save(filepath.Join(c.out, cnnName)); err != nil {
				return err
			}
		}
	}
	return rf.writePlots(c.out)
}

// epochsFor returns how many epochs e trains for under c.
func epochsFor(c config, e experiment) int {
	switch {
	case c.epochs > 0:
		return c.epochs
	case c.fast:
		return min(e.epochs, fastEpochs)
	}
	return e.epochs
}

// runOne builds, trains and evaluates one experiment.
func runOne(c config, e experiment, d data, progress io.Writer) (r result, _ *g.Model, _ error) {
	start := time.Now()
	defer func() { r.Seconds, r.LoadAverage = time.Since(start).Seconds(), results.LoadAverage() }()
	r = result{Name: e.name, Base: e.base, Change: e.change, Epochs: epochsFor(c, e), BatchSize: batchSize,
		TrainRows: d.xTrain.Rows(), TestRows: d.xTest.Rows()}
	model, err := e.build()
	if err != nil {
		return r, nil, err
	}
	r.Params = model.ParamCount()
	err = model.Compile(g.CompileOptions{
		Loss: e.loss, Optimizer: e.opt(), Metrics: []string{"accuracy"}, Seed: c.seed, Backend: c.backend,
	})
	if err != nil {
		return r, nil, err
	}
	if progress != nil {
		fmt.Fprintf(progress, "%s: %s (%s parameters)\n", e.name, e.change, groupDigits(r.Params))
	}
	r.History, err = model.Fit(d.xTrain, d.yTrain, g.FitOptions{
		Epochs: r.Epochs, BatchSize: batchSize, ValidationX: d.xTest, ValidationY: d.yTest,
		Quiet: progress == nil, Progress: progress,
	})
	if err != nil {
		return r, nil, err
	}
	for _, s := range r.History.SecondsPerEpoch {
		r.SecondsPerEpoch += s / float64(len(r.History.SecondsPerEpoch))
	}
	r.TestLoss, r.TestAccuracy, err = model.Evaluate(d.xTest, d.yTest)
	return r, model, err
}

// describeBackend names the backend the experiments ran on.
func describeBackend(config string) string {
	b, err := g.BackendFor(config)
	if err != nil {
		return config
	}
	return b.Name() + ": " + b.Description()
}

// groupDigits formats n with thousands separators: 23860 -> "23,860".
func groupDigits(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
