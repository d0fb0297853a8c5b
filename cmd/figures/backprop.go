package main

import (
	"fmt"
	"strings"
)

// backpropResults is the file TestBackpropMatchesFit writes with
// -backprop.full -backprop.json, relative to the root.
const backpropResults = "results/backprop.json"

// backpropFile is lesson 9's comparison of the hand-written
// backpropagation with Model.Fit on MNIST.
type backpropFile struct {
	Command     string      `json:"command"`
	Epochs      int         `json:"epochs"`
	Backend     string      `json:"backend"`
	CPUs        int         `json:"cpus"`
	LoadAverage string      `json:"load_average"`
	Backprop    *trainedRun `json:"backprop"`
	Fit         *trainedRun `json:"fit"`
}

// trainedRun is one side of the comparison.
type trainedRun struct {
	TestAccuracy   float64 `json:"test_accuracy"`
	FinalLoss      float64 `json:"final_loss"`
	StepsPerSecond float64 `json:"steps_per_second"`
}

// backpropSource gives lesson 9's table.
func backpropSource(root string) ([]block, []output, error) {
	var f backpropFile
	if err := readJSON(root, backpropResults, &f); err != nil {
		return nil, nil, err
	}
	if f.Backprop == nil || f.Fit == nil || f.Epochs < 1 || f.Command == "" || !(f.Backprop.StepsPerSecond > 0) || !(f.Fit.StepsPerSecond > 0) {
		return nil, nil, fmt.Errorf("%s: want the epochs, the command and both runs (backprop, fit)", backpropResults)
	}
	return []block{{"lessons/09_backpropagation.md", "backprop", backpropTable(&f)}}, nil, nil
}

// backpropTable is the table, whether the two agree, and where it was measured.
func backpropTable(f *backpropFile) string {
	var s strings.Builder
	s.WriteString("| | test accuracy | final training loss | steps per second |\n| --- | --- | --- | --- |\n")
	row := func(name string, r *trainedRun) (acc, loss string) {
		acc, loss = fmt.Sprintf("%.4f", r.TestAccuracy), fmt.Sprintf("%.5f", r.FinalLoss)
		fmt.Fprintf(&s, "| %s | %s | %s | %.0f |\n", name, acc, loss, r.StepsPerSecond)
		return acc, loss
	}
	a1, l1 := row("`backprop.Train` (hand-written)", f.Backprop)
	a2, l2 := row("`Model.Fit` (`graph.Gradient`)", f.Fit)
	if a1 == a2 && l1 == l2 {
		s.WriteString("\nThe two agree to every printed digit.")
	} else {
		fmt.Fprintf(&s, "\nThe two differ by %.4f in test accuracy and %.5f in training loss.",
			f.Backprop.TestAccuracy-f.Fit.TestAccuracy, f.Backprop.FinalLoss-f.Fit.FinalLoss)
	}
	switch r := f.Fit.StepsPerSecond / f.Backprop.StepsPerSecond; {
	case r > 1.1:
		fmt.Fprintf(&s, " `Model.Fit` ran %.1f times as many steps per second as `backprop.Train`.", r)
	case r < 1/1.1:
		fmt.Fprintf(&s, " `backprop.Train` ran %.1f times as many steps per second as `Model.Fit`.", 1/r)
	default:
		s.WriteString(" Their speeds are within 10% of each other.")
	}
	fmt.Fprintf(&s, " %d epochs reach only %s. Measured with `%s` (%s, %d CPUs, load average %s at the end), written here by `go run ./cmd/figures`.\n",
		f.Epochs, percent(f.Fit.TestAccuracy), f.Command, backendName(f.Backend), f.CPUs, f.LoadAverage)
	return s.String()
}
