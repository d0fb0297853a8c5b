package testutil

import (
	"fmt"
	"os"
	"testing"
)

func TestCaptureStderr(t *testing.T) {
	saved := os.Stderr
	got := CaptureStderr(t, func() { fmt.Fprint(os.Stderr, "to stderr") })
	if got != "to stderr" {
		t.Errorf("captured %q, want %q", got, "to stderr")
	}
	if os.Stderr != saved {
		t.Error("os.Stderr was not restored")
	}
}
