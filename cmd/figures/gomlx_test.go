package main

import (
	"io"
	"strings"
	"testing"
)

// gomlxFixture is a record of notebook 10 in full mode: both parts of one run.
func gomlxFixture() any {
	part := func(value any, seconds float64) map[string]any {
		return map[string]any{"value": value, "time": "2026-12-03T03:30:34Z", "started": 1796268600, "seconds": seconds,
			"load_average": "0.97 0.37 0.13", "cpus": 2, "fast": false, "go": "go1.26.8"}
	}
	seeds := map[string]any{"backend": "SimpleGo (go)", "train_images": 60000, "test_images": 10000, "epochs": 5,
		"gomlxnet": []float64{0.3433, 0.3911, 0.4142, 0.4082, 0.3345}, "gomlx_trainer": []float64{0.3649, 0.4191, 0.4693, 0.4335, 0.3706}}
	speeds := map[string]any{"batch_size": 128, "steps": 200, "rounds": 3, "backends": []any{
		map[string]any{"config": "go", "description": "Simple Go Portable Backend", "by_hand": 612.4, "trainer": 231, "fit": 531}}}
	return map[string]any{"command": "scripts/notebooks.py --full --results results notebooks/10_gomlx_under_the_hood.ipynb",
		"parts": map[string]any{"seeds": part(seeds, 208), "speeds": part(speeds, 150)}}
}

func TestGomlxBlock(t *testing.T) {
	root := fakeRoot(t)
	if err := run([]string{"-root", root}, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	docsContain(t, root, map[string][]string{"lessons/10_gomlx_under_the_hood.md": {
		"The notebook's full run, `scripts/notebooks.py --full --results results notebooks/10_gomlx_under_the_hood.ipynb`, on 2026-12-03 03:30 UTC (3.5 minutes up to its last figure; GoMLX's pure-Go backend, 2 CPUs, load average 0.97 0.37 0.13 at the end): 60,000 training images, 5 epochs, test accuracy on the 10,000 test images.",
		"| 1 | 0.3433 | 0.3649 |\n", "| 5 | 0.3345 | 0.3706 |\n| mean (sd) | 0.3783 (0.0370) | 0.4115 (0.0440) |\n",
		"GoMLX's trainer minus `gomlxnet`, is +0.0332: +0.82 standard deviations of one run",
		"(median of 3 rounds of 200 steps): on the pure-Go backend the hand-written step 612, GoMLX's trainer 231, `gomlxnet`'s `Fit` 531 (the slowest at 38% of the fastest's speed). No XLA plugin",
	}})
}

func TestGomlxSpeedsOfXLA(t *testing.T) {
	sp := gomlxSpeeds{BatchSize: 128, Steps: 40, Rounds: 3, Backends: []backendSpeed{
		{Config: "go", ByHand: 100, Trainer: 50, Fit: 100}, {Config: "xla:cpu", Description: "XLA CPU", ByHand: 900, Trainer: 300, Fit: 800}}}
	got := speedsText(sp)
	if !strings.Contains(got, "; on `xla:cpu` (XLA CPU) the hand-written step 900") || strings.Contains(got, "not measured") {
		t.Errorf("speedsText = %q", got)
	}
}

// TestGomlxErrors checks that a record of fast mode, of two runs or without
// a part is refused.
func TestGomlxErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(f map[string]any)
		want string
	}{
		{"fast", func(f map[string]any) { part(f, "speeds")["fast"] = true }, "recorded in fast mode"},
		{"two runs", func(f map[string]any) { part(f, "speeds")["started"] = 1 }, "two runs"},
		{"no speeds", func(f map[string]any) { delete(f["parts"].(map[string]any), "speeds") }, `no part "speeds"`},
		{"one seed", func(f map[string]any) { part(f, "seeds")["value"].(map[string]any)["gomlxnet"] = []float64{0.3} }, "two or more seeds"},
		{"no pure-Go", func(f map[string]any) { part(f, "speeds")["value"].(map[string]any)["backends"] = []any{} }, "pure-Go backend's speeds"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := gomlxFixture().(map[string]any)
			tc.edit(f)
			runRefuses(t, fakeRoot(t), gomlxResults, f, tc.want)
		})
	}
}

// part returns the part name of a fixture.
func part(f map[string]any, name string) map[string]any {
	return f["parts"].(map[string]any)[name].(map[string]any)
}
