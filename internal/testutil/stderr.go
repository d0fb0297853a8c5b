// Package testutil holds helpers shared by the module's tests.
package testutil

import (
	"io"
	"os"
	"testing"
)

// CaptureStderr runs fn with os.Stderr going to a pipe and returns what fn
// wrote there.
func CaptureStderr(tb testing.TB, fn func()) string {
	tb.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		tb.Fatal(err)
	}
	saved := os.Stderr
	os.Stderr = w
	done := make(chan string)
	go func() { b, _ := io.ReadAll(r); done <- string(b) }()
	defer func() { os.Stderr = saved }()
	fn()
	w.Close()
	return <-done
}
