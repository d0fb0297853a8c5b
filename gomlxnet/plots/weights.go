package plots

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"math"
	"strconv"

	"github.com/gonb-courses/neuralnets/arrays"
	"gonum.org/v1/plot/palette/moreland"
)

const (
	// rampSize is how many colours the weight colour map is sampled at,
	// one per 8-bit level: finer steps are invisible.
	rampSize = 256
	// colorBarSpace is the footer under the weight tiles: 8 px gap, the
	// 14 px bar, then a 16 px line for its tick labels and 8 px below.
	colorBarSpace, barGap, barHeight = 46, 8, 14
	// barWidth is the colour bar's length: four tiles, wide enough to read
	// and leaving room for its name on the left in the 6-tile-wide grid of
	// the lecture's 30 units.
	barWidth = 4*(tileSide+tilePad) - tilePad
)

// HiddenWeights draws each hidden unit's incoming weights, one column of
// kernel (shape [784, units], as a dense layer after a 784-pixel input holds
// it), as a 28 × 28 picture: what each unit looks for in a digit. A diverging
// blue–red colour map is shared by all units and symmetric about zero, so
// blue is negative, red positive, light grey 0, and equal colours in two
// tiles mean equal weights. Each tile is captioned with its unit's column
// index in kernel, from 0; a row holds ⌈√units⌉ tiles (6 for 30 units).
func HiddenWeights(kernel arrays.Array[float32]) (*image.RGBA, error) {
	if err := checkArray("kernel", kernel); err != nil {
		return nil, err
	}
	if len(kernel.Shape) != 2 || kernel.Shape[0] != side*side {
		return nil, fmt.Errorf("%w: kernel has shape %v, want [784, units]", ErrShape, kernel.Shape)
	}
	units := kernel.Shape[1]
	if err := checkNotEmpty("kernel columns", units); err != nil {
		return nil, err
	}
	if units > maxTiles {
		return nil, fmt.Errorf("%w: %d units, at most %d fit in one picture", ErrRange, units, maxTiles)
	}
	if err := checkFinite("kernel.Data", kernel.Data); err != nil {
		return nil, err
	}
	limit := 0.0
	for _, w := range kernel.Data {
		limit = max(limit, math.Abs(float64(w)))
	}
	if limit == 0 {
		limit = 1 // all zeros, as before training with zero initialisation
	}
	ramp, err := colorRamp()
	if err != nil {
		return nil, err
	}
	tiles := make([]tile, units)
	for u := range units {
		img := image.NewRGBA(image.Rect(0, 0, side, side))
		for p := range side * side {
			img.Set(p%side, p/side, ramp.at(float64(kernel.Data[p*units+u])/limit))
		}
		tiles[u] = tile{pix: img, caption: []string{"unit " + strconv.Itoa(u)}}
	}
	cols := int(math.Ceil(math.Sqrt(float64(units))))
	grid, err := drawTiles("Incoming weights of each hidden unit", tiles, cols, colorBarSpace)
	if err != nil {
		return nil, err
	}
	return grid, drawColorBar(grid, ramp, limit)
}

// ramp is a colour map sampled at rampSize points over [-1, 1].
type ramp []color.Color

// colorRamp samples moreland.SmoothBlueRed, a diverging map of even
// perceived lightness steps (K. Moreland, "Diverging Color Maps for
// Scientific Visualization", 2009).
func colorRamp() (ramp, error) {
	cm := moreland.SmoothBlueRed()
	cm.SetMin(-1)
	cm.SetMax(1)
	r := make(ramp, rampSize)
	for i := range r {
		c, err := cm.At(-1 + 2*float64(i)/(rampSize-1))
		if err != nil {
			return nil, fmt.Errorf("plots: colour map: %w", err)
		}
		r[i] = c
	}
	return r, nil
}

// at returns the colour of v in [-1, 1].
func (r ramp) at(v float64) color.Color {
	i := int(math.Round((v + 1) / 2 * (rampSize - 1)))
	return r[min(max(i, 0), rampSize-1)]
}

// drawColorBar draws the colour bar with its scale into the footer of img:
// the bar's name on the left, then the bar, centred in the room left after
// the name and half the right end's label.
func drawColorBar(img *image.RGBA, r ramp, limit float64) error {
	tw, err := newTextWriter()
	if err != nil {
		return err
	}
	const name, gap = "weight", 8 // px between the name and the bar
	lim := strconv.FormatFloat(limit, 'g', 2, 64)
	left := tw.width(name, textSize) + gap
	right := tw.width("+"+lim, textSize) / 2
	avail := img.Bounds().Dx() - 2*tilePad - left - right
	width := min(barWidth, avail)
	x0 := tilePad + left + (avail-width)/2
	y0 := img.Bounds().Max.Y - colorBarSpace + barGap
	for x := range width {
		c := r.at(-1 + 2*float64(x)/float64(width-1))
		draw.Draw(img, image.Rect(x0+x, y0, x0+x+1, y0+barHeight), image.NewUniform(c), image.Point{}, draw.Src)
	}
	y := y0 + barHeight + lineHeight
	tw.write(img, "−"+lim, x0, y, textSize, ink, alignCenter)
	tw.write(img, "0", x0+width/2, y, textSize, ink, alignCenter)
	tw.write(img, "+"+lim, x0+width, y, textSize, ink, alignCenter)
	tw.write(img, name, x0-gap, y0+barHeight/2+textSize/2-1, textSize, ink, alignRight) // level with the bar's middle
	return nil
}
