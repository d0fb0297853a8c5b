package gomlxnet

import (
	"errors"
	"strings"
	"testing"
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
		{"unset", nil, "gomlxnet: using the ", false},
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
			if b.String() == "go" && tt.env == nil && !strings.Contains(msg, "GOMLX_BACKEND=xla") {
				t.Errorf("message %q does not say how to get XLA", msg)
			}
			if tt.fellBack && b.String() != "go" {
				t.Errorf("fell back to %q, want the pure-Go backend", b.String())
			}
		})
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
