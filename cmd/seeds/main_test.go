package main

import (
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/gonb-courses/neuralnets/course/lecture"
	"github.com/gonb-courses/neuralnets/internal/seedruns"
)

// workerEnv, when set, makes this test binary act as the command, so that
// coordinate can start it as a worker (it starts os.Executable()).
const workerEnv = "SEEDS_TEST_AS_COMMAND"

func TestMain(m *testing.M) {
	if os.Getenv(workerEnv) != "" {
		if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
			fmt.Fprintln(os.Stderr, "seeds:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func TestParseFlags(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		want    config
		wantErr bool
	}{
		{"defaults: the lecture's settings", nil, config{seeds: []uint64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, scales: []float64{1, 255},
			epochs: lecture.Epochs, batch: lecture.BatchSize, rate: lecture.LearningRate, out: "results/seeds.json", workers: 4, threads: 1}, false},
		{"list", []string{"-seeds", "3-5,42,4", "-scales", "255", "-epochs", "2", "-workers", "2", "-threads", "2"},
			config{seeds: []uint64{3, 4, 5, 42}, scales: []float64{255}, epochs: 2, batch: 128, rate: 0.01,
				out: "results/seeds.json", workers: 2, threads: 2}, false},
		{"worker", []string{"-worker", "-run-out", "x.json", "-seeds", "7", "-scales", "1"},
			config{seeds: []uint64{7}, scales: []float64{1}, epochs: 200, batch: 128, rate: 0.01,
				out: "results/seeds.json", workers: 4, threads: 1, worker: true, runOut: "x.json"}, false},
		{"worker without -run-out", []string{"-worker", "-seeds", "7", "-scales", "1"}, config{}, true},
		{"worker with two seeds", []string{"-worker", "-run-out", "x", "-seeds", "1-2", "-scales", "1"}, config{}, true},
		{"backwards range", []string{"-seeds", "5-3"}, config{}, true},
		{"bad seed", []string{"-seeds", "one"}, config{}, true},
		{"zero scale", []string{"-scales", "1,0"}, config{}, true},
		{"zero workers", []string{"-workers", "0"}, config{}, true},
		{"stray argument", []string{"extra"}, config{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseFlags(tt.args, io.Discard)
			if (err != nil) != tt.wantErr {
				t.Fatalf("parseFlags(%q): error %v, want error %t", tt.args, err, tt.wantErr)
			}
			if tt.wantErr {
				return
			}
			tt.want.workers = got.workers // runtime.NumCPU() by default
			if got.workers < 1 {
				t.Errorf("%d workers", got.workers)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("parseFlags(%q) = %+v, want %+v", tt.args, got, tt.want)
			}
		})
	}
}

// TestRunsResume runs two seeds of one epoch through worker processes, then
// a third: the first two are kept, not run again. Seed 1's first epoch is
// the one `go run ./cmd/lecture -epochs 1 -seed 1` reports (loss 0.1553).
func TestRunsResume(t *testing.T) {
	if testing.Short() {
		t.Skip("trains on the real MNIST files; skipped in -short mode")
	}
	t.Setenv(workerEnv, "1")
	out := filepath.Join(t.TempDir(), "seeds.json")
	var log strings.Builder
	args := []string{"-seeds", "1-2", "-scales", "1", "-epochs", "1", "-out", out}
	if err := run(args, &log, io.Discard); err != nil {
		t.Fatal(err)
	}
	f, err := seedruns.Load(out, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Runs) != 2 || f.Runs[0].Seed != 1 || f.Runs[1].Seed != 2 {
		t.Fatalf("runs %+v, want seeds 1 and 2", f.Runs)
	}
	r := f.Runs[0]
	if math.Abs(r.Loss[0]-0.1553) > 0.00005 || r.Backend == "" || !(r.TestAccuracy > 0.1) {
		t.Errorf("seed 1: epoch-1 loss %.5f (want 0.1553, as cmd/lecture), backend %q, test accuracy %v",
			r.Loss[0], r.Backend, r.TestAccuracy)
	}
	if want := []string{"go run ./cmd/seeds " + strings.Join(args, " ")}; !reflect.DeepEqual(f.Commands, want) {
		t.Errorf("commands %q, want %q", f.Commands, want)
	}
	log.Reset()
	if err := run([]string{"-seeds", "1-3", "-scales", "1", "-epochs", "1", "-out", out}, &log, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(log.String(), "1 runs to do (2 already in") {
		t.Errorf("second command's log:\n%s\nwant 1 run to do", log.String())
	}
	g, err := seedruns.Load(out, false)
	if len(g.Commands) != 2 || !strings.Contains(g.Commands[1], "-seeds 1-3") {
		t.Errorf("commands after resuming: %q", g.Commands)
	}
	if err != nil || len(g.Runs) != 3 || !reflect.DeepEqual(g.Runs[0], r) {
		t.Errorf("after resuming: %d runs (%v); seed 1 kept: %t", len(g.Runs), err, err == nil && reflect.DeepEqual(g.Runs[0], r))
	}
}

func TestWorkerFailure(t *testing.T) {
	t.Setenv(workerEnv, "1")
	out := filepath.Join(t.TempDir(), "seeds.json")
	err := run([]string{"-seeds", "1", "-scales", "1", "-epochs", "1", "-backend", "no-such-backend", "-out", out}, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "scale 1 seed 1") {
		t.Errorf("error %v, want one naming the failed run", err)
	} else {
		t.Log(err)
	}
	if _, statErr := os.Stat(out); !os.IsNotExist(statErr) {
		t.Errorf("a failed run wrote %s", out)
	}
}
