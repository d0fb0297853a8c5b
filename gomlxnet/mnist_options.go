package gomlxnet

import (
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// defaultGoProxy is the Go command's own default GOPROXY entry.
const defaultGoProxy = "https://proxy.golang.org"

// newMNISTFetcher fills in the defaults of opts. strict is DownloadMNIST's
// mode: the data directory must exist or be creatable and be writable.
func newMNISTFetcher(opts MNISTOptions, strict bool) (*mnistFetcher, error) {
	f := &mnistFetcher{
		strict:   strict,
		dir:      opts.Dir,
		mirrors:  opts.Mirrors,
		modCache: opts.ModCache,
		proxy:    opts.GoProxy,
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
	if f.mirrors == nil {
		f.mirrors = mnistMirrors
	}
	switch f.modCache {
	case "":
		f.modCache = defaultModCache()
	case "off":
		f.modCache = ""
	}
	switch f.proxy {
	case "":
		f.proxy = defaultProxy(goEnv("GOPROXY"))
	case "off":
		f.proxy = ""
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
		return "", fmt.Errorf("%w: set $GOMLXNET_DATA or MNISTOptions.Dir: %v", ErrDataDir, err)
	}
	return filepath.Join(cache, "gomlxnet", "mnist"), nil
}

// checkWritableDir creates dir if needed and checks a file can be created in it.
func checkWritableDir(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("%w: cannot create %s: %v", ErrDataDir, dir, err)
	}
	probe, err := os.CreateTemp(dir, ".write-test.*.tmp")
	if err != nil {
		return fmt.Errorf("%w: cannot write in %s: %v", ErrDataDir, dir, err)
	}
	probe.Close()
	return os.Remove(probe.Name())
}

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

// defaultProxy picks the first http(s) URL from a GOPROXY list (entries are
// separated by ',' or '|'), else the go command's default.
func defaultProxy(goproxy string) string {
	for _, entry := range strings.FieldsFunc(goproxy, func(r rune) bool { return r == ',' || r == '|' }) {
		entry = strings.TrimSpace(entry)
		if strings.HasPrefix(entry, "https://") || strings.HasPrefix(entry, "http://") {
			return strings.TrimSuffix(entry, "/")
		}
	}
	return defaultGoProxy
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

// defaultHTTPClient gives up on a silent server after 30 seconds (connect,
// TLS handshake, response headers) and on any one download after 10 minutes,
// enough for the 11.6 MB module zip on a slow line.
func defaultHTTPClient() *http.Client {
	transport := &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: 30 * time.Second}).DialContext,
		TLSHandshakeTimeout:   30 * time.Second,
		ResponseHeaderTimeout: 30 * time.Second,
	}
	return &http.Client{Transport: transport, Timeout: 10 * time.Minute}
}

// unreachableError is a request that got no HTTP response at all.
type unreachableError struct{ err error }

func (u unreachableError) Error() string { return u.err.Error() }
func (u unreachableError) Unwrap() error { return u.err }

// httpGet downloads url whole, bounded by mnistMaxDownload. Its errors leave
// the URL out: the caller's source label already names it.
func httpGet(client *http.Client, rawURL string) ([]byte, error) {
	resp, err := client.Get(rawURL)
	if err != nil {
		var urlErr *url.Error
		if errors.As(err, &urlErr) {
			err = urlErr.Err
		}
		return nil, unreachableError{err}
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("HTTP status %s", resp.Status)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, mnistMaxDownload+1))
	if err != nil {
		return nil, fmt.Errorf("download interrupted after %d bytes: %v", len(data), err)
	}
	if len(data) > mnistMaxDownload {
		return nil, fmt.Errorf("response over %d bytes", mnistMaxDownload)
	}
	return data, nil
}
