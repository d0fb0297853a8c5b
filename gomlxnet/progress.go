package gomlxnet

import (
	"fmt"
	"html"
	"io"
	"os"
	"strings"
	"time"

	"github.com/janpfeifer/gonb/gonbui"
	"github.com/mattn/go-isatty"
)

// progress reports a Fit as it runs.
type progress interface {
	startEpoch(epoch, epochs int)
	// step reports that done steps of the epoch are over, with the running
	// mean loss and accuracy of the epoch's rows so far.
	step(done int, loss, acc float64)
	// endEpoch reports the epoch just recorded as the last entry of h.
	endEpoch(h *History)
	finish()
}

// Refresh intervals of in-place updates: often enough to look live, rarely
// enough to cost nothing next to the training steps.
const (
	terminalRefresh = 100 * time.Millisecond
	notebookRefresh = 250 * time.Millisecond
)

// newProgress returns the reporter FitOptions ask for: none when Quiet,
// lines to Progress when set, otherwise to standard output, or in place in a
// GoNB notebook.
func newProgress(opts FitOptions, steps int, accuracy bool) progress {
	switch {
	case opts.Quiet:
		return quietProgress{}
	case opts.Progress != nil:
		return &lineProgress{w: opts.Progress, tty: isTerminal(opts.Progress), steps: steps, accuracy: accuracy}
	case gonbui.IsNotebook:
		return &notebookProgress{id: "gomlxnet_fit_" + gonbui.UniqueID(), steps: steps, accuracy: accuracy}
	}
	return &lineProgress{w: os.Stdout, tty: isTerminal(os.Stdout), steps: steps, accuracy: accuracy}
}

// isTerminal reports whether w is a terminal, where a line can be redrawn.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}

// quietProgress reports nothing.
type quietProgress struct{}

func (quietProgress) startEpoch(int, int)        {}
func (quietProgress) step(int, float64, float64) {}
func (quietProgress) endEpoch(*History)          {}
func (quietProgress) finish()                    {}

// lineProgress writes one line per epoch; on a terminal it also redraws the
// current epoch's line while it runs.
type lineProgress struct {
	w             io.Writer
	tty, accuracy bool
	steps         int
	epoch, epochs int
	start, drawn  time.Time
}

func (p *lineProgress) startEpoch(epoch, epochs int) {
	p.epoch, p.epochs, p.start, p.drawn = epoch, epochs, time.Now(), time.Now()
}

func (p *lineProgress) step(done int, loss, acc float64) {
	if !p.tty || time.Since(p.drawn) < terminalRefresh {
		return
	}
	p.drawn = time.Now()
	fmt.Fprintf(p.w, "\r%s\x1b[K", runningLine(p.epoch, p.epochs, done, p.steps, time.Since(p.start), loss, acc, p.accuracy))
}

func (p *lineProgress) endEpoch(h *History) {
	line := epochLine(p.epochs, p.steps, h)
	if p.tty {
		line = "\r" + line + "\x1b[K"
	}
	fmt.Fprintln(p.w, line)
}

func (p *lineProgress) finish() {}

// notebookProgress shows the running epoch in a transient GoNB output block
// and prints the first, every 10th and the last epoch's line (all of them
// for 20 epochs or fewer), so 200 epochs leave 21 lines rather than 200.
type notebookProgress struct {
	id            string
	accuracy      bool
	steps         int
	epoch, epochs int
	start, drawn  time.Time
}

func (p *notebookProgress) startEpoch(epoch, epochs int) {
	p.epoch, p.epochs, p.start = epoch, epochs, time.Now()
}

func (p *notebookProgress) step(done int, loss, acc float64) {
	if time.Since(p.drawn) < notebookRefresh {
		return
	}
	p.drawn = time.Now()
	p.show(runningLine(p.epoch, p.epochs, done, p.steps, time.Since(p.start), loss, acc, p.accuracy))
}

func (p *notebookProgress) endEpoch(h *History) {
	line := epochLine(p.epochs, p.steps, h)
	if notebookKeeps(p.epoch, p.epochs) {
		fmt.Println(line)
	}
	p.show(line)
}

// notebookKeeps reports whether a notebook keeps the line of an epoch.
func notebookKeeps(epoch, epochs int) bool {
	return epochs <= 20 || epoch == 1 || epoch%10 == 0 || epoch == epochs
}

// finish clears the in-place line and waits until GoNB has every update, so
// none is lost when the cell's program ends right after Fit.
func (p *notebookProgress) finish() {
	gonbui.UpdateHTML(p.id, "")
	gonbui.Sync()
}

func (p *notebookProgress) show(line string) {
	gonbui.UpdateHTML(p.id, "<pre>"+html.EscapeString(line)+"</pre>")
}

// runningLine formats an epoch in progress:
// "Epoch 3/200  120/469 - 0.3s - accuracy: 0.4012 - loss: 0.0871".
func runningLine(epoch, epochs, done, steps int, elapsed time.Duration, loss, acc float64, accuracy bool) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Epoch %d/%d  %d/%d - %s", epoch, epochs, done, steps, formatSeconds(elapsed.Seconds()))
	if accuracy {
		fmt.Fprintf(&b, " - accuracy: %.4f", acc)
	}
	fmt.Fprintf(&b, " - loss: %.4f", loss)
	return b.String()
}

// epochLine formats the last epoch of h as keras does, on one line:
// "Epoch 1/200  469/469 - 1.1s 2ms/step - accuracy: 0.1933 - loss: 0.1368",
// followed by val_accuracy and val_loss when there is validation data.
func epochLine(epochs, steps int, h *History) string {
	i := len(h.Loss) - 1
	secs := h.SecondsPerEpoch[i]
	var b strings.Builder
	fmt.Fprintf(&b, "Epoch %d/%d  %d/%d - %s %s", h.Epochs[i], epochs, steps, steps,
		formatSeconds(secs), formatPerStep(secs/float64(steps)))
	if i < len(h.Accuracy) {
		fmt.Fprintf(&b, " - accuracy: %.4f", h.Accuracy[i])
	}
	fmt.Fprintf(&b, " - loss: %.4f", h.Loss[i])
	if i < len(h.ValAccuracy) {
		fmt.Fprintf(&b, " - val_accuracy: %.4f", h.ValAccuracy[i])
	}
	if i < len(h.ValLoss) {
		fmt.Fprintf(&b, " - val_loss: %.4f", h.ValLoss[i])
	}
	return b.String()
}

// formatSeconds formats a duration in seconds: "0.4s", "12s".
func formatSeconds(s float64) string {
	if s < 10 {
		return fmt.Sprintf("%.1fs", s)
	}
	return fmt.Sprintf("%.0fs", s)
}

// formatPerStep formats the time per step with keras' units: "2s/step",
// "2ms/step" or "421us/step".
func formatPerStep(s float64) string {
	switch {
	case s >= 1:
		return fmt.Sprintf("%.0fs/step", s)
	case s >= 1e-3:
		return fmt.Sprintf("%.0fms/step", s*1e3)
	}
	return fmt.Sprintf("%.0fus/step", s*1e6)
}
