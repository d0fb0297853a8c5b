package plots_test

import (
	"image"
	"image/color"
	"math"
	"testing"

	"github.com/gonb-courses/neuralnets/gomlxnet/plots"
	xfont "golang.org/x/image/font"
	"golang.org/x/image/math/fixed"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// textBox is one string drawn on a textCanvas and the box it covers, in
// points on the canvas (origin bottom left).
type textBox struct {
	text                   string
	minX, minY, maxX, maxY float64
}

// affine is a 2-D transform: (x, y) → (a·x + c·y + e, b·x + d·y + f).
type affine struct{ a, b, c, d, e, f float64 }

// then returns the transform that applies o first, then m, as a canvas
// does when a transform is added to its current one.
func (m affine) then(o affine) affine {
	return affine{
		a: m.a*o.a + m.c*o.b, b: m.b*o.a + m.d*o.b,
		c: m.a*o.c + m.c*o.d, d: m.b*o.c + m.d*o.d,
		e: m.a*o.e + m.c*o.f + m.e, f: m.b*o.e + m.d*o.f + m.f,
	}
}

func (m affine) apply(x, y float64) (float64, float64) {
	return m.a*x + m.c*y + m.e, m.b*x + m.d*y + m.f
}

// textCanvas is a vg.Canvas that draws nothing and records where text goes:
// each string's ink (the box of its glyphs in the font gonum/plot lays it
// out with), through the canvas' transforms (rotated axis labels included).
type textCanvas struct {
	w, h  vg.Length
	m     affine
	stack []affine
	texts []textBox
}

func newTextCanvas(w, h vg.Length) *textCanvas {
	return &textCanvas{w: w, h: h, m: affine{a: 1, d: 1}}
}

func (c *textCanvas) Size() (vg.Length, vg.Length)        { return c.w, c.h }
func (c *textCanvas) SetLineWidth(vg.Length)              {}
func (c *textCanvas) SetLineDash([]vg.Length, vg.Length)  {}
func (c *textCanvas) SetColor(color.Color)                {}
func (c *textCanvas) Stroke(vg.Path)                      {}
func (c *textCanvas) Fill(vg.Path)                        {}
func (c *textCanvas) DrawImage(vg.Rectangle, image.Image) {}
func (c *textCanvas) Push()                               { c.stack = append(c.stack, c.m) }
func (c *textCanvas) Pop() {
	c.m, c.stack = c.stack[len(c.stack)-1], c.stack[:len(c.stack)-1]
}
func (c *textCanvas) Translate(p vg.Point) {
	c.m = c.m.then(affine{a: 1, d: 1, e: float64(p.X), f: float64(p.Y)})
}
func (c *textCanvas) Scale(x, y float64) { c.m = c.m.then(affine{a: x, d: y}) }
func (c *textCanvas) Rotate(rad float64) {
	s, co := math.Sincos(rad)
	c.m = c.m.then(affine{a: co, b: s, c: -s, d: co})
}

func fixedPt(v fixed.Int26_6) float64 { return float64(v) / 64 }

func (c *textCanvas) FillString(f font.Face, p vg.Point, text string) {
	ink, _ := xfont.BoundString(f.FontFace(72), text) // at 72 dpi, in points; y down
	x0, x1 := float64(p.X)+fixedPt(ink.Min.X), float64(p.X)+fixedPt(ink.Max.X)
	y0, y1 := float64(p.Y)-fixedPt(ink.Max.Y), float64(p.Y)-fixedPt(ink.Min.Y)
	b := textBox{text: text, minX: math.Inf(1), minY: math.Inf(1), maxX: math.Inf(-1), maxY: math.Inf(-1)}
	for _, corner := range [][2]float64{{x0, y0}, {x1, y0}, {x0, y1}, {x1, y1}} {
		x, y := c.m.apply(corner[0], corner[1])
		b.minX, b.maxX = math.Min(b.minX, x), math.Max(b.maxX, x)
		b.minY, b.maxY = math.Min(b.minY, y), math.Max(b.maxY, y)
	}
	c.texts = append(c.texts, b)
}

// TestTextFitsTheCanvas draws every plot helper at the size the notebooks
// show it (and at the golden tests' size) and checks that every title,
// label, tick label, legend entry and count lies within the canvas.
func TestTextFitsTheCanvas(t *testing.T) {
	labels, predicted := fakeTestSet()
	allRight := make([]int, len(labels))
	for i, l := range labels {
		allRight[i] = int(l) // "10000 of 10000 right (100.0 %)": the longest title
	}
	sigmoid, err := plots.Sigmoid(-8, 8, true)
	must(t, err)
	descent, err := plots.GradientDescent(1, 0.9, 10)
	must(t, err)
	descentGrid, err := plots.GradientDescentGrid(1, []float64{0.1, 0.5, 0.9, 1.05}, 10)
	must(t, err)
	history, err := plots.HistoryGrid(fakeHistory(200, 0.03, true))
	must(t, err)
	loss, err := plots.HistoryPlot(fakeHistory(20, 0.25, true), plots.Loss)
	must(t, err)
	compare, err := plots.Compare(plots.Accuracy,
		plots.Run{Name: "sigmoid + MSE + SGD (the lecture)", History: fakeHistory(10, 0.03, false)},
		plots.Run{Name: "softmax + cross-entropy + SGD", History: fakeHistory(10, 0.12, false)},
		plots.Run{Name: "ReLU + He init + softmax/cross-entropy + Adam", History: fakeHistory(10, 0.5, true)},
	)
	must(t, err)
	confusion, err := plots.Confusion(labels, predicted, 10)
	must(t, err)
	perfect, err := plots.Confusion(labels, allRight, 10)
	must(t, err)
	cm := vg.Centimeter
	tests := []struct {
		name string
		fig  plots.Figure
		w, h vg.Length
	}{
		{"Sigmoid (notebook 1)", sigmoid, 14 * cm, 9 * cm},
		{"GradientDescent", descent, goldenW, goldenH},
		{"GradientDescentGrid (notebook 2)", descentGrid, 22 * cm, 18 * cm},
		{"HistoryGrid (notebook 5)", history, 24 * cm, 10 * cm},
		{"HistoryPlot", loss, goldenW, goldenH},
		{"Compare (notebooks 7, 8)", compare, 18 * cm, 11 * cm},
		{"Confusion (notebook 6)", confusion, 14 * cm, 14 * cm},
		{"Confusion, all right", perfect, 14 * cm, 14 * cm},
		{"Confusion, small", perfect, 10 * cm, 10 * cm},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newTextCanvas(tt.w, tt.h)
			tt.fig.Draw(draw.New(c))
			if len(c.texts) == 0 {
				t.Fatal("no text drawn")
			}
			const slack = 0.25 // points: rounding
			for _, b := range c.texts {
				if b.minX < -slack || b.minY < -slack || b.maxX > float64(tt.w)+slack || b.maxY > float64(tt.h)+slack {
					t.Errorf("%q covers x %.1f..%.1f, y %.1f..%.1f pt: outside the %.1f × %.1f pt canvas",
						b.text, b.minX, b.maxX, b.minY, b.maxY, float64(tt.w), float64(tt.h))
				}
			}
		})
	}
}

// TestImageTextFits checks the same for the pixel grids: every title and
// caption lies within the image.
func TestImageTextFits(t *testing.T) {
	x, y := testDigits(t)
	pred := make([]int, 30)
	for i := range pred {
		pred[i] = (int(y[i]) + i%3) % 10
	}
	probs := fakeProbs(y, map[int]fakeWrong{3: {6, 0.97}, 8: {6, 0.91}, 18: {5, 0.64}, 33: {9, 0.88}})
	draws := []struct {
		name string
		draw func() (*image.RGBA, error)
	}{
		{"Digits", func() (*image.RGBA, error) { return plots.Digits(x, y[:30]) }},
		{"Digits, one", func() (*image.RGBA, error) { return plots.Digits(x, y[:1]) }},
		{"DigitsWithPredictions", func() (*image.RGBA, error) { return plots.DigitsWithPredictions(x, y[:30], pred) }},
		{"MostConfidentMistakes", func() (*image.RGBA, error) { return plots.MostConfidentMistakes(x, y, probs, 20) }},
		{"MostConfidentMistakes, one", func() (*image.RGBA, error) { return plots.MostConfidentMistakes(x, y, probs, 1) }},
		{"HiddenWeights", func() (*image.RGBA, error) { return plots.HiddenWeights(fakeKernel(30)) }},
		{"HiddenWeights, one unit", func() (*image.RGBA, error) { return plots.HiddenWeights(fakeKernel(1)) }},
	}
	for _, d := range draws {
		t.Run(d.name, func(t *testing.T) {
			texts := plots.RecordImageText(t)
			img, err := d.draw()
			must(t, err)
			if len(*texts) == 0 {
				t.Fatal("no text drawn")
			}
			for _, tx := range *texts {
				if !tx.Box.In(img.Bounds()) {
					t.Errorf("%q covers %v: outside the image %v", tx.Text, tx.Box, img.Bounds())
				}
			}
		})
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
