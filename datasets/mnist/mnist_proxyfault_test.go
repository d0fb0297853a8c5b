package mnist

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestGoProxyFaults serves the module zip from a fake Go module proxy on
// 127.0.0.1 that misbehaves: it never answers, stalls halfway, cuts the
// connection, or sends garbage. Each load fails within the stall timeout
// with the reason, and the data directory stays empty.
func TestGoProxyFaults(t *testing.T) {
	defer func(d time.Duration) { stallTimeout = d }(stallTimeout)
	stallTimeout = 300 * time.Millisecond
	fake := newFakeMNIST(t)
	zipData := fake.moduleZip(t)
	other := newFakeMNIST(t)
	other.files[mnistTestLabels] = idxFile(t, idxLabelsMagic, []uint32{2}, []byte{1, 1})
	tests := []struct {
		name  string
		serve func(w http.ResponseWriter, r *http.Request)
		want  string
		also  error
	}{
		{"never answers", func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() },
			"the server sent nothing for 300ms", nil},
		{"stalls halfway", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Length", strconv.Itoa(len(zipData)))
			w.Write(zipData[:len(zipData)/2])
			w.(http.Flusher).Flush()
			<-r.Context().Done()
		}, "download interrupted after", nil},
		{"cuts off", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Length", strconv.Itoa(len(zipData)))
			w.Write(zipData[:len(zipData)/2])
		}, "download interrupted after", nil},
		{"garbage", func(w http.ResponseWriter, r *http.Request) {
			junk := make([]byte, 4096)
			for i := range junk {
				junk[i] = byte(rand.N(256))
			}
			w.Write(junk)
		}, "not a zip file", nil},
		{"wrong files", func(w http.ResponseWriter, r *http.Request) { w.Write(other.moduleZip(t)) },
			"SHA-256", ErrChecksum},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(tt.serve))
			defer srv.Close()
			dir := t.TempDir()
			opts := fake.opts(dir, &bytes.Buffer{})
			opts.GoProxy = srv.URL
			start := time.Now()
			_, err := Load(opts)
			if elapsed := time.Since(start); elapsed > 5*time.Second {
				t.Errorf("load took %v, want it bounded by the %v stall timeout", elapsed, stallTimeout)
			}
			if !errors.Is(err, ErrNoSource) || !strings.Contains(err.Error(), tt.want) || (tt.also != nil && !errors.Is(err, tt.also)) {
				t.Fatalf("error %v, want ErrNoSource saying %q", err, tt.want)
			}
			if got := dirNames(t, dir); tt.also == nil && len(got) > 0 {
				t.Errorf("data dir holds %v after a failed download, want nothing", got)
			}
			if got := dirNames(t, dir); tt.also != nil && len(got) != 3 {
				t.Errorf("data dir holds %v, want the three verified files only", got)
			}
		})
	}
}

// TestHTTPGetSlowButMoving checks the stall timeout bounds silence, not
// the whole download: a body sent in pieces, each within the timeout, is
// read whole though it takes longer than the timeout.
func TestHTTPGetSlowButMoving(t *testing.T) {
	defer func(d time.Duration) { stallTimeout = d }(stallTimeout)
	stallTimeout = 300 * time.Millisecond
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for range 6 {
			w.Write([]byte("0123456789"))
			w.(http.Flusher).Flush()
			time.Sleep(100 * time.Millisecond)
		}
	}))
	defer srv.Close()
	data, err := httpGet(defaultHTTPClient(), srv.URL)
	if err != nil || len(data) != 60 {
		t.Errorf("slow download: %d bytes, %v; want 60 bytes", len(data), err)
	}
}
