package plots

import (
	"testing"
	"time"
)

// Updates records the in-place outputs the widgets and LiveHistory replace.
type Updates struct {
	IDs, HTML []string
}

// RecordUpdates records the in-place updates, and makes the widgets wait
// wait for a front end's "ready", until the end of t.
func RecordUpdates(t testing.TB, wait time.Duration) *Updates {
	u := &Updates{}
	oldUpdate, oldWait := displayUpdate, readyWait
	displayUpdate = func(id, html string) { u.IDs = append(u.IDs, id); u.HTML = append(u.HTML, html) }
	readyWait = wait
	t.Cleanup(func() { displayUpdate, readyWait = oldUpdate, oldWait })
	return u
}

// SetLiveStart moves a LiveHistory's start back by d, as if training had
// run that long.
func SetLiveStart(l *LiveHistory, d time.Duration) { l.start = time.Now().Add(-d) }
