package plots

import (
	"strconv"
	"time"

	"github.com/gonb-courses/neuralnets/gomlxnet"
	"github.com/janpfeifer/gonb/gonbui"
	"gonum.org/v1/plot/vg"
)

// LiveBudget is the largest share of the training time a LiveHistory spends
// drawing: 2 %.
const LiveBudget = 0.02

// LiveHistory draws the loss and accuracy curves while a model trains: pass
// its OnEpochEnd as FitOptions.OnEpochEnd, then call Show with the History
// Fit returns. The curves drawn while training are a light sketch (liveSVG);
// the final picture is HistoryGrid's. In a GoNB notebook the curves are redrawn in
// place after an epoch, but only as often as keeps the drawing under
// LiveBudget of the time since NewLiveHistory (the first epoch is always
// drawn), and Show replaces them with the final picture as an ordinary
// output, kept when the notebook is saved. Outside a notebook OnEpochEnd
// does nothing, Fit prints its progress lines as always, and Show saves the
// final picture as plots.Show does.
type LiveHistory struct {
	name          string
	width, height vg.Length
	id            string
	start         time.Time
	draws         int
	drawing, last time.Duration
}

// NewLiveHistory returns a LiveHistory whose final picture Show shows as
// Show(grid, name, w, h). Create it just before Fit: its budget counts from
// now.
func NewLiveHistory(name string, w, h vg.Length) *LiveHistory {
	return &LiveHistory{name: name, width: w, height: h, id: "gomlxnet_live_history_" + gonbui.UniqueID(), start: time.Now()}
}

// OnEpochEnd redraws the curves of h in place when the budget allows; it
// has FitOptions.OnEpochEnd's type and never stops the training.
func (l *LiveHistory) OnEpochEnd(h *gomlxnet.History) error {
	if !inNotebook() {
		return nil
	}
	elapsed := time.Since(l.start)
	if l.draws > 0 && float64(l.drawing+l.last) > LiveBudget*float64(elapsed) {
		return nil
	}
	t0 := time.Now()
	// At gonum/plot's 96 dpi, the final picture's size in pixels.
	svg := liveSVG(*h, l.width.Dots(96), l.height.Dots(96))
	displayUpdate(l.id, svgImg(svg, "training curves after epoch "+strconv.Itoa(len(h.Loss))))
	l.last = time.Since(t0)
	l.drawing += l.last
	l.draws++
	return nil
}

// Show removes the in-place curves and shows the final picture of h with
// Show, so that it stays in the saved notebook.
func (l *LiveHistory) Show(h gomlxnet.History) error {
	if inNotebook() && l.draws > 0 {
		displayUpdate(l.id, "")
	}
	grid, err := HistoryGrid(h)
	if err != nil {
		return err
	}
	return Show(grid, l.name, l.width, l.height)
}

// Stats returns how many times the curves were drawn in place, the time
// spent drawing them and the time since NewLiveHistory.
func (l *LiveHistory) Stats() (draws int, drawing, elapsed time.Duration) {
	return l.draws, l.drawing, time.Since(l.start)
}
