package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"time"

	"github.com/gonb-courses/neuralnets/bench/gonumnet"
	"github.com/gonb-courses/neuralnets/fileio"
	"github.com/gonb-courses/neuralnets/internal/results"
)

// childArgs returns the flags set on fs, but for those of -history, as
// arguments for a run of one level.
func childArgs(fs *flag.FlagSet) []string {
	var args []string
	fs.Visit(func(f *flag.Flag) {
		switch f.Name {
		case "history", "rounds", "patches":
		default:
			args = append(args, "-"+f.Name+"="+f.Value.String())
		}
	})
	return args
}

// runHistory runs this program once per level and round, the levels taking
// turns within each round, and writes the results to path atomically.
func runHistory(path string, rounds int, fs *flag.FlagSet) error {
	if rounds < 1 {
		return fmt.Errorf("-rounds must be at least 1, got %d", rounds)
	}
	self, err := os.Executable()
	if err != nil {
		return fmt.Errorf("-history: %w", err)
	}
	args := childArgs(fs)
	f := results.History{Command: "go run ./cmd/bench-gomlxnet " + strings.Join(os.Args[1:], " "),
		Time: time.Now().UTC().Format(time.RFC3339), CPUs: runtime.NumCPU(), CPU: cpuModel(), Go: runtime.Version(),
		LoadBefore: results.LoadAverage(), Rounds: rounds}
	for _, l := range patchLevels {
		f.Levels = append(f.Levels, results.HistoryLevel{Patches: l.name, What: l.what})
	}
	for round := range rounds {
		for i, l := range patchLevels {
			r, err := runLevel(self, append(args, "-patches="+l.name))
			if err != nil {
				return fmt.Errorf("-history: round %d, -patches %s: %w", round+1, l.name, err)
			}
			f.Levels[i].Runs = append(f.Levels[i].Runs, r)
			fmt.Fprintf(os.Stderr, "round %d, -patches %-4s: %.3f s/epoch\n", round+1, l.name, r.Median)
		}
	}
	f.LoadAfter = results.LoadAverage()
	for i, l := range f.Levels {
		var medians []float64
		for _, r := range l.Runs {
			medians = append(medians, r.Median)
		}
		f.Levels[i].SecondsPerEpoch = gonumnet.Median(medians)
		f.Levels[i].StepsPerSecond = float64(l.Runs[0].StepsPerEpoch) / f.Levels[i].SecondsPerEpoch
	}
	js, err := json.MarshalIndent(f, "", " ")
	if err != nil {
		return fmt.Errorf("-history: %w", err)
	}
	return fileio.WriteAtomic(path, append(js, '\n'))
}

// runLevel runs the program at self with args and decodes the report it prints.
func runLevel(self string, args []string) (gonumnet.Report, error) {
	var r gonumnet.Report
	cmd := exec.Command(self, args...)
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return r, err
	}
	if err := json.Unmarshal(bytes.TrimSpace(out), &r); err != nil {
		return r, fmt.Errorf("its report: %w", err)
	}
	if !(r.Median > 0) || r.StepsPerEpoch < 1 {
		return r, fmt.Errorf("its report has no time: %s", out)
	}
	return r, nil
}

// cpuModel returns the CPU's model name from /proc/cpuinfo, or "".
func cpuModel() string {
	raw, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return ""
	}
	for line := range strings.Lines(string(raw)) {
		if name, value, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(name) == "model name" {
			return strings.TrimSpace(value)
		}
	}
	return ""
}
