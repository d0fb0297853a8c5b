package plots

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"strconv"

	"github.com/gonb-courses/neuralnets/metrics"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Band is a set of runs of one setting that differ only in their seed,
// drawn by Bands as the range over the runs at each epoch (shaded, from the
// lowest to the highest value) and their median (a line).
type Band struct {
	Name string
	// Runs hold one History each, all with the same number of epochs;
	// their Epochs fields are not read (epochs are numbered from 1).
	Runs []metrics.History
}

// bandAlpha is the opacity of a band's shading: light enough for a second
// band and the grid to show through.
const bandAlpha = 0x50

// Bands plots metric m per epoch for each band, its range shaded and its
// median solid, one colour per band, and, when marks has values, marks'
// points on top as black crosses named by marks.Name (e.g. the figures a
// slide printed at a few epochs, marks.Epochs giving their epochs). The
// epoch axis is logarithmic, so that the first epochs are as readable as
// the last.
func Bands(m Metric, marks Run, bands ...Band) (*plot.Plot, error) {
	if err := checkNotEmpty("bands", len(bands)); err != nil {
		return nil, err
	}
	p := newPlot(capitalized(m)+" per epoch over seeds", "epoch (log scale)", m.String())
	addGrid(p)
	p.Legend.Top = m == Loss
	epochs := 0
	for i, b := range bands {
		n, err := addBand(p, i, b, m)
		if err != nil {
			return nil, err
		}
		epochs = max(epochs, n)
	}
	last, err := addMarks(p, marks, m)
	if err != nil {
		return nil, err
	}
	epochs = max(epochs, last, 2) // a log axis from 1 to 1 would have no width
	p.X.Scale = plot.LogScale{}
	p.X.Tick.Marker = epochTicks(epochs)
	p.X.Min = 1
	p.X.Max = float64(epochs)
	return p, nil
}

// BandsGrid is Bands' loss and accuracy side by side; draw it twice as wide
// as high, e.g. 24 × 10 cm.
func BandsGrid(marks Run, bands ...Band) (Grid, error) {
	loss, err := Bands(Loss, marks, bands...)
	if err != nil {
		return nil, err
	}
	acc, err := Bands(Accuracy, marks, bands...)
	if err != nil {
		return nil, err
	}
	return Grid{{loss, acc}}, nil
}

// addBand adds band b's shaded range and median line in colour i and
// returns its number of epochs.
func addBand(p *plot.Plot, i int, b Band, m Metric) (int, error) {
	name := b.Name
	if name == "" {
		name = "band " + strconv.Itoa(i+1)
	}
	if err := checkNotEmpty(name+": Runs", len(b.Runs)); err != nil {
		return 0, err
	}
	series := make([][]float64, len(b.Runs))
	for j, h := range b.Runs {
		v, _, field, _ := m.series(h)
		field = fmt.Sprintf("%s: Runs[%d].%s", name, j, field)
		if err := checkNotEmpty(field, len(v)); err != nil {
			return 0, err
		}
		if err := checkFinite(field, v); err != nil {
			return 0, err
		}
		if j > 0 {
			if err := checkSameLen(field, len(v), fmt.Sprintf("Runs[0].%s", capitalized(m)), len(series[0])); err != nil {
				return 0, err
			}
		}
		series[j] = v
	}
	n := len(series[0])
	lo, mid, hi := make(plotter.XYs, n), make(plotter.XYs, n), make(plotter.XYs, n)
	col := make([]float64, len(series))
	for e := range n {
		for j, s := range series {
			col[j] = s[e]
		}
		x := float64(e + 1)
		lo[e] = plotter.XY{X: x, Y: slices.Min(col)}
		hi[e] = plotter.XY{X: x, Y: slices.Max(col)}
		mid[e] = plotter.XY{X: x, Y: median(col)}
	}
	slices.Reverse(lo) // the polygon runs along the top, then back along the bottom
	poly, err := plotter.NewPolygon(append(hi, lo...))
	if err != nil {
		return 0, fmt.Errorf("plots: %s: %w", name, err)
	}
	r, g, bl, _ := seriesColor(i).RGBA()
	poly.Color = color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(bl >> 8), A: bandAlpha}
	poly.LineStyle.Width = 0
	line, err := plotter.NewLine(mid)
	if err != nil {
		return 0, fmt.Errorf("plots: %s: %w", name, err)
	}
	line.LineStyle = lineStyle(i, false)
	p.Add(poly, line)
	p.Legend.Add(fmt.Sprintf("%s: median, range of %d", name, len(series)), poly, line)
	return n, nil
}

// addMarks adds marks' points of metric m as black crosses, if it has any,
// and returns the last epoch marked.
func addMarks(p *plot.Plot, marks Run, m Metric) (int, error) {
	v, _, field, _ := m.series(marks.History)
	if len(v) == 0 {
		return 0, nil
	}
	name := marks.Name
	if name == "" {
		name = "marks"
	}
	if err := checkSameLen(name+": Epochs", len(marks.History.Epochs), field, len(v)); err != nil {
		return 0, err
	}
	xys, err := epochSeries(marks.History.Epochs, v, name+": "+field)
	if err != nil {
		return 0, err
	}
	last := 0
	for _, e := range marks.History.Epochs {
		if e < 1 {
			return 0, fmt.Errorf("%w: %s: epoch %d, want 1 or more", ErrRange, name, e)
		}
		last = max(last, e)
	}
	s, err := plotter.NewScatter(xys)
	if err != nil {
		return 0, fmt.Errorf("plots: %s: %w", name, err)
	}
	s.Shape = draw.CrossGlyph{}
	s.Color = color.Black
	s.Radius = vg.Points(5)
	p.Add(s)
	p.Legend.Add(name, s)
	return last, nil
}

// median returns the median of xs (the mean of the two middle values when
// their number is even), without changing xs; NaN when xs is empty.
func median(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	s := slices.Sorted(slices.Values(xs))
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// epochTicks labels a logarithmic epoch axis up to last at 1, 2, 5, 10, 20,
// 50, …, and at last itself.
type epochTicks int

// Ticks implements plot.Ticker.
func (last epochTicks) Ticks(lo, hi float64) []plot.Tick {
	var ticks []plot.Tick
	for decade := 1.0; decade <= hi; decade *= 10 {
		for _, f := range []float64{1, 2, 5} {
			if v := f * decade; v >= lo && v <= hi && (v <= float64(last)*0.8 || v == float64(last)) {
				ticks = append(ticks, plot.Tick{Value: v, Label: strconv.FormatFloat(v, 'g', -1, 64)})
			}
		}
	}
	if l := float64(last); l >= lo && l <= hi && !slices.ContainsFunc(ticks, func(t plot.Tick) bool { return t.Value == l }) {
		ticks = append(ticks, plot.Tick{Value: l, Label: strconv.Itoa(int(last))})
	}
	return ticks
}
