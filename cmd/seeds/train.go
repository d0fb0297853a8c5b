package main

import (
	"encoding/json"
	"io"
	"time"

	"github.com/gonb-courses/neuralnets/course/lecture"
	"github.com/gonb-courses/neuralnets/datasets/mnist"
	"github.com/gonb-courses/neuralnets/fileio"
	"github.com/gonb-courses/neuralnets/gomlxnet"
	"github.com/gonb-courses/neuralnets/internal/seedruns"
)

// The lecture's network (as in cmd/lecture).
const (
	pixels      = lecture.Inputs
	classes     = lecture.Classes
	hiddenUnits = lecture.Hidden
)

// workerMain is a child process's work: one run, written to c.runOut.
func workerMain(c config, progress io.Writer) error {
	ds, err := mnist.Dataset()
	if err != nil {
		return err
	}
	r, err := train(ds, c.setting(c.scales[0]), c.seeds[0], c.backend, progress)
	if err != nil {
		return err
	}
	data, err := json.Marshal(r)
	if err != nil {
		return err
	}
	return fileio.WriteAtomic(c.runOut, data)
}

// train runs the lecture's program at setting s and seed, exactly as
// cmd/lecture does, and returns its figures.
func train(data *mnist.Data, s seedruns.Setting, seed uint64, backend string, progress io.Writer) (seedruns.Run, error) {
	r := seedruns.Run{Setting: s, Seed: seed}
	start := time.Now()
	xTrain, yTrain, err := mnist.Prepare(data.Train, 0, float32(s.Scale))
	if err != nil {
		return r, err
	}
	xTest, yTest, err := mnist.Prepare(data.Test, 0, float32(s.Scale))
	if err != nil {
		return r, err
	}
	input := gomlxnet.Input(pixels)
	hidden := gomlxnet.Dense(hiddenUnits, gomlxnet.Sigmoid)(input)
	output := gomlxnet.Dense(classes, gomlxnet.Sigmoid)(hidden)
	model, err := gomlxnet.NewModel(input, output)
	if err != nil {
		return r, err
	}
	err = model.Compile(gomlxnet.CompileOptions{
		Loss: gomlxnet.MeanSquaredError, Optimizer: gomlxnet.SGD(s.LearningRate),
		Metrics: []string{"accuracy"}, Seed: seed, Backend: backend,
	})
	if err != nil {
		return r, err
	}
	h, err := model.Fit(xTrain, yTrain, gomlxnet.FitOptions{Epochs: s.Epochs, BatchSize: s.BatchSize, Progress: progress})
	if err != nil {
		return r, err
	}
	if r.TestLoss, r.TestAccuracy, err = model.Evaluate(xTest, yTest); err != nil {
		return r, err
	}
	r.Loss, r.Accuracy = h.Loss, h.Accuracy
	b, err := gomlxnet.BackendFor(backend) // the one Compile used, from the cache
	if err != nil {
		return r, err
	}
	r.Backend = b.String()
	r.Seconds = time.Since(start).Seconds()
	return r, nil
}
