package main

import (
	"encoding/json"
	"fmt"
	"runtime"
	"strings"

	"github.com/gonb-courses/neuralnets/arrays"
	"github.com/gonb-courses/neuralnets/fileio"
	"github.com/gonb-courses/neuralnets/gomlxnet"
	"github.com/gonb-courses/neuralnets/gomlxnet/plots"
	"github.com/gonb-courses/neuralnets/internal/results"
	"github.com/gonb-courses/neuralnets/metrics"
)

// newResult gathers what -json records of a finished run whose test loss
// and accuracy are loss and accuracy.
func newResult(c config, args []string, model *gomlxnet.Model, h *metrics.History,
	xTest, yTest arrays.Array[float32], loss, accuracy float64) (*results.Lecture, error) {
	r := &results.Lecture{Command: strings.TrimSpace("go run ./cmd/lecture " + strings.Join(args, " ")),
		Epochs: c.epochs, BatchSize: c.batchSize, LearningRate: c.learningRate, Scale: c.scale, Seed: c.seed,
		CPUs: runtime.GOMAXPROCS(0), LoadAverage: results.LoadAverage(), Params: model.ParamCount(), History: h,
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

// writeResult saves r as path, through a temporary file renamed into place.
func writeResult(r *results.Lecture, path string) error {
	js, err := json.MarshalIndent(r, "", " ")
	if err != nil {
		return fmt.Errorf("-json: %w", err)
	}
	if err := fileio.WriteAtomic(path, append(js, '\n')); err != nil {
		return fmt.Errorf("-json: %w", err)
	}
	return nil
}
