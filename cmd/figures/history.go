package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/gonb-courses/neuralnets/internal/results"
)

// historyResults is the file `go run ./cmd/bench-gomlxnet -history` writes,
// relative to the root.
const historyResults = results.HistoryFile

// loadHistory reads and checks the file: levels none to all, each with runs.
func loadHistory(root string) (*results.History, error) {
	var f results.History
	if err := readJSON(root, historyResults, &f); err != nil {
		return nil, err
	}
	n := len(f.Levels)
	if n < 2 || f.Levels[0].Patches != "none" || f.Levels[n-1].Patches != "all" || f.Command == "" {
		return nil, fmt.Errorf("%s: want the command and the levels from none to all", historyResults)
	}
	for _, l := range f.Levels {
		if len(l.Runs) == 0 || !(l.SecondsPerEpoch > 0) {
			return nil, fmt.Errorf("%s: level %q has no runs", historyResults, l.Patches)
		}
	}
	return &f, nil
}

// historySource gives the README's table of how gomlxnet got to its speed,
// and lesson 10's sentence on what the patches bring.
func historySource(root string) ([]block, []output, error) {
	f, err := loadHistory(root)
	if err != nil {
		return nil, nil, err
	}
	return []block{
		{"README.md", "history", historyTable(f)},
		{"lessons/10_gomlx_under_the_hood.md", "history-summary", historySummary(f)},
	}, nil, nil
}

// historyTable is the table of the levels, and how and where it was measured.
func historyTable(f *results.History) string {
	var s strings.Builder
	s.WriteString("| variant | s/epoch (range over the rounds) | steps/s |\n| --- | ---: | ---: |\n")
	for _, l := range f.Levels {
		var medians []float64
		for _, r := range l.Runs {
			medians = append(medians, r.Median)
		}
		fmt.Fprintf(&s, "| %s | %s (%s-%s) | %.0f |\n", l.What, seconds(l.SecondsPerEpoch),
			seconds(slices.Min(medians)), seconds(slices.Max(medians)), l.StepsPerSecond)
	}
	first, last := f.Levels[0], f.Levels[len(f.Levels)-1]
	r := last.Runs[0]
	fmt.Fprintf(&s, "\nFrom GoMLX as it is to gomlxnet now, %.0f times as many steps per second. "+
		"Measured with `%s` on %s (%s MNIST-like data, %d threads; %d rounds, the variants in turns, one process each; "+
		"each run %d warm-up and %d timed epochs of the first %d steps, scaled to an epoch of %d steps; "+
		"%d CPUs, %s; %s; load average before %s, after %s): %s, written here by `go run ./cmd/figures`.\n",
		last.StepsPerSecond/first.StepsPerSecond, f.Command, when(f.Time), r.Data, r.Threads, f.Rounds,
		r.WarmupEpochs, len(r.Seconds), r.TimedSteps, r.StepsPerEpoch, f.CPUs, f.CPU, f.Go, f.LoadBefore, f.LoadAfter, historyResults)
	return s.String()
}

// historySummary compares GoMLX as shipped with gomlxnet now, for lesson 10.
func historySummary(f *results.History) string {
	first, last := f.Levels[0], f.Levels[len(f.Levels)-1]
	return fmt.Sprintf("On the README's benchmark (`%s`, %s) the lecture's step ran at %.0f steps per second with GoMLX "+
		"as shipped and %.0f with all of `gomlxnet`'s changes; written here by `go run ./cmd/figures`.\n",
		f.Command, when(f.Time), first.StepsPerSecond, last.StepsPerSecond)
}

// seconds writes seconds per epoch with three significant digits: "29.0", "4.03", "0.660".
func seconds(s float64) string {
	switch {
	case s >= 10:
		return fmt.Sprintf("%.1f", s)
	case s >= 1:
		return fmt.Sprintf("%.2f", s)
	}
	return fmt.Sprintf("%.3f", s)
}
