package gomlxnet

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/backends/simplego"
	"github.com/gonb-courses/neuralnets/internal/simplegopatch"
)

func TestAutoBackend(t *testing.T) {
	tests := []struct {
		name     string
		env      map[string]string
		message  string // the start of the line printed
		fellBack bool
	}{
		{"explicit go", map[string]string{"GOMLX_BACKEND": "go"}, "gomlxnet: using the pure-Go backend ($GOMLX_BACKEND=go)", false},
		{"unknown name", map[string]string{"GOMLX_BACKEND": "nosuchbackend"}, "gomlxnet: using the pure-Go backend ($GOMLX_BACKEND=nosuchbackend failed: ", true},
		{"bad go option", map[string]string{"GOMLX_BACKEND": "go:nosuchoption"}, "gomlxnet: using the pure-Go backend ($GOMLX_BACKEND=go:nosuchoption failed: ", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lookup := func(k string) (string, bool) { v, ok := tt.env[k]; return v, ok }
			b, msg, err := autoBackend(lookup)
			if err != nil || b == nil {
				t.Fatalf("autoBackend: %v, %v", b, err)
			}
			if !strings.HasPrefix(msg, tt.message) || strings.Contains(msg, "\n") {
				t.Errorf("message %q, want one line starting %q", msg, tt.message)
			}
			if tt.fellBack && b.String() != "go" {
				t.Errorf("fell back to %q, want the pure-Go backend", b.String())
			}
		})
	}
}

// TestAutoBackendUnset checks the choice without $GOMLX_BACKEND: XLA when
// one of its plugins is installed here, else the pure-Go backend with a
// line saying why and how to get XLA.
func TestAutoBackendUnset(t *testing.T) {
	var b backends.Backend
	var msg string
	withoutXLAAutoInstall(func() { // no download from a test
		var err error
		if b, msg, err = autoBackend(func(string) (string, bool) { return "", false }); err != nil {
			t.Fatal(err)
		}
	})
	plugins := xlaPlugins()
	t.Logf("XLA built: %v, plugins installed: %v; line: %s", xlaBuilt, plugins, msg)
	var wantName, wantLine string
	switch {
	case !xlaBuilt:
		wantName, wantLine = simplego.BackendName, "gomlxnet: using the pure-Go backend ("+noXLAReason+"; "+xlaHint+")"
	case len(plugins) == 0:
		wantName, wantLine = simplego.BackendName, "gomlxnet: using the pure-Go backend (XLA's CPU plugin not found; "+xlaHint+")"
	default:
		wantName, wantLine = "xla", "gomlxnet: using the XLA ("+b.Description()+") backend"
	}
	if got := b.String(); got != wantName {
		t.Errorf("backend %q, want %q", got, wantName)
	}
	if msg != wantLine {
		t.Errorf("line %q, want %q", msg, wantLine)
	}
}

func TestBackendFor(t *testing.T) {
	a, err := BackendFor("go")
	if err != nil {
		t.Fatal(err)
	}
	b, err := BackendFor("go")
	if err != nil || a != b {
		t.Errorf("BackendFor(go) twice: %p, %p, %v; want the same backend", a, b, err)
	}
	if _, err := BackendFor("nosuchbackend"); !errors.Is(err, ErrBackend) {
		t.Errorf("BackendFor(nosuchbackend): got %v, want ErrBackend", err)
	}
}

// namedBackend is a backend that only says its name, for patchNote.
type namedBackend struct {
	backends.Backend
	name string
}

func (b namedBackend) String() string { return b.name }

// TestPatchNote checks that the backend's log line says when GoMLX runs
// without one of the patches that matter for the backend, and why, and
// says nothing otherwise.
func TestPatchNote(t *testing.T) {
	version := fmt.Errorf("%w: GoMLX is v0.27.0", simplegopatch.ErrNotPatched)
	layout := fmt.Errorf("%w: gemm executor: simplego.Buffer has another layout", simplegopatch.ErrNotPatched)
	goB, xla := namedBackend{name: simplego.BackendName}, namedBackend{name: "xla"}
	tests := []struct {
		name    string
		backend backends.Backend
		status  simplegopatch.Status
		gemmOn  bool
		want    []string // parts of the note, in order; nil for none
	}{
		{"pure-Go, all in", goB, simplegopatch.Status{}, true, nil},
		{"pure-Go, gemm switched off", goB, simplegopatch.Status{}, false,
			[]string{"; matrix products: GoMLX's own, slower ($GOMLXNET_GEMM turns gemm off)"}},
		{"pure-Go, other version", goB, simplegopatch.Status{VJPs: version, Gemm: version}, false,
			[]string{"; gradients of matrix products: GoMLX's own, slower (" + version.Error() + ")",
				"; matrix products: GoMLX's own, slower (same reason)"}},
		{"pure-Go, other layout", goB, simplegopatch.Status{Gemm: layout}, false,
			[]string{"; matrix products: GoMLX's own, slower (" + layout.Error() + ")"}},
		{"pure-Go, ops missing", goB, simplegopatch.Status{Ops: layout}, true,
			[]string{"; convolution ops: GoMLX's own, slower (" + layout.Error() + ")"}},
		{"pure-Go, other version, ops too", goB, simplegopatch.Status{VJPs: version, Gemm: version, Ops: version}, false,
			[]string{"; gradients of matrix products: GoMLX's own, slower (" + version.Error() + ")",
				"; matrix products: GoMLX's own, slower (same reason)"}},
		{"XLA, gemm missing", xla, simplegopatch.Status{Gemm: layout}, false, nil},
		{"XLA, other version", xla, simplegopatch.Status{VJPs: version, Gemm: version}, false,
			[]string{"; gradients of matrix products: GoMLX's own, slower (" + version.Error() + ")"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, want := patchNote(tt.backend, tt.status, tt.gemmOn), strings.Join(tt.want, ""); got != want {
				t.Errorf("patchNote = %q, want %q", got, want)
			}
		})
	}
}

// TestBackendInstallsPatches checks that getting a backend puts the
// patches in (this test binary is built with the GoMLX version they are
// written for) and that the line naming the pure-Go backend then adds
// nothing about them.
func TestBackendInstallsPatches(t *testing.T) {
	b, err := BackendFor("go")
	if err != nil {
		t.Fatal(err)
	}
	status := simplegopatch.Install()
	if status.VJPs != nil || status.Gemm != nil || status.Ops != nil {
		t.Fatalf("after BackendFor, the patches are not in: %+v", status)
	}
	if !simplegopatch.GemmOn() {
		t.Skip("$GOMLXNET_GEMM switches gemm off")
	}
	if note := patchNote(b, status, true); note != "" {
		t.Errorf("patchNote = %q, want \"\"", note)
	}
}
