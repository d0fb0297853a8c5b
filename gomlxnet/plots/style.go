package plots

import (
	"image/color"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Sizes of plot text in points. gonum/plot's defaults are 12 pt for titles
// and labels and 10 pt for ticks; a notch larger reads better on a projector.
const (
	titleSize = 15
	labelSize = 13
	tickSize  = 11
)

// seriesColors is the Okabe–Ito colour-blind-safe palette (Okabe and Ito,
// "Color Universal Design", 2002), without its black and yellow, which read
// badly as thin lines on white.
var seriesColors = []color.Color{
	color.RGBA{R: 0x00, G: 0x72, B: 0xb2, A: 0xff}, // blue
	color.RGBA{R: 0xd5, G: 0x5e, B: 0x00, A: 0xff}, // vermillion
	color.RGBA{R: 0x00, G: 0x9e, B: 0x73, A: 0xff}, // bluish green
	color.RGBA{R: 0xcc, G: 0x79, B: 0xa7, A: 0xff}, // reddish purple
	color.RGBA{R: 0x56, G: 0xb4, B: 0xe9, A: 0xff}, // sky blue
	color.RGBA{R: 0xe6, G: 0x9f, B: 0x00, A: 0xff}, // orange
}

// seriesColor returns the i-th series colour, cycling through seriesColors.
func seriesColor(i int) color.Color { return seriesColors[i%len(seriesColors)] }

// dashes is the dash pattern for secondary series (derivatives, validation
// curves): 6 pt on, 3 pt off, a pattern that stays visible at 1.5 pt width.
var dashes = []vg.Length{vg.Points(6), vg.Points(3)}

// lineWidth is the width of data lines: gonum/plot's default of 1 pt is too
// thin to tell colours apart at a glance.
const lineWidth = 1.5

// newPlot returns a plot with the given title and axis labels, larger fonts,
// denser ticks and the legend in the top right corner.
func newPlot(title, xLabel, yLabel string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle.Font.Size = titleSize
	p.Title.Padding = vg.Points(8)
	p.X.Label.Text = xLabel
	p.Y.Label.Text = yLabel
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font.Size = labelSize
		a.Tick.Label.Font.Size = tickSize
		a.Tick.Marker = denseTicks{}
	}
	p.Legend.TextStyle.Font.Size = tickSize
	p.Legend.Top = true
	p.Legend.Padding = vg.Points(2)
	return p
}

// addGrid adds light grey grid lines at the ticks, behind what is added next.
func addGrid(p *plot.Plot) {
	g := plotter.NewGrid()
	g.Vertical.Color = color.Gray{Y: 0xdd}
	g.Horizontal.Color = color.Gray{Y: 0xdd}
	p.Add(g)
}

// lineStyle returns a solid (or, if dashed, dashed) line in series colour i.
func lineStyle(i int, dashed bool) draw.LineStyle {
	ls := draw.LineStyle{Color: seriesColor(i), Width: vg.Points(lineWidth)}
	if dashed {
		ls.Dashes = dashes
	}
	return ls
}

// denseTicks is a plot.Ticker with labelled ticks at multiples of 1, 2 or 5
// times a power of ten, chosen to give at least minTicks of them; gonum/plot's
// DefaultTicks aims at 3, too few to read values off a curve.
type denseTicks struct{}

// minTicks is the fewest labelled ticks denseTicks puts on an axis.
const minTicks = 5

// Ticks implements plot.Ticker.
func (denseTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(hi > lo) || math.IsInf(hi-lo, 0) {
		return nil // gonum/plot widens empty ranges before asking; nothing sensible to mark.
	}
	step := math.Pow(10, math.Ceil(math.Log10(hi-lo)))
	for _, f := range []float64{0.5, 0.4, 0.5, 0.5, 0.4, 0.5} { // 1, .5, .2, .1, .05, .02, .01 …
		if (hi-lo)/step >= minTicks {
			break
		}
		step *= f
	}
	var ticks []plot.Tick
	for i := math.Ceil(lo / step); i*step <= hi+step*1e-9; i++ {
		v := i * step
		if v == 0 {
			v = 0 // not -0, which would be labelled "-0"
		}
		ticks = append(ticks, plot.Tick{Value: v, Label: strconv.FormatFloat(v, 'g', 6, 64)})
		if m := v + step/2; m < hi { // one unlabelled minor tick in between
			ticks = append(ticks, plot.Tick{Value: m})
		}
	}
	return ticks
}
