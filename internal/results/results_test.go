package results

import (
	"errors"
	"io/fs"
	"os"
	"strings"
	"testing"
	"time"
)

func TestLoadAverage(t *testing.T) {
	got := LoadAverage()
	if _, err := os.Stat("/proc/loadavg"); err != nil {
		if got != "" {
			t.Errorf("LoadAverage() = %q without /proc/loadavg, want \"\"", got)
		}
		return
	}
	if f := strings.Fields(got); len(f) != 3 {
		t.Errorf("LoadAverage() = %q, want three figures", got)
	}
}

func TestAddPart(t *testing.T) {
	path := t.TempDir() + "/sub/nb.json"
	start := time.Now().Add(-time.Minute)
	run := Run{Command: "scripts/notebooks.py x.ipynb", Started: start}
	if err := AddPart(path, "a", map[string]int{"n": 1}, run); err != nil {
		t.Fatal(err)
	}
	if err := AddPart(path, "b", []float64{0.5}, run); err != nil {
		t.Fatal(err)
	}
	f, err := ReadNotebook(path)
	if err != nil {
		t.Fatal(err)
	}
	var a map[string]int
	p, err := f.Decode("a", &a)
	if err != nil || a["n"] != 1 || f.Command != run.Command || len(f.Parts) != 2 {
		t.Fatalf("after two parts: %+v, %v, %v", f, a, err)
	}
	if p.Started != start.Unix() || p.Seconds < 59 || p.CPUs < 1 || p.Time == "" {
		t.Errorf("part a: %+v", p)
	}
	// Another run starts the file afresh.
	if err := AddPart(path, "b", []float64{0.7}, Run{Started: start.Add(time.Second)}); err != nil {
		t.Fatal(err)
	}
	if f, _ = ReadNotebook(path); len(f.Parts) != 1 {
		t.Errorf("after another run's part: %d parts, want 1", len(f.Parts))
	}
	if _, err := f.Decode("a", &a); err == nil {
		t.Error("Decode of a missing part: no error")
	}
	if _, err := ReadNotebook(path + ".none"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
	if err := AddPart(path, "c", func() {}, run); err == nil {
		t.Error("a value JSON cannot hold: no error")
	}
}
