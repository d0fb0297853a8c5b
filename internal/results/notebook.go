package results

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/gonb-courses/neuralnets/fileio"
)

// Notebook is a result file that a notebook's cells write part by part
// (course.Record, when scripts/notebooks.py runs it with --results): each
// GoNB cell is a program of its own, so each adds its part to the file.
type Notebook struct {
	// Command runs the notebook ($GOMLXNET_RESULTS_COMMAND).
	Command string `json:"command"`
	// Parts are the cells' figures by name.
	Parts map[string]Part `json:"parts"`
}

// Part is one cell's figures, and when and where they were measured.
type Part struct {
	Value json.RawMessage `json:"value"`
	// Time is when the part was recorded, RFC 3339 in UTC.
	Time string `json:"time"`
	// Started is the Unix time at which the notebook's run started
	// ($GOMLXNET_RESULTS_START), the same in every part of one run; 0 if
	// unknown.
	Started int64 `json:"started,omitempty"`
	// Seconds is the time from Started to the part's recording.
	Seconds     float64 `json:"seconds,omitempty"`
	LoadAverage string  `json:"load_average"`
	CPUs        int     `json:"cpus"`
	Fast        bool    `json:"fast"` // GOMLXNET_FAST=1: little data, few epochs
	Go          string  `json:"go"`
}

// Run says which notebook run adds a part: its command and start.
type Run struct {
	Command string
	Started time.Time // the zero time if unknown
	Fast    bool
}

// AddPart adds the part name, holding v, to the Notebook file at path,
// written atomically. Parts of another run (another Started) are dropped:
// the file holds one run's figures.
func AddPart(path, name string, v any, run Run) error {
	value, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("results: %s: %w", name, err)
	}
	f, err := ReadNotebook(path)
	if errors.Is(err, fs.ErrNotExist) {
		f, err = &Notebook{}, nil
	}
	if err != nil {
		return err
	}
	now := time.Now()
	p := Part{Value: value, Time: now.UTC().Format(time.RFC3339), LoadAverage: LoadAverage(),
		CPUs: runtime.NumCPU(), Fast: run.Fast, Go: runtime.Version()}
	if !run.Started.IsZero() {
		p.Started, p.Seconds = run.Started.Unix(), now.Sub(run.Started).Seconds()
	}
	for k, old := range f.Parts {
		if old.Started != p.Started {
			delete(f.Parts, k)
		}
	}
	if f.Parts == nil {
		f.Parts = map[string]Part{}
	}
	f.Command, f.Parts[name] = run.Command, p
	js, err := json.MarshalIndent(f, "", " ")
	if err != nil {
		return fmt.Errorf("results: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("results: %w", err)
	}
	return fileio.WriteAtomic(path, append(js, '\n'))
}

// ReadNotebook reads a Notebook file.
func ReadNotebook(path string) (*Notebook, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("results: %w", err)
	}
	var f Notebook
	if err := json.Unmarshal(raw, &f); err != nil {
		return nil, fmt.Errorf("results: %s: %w", path, err)
	}
	return &f, nil
}

// Decode decodes the part name of f into v.
func (f *Notebook) Decode(name string, v any) (Part, error) {
	p, ok := f.Parts[name]
	if !ok {
		return p, fmt.Errorf("results: no part %q", name)
	}
	if err := json.Unmarshal(p.Value, v); err != nil {
		return p, fmt.Errorf("results: part %q: %w", name, err)
	}
	return p, nil
}
