package seedruns

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func run(scale float64, seed uint64, loss ...float64) Run {
	acc := make([]float64, len(loss))
	for i, l := range loss {
		acc[i] = 1 - l
	}
	return Run{Setting: Setting{Scale: scale, Epochs: len(loss), BatchSize: 128, LearningRate: 0.01},
		Seed: seed, Loss: loss, Accuracy: acc, TestAccuracy: 0.5}
}

func TestAddSelectSaveLoad(t *testing.T) {
	var f File
	f.Add(run(255, 2, 0.3, 0.2))
	f.Add(run(1, 42, 0.1, 0.05))
	f.Add(run(1, 3, 0.2, 0.1))
	f.Add(run(1, 3, 0.25, 0.15)) // replaces the first seed 3
	var order []uint64
	for _, r := range f.Runs {
		order = append(order, r.Seed)
	}
	if want := []uint64{3, 42, 2}; !reflect.DeepEqual(order, want) {
		t.Errorf("seeds in order %v, want %v", order, want)
	}
	s1 := run(1, 0, 0, 0).Setting
	if got := f.Select(s1); len(got) != 2 || got[0].Loss[0] != 0.25 {
		t.Errorf("Select(scale 1) = %+v", got)
	}
	if !f.Has(s1, 42) || f.Has(s1, 2) {
		t.Error("Has: wrong answer")
	}
	path := filepath.Join(t.TempDir(), "seeds.json")
	f.Commands = []string{"go run ./cmd/seeds"}
	if err := f.Save(path); err != nil {
		t.Fatal(err)
	}
	back, err := Load(path, false)
	if err != nil || !reflect.DeepEqual(back, &f) {
		t.Errorf("Load = %+v, %v; want %+v", back, err, f)
	}
}

func TestLoadErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	if f, err := Load(filepath.Join(dir, "missing.json"), true); err != nil || len(f.Runs) != 0 {
		t.Errorf("missing file with missingOK: %v, %v", f, err)
	}
	if _, err := Load(filepath.Join(dir, "missing.json"), false); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v, want os.ErrNotExist", err)
	}
	for _, tc := range []struct{ name, text string }{
		{"not JSON", "runs: 1"},
		{"short history", `{"runs":[{"scale":1,"epochs":2,"loss":[0.1],"accuracy":[0.1,0.2]}]}`},
		{"no epochs", `{"runs":[{"scale":1,"epochs":0,"loss":[],"accuracy":[]}]}`},
		{"repeated seed", `{"runs":[{"scale":1,"epochs":1,"seed":3,"loss":[0.1],"accuracy":[0.1]},` +
			`{"scale":1,"epochs":1,"seed":3,"loss":[0.2],"accuracy":[0.1]}]}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := Load(write(tc.name+".json", tc.text), false); !errors.Is(err, ErrBadFile) {
				t.Errorf("error %v, want ErrBadFile", err)
			}
		})
	}
}

func TestSpread(t *testing.T) {
	for _, tc := range []struct {
		xs   []float64
		want Spread
	}{
		{[]float64{3, 1, 2}, Spread{2, 1, 3, 3}},
		{[]float64{4, 1, 3, 2}, Spread{2.5, 1, 4, 4}},
		{[]float64{7}, Spread{7, 7, 7, 1}},
	} {
		if got := SpreadOf(tc.xs); got != tc.want {
			t.Errorf("SpreadOf(%v) = %+v, want %+v", tc.xs, got, tc.want)
		}
	}
	if s := SpreadOf(nil); !math.IsNaN(s.Median) || s.N != 0 {
		t.Errorf("SpreadOf(nil) = %+v", s)
	}
	s := Spread{Median: 0.15, Min: 0.12634, Max: 0.17}
	for _, tc := range []struct {
		v    float64
		want bool
	}{{0.1263, true}, {0.1262, false}, {0.17004, true}, {0.1701, false}, {0.15, true}} {
		if got := s.Contains(tc.v, 4); got != tc.want {
			t.Errorf("Contains(%v) = %t, want %t", tc.v, got, tc.want)
		}
	}
	if b, a := Rank([]float64{1, 2, 3, 3, 5}, 3); b != 2 || a != 1 {
		t.Errorf("Rank = %d below, %d above; want 2, 1", b, a)
	}
}

func TestFigures(t *testing.T) {
	r := run(1, 1, 0.3, 0.2, 0.1)
	for _, tc := range []struct {
		name string
		f    Figure
		want float64
	}{
		{"loss 1", LossAt(1), 0.3}, {"loss last", LossAt(0), 0.1}, {"loss 2", LossAt(2), 0.2},
		{"accuracy 2", AccuracyAt(2), 0.8}, {"accuracy last-1", AccuracyAt(-1), 0.8},
		{"test", TestAccuracy, 0.5},
	} {
		if got := tc.f(r); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
	if v := LossAt(4)(r); !math.IsNaN(v) {
		t.Errorf("epoch past the end: %v, want NaN", v)
	}
	if v := Values([]Run{r, run(1, 2, 0.5)}, LossAt(1)); !reflect.DeepEqual(v, []float64{0.3, 0.5}) {
		t.Errorf("Values = %v", v)
	}
}
