package results

import "github.com/gonb-courses/neuralnets/bench/gonumnet"

// HistoryFile is where `go run ./cmd/bench-gomlxnet -history` writes, as the
// README shows it, relative to the repository's root.
const HistoryFile = "bench/results/history.json"

// History is what cmd/bench-gomlxnet -history writes: every -patches level
// timed in turns, one process per run (the patches go in once per process),
// for the README's table of how gomlxnet got to its speed.
type History struct {
	Command    string         `json:"command"`
	Time       string         `json:"time"` // the start, RFC 3339 in UTC
	CPUs       int            `json:"cpus"`
	CPU        string         `json:"cpu"`
	Go         string         `json:"go"`
	LoadBefore string         `json:"load_before"`
	LoadAfter  string         `json:"load_after"`
	Rounds     int            `json:"rounds"`
	Levels     []HistoryLevel `json:"levels"`
}

// HistoryLevel is one level's runs, one per round, and the median over the
// rounds of each run's median seconds per epoch.
type HistoryLevel struct {
	Patches         string            `json:"patches"`
	What            string            `json:"what"`
	Runs            []gonumnet.Report `json:"runs"`
	SecondsPerEpoch float64           `json:"seconds_per_epoch"`
	StepsPerSecond  float64           `json:"steps_per_second"`
}
