package mnist

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"github.com/gonb-courses/neuralnets/fileio"
)

// defaultGoProxy is the Go command's own default GOPROXY entry.
const defaultGoProxy = "https://proxy.golang.org"

// newMNISTFetcher fills in the defaults of opts. strict is Download's
// mode: the data directory must exist or be creatable and be writable.
func newMNISTFetcher(opts Options, strict bool) (*mnistFetcher, error) {
	f := &mnistFetcher{
		strict:   strict,
		dir:      opts.Dir,
		mirrors:  opts.Mirrors,
		modCache: opts.ModCache,
		client:   opts.Client,
		log:      opts.Log,
		sums:     opts.sha256,

		unreachable: map[string]error{},
	}
	if f.dir == "" {
		dir, err := defaultMNISTDir()
		if err != nil && strict {
			return nil, err
		}
		if err != nil {
			f.logf("warning: %s; keeping MNIST in memory only", errText(err))
		}
		f.dir = dir
	}
	if strict {
		if err := checkWritableDir(f.dir); err != nil {
			return nil, err
		}
	}
	if f.dir != "" {
		for _, path := range fileio.RemoveStaleTemps(f.dir, append(mnistFileNames, writeTest)...) {
			f.logf("removed %s, left by an interrupted run", path)
		}
	}
	f.setProxies(opts.GoProxy)
	if f.mirrors == nil && f.offline == "" {
		f.mirrors = mnistMirrors
	}
	switch f.modCache {
	case "":
		f.modCache = defaultModCache()
	case "off":
		f.modCache = ""
	}
	if f.client == nil {
		f.client = defaultHTTPClient()
	}
	if f.sums == nil {
		f.sums = mnistSHA256
	}
	return f, nil
}

// defaultMNISTDir is $GOMLXNET_DATA, else os.UserCacheDir()/gomlxnet/mnist.
func defaultMNISTDir() (string, error) {
	if dir := os.Getenv("GOMLXNET_DATA"); dir != "" {
		return dir, nil
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("%w: set $GOMLXNET_DATA or Options.Dir: %v", ErrDataDir, err)
	}
	return filepath.Join(cache, "gomlxnet", "mnist"), nil
}

// checkWritableDir creates dir if needed and checks a file can be created in it.
func checkWritableDir(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("%w: cannot create %s: %v", ErrDataDir, dir, err)
	}
	probe, err := fileio.CreateLockedTemp(dir, writeTest)
	if err != nil {
		return fmt.Errorf("%w: cannot write in %s: %v", ErrDataDir, dir, err)
	}
	os.Remove(probe.Name())
	probe.Close()
	return nil
}

// writeTest names the probe file of checkWritableDir: ".write-test.*.tmp".
const writeTest = "write-test"

// defaultModCache is where the go command keeps modules: $GOMODCACHE, else
// the first $GOPATH entry's pkg/mod, else $HOME/go/pkg/mod.
func defaultModCache() string {
	if dir := goEnv("GOMODCACHE"); dir != "" {
		return dir
	}
	if list := filepath.SplitList(goEnv("GOPATH")); len(list) > 0 && list[0] != "" {
		return filepath.Join(list[0], "pkg", "mod")
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return ""
	}
	return filepath.Join(home, "go", "pkg", "mod")
}

// setProxies reads the Go module proxy list: goProxy when set, else
// $GOPROXY as the go command reads it, else the go command's default. When
// $GOPROXY starts with "off" nothing is downloaded (f.offline says why).
func (f *mnistFetcher) setProxies(goProxy string) {
	list, from := goProxy, "Options.GoProxy="+goProxy
	if goProxy == "" {
		list = goEnv("GOPROXY")
		from = "$GOPROXY=" + list
		if list == "" {
			list, from = defaultGoProxyList, "GOPROXY unset: "+defaultGoProxyList
		}
	}
	f.proxies, f.proxyErr = parseGoProxy(list)
	f.proxyFrom = from
	if goProxy == "" && downloadsOff(f.proxies) {
		f.offline = from
	}
}

// goEnv returns a Go environment variable as the go command sees it without
// running it: the process environment first, then the file `go env -w`
// writes ($GOENV, default os.UserConfigDir()/go/env).
func goEnv(key string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	file := os.Getenv("GOENV")
	if file == "" {
		config, err := os.UserConfigDir()
		if err != nil {
			return ""
		}
		file = filepath.Join(config, "go", "env")
	}
	if file == "off" {
		return ""
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return ""
	}
	for _, line := range strings.Split(string(data), "\n") {
		if k, v, ok := strings.Cut(line, "="); ok && strings.TrimSpace(k) == key {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// defaultHTTPClient gives up on a server that does not connect within 30
// seconds; httpGet gives up on one that then sends nothing for stallTimeout.
func defaultHTTPClient() *http.Client {
	transport := &http.Transport{
		Proxy:               http.ProxyFromEnvironment,
		DialContext:         (&net.Dialer{Timeout: 30 * time.Second}).DialContext,
		TLSHandshakeTimeout: 30 * time.Second,
	}
	return &http.Client{Transport: transport}
}

// stallTimeout is how long httpGet waits for a server that sends nothing:
// no response, or no byte of the body for that long. A download that keeps
// moving, however slowly, goes on. A variable for tests.
var stallTimeout = 30 * time.Second

// unreachableError is a request that got no HTTP response at all.
type unreachableError struct{ err error }

func (u unreachableError) Error() string { return u.err.Error() }
func (u unreachableError) Unwrap() error { return u.err }

// httpGet downloads url whole, bounded by mnistMaxDownload and by
// stallTimeout without progress. Its errors leave the URL out: the caller's
// source label already names it.
func httpGet(client *http.Client, rawURL string) ([]byte, error) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stalled atomic.Bool
	timer := time.AfterFunc(stallTimeout, func() { stalled.Store(true); cancel() })
	defer timer.Stop()
	stallErr := func(err error) error {
		if stalled.Load() {
			return fmt.Errorf("the server sent nothing for %v: gave up", stallTimeout)
		}
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return nil, err
	}
	resp, err := client.Do(req)
	if err != nil {
		var urlErr *url.Error
		if errors.As(err, &urlErr) {
			err = urlErr.Err
		}
		return nil, unreachableError{stallErr(err)}
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		err := fmt.Errorf("HTTP status %s", resp.Status)
		if isNotFoundStatus(resp.StatusCode) {
			err = notFoundError{err}
		}
		return nil, err
	}
	body := progressReader{resp.Body, func() { timer.Reset(stallTimeout) }}
	data, err := io.ReadAll(io.LimitReader(body, mnistMaxDownload+1))
	if err != nil {
		return nil, fmt.Errorf("download interrupted after %d bytes: %v", len(data), stallErr(err))
	}
	if len(data) > mnistMaxDownload {
		return nil, fmt.Errorf("response over %d bytes", mnistMaxDownload)
	}
	return data, nil
}

// progressReader calls moved after every read that returned data.
type progressReader struct {
	r     io.Reader
	moved func()
}

func (p progressReader) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	if n > 0 {
		p.moved()
	}
	return n, err
}
