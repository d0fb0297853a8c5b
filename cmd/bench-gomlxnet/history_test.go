package main

import (
	"flag"
	"io"
	"slices"
	"testing"

	"github.com/gonb-courses/neuralnets/internal/simplegopatch"
)

func TestFindPatchLevel(t *testing.T) {
	for _, l := range patchLevels {
		if got, err := findPatchLevel(l.name); err != nil || got.name != l.name {
			t.Errorf("findPatchLevel(%q) = %v, %v", l.name, got.name, err)
		}
	}
	if _, err := findPatchLevel("some"); err == nil {
		t.Error("findPatchLevel(some): no error")
	}
	if patchLevels[0].name != "none" || patchLevels[len(patchLevels)-1].name != "all" {
		t.Error("the levels must go from none to all, in the README's order")
	}
}

func TestChildArgs(t *testing.T) {
	fs := flag.NewFlagSet("x", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Int("steps", 0, "")
	fs.String("history", "", "")
	fs.Int("rounds", 3, "")
	fs.String("patches", "all", "")
	fs.Int("epochs", 5, "")
	if err := fs.Parse([]string{"-history", "h.json", "-steps", "100", "-rounds=2", "-patches", "vjp"}); err != nil {
		t.Fatal(err)
	}
	if got := childArgs(fs); !slices.Equal(got, []string{"-steps=100"}) {
		t.Errorf("childArgs = %q, want only -steps=100", got)
	}
}

// TestApplyGemm checks that the levels without gemm switch it off while
// they run, and put it back after.
func TestApplyGemm(t *testing.T) {
	t.Setenv("GOMLXNET_SIMD", "") // apply sets it for the levels below "all"; this puts it back
	if simplegopatch.Install().Gemm != nil {
		t.Skip("GoMLX is not patched here")
	}
	for _, name := range []string{"all", "vjp"} {
		l, _ := findPatchLevel(name)
		var on bool
		if err := l.apply(func() error { on = simplegopatch.GemmOn(); return nil }); err != nil {
			t.Fatal(err)
		}
		if on == l.gemmOff || !simplegopatch.GemmOn() {
			t.Errorf("-patches %s: gemm on %v while it ran, %v after", name, on, simplegopatch.GemmOn())
		}
	}
}
