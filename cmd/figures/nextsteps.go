package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/gonb-courses/neuralnets/gomlxnet"
)

// nextstepsResults is cmd/nextsteps' -json file, relative to the root.
const nextstepsResults = "results/nextsteps.json"

// nextstepsFile is the part of cmd/nextsteps' results that the documents show.
type nextstepsFile struct {
	Backend     string       `json:"backend"`
	Command     string       `json:"command"`
	CPUs        int          `json:"cpus"`
	Experiments []experiment `json:"experiments"`
}

// experiment is one of cmd/nextsteps' runs.
type experiment struct {
	Name            string            `json:"name"`
	Base            string            `json:"base"`
	Change          string            `json:"change"`
	Params          int               `json:"params"`
	Epochs          int               `json:"epochs"`
	SecondsPerEpoch float64           `json:"seconds_per_epoch"`
	Seconds         float64           `json:"seconds"`
	LoadAverage     string            `json:"load_average"`
	TestAccuracy    float64           `json:"test_accuracy"`
	History         *gomlxnet.History `json:"history"`
}

// summaryRows are the experiments the README's summary shows, with its
// names for them; the best dense network is added when it is not one of them.
var summaryRows = []struct{ name, label string }{
	{"lecture", "the lecture's 784-30-10 sigmoid, MSE, SGD 0.01"},
	{"softmax-ce", "softmax + cross-entropy"},
	{"adam", "Adam"},
	{"combined", "ReLU + He init + softmax/cross-entropy + Adam"},
}

// denseLabels names the bigger dense networks in the README's summary.
var denseLabels = map[string]string{
	"wide": "784-512-10", "wide-dropout": "784-512-10 with dropout 0.2", "deep": "784-256-128-10",
}

// loadNextsteps reads and checks cmd/nextsteps' results.
func loadNextsteps(root string) (*nextstepsFile, error) {
	var f nextstepsFile
	if err := readJSON(root, nextstepsResults, &f); err != nil {
		return nil, err
	}
	for _, need := range []string{"lecture", "softmax-ce", "adam", "combined", "cnn"} {
		if f.find(need) == nil {
			return nil, fmt.Errorf("%s: no experiment %q (run %s)", nextstepsResults, need, "go run ./cmd/nextsteps -json "+nextstepsResults)
		}
	}
	for _, e := range f.Experiments {
		if e.Epochs < 1 || e.TestAccuracy < 0 || e.TestAccuracy > 1 || e.History == nil || len(e.History.SecondsPerEpoch) != e.Epochs {
			return nil, fmt.Errorf("%s: experiment %q: want epochs >= 1, a test accuracy in [0, 1] and a history of every epoch", nextstepsResults, e.Name)
		}
	}
	if f.Command == "" {
		return nil, fmt.Errorf("%s: no command recorded", nextstepsResults)
	}
	return &f, nil
}

func (f *nextstepsFile) find(name string) *experiment {
	i := slices.IndexFunc(f.Experiments, func(e experiment) bool { return e.Name == name })
	if i < 0 {
		return nil
	}
	return &f.Experiments[i]
}

// bestDense is the dense experiment (all but the CNN) with the best test accuracy.
func (f *nextstepsFile) bestDense() *experiment {
	var best *experiment
	for i, e := range f.Experiments {
		if e.Name != "cnn" && (best == nil || e.TestAccuracy > best.TestAccuracy) {
			best = &f.Experiments[i]
		}
	}
	return best
}

// nextstepsSource gives lesson 8's table and the README's summary.
func nextstepsSource(root string) ([]block, []output, error) {
	f, err := loadNextsteps(root)
	if err != nil {
		return nil, nil, err
	}
	return []block{
		{"lessons/08_beyond_the_lecture.md", "nextsteps", nextstepsTable(f)},
		{"README.md", "nextsteps-summary", nextstepsSummary(f)},
	}, nil, nil
}

// nextstepsTable is lesson 8's table of every experiment, the CNN's epochs
// and the time it all took.
func nextstepsTable(f *nextstepsFile) string {
	var b strings.Builder
	b.WriteString("| experiment | change (from the row named in \"from\") | from | epochs | s/epoch | test accuracy |\n")
	b.WriteString("| --- | --- | --- | ---: | ---: | ---: |\n")
	best := f.bestDense()
	for _, e := range f.Experiments {
		from, acc := "—", percent(e.TestAccuracy)
		if e.Base != "" {
			from = "`" + e.Base + "`"
		}
		if e.Name == best.Name || (e.Name == "cnn" && e.TestAccuracy > best.TestAccuracy) {
			acc = "**" + acc + "**"
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | %d | %.1f | %s |\n", e.Name, e.Change, from, e.Epochs, e.SecondsPerEpoch, acc)
	}
	cnn := f.find("cnn")
	var secs, accs []string
	for i, s := range cnn.History.SecondsPerEpoch {
		secs = append(secs, fmt.Sprintf("%.0f", s))
		if i < len(cnn.History.ValAccuracy) {
			accs = append(accs, percent(cnn.History.ValAccuracy[i]))
		}
	}
	fmt.Fprintf(&b, "\nThe CNN's %d epochs took %s s; its test accuracy after each was %s.", cnn.Epochs, list(secs), list(accs))
	fmt.Fprintf(&b, " The whole table took %s (every run's wall time added up: building, training, evaluating).\n", minutes(f.totalSeconds()))
	fmt.Fprintf(&b, "\nMeasured with `%s` (%s; %s), written here by `go run ./cmd/figures`.\n", f.Command, f.machine(), f.loads())
	return b.String()
}

// nextstepsSummary is the README's short table.
func nextstepsSummary(f *nextstepsFile) string {
	var b strings.Builder
	b.WriteString("| network | epochs | test accuracy |\n| --- | ---: | ---: |\n")
	best := f.bestDense()
	shown := false
	for _, row := range summaryRows {
		e, label := f.find(row.name), row.label
		if e.Name == best.Name {
			label, shown = label+" (best dense)", true
		}
		fmt.Fprintf(&b, "| %s | %d | %.4f |\n", label, e.Epochs, e.TestAccuracy)
	}
	if !shown {
		label, ok := denseLabels[best.Name]
		if !ok {
			label = best.Change
		}
		fmt.Fprintf(&b, "| %s (best dense) | %d | %.4f |\n", label, best.Epochs, best.TestAccuracy)
	}
	cnn := f.find("cnn")
	fmt.Fprintf(&b, "| small CNN: conv 5×5×16, pool, conv 5×5×32, pool, dense 10 (%s parameters) | %d | %.4f |\n",
		groupDigits(cnn.Params), cnn.Epochs, cnn.TestAccuracy)
	fmt.Fprintf(&b, "\nMeasured with `%s` (%s, %s in all), written here by `go run ./cmd/figures`.\n",
		f.Command, f.machine(), minutes(f.totalSeconds()))
	return b.String()
}

func (f *nextstepsFile) totalSeconds() float64 {
	var s float64
	for _, e := range f.Experiments {
		s += e.Seconds
	}
	return s
}

// machine says what ran the experiments.
func (f *nextstepsFile) machine() string {
	backend := f.Backend
	if strings.HasPrefix(backend, "SimpleGo") {
		backend = "GoMLX's pure-Go backend"
	}
	return fmt.Sprintf("%s, %d CPUs", backend, f.CPUs)
}

// loads gives the range of the load averages (1 minute) at the end of the runs.
func (f *nextstepsFile) loads() string {
	var ls []float64
	for _, e := range f.Experiments {
		var l float64
		if _, err := fmt.Sscan(e.LoadAverage, &l); err == nil {
			ls = append(ls, l)
		}
	}
	if len(ls) == 0 {
		return "load not recorded"
	}
	return fmt.Sprintf("the machine's load average at the end of each run %.1f to %.1f", slices.Min(ls), slices.Max(ls))
}
