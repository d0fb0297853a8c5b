package gomlxnet

import (
	"fmt"
	"os"
	"path/filepath"
)

// WriteFileAtomic writes data to path so that nobody ever sees a partial
// file: it writes a temporary file in path's directory, flushes it to disk,
// makes it readable by all (0644) and renames it over path. On any failure
// the temporary file is removed and path is left as it was. Everything this
// module writes (data files, saved models, histories, pictures) goes through it.
func WriteFileAtomic(path string, data []byte) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("gomlxnet: writing %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			_ = tmp.Close()
			_ = os.Remove(tmp.Name())
			err = fmt.Errorf("gomlxnet: writing %s: %w", path, err)
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		return err
	}
	if err = tmp.Chmod(0o644); err != nil { // CreateTemp makes it 0600
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
