package fileio

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestWriteAtomicStaleTemps leaves temporary files as a process killed
// mid-write would (issue 14, item 4): the next write of the same name
// removes them, but not one another writer holds, nor files of other names.
func TestWriteAtomicStaleTemps(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "train.gz")
	orphan := filepath.Join(dir, ".train.gz.123456.tmp")
	other := filepath.Join(dir, ".other.gz.123456.tmp")
	notOurs := filepath.Join(dir, ".train.gz.abc.tmp")
	for _, p := range []string{orphan, other, notOurs} {
		if err := os.WriteFile(p, []byte("partial"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	busy, err := CreateLockedTemp(dir, "train.gz") // a writer still at work
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	if err := WriteAtomic(path, []byte("whole")); err != nil {
		t.Fatal(err)
	}
	want := []string{filepath.Base(other), filepath.Base(notOurs), filepath.Base(busy.Name()), "train.gz"}
	slices.Sort(want)
	if got := dirNames(t, dir); !slices.Equal(got, want) {
		t.Errorf("directory holds %v, want %v (the orphan removed, the rest kept)", got, want)
	}
}

// TestWriteAtomicModes checks that a read-only file is not replaced and
// a writable one keeps its mode (issue 14, item 5), and that an empty name
// or a directory gets a clear error (item 8).
func TestWriteAtomicModes(t *testing.T) {
	dir := t.TempDir()
	readOnly := filepath.Join(dir, "kept.gmlx")
	os.WriteFile(readOnly, []byte("good model"), 0o444)
	err := WriteAtomic(readOnly, []byte("new"))
	if !errors.Is(err, fs.ErrPermission) || !strings.Contains(err.Error(), "read-only") || !strings.Contains(err.Error(), readOnly) {
		t.Errorf("replacing a read-only file: error %v, want fs.ErrPermission naming %s as read-only", err, readOnly)
	}
	if got, _ := os.ReadFile(readOnly); string(got) != "good model" {
		t.Errorf("read-only file now holds %q", got)
	}
	private := filepath.Join(dir, "private.gmlx")
	os.WriteFile(private, []byte("old"), 0o600)
	if err := WriteAtomic(private, []byte("new")); err != nil {
		t.Fatal(err)
	}
	if info, err := os.Stat(private); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("replaced 0600 file has mode %v (%v), want 0600 kept", info.Mode().Perm(), err)
	}
	for _, bad := range []string{"", dir} {
		err := WriteAtomic(bad, []byte("x"))
		if !errors.Is(err, ErrArgument) || strings.Contains(err.Error(), ".tmp") {
			t.Errorf("WriteAtomic(%q): error %v, want ErrArgument without a temporary file name", bad, err)
		}
	}
}
