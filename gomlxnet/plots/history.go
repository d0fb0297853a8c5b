package plots

import (
	"fmt"
	"strconv"

	"github.com/gonb-courses/neuralnets/metrics"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Metric selects which of a History's curves a plot shows.
type Metric int

const (
	// Loss is the value of the cost function, History.Loss and ValLoss.
	Loss Metric = iota
	// Accuracy is the fraction classified right, History.Accuracy and ValAccuracy.
	Accuracy
)

// String returns "loss" or "accuracy".
func (m Metric) String() string {
	if m == Accuracy {
		return "accuracy"
	}
	return "loss"
}

// capitalized is m.String() with a capital initial, for titles.
func capitalized(m Metric) string {
	if m == Accuracy {
		return "Accuracy"
	}
	return "Loss"
}

// series returns the training and validation values of m in h, and their
// field names for errors.
func (m Metric) series(h metrics.History) (train, val []float64, trainName, valName string) {
	if m == Accuracy {
		return h.Accuracy, h.ValAccuracy, "Accuracy", "ValAccuracy"
	}
	return h.Loss, h.ValLoss, "Loss", "ValLoss"
}

// Run is a named History, one series of a comparison.
type Run struct {
	Name    string
	History metrics.History
}

// HistoryPlot plots metric m per epoch from h: the training curve solid and,
// when h has validation values, the validation curve dashed. h.Epochs gives
// the x values; when it is empty the epochs are numbered from 1.
func HistoryPlot(h metrics.History, m Metric) (*plot.Plot, error) {
	return Compare(m, Run{History: h})
}

// HistoryGrid is HistoryPlot's loss and accuracy side by side, like keras'
// plot(history); draw it twice as wide as high, e.g. 24 × 10 cm. A history
// without accuracy (a model compiled without the "accuracy" metric) gives
// an error saying so.
func HistoryGrid(h metrics.History) (Grid, error) {
	loss, err := HistoryPlot(h, Loss)
	if err != nil {
		return nil, err
	}
	acc, err := HistoryPlot(h, Accuracy)
	if err != nil {
		return nil, err
	}
	return Grid{{loss, acc}}, nil
}

// Compare plots metric m per epoch for several runs on one plot, one colour
// per run, named in the legend by Run.Name: training solid, validation (when
// present) dashed. A run without a name is called "run 1", "run 2", ….
func Compare(m Metric, runs ...Run) (*plot.Plot, error) {
	if err := checkNotEmpty("runs", len(runs)); err != nil {
		return nil, err
	}
	title := capitalized(m) + " per epoch"
	if len(runs) > 1 {
		title = capitalized(m) + " of " + strconv.Itoa(len(runs)) + " runs per epoch"
	}
	p := newPlot(title, "epoch", m.String())
	addGrid(p)
	// Loss falls and accuracy rises, leaving the top right or bottom right free.
	p.Legend.Top = m == Loss
	for i, r := range runs {
		name := r.Name
		if name == "" && len(runs) > 1 {
			name = fmt.Sprintf("run %d", i+1)
		}
		if err := addRun(p, i, name, r.History, m); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// addRun adds the training and validation curves of one run in colour i.
func addRun(p *plot.Plot, i int, name string, h metrics.History, m Metric) error {
	train, val, trainName, valName := m.series(h)
	if m == Accuracy && len(train) == 0 && len(h.Loss) > 0 {
		return fmt.Errorf("%w: %shistory has no accuracy: compile the model with Metrics: []string{\"accuracy\"} "+
			"to record it, or plot the loss alone with HistoryPlot(h, plots.Loss)", ErrEmpty, prefix(name))
	}
	if err := checkNotEmpty(prefix(name)+trainName, len(train)); err != nil {
		return err
	}
	xys, err := epochSeries(h.Epochs, train, prefix(name)+trainName)
	if err != nil {
		return err
	}
	if err := addCurve(p, xys, lineStyle(i, false), label(name, "training")); err != nil {
		return err
	}
	if len(val) == 0 {
		return nil
	}
	if err := checkSameLen(prefix(name)+valName, len(val), trainName, len(train)); err != nil {
		return err
	}
	if xys, err = epochSeries(h.Epochs, val, prefix(name)+valName); err != nil {
		return err
	}
	valColor := i
	if name == "" {
		valColor = i + 1 // a lone run: a second colour as well as the dashes
	}
	return addCurve(p, xys, lineStyle(valColor, true), label(name, "validation"))
}

// prefix is name and a colon, for error messages about a named run.
func prefix(name string) string {
	if name == "" {
		return ""
	}
	return name + ": "
}

// label names a curve: its kind alone for a single unnamed run, else the run's name.
func label(name, kind string) string {
	switch {
	case name == "":
		return kind
	case kind == "training":
		return name
	}
	return name + " (" + kind + ")"
}

// markedEpochs is the most epochs whose points are marked: beyond it the
// markers merge into a thick line.
const markedEpochs = 30

// addCurve adds one curve, with markers when it is short.
func addCurve(p *plot.Plot, xys plotter.XYs, ls draw.LineStyle, name string) error {
	line, err := plotter.NewLine(xys)
	if err != nil {
		return fmt.Errorf("plots: %s: %w", name, err)
	}
	line.LineStyle = ls
	p.Add(line)
	if len(xys) > markedEpochs {
		p.Legend.Add(name, line)
		return nil
	}
	points, err := plotter.NewScatter(xys)
	if err != nil {
		return fmt.Errorf("plots: %s: %w", name, err)
	}
	points.Color = ls.Color
	points.Shape = draw.CircleGlyph{}
	points.Radius = vg.Points(2.5)
	p.Add(points)
	p.Legend.Add(name, line, points)
	return nil
}

// epochSeries pairs values with epochs, numbering them from 1 when epochs
// is empty; name is the values' field for errors.
func epochSeries(epochs []int, values []float64, name string) (plotter.XYs, error) {
	if err := checkFinite(name, values); err != nil {
		return nil, err
	}
	if len(epochs) != 0 {
		if err := checkSameLen("Epochs", len(epochs), name, len(values)); err != nil {
			return nil, err
		}
	}
	xys := make(plotter.XYs, len(values))
	for i, v := range values {
		x := i + 1
		if len(epochs) != 0 {
			x = epochs[i]
		}
		xys[i] = plotter.XY{X: float64(x), Y: v}
	}
	return xys, nil
}
