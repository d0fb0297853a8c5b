package main

import (
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gonb-courses/neuralnets/internal/seedruns"
)

// TestCommittedFiguresUpToDate fails when lesson 5's or the README's block,
// or the picture, is not what the committed result file gives: after a new
// results/seeds.json, run `go run ./cmd/figures`.
func TestCommittedFiguresUpToDate(t *testing.T) {
	err := run([]string{"-root", "../..", "-check"}, io.Discard, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
}

// fakeRun is a run of the lecture's settings whose figures grow with k.
func fakeRun(scale float64, seed uint64, k float64) seedruns.Run {
	r := seedruns.Run{Setting: seedruns.Setting{Scale: scale, Epochs: slideEpochs, BatchSize: slideBatch, LearningRate: slideRate},
		Seed: seed, TestAccuracy: 0.88 + k/1000, Backend: "go"}
	for e := range slideEpochs {
		f := 1 / float64(e+1)
		r.Loss = append(r.Loss, 0.02+0.12*f+k/1000)
		r.Accuracy = append(r.Accuracy, 0.9-0.75*f+k/1000)
	}
	return r
}

// fakeRoot writes a repository root with result files (three seeds of
// scale 1, and those of fixtures.go) and the documents, markers in place.
func fakeRoot(t *testing.T) string {
	root := t.TempDir()
	for _, dir := range []string{"results", "lessons", "bench/results"} { // cmd/figures makes lessons/figures
		if err := os.MkdirAll(filepath.Join(root, dir), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	f := &seedruns.File{Commands: []string{"go run ./cmd/seeds -seeds 1-2,42", "go run ./cmd/seeds -seeds 3"}}
	for i, seed := range []uint64{1, 2, 42} {
		f.Add(fakeRun(1, seed, float64(i)))
	}
	f.Add(fakeRun(255, 42, 0)) // another scale...
	r := fakeRun(1, 7, 0)
	r.Epochs, r.Loss, r.Accuracy = 2, r.Loss[:2], r.Accuracy[:2] // ...and another setting
	f.Add(r)
	if err := f.Save(filepath.Join(root, "results/seeds.json")); err != nil {
		t.Fatal(err)
	}
	for path, content := range fixtures() {
		writeFile(t, filepath.Join(root, path), content)
	}
	docs := map[string][]string{}
	for _, d := range seedsDocuments {
		docs[d.path] = append(docs[d.path], "seeds")
	}
	for _, d := range otherBlocks {
		docs[d.doc] = append(docs[d.doc], d.name)
	}
	for path, names := range docs {
		doc := "# Title\n\nbefore\n\n"
		for _, name := range names {
			doc += beginMarker(name) + "old " + name + "\n" + endMarker(name) + "\n\nbetween\n\n"
		}
		writeFile(t, filepath.Join(root, path), doc+"after\n")
	}
	return root
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// docsContain checks that each document (a path under root) holds every
// one of its wanted strings, and returns the documents' texts.
func docsContain(t *testing.T, root string, wants map[string][]string) map[string]string {
	t.Helper()
	texts := map[string]string{}
	for doc, ws := range wants {
		text, err := os.ReadFile(filepath.Join(root, doc))
		if err != nil {
			t.Fatal(err)
		}
		texts[doc] = string(text)
		for _, w := range ws {
			if !strings.Contains(string(text), w) {
				t.Errorf("%s lacks %q:\n%s", doc, w, text)
			}
		}
	}
	return texts
}

// runRefuses writes fixture as the result file file (relative to root) and
// checks that the command then fails with an error containing want.
func runRefuses(t *testing.T, root, file string, fixture any, want string) {
	t.Helper()
	js, err := json.Marshal(fixture)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(root, file), string(js))
	if err := run([]string{"-root", root}, io.Discard, io.Discard); err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("error %v, want one containing %q", err, want)
	}
}

func TestRegenerate(t *testing.T) {
	root := fakeRoot(t)
	args := []string{"-root", root}
	if err := run(append(args, "-check"), io.Discard, io.Discard); !errors.Is(err, ErrStale) {
		t.Fatalf("-check before writing: %v, want ErrStale", err)
	}
	if err := run(args, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	if err := run(append(args, "-check"), io.Discard, io.Discard); err != nil {
		t.Fatalf("-check after writing: %v", err)
	}
	lesson, err := os.ReadFile(filepath.Join(root, "lessons/05_training.md"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(lesson)
	for _, want := range []string{
		"before\n\n" + beginMarker("seeds") + "![", "](figures/seeds.png)",
		"| epoch 1 accuracy | 0.1933 | 0.1510 (0.1500–0.1520) | 0.1520, 3rd | 0.1500 (0.1500–0.1500) | 0.1500, 1st |",
		"| test accuracy | 0.8859 | 0.8810 (0.8800–0.8820) | 0.8820, 3rd | 0.8800 (0.8800–0.8800) | 0.8800, 1st |",
		"of 3 seeds", "of 1 seeds", "GoMLX's pure-Go backend; seeds", "wall time of a run: median 0.0 minutes", "seeds 1-2 and 42", "Measured with `go run ./cmd/seeds -seeds 1-2,42`, then `go run ./cmd/seeds -seeds 3` (",
		"epoch 1 accuracy (above all 3)", "test accuracy (above all 3)",
		"epoch 200 loss (2 runs below it, 1 above)", "epoch 1 loss (below all 3)", endMarker("seeds") + "\n\n",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("lesson lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "old seeds") {
		t.Error("the old block is still there")
	}
	readme, _ := os.ReadFile(filepath.Join(root, "README.md"))
	if !strings.Contains(string(readme), "](lessons/figures/seeds.png)") {
		t.Errorf("README's picture path:\n%s", readme)
	}
	png, err := os.ReadFile(filepath.Join(root, picturePath))
	if err != nil || len(png) < 1000 {
		t.Fatalf("picture: %d bytes, %v", len(png), err)
	}
	// A changed result makes every file stale.
	f, _ := seedruns.Load(filepath.Join(root, "results/seeds.json"), false)
	f.Add(fakeRun(1, 3, 9))
	if err := f.Save(filepath.Join(root, "results/seeds.json")); err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	err = run(append(args, "-check"), &out, io.Discard)
	if !errors.Is(err, ErrStale) || !strings.Contains(err.Error(), "seeds.png") || !strings.Contains(err.Error(), "README.md") {
		t.Errorf("-check after a new run: %v", err)
	}
}

func TestPlacementInside(t *testing.T) {
	g := group{scale: 1}
	for i, loss := range []float64{0.1367, 0.13676, 0.1369} { // the second is the slide's 0.1368 when rounded
		r := fakeRun(1, uint64(i), 0)
		r.Loss[0] = loss
		g.runs = append(g.runs, r)
	}
	if got := placement(g); !strings.Contains(got, "epoch 1 loss (1 run below it, 1 equal, 1 above)") {
		t.Errorf("placement = %s", got)
	}
}

func TestErrors(t *testing.T) {
	root := fakeRoot(t)
	if err := os.WriteFile(filepath.Join(root, "README.md"), []byte("no markers\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := run([]string{"-root", root}, io.Discard, io.Discard); !errors.Is(err, ErrMarkers) || !strings.Contains(err.Error(), "README.md") {
		t.Errorf("missing markers: %v, want ErrMarkers naming README.md", err)
	}
	if err := run([]string{"-root", t.TempDir()}, io.Discard, io.Discard); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("no result file: %v", err)
	}
	empty := fakeRoot(t)
	if err := (&seedruns.File{}).Save(filepath.Join(empty, "results/seeds.json")); err != nil {
		t.Fatal(err)
	}
	if err := run([]string{"-root", empty}, io.Discard, io.Discard); err == nil || !strings.Contains(err.Error(), "no runs at the lecture's settings") {
		t.Errorf("empty result file: %v", err)
	}
	if err := run([]string{"stray"}, io.Discard, io.Discard); err == nil {
		t.Error("stray argument: no error")
	}
}

func TestOrdinal(t *testing.T) {
	for n, want := range map[int]string{1: "1st", 2: "2nd", 3: "3rd", 4: "4th", 11: "11th", 12: "12th", 13: "13th", 21: "21st", 22: "22nd", 101: "101st", 111: "111th"} {
		if got := ordinal(n); got != want {
			t.Errorf("ordinal(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestSeedList(t *testing.T) {
	for _, tc := range []struct {
		seeds []uint64
		want  string
	}{
		{[]uint64{42}, "42"}, {[]uint64{1, 2, 3}, "1-3"}, {[]uint64{1, 2, 3, 5, 42}, "1-3, 5 and 42"},
	} {
		var runs []seedruns.Run
		for _, s := range tc.seeds {
			runs = append(runs, seedruns.Run{Seed: s})
		}
		if got := seedList([]group{{runs: runs}}); got != tc.want {
			t.Errorf("seedList(%v) = %q, want %q", tc.seeds, got, tc.want)
		}
	}
}
