package results

import "github.com/gonb-courses/neuralnets/metrics"

// LectureFile is cmd/lecture's -json file, relative to the repository's root.
const LectureFile = "results/lecture.json"

// Lecture is what cmd/lecture -json writes: the run's settings, its training
// history and its test results, with the test set's confusion matrix
// (cmd/figures turns it into lesson 6's figures).
type Lecture struct {
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
