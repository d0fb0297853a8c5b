package plots

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/janpfeifer/gonb/gonbui"
	"github.com/janpfeifer/gonb/gonbui/comms"
)

// The widgets (Sliders, DrawDigit) keep the cell's program running while
// the student plays with them: the browser sends each change through GoNB's
// comms to the program, which redraws. A widget ends when its Done button is
// pressed, after DefaultIdle without a change, or when the cell is
// interrupted (the kernel's stop button); it then leaves its last picture as
// an ordinary output, saved with the notebook. Where no front end runs the
// widget's JavaScript (nbconvert, nbclient, the handouts), no "ready" comes
// back within readyWait and the cell shows the default state's picture
// instead, as an ordinary output too.

// DefaultIdle is how long a widget waits for a change before it ends as if
// Done were pressed.
const DefaultIdle = 10 * time.Minute

// readyWait is how long a widget waits for the browser's "ready" (GoNB
// itself waits up to 3 s for its connection to the browser): 8 s, or 30 s
// when the kernel was started by a Jupyter server for a notebook open in a
// front end (jupyter_server sets JPY_SESSION_NAME), where a page busy
// typesetting formulas was seen to take longer than 8 s.
var readyWait = func() time.Duration {
	if os.Getenv("JPY_SESSION_NAME") != "" {
		return 30 * time.Second
	}
	return 8 * time.Second
}()

// liveEvent is a message from a widget's JavaScript: {"seq": n, "kind":
// "ready" | "values" | "draw" | "clear" | "done", ...}.
type liveEvent struct {
	Seq    int                `json:"seq"`
	Kind   string             `json:"kind"`
	Values map[string]float64 `json:"values"`
	Width  int                `json:"width"`
	Height int                `json:"height"`
	Pixels string             `json:"pixels"` // base64, one byte per pixel
}

// session is one widget's connection to the browser: a comms address its
// JavaScript sends liveEvents to, and two in-place outputs, the controls and
// the picture.
type session struct {
	address, controlsID, pictureID string
	events                         *comms.AddressChan[string]
	lastSeq                        int
	shown                          bool // whether the picture output exists
}

// newSession returns a session with fresh identifiers.
func newSession(kind string) *session {
	uid := gonbui.UniqueID()
	return &session{
		address:    "/gomlxnet/" + kind + "/" + uid,
		controlsID: "gomlxnet_" + kind + "_controls_" + uid,
		pictureID:  "gomlxnet_" + kind + "_picture_" + uid,
	}
}

// start shows controls (HTML with its script) and waits for the browser's
// "ready". It returns false, with the controls removed, when none comes.
func (s *session) start(controls string) bool {
	s.events = comms.Listen[string](s.address).WithBuffer(1024)
	displayUpdate(s.controlsID, controls)
	deadline := time.After(readyWait)
	for {
		select {
		case msg := <-s.events.C:
			if ev, err := parseEvent(msg); err == nil && ev.Kind == "ready" {
				return true
			}
		case <-deadline:
			s.close()
			return false
		}
	}
}

// next returns the next event, skipping events older than one already
// returned (comms delivers each message from its own goroutine, so order
// is not guaranteed), and then the freshest of those already waiting. It
// returns a "done" event after idle without one, or on an interrupt.
func (s *session) next(idle time.Duration, interrupt <-chan os.Signal) liveEvent {
	timer := time.NewTimer(idle)
	defer timer.Stop()
	for {
		select {
		case msg := <-s.events.C:
			ev, err := parseEvent(msg)
			if err != nil || ev.Seq < s.lastSeq {
				continue
			}
			s.lastSeq = ev.Seq
			if ev.Kind == "done" || ev.Kind == "clear" {
				return ev
			}
			return s.freshest(ev)
		case <-timer.C:
			return liveEvent{Kind: "done"}
		case <-interrupt:
			return liveEvent{Kind: "done"}
		}
	}
}

// freshest returns ev or a newer event of the same kind already waiting; a
// waiting "done" or "clear" wins.
func (s *session) freshest(ev liveEvent) liveEvent {
	for {
		select {
		case msg := <-s.events.C:
			next, err := parseEvent(msg)
			if err != nil || next.Seq < s.lastSeq {
				continue
			}
			s.lastSeq = next.Seq
			ev = next
			if ev.Kind == "done" || ev.Kind == "clear" {
				return ev
			}
		default:
			return ev
		}
	}
}

// show replaces the picture output with html.
func (s *session) show(html string) {
	displayUpdate(s.pictureID, html)
	s.shown = true
}

// close removes the in-place outputs and stops listening.
func (s *session) close() {
	displayUpdate(s.controlsID, "")
	if s.shown {
		displayUpdate(s.pictureID, "")
	}
	gonbui.Sync()
	s.events.Close()
}

// parseEvent decodes a widget's message.
func parseEvent(msg string) (liveEvent, error) {
	var ev liveEvent
	if err := json.Unmarshal([]byte(msg), &ev); err != nil {
		return ev, fmt.Errorf("plots: a widget's message %.40q: %w", msg, err)
	}
	return ev, nil
}

// notifyInterrupt returns a channel that receives the kernel's interrupt
// (GoNB sends SIGINT, then kills the program 5 s later), and a function
// that restores the default handling.
func notifyInterrupt() (<-chan os.Signal, func()) {
	c := make(chan os.Signal, 1)
	signal.Notify(c, os.Interrupt)
	return c, func() { signal.Stop(c) }
}

// svgImg is an <img> showing svg, with its text as alt for tests and
// screen readers.
func svgImg(svg []byte, alt string) string {
	return `<img class="gomlxnet-picture" alt="` + htmlAttr(alt) + `" src="data:image/svg+xml;base64,` +
		base64.StdEncoding.EncodeToString(svg) + `"/>`
}

// htmlAttr escapes s for an HTML attribute in double quotes.
func htmlAttr(s string) string {
	return strings.NewReplacer(`&`, "&amp;", `"`, "&quot;", `<`, "&lt;", `>`, "&gt;").Replace(s)
}
