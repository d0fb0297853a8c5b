//go:build unix

package fileio

import (
	"errors"
	"os"
	"syscall"
)

// renameWhileOpen: Unix renames an open file, so WriteAtomic keeps its
// lock on the temporary file until the rename is done.
const renameWhileOpen = true

// lockFile takes an exclusive flock on f, held until f is closed or the
// process ends (the kernel releases it even after kill -9). Without wait it
// fails at once (EWOULDBLOCK) when another open file holds the lock.
func lockFile(f *os.File, wait bool) error {
	how := syscall.LOCK_EX
	if !wait {
		how |= syscall.LOCK_NB
	}
	for {
		err := syscall.Flock(int(f.Fd()), how)
		if !errors.Is(err, syscall.EINTR) {
			return err
		}
	}
}

// removeIfStale removes the temporary file path if no process holds its
// lock, that is, if the process that wrote it is gone.
func removeIfStale(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	if lockFile(f, false) != nil { // in use (EWOULDBLOCK), or locks unsupported
		return false
	}
	// The writer may have renamed it into place between our open and lock.
	return stillAt(f, path) && os.Remove(path) == nil
}
