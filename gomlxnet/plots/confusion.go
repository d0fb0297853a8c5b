package plots

import (
	"fmt"
	"image/color"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette"
	"gonum.org/v1/plot/palette/brewer"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg/draw"
)

// maxClasses bounds numClasses: ImageNet's 1000 classes, the most a common
// classification benchmark has; the matrix then holds a million counts.
const maxClasses = 1000

// ConfusionMatrix counts how often each true class was predicted as each
// class: m[t][p] is the number of examples of class t predicted as p, so the
// diagonal holds the right answers. labels and predicted must have the same
// length and hold classes in [0, numClasses), with numClasses at most 1000.
func ConfusionMatrix[T, P Label](labels []T, predicted []P, numClasses int) ([][]int, error) {
	if err := checkNotEmpty("labels", len(labels)); err != nil {
		return nil, err
	}
	if err := checkSameLen("predicted", len(predicted), "labels", len(labels)); err != nil {
		return nil, err
	}
	if numClasses < 1 || numClasses > maxClasses {
		return nil, fmt.Errorf("%w: numClasses is %d, want 1 to %d", ErrRange, numClasses, maxClasses)
	}
	if err := checkLabels("labels", labels, numClasses); err != nil {
		return nil, err
	}
	if err := checkLabels("predicted", predicted, numClasses); err != nil {
		return nil, err
	}
	m := make([][]int, numClasses)
	for i := range m {
		m[i] = make([]int, numClasses)
	}
	for i, t := range labels {
		m[int(t)][int(predicted[i])]++
	}
	return m, nil
}

// Confusion draws ConfusionMatrix(labels, predicted, numClasses) as a heat
// map with each count written in its cell: true classes down the side from 0
// at the top, predicted classes along the bottom, so the right answers run
// down the diagonal. The title's second line gives the accuracy. The cells'
// shade follows log(1 + count), so that the few confusions stay visible
// beside the large diagonal. Draw it square, e.g. 14 × 14 cm.
func Confusion[T, P Label](labels []T, predicted []P, numClasses int) (*plot.Plot, error) {
	m, err := ConfusionMatrix(labels, predicted, numClasses)
	if err != nil {
		return nil, err
	}
	right := 0
	for i := range m {
		right += m[i][i]
	}
	// Two lines: on one, the title took most of a 14 cm picture's width and
	// ran past its edge where a browser drew it in a wider font.
	title := fmt.Sprintf("Confusion matrix\n%d of %d right (%.1f %%)",
		right, len(labels), 100*float64(right)/float64(len(labels)))
	p := newPlot(title, "predicted class", "true class")
	g := confusionGrid(m)
	pal, err := shades()
	if err != nil {
		return nil, err
	}
	h := plotter.NewHeatMap(g, pal)
	h.Min, h.Max = 0, math.Max(g.Max(), 1) // all-zero off the diagonal still gets a scale
	p.Add(h)
	if err := addCounts(p, m, h.Max); err != nil {
		return nil, err
	}
	n := float64(len(m))
	// Cells are centred on the integers; the axes end at the outer cell edges.
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = -0.5, n-0.5, -0.5, n-0.5
	p.X.Padding, p.Y.Padding = 0, 0
	p.X.Tick.Marker, p.Y.Tick.Marker = classTicks(len(m), false), classTicks(len(m), true)
	return p, nil
}

// confusionGrid is a confusion matrix as a plotter.GridXYZ: column c is the
// predicted class, row r counts from the bottom, so true class n−1−r.
type confusionGrid [][]int

// Dims, X, Y and Z implement plotter.GridXYZ; Z is the cell's shade.
func (g confusionGrid) Dims() (c, r int)   { return len(g), len(g) }
func (g confusionGrid) X(c int) float64    { return float64(c) }
func (g confusionGrid) Y(r int) float64    { return float64(r) }
func (g confusionGrid) Z(c, r int) float64 { return math.Sqrt(float64(g[len(g)-1-r][c])) }

// Max is the largest shade, which NewHeatMap uses as the top of its scale.
func (g confusionGrid) Max() float64 {
	v := 0.0
	for c := range g {
		for r := range g {
			v = math.Max(v, g.Z(c, r))
		}
	}
	return v
}

// Min is 0: an empty cell is white.
func (g confusionGrid) Min() float64 { return 0 }

// addCounts writes each count at the centre of its cell: white on the
// darker half of the shades, black on the lighter half, light grey for 0.
func addCounts(p *plot.Plot, m [][]int, maxShade float64) error {
	n := len(m)
	var xyl plotter.XYLabels
	var counts []int
	for t, row := range m {
		for pr, count := range row {
			xyl.XYs = append(xyl.XYs, plotter.XY{X: float64(pr), Y: float64(n - 1 - t)})
			xyl.Labels = append(xyl.Labels, strconv.Itoa(count))
			counts = append(counts, count)
		}
	}
	labels, err := plotter.NewLabels(xyl)
	if err != nil {
		return fmt.Errorf("plots: %w", err)
	}
	for i, count := range counts {
		st := &labels.TextStyle[i]
		st.XAlign, st.YAlign = draw.XCenter, draw.YCenter
		st.Font.Size = tickSize
		switch {
		case count == 0:
			st.Color = color.Gray{Y: 0xb0}
		case math.Sqrt(float64(count)) > maxShade/2:
			st.Color = color.White
		default:
			st.Color = color.Black
		}
	}
	p.Add(labels)
	return nil
}

// classTicks labels the cell centres 0 … n−1 with their class, counting
// from the top when reversed.
func classTicks(n int, reversed bool) plot.ConstantTicks {
	ticks := make(plot.ConstantTicks, n)
	for i := range n {
		class := i
		if reversed {
			class = n - 1 - i
		}
		ticks[i] = plot.Tick{Value: float64(i), Label: strconv.Itoa(class)}
	}
	return ticks
}

// shades returns the heat map's palette: ColorBrewer's 9-class sequential
// "Blues" (colorbrewer2.org), white to dark blue, interpolated in sRGB to
// shadeSteps colours so that neighbouring counts do not share a band.
func shades() (palette.Palette, error) {
	blues, err := brewer.GetPalette(brewer.TypeSequential, "Blues", 9)
	if err != nil {
		return nil, fmt.Errorf("plots: %w", err)
	}
	stops := blues.Colors()
	cs := make([]color.Color, shadeSteps)
	for i := range cs {
		pos := float64(i) / (shadeSteps - 1) * float64(len(stops)-1)
		j := min(int(pos), len(stops)-2)
		cs[i] = mix(stops[j], stops[j+1], pos-float64(j))
	}
	return colors(cs), nil
}

// shadeSteps is how many colours the heat map picks from: more than the eye
// separates.
const shadeSteps = 64

// colors is a fixed palette.Palette.
type colors []color.Color

// Colors implements palette.Palette.
func (c colors) Colors() []color.Color { return c }

// mix returns (1−f)·a + f·b, channel by channel.
func mix(a, b color.Color, f float64) color.Color {
	ar, ag, ab, _ := a.RGBA()
	br, bg, bb, _ := b.RGBA()
	ch := func(x, y uint32) uint8 { return uint8(math.Round(((1-f)*float64(x) + f*float64(y)) / 0x101)) }
	return color.RGBA{R: ch(ar, br), G: ch(ag, bg), B: ch(ab, bb), A: 0xff}
}
