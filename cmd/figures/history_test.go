package main

import (
	"io"
	"testing"
)

// historyFixture is a -history file of three rounds over the four levels.
func historyFixture() map[string]any {
	level := func(name, what string, medians ...float64) map[string]any {
		var runs []any
		for _, m := range medians {
			runs = append(runs, map[string]any{"threads": 2, "data": "synthetic", "steps_per_epoch": 469, "timed_steps": 100,
				"warmup_epochs": 1, "seconds_per_epoch": []float64{m, m, m}, "seconds_per_epoch_median": m})
		}
		return map[string]any{"patches": name, "what": what, "runs": runs, "seconds_per_epoch": medians[1], "steps_per_second": 469 / medians[1]}
	}
	return map[string]any{"command": "go run ./cmd/bench-gomlxnet -history bench/results/history.json -steps 100 -epochs 3",
		"time": "2026-12-03T03:32:00Z", "cpus": 2, "cpu": "AMD EPYC", "go": "go1.26.8", "load_before": "0.47 0.39 0.17",
		"load_after": "1.40 0.69 0.29", "rounds": 3, "levels": []any{
			level("none", "GoMLX as it is", 28, 29, 30), level("vjp", "gradients", 4, 4.03, 4.1),
			level("gemm", "gemm", 0.66, 0.67, 0.7), level("all", "SIMD: gomlxnet now", 0.2, 0.21, 0.3)}}
}

func TestHistoryBlocks(t *testing.T) {
	root := fakeRoot(t)
	if err := run([]string{"-root", root}, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	docsContain(t, root, map[string][]string{
		"README.md": {"| GoMLX as it is | 29.0 (28.0-30.0) | 16 |\n", "| gradients | 4.03 (4.00-4.10) | 116 |\n",
			"| SIMD: gomlxnet now | 0.210 (0.200-0.300) | 2233 |\n", "138 times as many steps per second",
			"Measured with `go run ./cmd/bench-gomlxnet -history bench/results/history.json -steps 100 -epochs 3` on 2026-12-03 03:32 UTC (synthetic MNIST-like data, 2 threads; 3 rounds",
			"each run 1 warm-up and 3 timed epochs of the first 100 steps, scaled to an epoch of 469 steps; 2 CPUs, AMD EPYC; go1.26.8; load average before 0.47 0.39 0.17, after 1.40 0.69 0.29"},
		"lessons/10_gomlx_under_the_hood.md": {"ran at 16 steps per second with GoMLX as shipped and 2233 with all of"},
	})
}

func TestHistoryErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(f map[string]any)
		want string
	}{
		{"no command", func(f map[string]any) { delete(f, "command") }, "want the command and the levels from none to all"},
		{"one level", func(f map[string]any) { f["levels"] = f["levels"].([]any)[:1] }, "from none to all"},
		{"no runs", func(f map[string]any) { f["levels"].([]any)[1].(map[string]any)["runs"] = []any{} }, `level "vjp" has no runs`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := historyFixture()
			tc.edit(f)
			runRefuses(t, fakeRoot(t), historyResults, f, tc.want)
		})
	}
}

func TestSeconds(t *testing.T) {
	for s, want := range map[float64]string{29.04: "29.0", 4.031: "4.03", 0.6601: "0.660", 123.4: "123.4"} {
		if got := seconds(s); got != want {
			t.Errorf("seconds(%g) = %q, want %q", s, got, want)
		}
	}
}
