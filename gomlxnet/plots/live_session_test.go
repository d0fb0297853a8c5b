package plots

import (
	"os"
	"testing"
	"time"

	"github.com/janpfeifer/gonb/gonbui/comms"
)

// fakeSession is a session whose events come from the test.
func fakeSession(msgs ...string) *session {
	s := newSession("test")
	s.events = &comms.AddressChan[string]{C: make(chan string, len(msgs)+1)}
	for _, m := range msgs {
		s.events.C <- m
	}
	return s
}

func TestSessionNext(t *testing.T) {
	tests := []struct {
		name     string
		msgs     []string
		wantKind string
		wantSeq  int
	}{
		{"the freshest of waiting values", []string{`{"seq":3,"kind":"values"}`, `{"seq":2,"kind":"values"}`, `{"seq":5,"kind":"values"}`}, "values", 5},
		{"a stale message skipped", []string{`{"seq":1,"kind":"values"}`}, "done", 0}, // lastSeq 2 below
		{"done wins over waiting values", []string{`{"seq":3,"kind":"values"}`, `{"seq":4,"kind":"done"}`, `{"seq":5,"kind":"values"}`}, "done", 4},
		{"clear returned at once", []string{`{"seq":3,"kind":"clear"}`, `{"seq":4,"kind":"draw"}`}, "clear", 3},
		{"bad JSON skipped", []string{`{"seq":`, `{"seq":3,"kind":"draw","width":2}`}, "draw", 3},
		{"idle ends it", nil, "done", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := fakeSession(tc.msgs...)
			s.lastSeq = 2
			ev := s.next(50*time.Millisecond, make(chan os.Signal))
			if ev.Kind != tc.wantKind || ev.Seq != tc.wantSeq {
				t.Errorf("next = %q seq %d, want %q seq %d", ev.Kind, ev.Seq, tc.wantKind, tc.wantSeq)
			}
		})
	}
}

func TestSessionInterrupt(t *testing.T) {
	s := fakeSession()
	c := make(chan os.Signal, 1)
	c <- os.Interrupt
	if ev := s.next(time.Hour, c); ev.Kind != "done" {
		t.Errorf("next after an interrupt = %q, want done", ev.Kind)
	}
}
