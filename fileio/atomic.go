package fileio

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// WriteAtomic writes data to path so that nobody ever sees a partial
// file: it writes a temporary file ".NAME.*.tmp" in path's directory, flushes
// it to disk and renames it over path. On any failure the temporary file is
// removed and path is left as it was. Everything this module writes (data
// files, saved models, histories, pictures) goes through it.
//
// A new file gets mode 0644; a file it replaces keeps its permission bits.
// A file without its owner's write permission is not replaced: the error
// wraps fs.ErrPermission (make it writable, or write another name). An empty
// path or one naming a directory is an ErrArgument error.
//
// The temporary file is locked while it is written (on Unix), so that a
// temporary file of path left by a process that was killed can be told from
// one still being written: WriteAtomic removes such leftovers first.
func WriteAtomic(path string, data []byte) (err error) {
	perm, err := replaceMode(path)
	if err != nil {
		return err
	}
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	RemoveStaleTemps(dir, base)
	tmp, err := CreateLockedTemp(dir, base)
	if err != nil {
		return fmt.Errorf("fileio: writing %s: %w", path, err)
	}
	renamed := false
	defer func() {
		if err != nil {
			_ = tmp.Close()
			if !renamed {
				_ = os.Remove(tmp.Name())
			}
			err = fmt.Errorf("fileio: writing %s: %w", path, err)
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		return err
	}
	if err = tmp.Chmod(perm); err != nil { // CreateTemp makes it 0600
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if renameWhileOpen { // keep the lock until the file has its final name
		if err = os.Rename(tmp.Name(), path); err != nil {
			return err
		}
		renamed = true
		return tmp.Close()
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// replaceMode returns the permission bits the file written at path gets:
// those of the file it replaces, else 0644. It refuses an empty path, a
// directory and a file its owner may not write.
func replaceMode(path string) (fs.FileMode, error) {
	if path == "" {
		return 0, fmt.Errorf("%w: empty file name, want a path such as model.gmlx", ErrArgument)
	}
	info, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return 0o644, nil
	case err != nil:
		return 0, fmt.Errorf("fileio: writing %s: %w", path, err)
	case info.IsDir():
		return 0, fmt.Errorf("%w: %s is a directory, want a file name", ErrArgument, path)
	case info.Mode().Perm()&0o200 == 0:
		return 0, fmt.Errorf("fileio: not replacing %s: the file is read-only (%v); make it writable (chmod u+w) or write another name: %w",
			path, info.Mode().Perm(), fs.ErrPermission)
	}
	return info.Mode().Perm(), nil
}

// CreateLockedTemp creates and locks a temporary file ".base.*.tmp" in dir, the
// kind WriteAtomic writes and RemoveStaleTemps removes once nobody holds it
// (unlocked where the file system has no locks). A RemoveStaleTemps running
// between the creation and the lock may delete the new file; it is then
// created again.
func CreateLockedTemp(dir, base string) (*os.File, error) {
	for range 10 {
		tmp, err := os.CreateTemp(dir, tempPrefix(base)+"*.tmp")
		if err != nil {
			return nil, err
		}
		if lockFile(tmp, true) != nil {
			// A file system without locks: write unlocked. RemoveStaleTemps
			// cannot lock such files either, so it leaves them alone.
			return tmp, nil
		}
		if stillAt(tmp, tmp.Name()) {
			return tmp, nil
		}
		tmp.Close()
	}
	return nil, fmt.Errorf("temporary file in %s removed 10 times while being created", dir)
}

// tempPrefix is how the temporary files for base start.
func tempPrefix(base string) string { return "." + base + "." }

// isTempOf reports whether name is one of our temporary files for base:
// "." + base + "." + the digits os.CreateTemp adds + ".tmp".
func isTempOf(name, base string) bool {
	rest, ok := strings.CutPrefix(name, tempPrefix(base))
	if !ok {
		return false
	}
	digits, ok := strings.CutSuffix(rest, ".tmp")
	return ok && digits != "" && strings.Trim(digits, "0123456789") == ""
}

// RemoveStaleTemps removes the temporary files of each base in dir that no
// process is writing (a run killed mid-write leaves them) and returns their
// paths. Errors are ignored: the directory may be read-only.
func RemoveStaleTemps(dir string, bases ...string) (removed []string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	for _, e := range entries {
		for _, base := range bases {
			if !e.Type().IsRegular() || !isTempOf(e.Name(), base) {
				continue
			}
			path := filepath.Join(dir, e.Name())
			if removeIfStale(path) {
				removed = append(removed, path)
			}
		}
	}
	return removed
}

// stillAt reports whether path still names the open file f.
func stillAt(f *os.File, path string) bool {
	a, err1 := f.Stat()
	b, err2 := os.Stat(path)
	return err1 == nil && err2 == nil && os.SameFile(a, b)
}
