package main

import (
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/gonb-courses/neuralnets/arrays"
	"github.com/gonb-courses/neuralnets/course/lecture"
	"github.com/gonb-courses/neuralnets/gomlxnet"
	"github.com/gonb-courses/neuralnets/internal/results"
	"github.com/gonb-courses/neuralnets/metrics"
)

func TestParseFlags(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		want    config
		wantErr bool
	}{
		{"defaults: the lecture's settings", nil, config{epochs: lecture.Epochs, batchSize: lecture.BatchSize,
			learningRate: lecture.LearningRate, scale: lecture.InputScale, seed: 42, out: "out/lecture"}, false},
		{"short run unscaled", []string{"-epochs", "2", "-scale", "1", "-backend", "go", "-out", "x"},
			config{epochs: 2, batchSize: 128, learningRate: 0.01, scale: 1, backend: "go", seed: 42, out: "x"}, false},
		{"zero epochs", []string{"-epochs", "0"}, config{}, true},
		{"negative scale", []string{"-scale", "-1"}, config{}, true},
		{"stray argument", []string{"extra"}, config{}, true},
		{"unknown flag", []string{"-epoch", "2"}, config{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseFlags(tt.args, io.Discard)
			if (err != nil) != tt.wantErr {
				t.Fatalf("parseFlags(%q): error %v, want error %t", tt.args, err, tt.wantErr)
			}
			if !tt.wantErr && got != tt.want {
				t.Errorf("parseFlags(%q) = %+v, want %+v", tt.args, got, tt.want)
			}
		})
	}
}

func TestWriteHistory(t *testing.T) {
	dir := t.TempDir()
	h := &metrics.History{Epochs: []int{1, 2}, Loss: []float64{0.1368, 0.0923}, Accuracy: []float64{0.1933, 0.3126},
		SecondsPerEpoch: []float64{1.5, 1.25}}
	for range 2 { // the second write replaces the first
		if err := writeHistory(dir, h); err != nil {
			t.Fatal(err)
		}
	}
	csv, err := os.ReadFile(filepath.Join(dir, "history.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if want := "epoch,accuracy,loss,seconds\n1,0.1933,0.1368,1.5\n2,0.3126,0.0923,1.25\n"; string(csv) != want {
		t.Errorf("history.csv:\n%s\nwant\n%s", csv, want)
	}
	js, err := os.ReadFile(filepath.Join(dir, "history.json"))
	if err != nil {
		t.Fatal(err)
	}
	var back metrics.History
	if err := json.Unmarshal(js, &back); err != nil || !reflect.DeepEqual(&back, h) {
		t.Errorf("history.json read back as %+v (%v), want %+v", back, err, h)
	}
	st, err := os.Stat(filepath.Join(dir, "history.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o644 {
		t.Errorf("history.csv mode %v, want -rw-r--r--", st.Mode())
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 2 {
		t.Errorf("%d files in the output directory, want 2 (no temporary file left)", len(entries))
	}
	if err := writeHistory(filepath.Join(dir, "missing"), h); err == nil {
		t.Error("writing into a missing directory: no error")
	}
}

func TestHistoryCSVValidation(t *testing.T) {
	h := &metrics.History{Epochs: []int{1}, Loss: []float64{0.5}, ValLoss: []float64{0.75},
		SecondsPerEpoch: []float64{2}}
	if got, want := string(historyCSV(h)), "epoch,accuracy,loss,val_accuracy,val_loss,seconds\n1,,0.5,,0.75,2\n"; got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// TestOutDirCheckedFirst gives an -out directory that cannot be written
// (issue 14, item 8): the run fails at once, naming it, before it loads
// the data (here there is none to load, and no network) or trains.
func TestOutDirCheckedFirst(t *testing.T) {
	out := t.TempDir()
	if os.Geteuid() == 0 {
		out = "/sys" // root writes in any directory but sysfs
	} else if err := os.Chmod(out, 0o555); err != nil {
		t.Fatal(err)
	}
	if f, err := os.CreateTemp(out, "probe"); err == nil {
		f.Close()
		os.Remove(f.Name())
		t.Skipf("%s is writable here", out)
	}
	t.Setenv("GOMLXNET_DATA", t.TempDir())
	t.Setenv("GOMODCACHE", t.TempDir())
	t.Setenv("GOENV", "off")
	t.Setenv("GOPROXY", "off")
	t.Setenv("HTTPS_PROXY", "http://127.0.0.1:1") // should anything try the network
	err := run([]string{"-epochs", "1", "-backend", "go", "-out", out}, io.Discard)
	if err == nil || !strings.HasPrefix(err.Error(), "-out "+out+": ") {
		t.Errorf("run with -out %s: error %v, want one about -out first", out, err)
	}
}

// TestResultJSON trains a small network for one epoch on synthetic rows and
// checks what -json records: the command line, the settings, the test
// accuracy and a confusion matrix whose cells count every test row.
func TestResultJSON(t *testing.T) {
	const rows = 40
	x, y := arrays.New[float32](rows, pixels), arrays.New[float32](rows, classes)
	for i := range rows {
		x.Data[i*pixels+i%pixels] = 1
		y.Data[i*classes+i%classes] = 1
	}
	input := gomlxnet.Input(pixels)
	model, err := gomlxnet.NewModel(input, gomlxnet.Dense(classes, gomlxnet.Sigmoid)(input))
	if err != nil {
		t.Fatal(err)
	}
	opts := gomlxnet.CompileOptions{Loss: gomlxnet.MeanSquaredError, Optimizer: gomlxnet.SGD(0.01), Metrics: []string{"accuracy"}, Backend: "go"}
	if err := model.Compile(opts); err != nil {
		t.Fatal(err)
	}
	h, err := model.Fit(x, y, gomlxnet.FitOptions{Epochs: 1, BatchSize: 8, Quiet: true})
	if err != nil {
		t.Fatal(err)
	}
	loss, acc, err := model.Evaluate(x, y)
	if err != nil {
		t.Fatal(err)
	}
	args := []string{"-epochs", "1", "-json", "r.json"}
	c, err := parseFlags(args, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	r, err := newResult(c, args, model, h, x, y, loss, acc)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "r.json")
	if err := writeResult(r, path); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var back results.Lecture
	if err := json.Unmarshal(raw, &back); err != nil {
		t.Fatal(err)
	}
	total, diagonal := 0, 0
	for i, row := range back.Confusion {
		for j, n := range row {
			total += n
			if i == j {
				diagonal += n
			}
		}
	}
	if back.Command != "go run ./cmd/lecture -epochs 1 -json r.json" || back.Epochs != 1 || back.Seed != 42 || back.Params != 7850 ||
		len(back.Confusion) != classes || total != rows || float64(diagonal)/rows != back.TestAccuracy || len(back.History.Epochs) != 1 {
		t.Errorf("-json wrote %s", raw)
	}
	if err := writeResult(r, filepath.Join(t.TempDir(), "missing", "r.json")); err == nil || !strings.HasPrefix(err.Error(), "-json: ") {
		t.Errorf("writing into a missing directory: %v, want an error about -json", err)
	}
}
