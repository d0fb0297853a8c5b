package gomlxnet

import (
	"io"
	"os"
	"testing"
)

// captureStderr runs fn with os.Stderr going to a pipe and returns what fn wrote.
func captureStderr(t *testing.T, fn func()) string {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
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
