package gomlxnet

import (
	"bytes"
	"testing"
)

// TestAnnounceBackend runs announceBackend as a sequence of cells would:
// outside a notebook every call writes the line to backendLog; in a notebook
// the line is a note (never standard error), once per kernel session and
// line, and every time when GoNB gives no session directory.
func TestAnnounceBackend(t *testing.T) {
	const goLine = "gomlxnet: using the pure-Go backend (reason)"
	const xlaLine = "gomlxnet: using the pure-Go backend ($GOMLX_BACKEND=xla failed: reason)"
	tests := []struct {
		name      string
		notebook  bool
		noSession bool
		lines     []string // one call each, as successive cells
		wantLog   string
		wantNotes []string
	}{
		{"program", false, false, []string{goLine}, goLine + "\n", nil},
		{"notebook, same line in three cells", true, false, []string{goLine, goLine, goLine}, "", []string{goLine}},
		{"notebook, the news after a change", true, false, []string{goLine, xlaLine, goLine, xlaLine}, "", []string{goLine, xlaLine}},
		{"notebook without a session directory", true, true, []string{goLine, goLine}, "", []string{goLine, goLine}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var log bytes.Buffer
			var notes []string
			dir := t.TempDir()
			if tt.noSession {
				dir = ""
			}
			restore := setBackendHooks(&log, tt.notebook, dir, func(l string) { notes = append(notes, l) })
			defer restore()
			for _, l := range tt.lines {
				announceBackend(l)
			}
			if log.String() != tt.wantLog {
				t.Errorf("standard error got %q, want %q", log.String(), tt.wantLog)
			}
			if len(notes) != len(tt.wantNotes) {
				t.Fatalf("notes got %q, want %q", notes, tt.wantNotes)
			}
			for i := range notes {
				if notes[i] != tt.wantNotes[i] {
					t.Errorf("note %d got %q, want %q", i, notes[i], tt.wantNotes[i])
				}
			}
		})
	}
}

// setBackendHooks points announceBackend's hooks at the test's and returns
// a function that restores them.
func setBackendHooks(log *bytes.Buffer, notebook bool, dir string, note func(string)) func() {
	oldLog, oldNB, oldDir, oldNote := backendLog, backendInNotebook, backendSessionDir, backendShowNote
	backendLog = log
	backendInNotebook = func() bool { return notebook }
	backendSessionDir = func() string { return dir }
	backendShowNote = note
	return func() {
		backendLog, backendInNotebook, backendSessionDir, backendShowNote = oldLog, oldNB, oldDir, oldNote
	}
}
