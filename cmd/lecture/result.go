package main

import (
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"strings"

	"github.com/gonb-courses/neuralnets/arrays"
	"github.com/gonb-courses/neuralnets/fileio"
	"github.com/gonb-courses/neuralnets/gomlxnet"
	"github.com/gonb-courses/neuralnets/gomlxnet/plots"
	"github.com/gonb-courses/neuralnets/metrics"
)

// result is what -json writes: the run's settings, its training history and
// its test results, with the test set's confusion matrix (cmd/figures turns
// it into lesson 6's figures).
type result struct {
	Command      string           `json:"command"`
	Epochs       int              `json:"epochs"`
	BatchSize    int              `json:"batch_size"`
	LearningRate float64          `json:"learning_rate"`
	Scale        float64          `json:"scale"`
	Seed         uint64           `json:"seed"`
	Backend      string           `json:"backend"`
	CPUs         int              `json:"cpus"`
	LoadAverage  string           `json:"load_average,omitempty"` // /proc/loadavg after the run
	Params       int              `json:"params"`
	TestLoss     float64          `json:"test_loss"`
	TestAccuracy float64          `json:"test_accuracy"`
	Confusion    [][]int          `json:"confusion"` // [true digit][predicted digit] over the test set
	History      *metrics.History `json:"history"`
}

// newResult gathers what -json records of a finished run whose test loss
// and accuracy are loss and accuracy.
func newResult(c config, args []string, model *gomlxnet.Model, h *metrics.History,
	xTest, yTest arrays.Array[float32], loss, accuracy float64) (*result, error) {
	r := &result{Command: strings.TrimSpace("go run ./cmd/lecture " + strings.Join(args, " ")),
		Epochs: c.epochs, BatchSize: c.batchSize, LearningRate: c.learningRate, Scale: c.scale, Seed: c.seed,
		CPUs: runtime.GOMAXPROCS(0), LoadAverage: loadAverage(), Params: model.ParamCount(), History: h,
		TestLoss: loss, TestAccuracy: accuracy}
	b, err := gomlxnet.BackendFor(c.backend)
	if err != nil {
		return nil, err
	}
	r.Backend = b.Name()
	pred, err := model.Predict(xTest)
	if err != nil {
		return nil, err
	}
	predicted, err := arrays.ArgMax(pred)
	if err != nil {
		return nil, err
	}
	labels, err := arrays.ArgMax(yTest)
	if err != nil {
		return nil, err
	}
	if r.Confusion, err = plots.ConfusionMatrix(labels, predicted, classes); err != nil {
		return nil, err
	}
	return r, nil
}

// write saves r as path, through a temporary file renamed into place.
func (r *result) write(path string) error {
	js, err := json.MarshalIndent(r, "", " ")
	if err != nil {
		return fmt.Errorf("-json: %w", err)
	}
	if err := fileio.WriteAtomic(path, append(js, '\n')); err != nil {
		return fmt.Errorf("-json: %w", err)
	}
	return nil
}

// loadAverage returns the 1, 5 and 15 minute load averages from
// /proc/loadavg, or "" where there is none.
func loadAverage() string {
	raw, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	f := strings.Fields(string(raw))
	return strings.Join(f[:min(3, len(f))], " ")
}
