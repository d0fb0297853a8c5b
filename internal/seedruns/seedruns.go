// Package seedruns is the result file of cmd/seeds: the lecture's training
// run repeated over seeds, each run's per-epoch training loss and accuracy
// and its test figures. cmd/seeds writes it; cmd/figures reads it to draw the
// picture and write the tables of lesson 5 and the README.
package seedruns

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"

	"github.com/gonb-courses/neuralnets/fileio"
)

// ErrBadFile is returned (wrapped) when a result file cannot be used.
var ErrBadFile = errors.New("seedruns: bad result file")

// Setting is what a run trains with, apart from its seed.
type Setting struct {
	// Scale divides the grey levels: 1 leaves them 0..255, 255 gives [0, 1].
	Scale        float64 `json:"scale"`
	Epochs       int     `json:"epochs"`
	BatchSize    int     `json:"batch_size"`
	LearningRate float64 `json:"learning_rate"`
}

// Run is one training run of the lecture's network.
type Run struct {
	Setting
	Seed uint64 `json:"seed"`
	// Backend is the GoMLX backend that ran it, as gomlxnet describes it.
	Backend string `json:"backend,omitempty"`
	// Loss and Accuracy are the mean training loss and accuracy of each
	// epoch, as Fit reports them (index 0 is epoch 1).
	Loss     []float64 `json:"loss"`
	Accuracy []float64 `json:"accuracy"`
	// TestLoss and TestAccuracy are Evaluate's figures on the 10,000 test
	// images after the last epoch.
	TestLoss     float64 `json:"test_loss"`
	TestAccuracy float64 `json:"test_accuracy"`
	// Seconds is the run's wall time, training and test.
	Seconds float64 `json:"seconds"`
}

// File is the whole result file.
type File struct {
	// Commands are the command lines that measured its runs, one per
	// invocation of cmd/seeds that added runs, oldest first.
	Commands []string `json:"commands"`
	Runs     []Run    `json:"runs"`
}

// Check reports the first run that is not usable: a history whose length
// differs from its epochs, or a seed repeated within a setting.
func (f *File) Check() error {
	seen := map[key]bool{}
	for i, r := range f.Runs {
		if r.Epochs < 1 || len(r.Loss) != r.Epochs || len(r.Accuracy) != r.Epochs {
			return fmt.Errorf("%w: run %d (seed %d, scale %g): %d epochs but %d losses and %d accuracies",
				ErrBadFile, i, r.Seed, r.Scale, r.Epochs, len(r.Loss), len(r.Accuracy))
		}
		k := key{r.Setting, r.Seed}
		if seen[k] {
			return fmt.Errorf("%w: run %d: seed %d of scale %g repeated", ErrBadFile, i, r.Seed, r.Scale)
		}
		seen[k] = true
	}
	return nil
}

type key struct {
	s    Setting
	seed uint64
}

// Has reports whether f holds the run of s at seed.
func (f *File) Has(s Setting, seed uint64) bool {
	return slices.ContainsFunc(f.Runs, func(r Run) bool { return r.Setting == s && r.Seed == seed })
}

// Add puts r in f, replacing a run of the same setting and seed, and keeps
// the runs sorted by scale, epochs, batch size, learning rate and seed.
func (f *File) Add(r Run) {
	f.Runs = slices.DeleteFunc(f.Runs, func(o Run) bool { return o.Setting == r.Setting && o.Seed == r.Seed })
	f.Runs = append(f.Runs, r)
	slices.SortStableFunc(f.Runs, func(a, b Run) int {
		switch {
		case a.Scale != b.Scale:
			return cmpFloat(a.Scale, b.Scale)
		case a.Epochs != b.Epochs:
			return a.Epochs - b.Epochs
		case a.BatchSize != b.BatchSize:
			return a.BatchSize - b.BatchSize
		case a.LearningRate != b.LearningRate:
			return cmpFloat(a.LearningRate, b.LearningRate)
		}
		return cmpFloat(float64(a.Seed), float64(b.Seed))
	})
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Select returns the runs of setting s, in seed order.
func (f *File) Select(s Setting) []Run {
	var out []Run
	for _, r := range f.Runs {
		if r.Setting == s {
			out = append(out, r)
		}
	}
	return out
}

// Load reads a result file; a missing file is an empty File and no error
// when missingOK is set.
func Load(path string, missingOK bool) (*File, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) && missingOK {
		return &File{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("seedruns: %w", err)
	}
	var f File
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("%w %s: %w", ErrBadFile, path, err)
	}
	if err := f.Check(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &f, nil
}

// Save writes f to path atomically (a temporary file renamed into place).
func (f *File) Save(path string) error {
	data, err := json.MarshalIndent(f, "", " ")
	if err != nil {
		return fmt.Errorf("seedruns: %w", err)
	}
	return fileio.WriteAtomic(path, append(data, '\n'))
}
