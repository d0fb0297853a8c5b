package gomlxnet

import (
	"strings"
	"testing"
)

func TestSurveyBackends(t *testing.T) {
	tests := []struct {
		name      string
		plugins   []string
		noXLA     string
		gpu       bool
		installed []bool   // go, xla:cpu, xla:cuda
		missing   []string // a part of each Missing, "" for installed ones
	}{
		{"no plugin, no GPU", nil, "", false, []bool{true, false, false},
			[]string{"", "setup.sh --xla installs it", "no NVIDIA GPU"}},
		{"no plugin, a GPU", nil, "", true, []bool{true, false, false},
			[]string{"", "CPU plugin is not installed;", "CUDA plugin is not installed;"}},
		{"cpu plugin", []string{"cpu"}, "", false, []bool{true, true, false},
			[]string{"", "", "no NVIDIA GPU"}},
		{"cpu and cuda plugins", []string{"cuda", "cpu"}, "", true, []bool{true, true, true},
			[]string{"", "", ""}},
		{"a build without XLA", nil, "this build has no XLA backend", true, []bool{true, false, false},
			[]string{"", "this build has no XLA backend", "this build has no XLA backend"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := surveyBackends(tt.plugins, tt.noXLA, tt.gpu)
			configs := []string{"go", "xla:cpu", "xla:cuda"}
			if len(got) != len(configs) {
				t.Fatalf("got %d backends, want %d", len(got), len(configs))
			}
			for i, b := range got {
				if b.Config != configs[i] || b.Installed != tt.installed[i] {
					t.Errorf("backend %d: %q installed %v, want %q installed %v", i, b.Config, b.Installed, configs[i], tt.installed[i])
				}
				if (tt.missing[i] == "") != (b.Missing == "") || !strings.Contains(b.Missing, tt.missing[i]) {
					t.Errorf("%s: Missing %q, want it to contain %q", b.Config, b.Missing, tt.missing[i])
				}
			}
		})
	}
}

// TestBackendsHere checks the survey of this machine: the pure-Go backend
// is always there, and every backend it reports installed can be created.
func TestBackendsHere(t *testing.T) {
	got := Backends()
	if len(got) == 0 || got[0].Config != "go" || !got[0].Installed {
		t.Fatalf("Backends() = %+v, want the pure-Go backend first and installed", got)
	}
	for _, b := range got {
		if !b.Installed {
			if b.Missing == "" {
				t.Errorf("%s: not installed and no reason given", b.Config)
			}
			continue
		}
		if _, err := BackendFor(b.Config); err != nil {
			t.Errorf("%s reported installed, but BackendFor failed: %v", b.Config, err)
		}
	}
}
