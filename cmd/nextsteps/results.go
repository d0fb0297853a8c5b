package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	"github.com/gonb-courses/neuralnets/fileio"
	"github.com/gonb-courses/neuralnets/gomlxnet/plots"
	"github.com/gonb-courses/neuralnets/metrics"
	"gonum.org/v1/plot/vg"
)

// result is one experiment's outcome as results.json records it.
type result struct {
	Name            string           `json:"name"`
	Base            string           `json:"base,omitempty"`
	Change          string           `json:"change"`
	Params          int              `json:"params"`
	Epochs          int              `json:"epochs"`
	BatchSize       int              `json:"batch_size"`
	TrainRows       int              `json:"train_rows"`
	TestRows        int              `json:"test_rows"`
	SecondsPerEpoch float64          `json:"seconds_per_epoch"`      // mean over the epochs, training steps only
	Seconds         float64          `json:"seconds,omitempty"`      // wall time: build, compile, train, evaluate
	LoadAverage     string           `json:"load_average,omitempty"` // /proc/loadavg's 1, 5, 15 min at its end
	TestLoss        float64          `json:"test_loss"`
	TestAccuracy    float64          `json:"test_accuracy"`
	History         *metrics.History `json:"history"` // validation = the test set
}

// resultsFile is the content of results.json.
type resultsFile struct {
	Backend     string   `json:"backend"`
	Command     string   `json:"command,omitempty"` // the last command line that added to it
	CPUs        int      `json:"cpus,omitempty"`    // GOMAXPROCS of that run
	Experiments []result `json:"experiments"`
}

const (
	resultsName = "results.json"
	cnnName     = "cnn.gmlx"
	plotWidth   = 16 * vg.Centimeter
	plotHeight  = 10 * vg.Centimeter
)

// readResults returns the results already in dir, or none.
func readResults(dir string) (resultsFile, error) {
	var rf resultsFile
	raw, err := os.ReadFile(filepath.Join(dir, resultsName))
	if errors.Is(err, fs.ErrNotExist) {
		return rf, nil
	}
	if err != nil {
		return rf, err
	}
	if err := json.Unmarshal(raw, &rf); err != nil {
		return rf, fmt.Errorf("%s: %w (move it away to start afresh)", filepath.Join(dir, resultsName), err)
	}
	return rf, nil
}

// merge puts r into rf, replacing an entry of the same name, and keeps the
// entries in the order of experiments().
func (rf *resultsFile) merge(r result) {
	rf.Experiments = slices.DeleteFunc(rf.Experiments, func(old result) bool { return old.Name == r.Name })
	rf.Experiments = append(rf.Experiments, r)
	order := map[string]int{}
	for i, e := range experiments() {
		order[e.name] = i
	}
	slices.SortStableFunc(rf.Experiments, func(a, b result) int { return order[a.Name] - order[b.Name] })
}

// write saves rf as path through a temporary file.
func (rf *resultsFile) write(path string) error {
	js, err := json.MarshalIndent(rf, "", "  ")
	if err != nil {
		return err
	}
	return fileio.WriteAtomic(path, append(js, '\n'))
}

// writePlots draws the accuracy curves of the single changes (and the
// lecture's run) and of the overhauled networks (and the combined run
// they grow from), as two SVG files in dir. A group without results is
// skipped.
func (rf *resultsFile) writePlots(dir string) error {
	var single, overhaul []plots.Run
	for _, r := range rf.Experiments {
		run := plots.Run{Name: r.Name, History: *r.History}
		if r.Base == "" || (r.Base == "lecture" && r.Name != "combined") {
			single = append(single, run)
		} else {
			overhaul = append(overhaul, run)
		}
	}
	for name, runs := range map[string][]plots.Run{"single_changes.svg": single, "overhaul.svg": overhaul} {
		if len(runs) == 0 {
			continue
		}
		p, err := plots.Compare(plots.Accuracy, runs...)
		if err != nil {
			return err
		}
		if _, err := plots.Save(p, dir, name, plotWidth, plotHeight); err != nil {
			return err
		}
	}
	return nil
}

// printHeader and printRow write the table of results.
func printHeader(w io.Writer) {
	fmt.Fprintf(w, "%-22s | %6s | %8s | %13s\n", "name", "epochs", "s/epoch", "test accuracy")
	fmt.Fprintf(w, "%s\n", "-----------------------+--------+----------+--------------")
}

func printRow(w io.Writer, r result) {
	fmt.Fprintf(w, "%-22s | %6d | %8.1f | %13.4f\n", r.Name, r.Epochs, r.SecondsPerEpoch, r.TestAccuracy)
}
