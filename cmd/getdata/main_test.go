package main

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
)

// TestGOPROXYOff runs getdata with GOPROXY=off into an empty directory
// (issue 14, item 1): no request leaves the process (every one would go
// through the recording HTTPS proxy), and the error says what to do.
func TestGOPROXYOff(t *testing.T) {
	var mu sync.Mutex
	var requests []string
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		requests = append(requests, r.Method+" "+r.Host)
		mu.Unlock()
		http.Error(w, "no", http.StatusForbidden)
	}))
	defer proxy.Close()
	t.Setenv("HTTPS_PROXY", proxy.URL)
	t.Setenv("HTTP_PROXY", proxy.URL)
	t.Setenv("GOENV", "off")
	t.Setenv("GOPROXY", "off")
	dir := t.TempDir()
	var stdout, stderr bytes.Buffer
	err := run([]string{"-dir", dir, "-modcache", "off"}, &stdout, &stderr)
	mu.Lock()
	defer mu.Unlock()
	if len(requests) > 0 {
		t.Errorf("GOPROXY=off, yet getdata sent %v", requests)
	}
	for _, want := range []string{"$GOPROXY=off", "to fix: put the four files", dir} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v does not say %q", err, want)
		}
	}
	if names, _ := os.ReadDir(dir); len(names) > 0 {
		t.Errorf("data dir holds %v", names)
	}
}
