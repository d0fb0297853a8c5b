package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gonb-courses/neuralnets/arrays"
	g "github.com/gonb-courses/neuralnets/gomlxnet"
)

func TestParseFlags(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		want    config
		wantErr bool
	}{
		{"defaults", nil, config{out: "out/nextsteps", seed: 42, command: "go run ./cmd/nextsteps"}, false},
		{"json", []string{"-json", "results/nextsteps.json"}, config{out: "out/nextsteps", seed: 42, json: "results/nextsteps.json",
			command: "go run ./cmd/nextsteps -json results/nextsteps.json"}, false},
		{"some, fast", []string{"-only", "relu,cnn", "-fast", "-epochs", "1", "-out", "x", "-backend", "go"},
			config{only: []string{"relu", "cnn"}, epochs: 1, fast: true, out: "x", backend: "go", seed: 42,
				command: "go run ./cmd/nextsteps -only relu,cnn -fast -epochs 1 -out x -backend go"}, false},
		{"list", []string{"-list"}, config{list: true, out: "out/nextsteps", seed: 42, command: "go run ./cmd/nextsteps -list"}, false},
		{"unknown experiment", []string{"-only", "relu,resnet"}, config{}, true},
		{"negative epochs", []string{"-epochs", "-1"}, config{}, true},
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
			if !slices.Equal(got.only, tt.want.only) || got.epochs != tt.want.epochs || got.fast != tt.want.fast ||
				got.list != tt.want.list || got.out != tt.want.out || got.backend != tt.want.backend || got.seed != tt.want.seed ||
				got.json != tt.want.json || got.command != tt.want.command {
				t.Errorf("parseFlags(%q) = %+v, want %+v", tt.args, got, tt.want)
			}
		})
	}
}

// TestExperimentsBuild checks that every experiment builds and that the
// experiments' names are unique and their bases exist.
func TestExperimentsBuild(t *testing.T) {
	seen := map[string]bool{"": true}
	for _, e := range experiments() {
		if seen[e.name] || !seen[e.base] {
			t.Errorf("%s: duplicate name or base %q not defined before it", e.name, e.base)
		}
		seen[e.name] = true
		m, err := e.build()
		if err != nil {
			t.Errorf("%s: %v", e.name, err)
			continue
		}
		if m.InputUnits() != pixels || m.OutputUnits() != classes {
			t.Errorf("%s: %d -> %d units, want %d -> %d", e.name, m.InputUnits(), m.OutputUnits(), pixels, classes)
		}
	}
}

func TestEpochsFor(t *testing.T) {
	e := experiment{epochs: 10}
	tests := []struct {
		c    config
		want int
	}{
		{config{}, 10},
		{config{fast: true}, fastEpochs},
		{config{epochs: 3}, 3},
		{config{epochs: 3, fast: true}, 3},
	}
	for _, tt := range tests {
		if got := epochsFor(tt.c, e); got != tt.want {
			t.Errorf("epochsFor(%+v) = %d, want %d", tt.c, got, tt.want)
		}
	}
}

// syntheticData returns n random images with labels cycling through 0..9.
func syntheticData(n int) data {
	x, y := arrays.New[float32](n, pixels), arrays.New[float32](n, classes)
	for i := range n {
		for p := range pixels {
			x.Data[i*pixels+p] = float32((i*7+p*13)%256) / 255
		}
		y.Data[i*classes+i%classes] = 1
	}
	return data{xTrain: x, yTrain: y, xTest: x, yTest: y}
}

// TestRunExperiments runs two experiments for one epoch on a few synthetic
// images, then a third: results.json must hold all three in order, the
// plots must exist and the saved CNN must predict like the one trained.
func TestRunExperiments(t *testing.T) {
	dir := t.TempDir()
	d := syntheticData(20)
	jsonFile := filepath.Join(t.TempDir(), "nextsteps.json")
	c := config{epochs: 1, out: dir, seed: 1, backend: "go", json: jsonFile, command: "go run ./cmd/nextsteps -epochs 1"}
	var out bytes.Buffer
	for _, names := range [][]string{{"lecture", "cnn"}, {"relu"}} {
		exps, err := selectExperiments(names)
		if err != nil {
			t.Fatal(err)
		}
		if err := runExperiments(c, exps, d, &out, nil); err != nil {
			t.Fatal(err)
		}
	}
	if lines := strings.Count(out.String(), "\n"); lines != 2*2+3 {
		t.Errorf("table has %d lines, want two headers and three rows:\n%s", lines, out.String())
	}
	rf, err := readResults(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, r := range rf.Experiments {
		names = append(names, r.Name)
		if r.Epochs != 1 || len(r.History.ValAccuracy) != 1 || r.TestRows != 20 {
			t.Errorf("%s: %+v, want 1 epoch with validation on 20 rows", r.Name, r)
		}
	}
	if want := []string{"lecture", "relu", "cnn"}; !slices.Equal(names, want) {
		t.Errorf("results.json holds %v, want %v", names, want)
	}
	for _, f := range []string{"single_changes.svg", "overhaul.svg", cnnName} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Error(err)
		}
	}
	m, err := g.LoadModel(filepath.Join(dir, cnnName))
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Compile(g.CompileOptions{Loss: g.CategoricalCrossentropy, Optimizer: g.Adam(adamRate), Backend: "go"}); err != nil {
		t.Fatal(err)
	}
	_, acc, err := m.Evaluate(d.xTest, d.yTest)
	if err != nil || acc != rf.Experiments[2].TestAccuracy {
		t.Errorf("loaded CNN: accuracy %g (%v), want the saved run's %g", acc, err, rf.Experiments[2].TestAccuracy)
	}
	// -json: the same content as results.json, with the command and the CPUs; each run timed.
	inDir, err := os.ReadFile(filepath.Join(dir, resultsName))
	if err != nil {
		t.Fatal(err)
	}
	if js, err := os.ReadFile(jsonFile); err != nil || !bytes.Equal(js, inDir) {
		t.Errorf("-json file (%v) differs from results.json", err)
	}
	if rf.Command != c.command || rf.CPUs < 1 {
		t.Errorf("results record command %q and %d CPUs, want %q and at least 1", rf.Command, rf.CPUs, c.command)
	}
	for _, r := range rf.Experiments {
		if !(r.Seconds > 0) {
			t.Errorf("%s: wall time %g, want > 0", r.Name, r.Seconds)
		}
	}
	if !strings.Contains(rf.Backend, "go") {
		t.Errorf("results.json names the backend %q, want the pure-Go one", rf.Backend)
	}
}
