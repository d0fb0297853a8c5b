package plots

import (
	"bytes"
	"fmt"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Figure is anything that draws itself on a canvas: a *plot.Plot or a Grid.
// Show, Save and Encode accept one.
type Figure interface {
	Draw(c draw.Canvas)
}

// Grid is a figure of several plots laid out in rows, like R's
// par(mfrow = …), with the axes of each row and column aligned by
// plot.Align. A nil plot leaves its cell empty; rows shorter than the
// longest are padded with empty cells.
type Grid [][]*plot.Plot

// gridPad is the gap between the cells of a Grid: 5 mm keeps one plot's tick
// labels from touching its neighbour's title.
const gridPad = 5 * vg.Millimeter

// Draw draws the plots of g in equal cells of c.
func (g Grid) Draw(c draw.Canvas) {
	cols := g.cols()
	if cols == 0 {
		return
	}
	rect := make([][]*plot.Plot, len(g))
	for i, row := range g {
		rect[i] = make([]*plot.Plot, cols)
		copy(rect[i], row)
	}
	tiles := draw.Tiles{Rows: len(g), Cols: cols, PadX: gridPad, PadY: gridPad,
		PadTop: gridPad / 2, PadBottom: gridPad / 2, PadLeft: gridPad / 2, PadRight: gridPad / 2}
	canvases := plot.Align(rect, tiles, c)
	for i, row := range rect {
		for j, p := range row {
			if p != nil {
				p.Draw(canvases[i][j])
			}
		}
	}
}

// cols is the length of the longest row.
func (g Grid) cols() int {
	n := 0
	for _, row := range g {
		n = max(n, len(row))
	}
	return n
}

// NewGrid lays plots out in rows of cols cells, left to right, top to bottom.
func NewGrid(cols int, plots ...*plot.Plot) (Grid, error) {
	if err := checkNotEmpty("plots", len(plots)); err != nil {
		return nil, err
	}
	if cols < 1 {
		return nil, fmt.Errorf("%w: cols is %d, want 1 or more", ErrRange, cols)
	}
	var g Grid
	for len(plots) > 0 {
		n := min(cols, len(plots))
		g = append(g, plots[:n:n])
		plots = plots[n:]
	}
	return g, nil
}

// MaxSide is the largest width or height Encode draws: 1 m, 3780 pixels
// at the 96 dpi of PNG output.
const MaxSide = 100 * vg.Centimeter

// Encode draws f at width w and height h and encodes it in format: "png",
// "svg", "pdf", "eps", "jpg" or "tiff" (gonum/plot's formats). A nil or empty
// figure gives an error wrapping ErrEmpty, a size that is not positive or is
// over MaxSide one wrapping ErrRange; a panic while drawing becomes an
// error.
func Encode(f Figure, w, h vg.Length, format string) (out []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			out, err = nil, fmt.Errorf("plots: drawing the figure: %v", r)
		}
	}()
	if isEmpty(f) {
		return nil, fmt.Errorf("%w: nothing to draw", ErrEmpty)
	}
	if !(w > 0 && h > 0 && w <= MaxSide && h <= MaxSide) {
		return nil, fmt.Errorf("%w: size %v × %v, want both positive and at most %v (1 m)", ErrRange, w, h, MaxSide)
	}
	c, err := draw.NewFormattedCanvas(w, h, format)
	if err != nil {
		return nil, fmt.Errorf("plots: %w", err)
	}
	f.Draw(draw.New(c))
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("plots: encoding %s: %w", format, err)
	}
	if format == "svg" {
		return []byte(svgFontFallbacks.Replace(buf.String())), nil
	}
	return buf.Bytes(), nil
}

// svgFontFallbacks gives the fonts an SVG names fallbacks with the same
// metrics. gonum/plot lays text out with the Liberation fonts and its SVG
// names only them; a browser without them used its default font, wider on
// Linux (DejaVu), and long titles ran past the picture's edge.
var svgFontFallbacks = strings.NewReplacer(
	"font-family:Liberation Serif;", "font-family:'Liberation Serif','Times New Roman',Tinos,'Nimbus Roman',serif;",
	"font-family:Liberation Sans;", "font-family:'Liberation Sans',Arial,Arimo,'Nimbus Sans',sans-serif;",
	"font-family:Liberation Mono;", "font-family:'Liberation Mono','Courier New',Cousine,'Nimbus Mono PS',monospace;",
)

// isEmpty reports whether f is nil, a nil *plot.Plot or a Grid without plots.
func isEmpty(f Figure) bool {
	switch f := f.(type) {
	case nil:
		return true
	case *plot.Plot:
		return f == nil
	case Grid:
		for _, row := range f {
			for _, p := range row {
				if p != nil {
					return false
				}
			}
		}
		return true
	}
	return false
}
