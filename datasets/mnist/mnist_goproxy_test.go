package mnist

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/gonb-courses/neuralnets/internal/testutil"
)

// recordingTransport answers every request with serve and records the URLs.
type recordingTransport struct {
	mu    sync.Mutex
	urls  []string
	serve func(*http.Request) (int, []byte)
}

func (rt *recordingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	rt.mu.Lock()
	rt.urls = append(rt.urls, r.URL.String())
	rt.mu.Unlock()
	code, body := http.StatusNotFound, []byte(nil)
	if rt.serve != nil {
		code, body = rt.serve(r)
	}
	return &http.Response{StatusCode: code, Status: fmt.Sprintf("%d %s", code, http.StatusText(code)),
		Body: io.NopCloser(bytes.NewReader(body)), Request: r}, nil
}

// envOpts are options that take the mirrors and the proxy from their
// defaults and $GOPROXY, sending every request to rt.
func envOpts(fake fakeMNIST, dir string, rt *recordingTransport, log *bytes.Buffer) Options {
	return Options{Dir: dir, ModCache: "off", Client: &http.Client{Transport: rt}, Log: log, sha256: fake.sums}
}

// TestGOPROXYOffNoNetwork sets GOPROXY=off with an empty data directory
// (issue 14, item 1): nothing is requested, not even from the public
// mirrors, and the error says what to do.
func TestGOPROXYOffNoNetwork(t *testing.T) {
	t.Setenv("GOENV", "off")
	t.Setenv("GOPROXY", "off")
	fake := newFakeMNIST(t)
	rt := &recordingTransport{}
	dir := t.TempDir()
	_, err := Load(envOpts(fake, dir, rt, &bytes.Buffer{}))
	if len(rt.urls) > 0 {
		t.Errorf("GOPROXY=off, yet requested %v", rt.urls)
	}
	for _, want := range []string{"$GOPROXY=off", "to fix: put the four files", mnistTestLabels, dir, "$GOMLXNET_DATA", "set GOPROXY to a reachable Go module proxy"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v does not say %q", err, want)
		}
	}
	if !errors.Is(err, ErrNoSource) {
		t.Errorf("error %v, want ErrNoSource", err)
	}
}

// TestGOPROXYDirect sets GOPROXY=direct, whose mirrors fail: no Go module
// proxy is asked (issue 14, item 1).
func TestGOPROXYDirect(t *testing.T) {
	t.Setenv("GOENV", "off")
	t.Setenv("GOPROXY", "direct")
	fake := newFakeMNIST(t)
	rt := &recordingTransport{}
	_, err := Load(envOpts(fake, t.TempDir(), rt, &bytes.Buffer{}))
	for _, u := range rt.urls {
		if strings.Contains(u, "proxy.golang.org") || strings.Contains(u, "/@v/") {
			t.Errorf("GOPROXY=direct, yet requested the module proxy: %s", u)
		}
	}
	if len(rt.urls) == 0 {
		t.Error("no mirror was tried: direct allows them")
	}
	if !errors.Is(err, ErrNoSource) || !strings.Contains(err.Error(), "direct ($GOPROXY=direct)") {
		t.Errorf("error %v, want ErrNoSource saying GOPROXY is direct", err)
	}
}

// TestGOPROXYList serves the module zip from the second of two proxies
// behind a first that fails: like the go command, ',' moves on only when
// the first says "not found", '|' after any error (issue 14, item 1).
func TestGOPROXYList(t *testing.T) {
	fake := newFakeMNIST(t)
	zipPath := "/" + gomnistEscaped + "/@v/" + gomnistVersion + ".zip"
	good := newFileServer(t, map[string][]byte{zipPath: fake.moduleZip(t)})
	missing := newFileServer(t, nil)
	broken := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "down", http.StatusBadGateway)
	}))
	defer broken.Close()
	tests := []struct {
		name, list string
		ok         bool
	}{
		{"404 then comma", missing.URL + "," + good.URL, true},
		{"502 then comma", broken.URL + "," + good.URL, false},
		{"502 then pipe", broken.URL + "|" + good.URL, true},
		{"off first", "off," + good.URL, false},
		{"direct first", "direct," + good.URL, false},
		{"bare host then off", "127.0.0.1:1|off", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("GOENV", "off")
			t.Setenv("GOPROXY", tt.list)
			before := good.hitCount(zipPath)
			opts := fake.opts(t.TempDir(), &bytes.Buffer{})
			opts.GoProxy = ""
			_, err := Load(opts)
			if (err == nil) != tt.ok || (good.hitCount(zipPath) > before) != tt.ok {
				t.Errorf("GOPROXY=%s: error %v, good proxy asked %t; want success %t", tt.list, err, good.hitCount(zipPath) > before, tt.ok)
			}
		})
	}
}

// hitCount is how often path was requested.
func (s *fileServer) hitCount(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}

// TestMNISTReadOnlyDirSaysOnce loads twice, without a Log, into a data
// directory that cannot be written (issue 14, item 7): standard error
// says so once.
func TestMNISTReadOnlyDirSaysOnce(t *testing.T) {
	fake := newFakeMNIST(t)
	mirror := newFileServer(t, byPath(fake.files))
	blocker := t.TempDir() + "/file"
	os.WriteFile(blocker, nil, 0o644)
	opts := fake.opts(blocker+"/mnist", nil)
	opts.Mirrors = []string{mirror.URL}
	stderr := testutil.CaptureStderr(t, func() {
		for range 2 {
			if _, err := Load(opts); err != nil {
				t.Fatal(err)
			}
		}
	})
	want := "mnist: warning: cannot save MNIST in " + blocker + "/mnist"
	if strings.Count(stderr, want) != 1 || !strings.Contains(stderr, "GOMLXNET_DATA") {
		t.Errorf("standard error %q, want one warning %q naming $GOMLXNET_DATA", stderr, want)
	}
}

// TestMNISTStaleTempRemoved leaves a temporary file as a getdata killed
// mid-write does (issue 14, item 4): the next load removes it, even when
// the four files are all there.
func TestMNISTStaleTempRemoved(t *testing.T) {
	fake := newFakeMNIST(t)
	dir := t.TempDir()
	for name, data := range fake.files {
		os.WriteFile(dir+"/"+name, data, 0o644)
	}
	orphans := []string{"." + mnistTrainImages + ".2837465.tmp", ".write-test.998877.tmp"}
	for _, o := range orphans {
		os.WriteFile(dir+"/"+o, fake.files[mnistTrainImages], 0o600)
	}
	var log bytes.Buffer
	m, err := Load(fake.opts(dir, &log))
	if err != nil {
		t.Fatal(err)
	}
	checkFake(t, fake, m, dir)
	if !strings.Contains(log.String(), "removed "+dir+"/"+orphans[0]+", left by an interrupted run") {
		t.Errorf("log %q does not say the leftover was removed", log.String())
	}
}
