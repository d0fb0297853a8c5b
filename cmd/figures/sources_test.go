package main

import (
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// otherBlocks are the blocks besides seeds, and their documents.
var otherBlocks = []struct{ doc, name string }{
	{"lessons/05_training.md", "bench-epoch"},
	{"lessons/06_evaluating.md", "lecture-accuracy"},
	{"lessons/06_evaluating.md", "lecture-confusion"},
	{"lessons/08_beyond_the_lecture.md", "nextsteps"},
	{"README.md", "nextsteps-summary"},
	{"README.md", "bench"},
	{"README.md", "cells"},
	{"lessons/09_backpropagation.md", "backprop"},
	{"lessons/10_gomlx_under_the_hood.md", "gomlx"},
	{"README.md", "history"},
	{"lessons/10_gomlx_under_the_hood.md", "history-summary"},
}

// history is a fake per-epoch history of n epochs.
func history(n int, secs, acc float64) map[string]any {
	h := map[string]any{"epochs": []int{}, "loss": []float64{}, "accuracy": []float64{}, "seconds_per_epoch": []float64{}, "val_accuracy": []float64{}}
	for e := range n {
		h["epochs"] = append(h["epochs"].([]int), e+1)
		h["seconds_per_epoch"] = append(h["seconds_per_epoch"].([]float64), secs+float64(e))
		h["val_accuracy"] = append(h["val_accuracy"].([]float64), acc-0.01*float64(n-1-e))
	}
	return h
}

// fixtures are the result files besides results/seeds.json, by path.
func fixtures() map[string]string {
	confusion := make([][]int, 10)
	off := map[[2]int]int{{4, 9}: 43, {9, 4}: 36, {5, 3}: 40, {3, 5}: 40, {5, 8}: 42, {2, 8}: 41}
	for t := range confusion {
		confusion[t] = make([]int, 10)
		confusion[t][t] = 100
		for p := range 10 {
			if n := off[[2]int{t, p}]; n > 0 {
				confusion[t][p] = n
				confusion[t][t] -= n
			}
		}
	}
	lecture := map[string]any{"command": "go run ./cmd/lecture -seed 1 -json results/lecture.json", "epochs": 200, "batch_size": 128,
		"learning_rate": 0.01, "scale": 1, "seed": 1, "backend": "SimpleGo (go)", "cpus": 2, "test_accuracy": 0.8893, "confusion": confusion}
	exp := func(name, base, change string, epochs int, spe, acc float64) map[string]any {
		return map[string]any{"name": name, "base": base, "change": change, "params": 18378, "epochs": epochs, "seconds_per_epoch": spe,
			"seconds": 60.0, "load_average": "1.5 2 2", "test_accuracy": acc, "history": history(epochs, spe, acc)}
	}
	nextsteps := map[string]any{"backend": "SimpleGo (go): Simple Go Portable Backend", "command": "go run ./cmd/nextsteps -json results/nextsteps.json", "cpus": 2,
		"experiments": []any{
			exp("lecture", "", "784-30-10 sigmoid", 10, 0.6, 0.3525), exp("softmax-ce", "lecture", "softmax output", 10, 0.7, 0.8703),
			exp("adam", "lecture", "Adam(0.001)", 10, 0.8, 0.9361), exp("combined", "lecture", "ReLU + he_uniform", 10, 0.9, 0.9629),
			exp("wide-dropout", "wide", "Dropout(0.2) after the hidden layer", 10, 7.7, 0.9827), exp("cnn", "combined", "conv 5x5x16", 3, 188, 0.986),
		}}
	run := func(threads int, medians ...float64) map[string]any {
		var runs []any
		for _, m := range medians {
			runs = append(runs, map[string]any{"threads": threads, "dtype": "float32", "steps_per_epoch": 469, "seconds_per_epoch_median": m, "blas": "/usr/lib/libblas.so.3 /usr/lib/libopenblas.so"})
		}
		return map[string]any{"status": "ok", "seconds_per_epoch": medians[1], "runs": runs}
	}
	bench := map[string]any{"time": "20261202T170000Z", "rounds": 3, "epochs": 5, "data": "real",
		"machine": map[string]any{"nproc": 2, "cpu": "AMD EPYC", "go": "go1.26.8", "torch": "1.13.0a0", "load_before": "0.5 0.5 0.5", "load_after": "1 1 1"},
		"peers":   map[string]any{"gomlxnet": run(1, 0.5, 0.6, 0.7), "pytorch": run(1, 0.3, 0.4, 0.5), "gonum": run(1, 0.55, 0.5, 0.6)},
		"results": map[string]any{"cnn": map[string]any{"best": map[string]any{
			"gomlxnet": map[string]any{"threads": 2, "seconds_per_epoch": 60.0}, "pytorch": map[string]any{"threads": 1, "seconds_per_epoch": 40.0}}}}}
	cells := func(cgo string, trivial float64) map[string]any {
		return map[string]any{"setup_cell_s": 0.2, "first_gomlxnet_cell_s": trivial + 0.1, "trivial_cell_s": trivial, "second_trivial_cell_s": trivial,
			"rounds": 5, "fast_notebook_set_s": 150.0, "command": "scripts/bench_notebooks.sh", "time": "2026-12-02T17:00:00Z", "load_before": []float64{0.5, 1, 1.5}, "kernel": map[string]any{"cgo_enabled": cgo}}
	}
	trained := func(acc float64) map[string]any {
		return map[string]any{"test_accuracy": acc, "final_loss": 0.09323, "steps_per_second": 139.2}
	}
	backprop := map[string]any{"command": "GOMLX_BACKEND=go go test ./gomlxnet -run TestBackpropMatchesFit -backprop.full -backprop.json ../results/backprop.json",
		"epochs": 5, "backend": "SimpleGo (go)", "cpus": 2, "load_average": "4.0 3 2", "backprop": trained(0.1893), "fit": trained(0.1893)}
	out := map[string]string{}
	for path, v := range map[string]any{lectureResults: lecture, nextstepsResults: nextsteps, benchResults: bench, backpropResults: backprop,
		cellsResults: cells("0", 0.4), cellsCgoResults: cells("1", 1.5), gomlxResults: gomlxFixture(),
		historyResults: historyFixture()} {
		js, err := json.Marshal(v)
		if err != nil {
			panic(err)
		}
		out[path] = string(js)
	}
	return out
}

func TestOtherBlocks(t *testing.T) {
	root := fakeRoot(t)
	if err := run([]string{"-root", root}, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{
		"lessons/05_training.md": {"about 2.0 minutes: 200 epochs at the 0.60 s per epoch", "gomlxnet on 1 thread on 2026-12-02 17:00 UTC"},
		"lessons/06_evaluating.md": {"with seed 1 (as notebook 5 does), gets 0.8893, and with seed 42", "0.8820 (lesson 5 compares 3 seeds)",
			"are 4 read as 9 (43), 5 read as 8 (42), 2 read as 8 (41), 3 read as 5 (40), 5 read as 3 (40) and 9 read as 4 (36).",
			"best are 0 and 1 (100% of each), the worst 5 (18%)", "`go run ./cmd/lecture -seed 1 -json results/lecture.json`"},
		"lessons/08_beyond_the_lecture.md": {"| `lecture` | 784-30-10 sigmoid | — | 10 | 0.6 | 35.25% |",
			"| `wide-dropout` | Dropout(0.2) after the hidden layer | `wide` | 10 | 7.7 | **98.27%** |", "| 3 | 188.0 | **98.60%** |",
			"The CNN's 3 epochs took 188, 189 and 190 s; its test accuracy after each was 96.60%, 97.60% and 98.60%.",
			"The whole table took 6.0 minutes", "GoMLX's pure-Go backend, 2 CPUs; the machine's load average at the end of each run 1.5 to 1.5"},
		"README.md": {"| 784-512-10 with dropout 0.2 (best dense) | 10 | 0.9827 |", "(18,378 parameters) | 3 | 0.9860 |",
			"| gomlxnet (GoMLX) | 1 | 0.600 (0.500-0.700) | 782 | float32, libblas.so.3, libopenblas.so |", "1.50 times PyTorch's and 1.20 times the gonum baseline's",
			"CNN: gomlxnet 60.0 s per epoch (2 threads), PyTorch 40.0 s (1 thread), 1.50 times.", "Measured with `scripts/bench.sh` on 2026-12-02 17:00 UTC (3 rounds",
			"Notebook latency (`scripts/bench_notebooks.sh`, through the real Go kernel, the median of 5 fresh kernels, the kernel's CGO_ENABLED=0): the set-up cell took 0.20 s, the first cell that uses gomlxnet 0.50 s, and a trivial later cell 0.40 s",
			"With CGO_ENABLED=1, as when an XLA plugin is installed (a copy of the kernel's spec without CGO_ENABLED=0", "the same cells took 0.20 s, 1.60 s and 1.50 s",
			"whole fast-mode notebook set took 150 s"},
		"lessons/09_backpropagation.md": {"| `backprop.Train` (hand-written) | 0.1893 | 0.09323 | 139 |",
			"The two agree to every printed digit. Their speeds are within 10% of each other. 5 epochs reach only 18.93%.", "(GoMLX's pure-Go backend, 2 CPUs, load average 4.0 3 2 at the end)"},
	}
	for doc, text := range docsContain(t, root, want) {
		if strings.Contains(text, "old ") {
			t.Errorf("%s: an old block is still there:\n%s", doc, text)
		}
	}
}

// TestStale changes each result file and expects -check to name the
// documents that show it.
func TestStale(t *testing.T) {
	for _, tc := range []struct{ file, from, to, doc string }{
		{lectureResults, `"test_accuracy":0.8893`, `"test_accuracy":0.8894`, "06_evaluating.md"},
		{nextstepsResults, `"test_accuracy":0.9361`, `"test_accuracy":0.9362`, "README.md"},
		{nextstepsResults, `"seconds_per_epoch":0.8,`, `"seconds_per_epoch":0.9,`, "08_beyond_the_lecture.md"},
		{benchResults, `"seconds_per_epoch":0.6`, `"seconds_per_epoch":0.65`, "05_training.md"},
		{cellsResults, `"trivial_cell_s":0.4`, `"trivial_cell_s":0.45`, "README.md"},
		{backpropResults, `"fit":{"final_loss":0.09323`, `"fit":{"final_loss":0.09324`, "09_backpropagation.md"},
		{gomlxResults, `"fit":531`, `"fit":532`, "10_gomlx_under_the_hood.md"},
		{historyResults, `"load_after":"1.40 0.69 0.29"`, `"load_after":"1.41 0.69 0.29"`, "README.md"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			root := fakeRoot(t)
			if err := run([]string{"-root", root}, io.Discard, io.Discard); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(root, tc.file)
			raw, _ := os.ReadFile(path)
			if !strings.Contains(string(raw), tc.from) {
				t.Fatalf("fixture %s lacks %s", tc.file, tc.from)
			}
			writeFile(t, path, strings.Replace(string(raw), tc.from, tc.to, 1))
			err := run([]string{"-root", root, "-check"}, io.Discard, io.Discard)
			if !errors.Is(err, ErrStale) || !strings.Contains(err.Error(), tc.doc) {
				t.Errorf("-check after changing %s: %v, want ErrStale naming %s", tc.file, err, tc.doc)
			}
		})
	}
}

func TestSourceErrors(t *testing.T) {
	for _, tc := range []struct {
		name, file, content, want string
	}{
		{"no lecture result", lectureResults, "", "lecture.json"},
		{"lecture not JSON", lectureResults, "{", "results/lecture.json"},
		{"lecture at other settings", lectureResults, `{"epochs": 10, "batch_size": 128, "learning_rate": 0.01, "scale": 1}`, "want the lecture's settings"},
		{"no CNN", nextstepsResults, `{"command": "x", "experiments": [{"name": "lecture"}]}`, `no experiment "softmax-ce"`},
		{"no gomlxnet peer", benchResults, `{"peers": {}}`, "no result of the gomlxnet peer"},
		{"no cell times", cellsResults, `{}`, "no cell times"},
		{"one side of backprop", backpropResults, `{"epochs": 5, "command": "x", "fit": {}}`, "want the epochs, the command and both runs"},
		{"unknown block", "README.md", beginMarker("nosuch") + endMarker("nosuch") + "\n", `no result file gives a block "nosuch"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := fakeRoot(t)
			path := filepath.Join(root, tc.file)
			if tc.content == "" {
				os.Remove(path)
			} else if tc.file == "README.md" {
				raw, _ := os.ReadFile(path)
				writeFile(t, path, string(raw)+tc.content)
			} else {
				writeFile(t, path, tc.content)
			}
			err := run([]string{"-root", root}, io.Discard, io.Discard)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
}

func TestShortLibs(t *testing.T) {
	for in, want := range map[string]string{
		"gonum/blas/gonum (pure Go)":                        "gonum/blas/gonum (pure Go)",
		"/usr/lib/x/libblas.so.3 /usr/lib/x/libopenblas.so": "libblas.so.3, libopenblas.so",
		"": "",
	} {
		if got := shortLibs(in); got != want {
			t.Errorf("shortLibs(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestCellsTextSaysWhichRun checks the latency paragraph says the cgo figures
// were taken in turns with the others only when both come from one run.
func TestCellsTextSaysWhichRun(t *testing.T) {
	off := &cellsFile{Rounds: 5, Time: "2026-12-02T17:57:40Z", LoadBefore: []float64{1.6, 4.5, 8.2}}
	for _, tt := range []struct {
		cgoTime string
		want    string
	}{
		{"2026-12-02T17:57:40Z", "its kernels started in turns with the above"},
		{"2026-12-02T17:05:07Z", "in an earlier run, on 2026-12-02 17:05 UTC at load average 3.80, 8.30, 8.90"},
	} {
		cgo := &cellsFile{Rounds: 5, Time: tt.cgoTime, LoadBefore: []float64{3.8, 8.3, 8.9}}
		if got := cellsText(off, cgo); !strings.Contains(got, tt.want) {
			t.Errorf("cgo run at %s: paragraph %q lacks %q", tt.cgoTime, got, tt.want)
		}
	}
}
