//go:build !unix

package fileio

import (
	"os"
	"time"
)

// renameWhileOpen: elsewhere (Windows) an open file cannot be renamed.
const renameWhileOpen = false

// staleAfter is how old a temporary file must be before removeIfStale
// takes it for a leftover, where files cannot be locked.
const staleAfter = time.Hour

// lockFile does nothing where flock is not available.
func lockFile(*os.File, bool) error { return nil }

// removeIfStale removes the temporary file path if it is older than staleAfter.
func removeIfStale(path string) bool {
	info, err := os.Stat(path)
	return err == nil && time.Since(info.ModTime()) > staleAfter && os.Remove(path) == nil
}
