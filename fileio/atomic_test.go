package fileio

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestWriteAtomic checks the file appears whole with mode 0644, and that
// a failed rename leaves no temporary file behind.
func TestWriteAtomic(t *testing.T) {
	dir := t.TempDir()
	data := bytes.Repeat([]byte("mnist"), 1000)
	if err := WriteAtomic(filepath.Join(dir, "f.gz"), data); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(dir, "f.gz"))
	if err != nil {
		t.Fatalf("reading the written file: %v", err)
	}
	info, err := os.Stat(filepath.Join(dir, "f.gz"))
	if err != nil {
		t.Fatalf("the written file: %v", err)
	}
	if !bytes.Equal(got, data) || info.Mode().Perm() != 0o644 {
		t.Errorf("written file: %d bytes, mode %v; want %d bytes, mode 0644", len(got), info.Mode(), len(data))
	}
	os.MkdirAll(filepath.Join(dir, "taken.gz", "sub"), 0o755) // a folder where the file should go
	if err := WriteAtomic(filepath.Join(dir, "taken.gz"), data); err == nil {
		t.Error("writing over a non-empty folder succeeded, want an error")
	}
	if names := dirNames(t, dir); !slices.Equal(names, []string{"f.gz", "taken.gz"}) {
		t.Errorf("folder holds %v after a failed write, want [f.gz taken.gz]", names)
	}
}

// TestWriteAtomicReaders rewrites a 4 MiB file while another goroutine
// reads it: the reader must only ever see no file or the whole file.
func TestWriteAtomicReaders(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "big.gz")
	data := bytes.Repeat([]byte{7}, 4<<20)
	done := make(chan error)
	go func() {
		for range 8 {
			if err := WriteAtomic(path, data); err != nil {
				done <- err
				return
			}
		}
		done <- nil
	}()
	for reads := 0; ; reads++ {
		select {
		case err := <-done:
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%d reads, none partial", reads)
			return
		default:
		}
		if got, err := os.ReadFile(path); err == nil && len(got) != len(data) {
			t.Fatalf("reader saw %d of %d bytes", len(got), len(data))
		}
	}
}

// dirNames lists the entries of dir, sorted.
func dirNames(t testing.TB, dir string) []string {
	entries, err := os.ReadDir(dir)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	slices.Sort(names)
	return names
}
