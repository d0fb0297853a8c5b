package plots

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"

	xfont "golang.org/x/image/font"
	"golang.org/x/image/math/fixed"
	"gonum.org/v1/plot/font"
)

// Pixel grids (digits, weights) are drawn straight into an *image.RGBA, each
// input pixel as a pixelScale × pixelScale square, so that they stay crisp:
// a vector plot would blur them by interpolation.
const (
	side       = 28 // MNIST images are 28 × 28 pixels.
	pixelScale = 3  // 28·3 = 84 px a tile: digits readable, 10 tiles ≈ 940 px wide.
	tileSide   = side * pixelScale
	tilePad    = 12 // px between tiles and around the grid
	border     = 3  // px of the frame around a wrongly classified digit
	textSize   = 13 // px (pt at 72 dpi) of captions
	lineHeight = 16 // px per caption line: textSize plus 3 px of leading
	gridTitle  = 18 // px of the grid's title
	titleSpace = 30 // px above the first row for the title
)

var (
	white    = color.RGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xff}
	ink      = color.RGBA{R: 0x20, G: 0x20, B: 0x20, A: 0xff}
	wrongRed = color.RGBA{R: 0xd0, G: 0x10, B: 0x10, A: 0xff}
)

// tile is one cell of a pixel grid: a side × side picture and its caption.
type tile struct {
	pix     image.Image // side × side, drawn scaled by pixelScale
	caption []string    // lines written under the picture
	color   color.Color // caption colour; nil means ink
	frame   color.Color // colour of a frame around the picture; nil for none
}

// gridLayout places n tiles with captionLines lines each in rows of cols,
// under a title, with footer px of free space at the bottom.
type gridLayout struct {
	n, cols, captionLines, footer int
}

// cellSize is the size of one tile with its caption and padding.
func (l gridLayout) cellSize() image.Point {
	return image.Pt(tileSide+tilePad, tileSide+l.captionLines*lineHeight+tilePad)
}

// bounds is the size of the whole grid image.
func (l gridLayout) bounds() image.Rectangle {
	rows := (l.n + l.cols - 1) / l.cols
	c := l.cellSize()
	return image.Rect(0, 0, tilePad+l.cols*c.X, titleSpace+rows*c.Y+l.footer)
}

// pictureRect is where tile i's picture lands in the grid image.
func (l gridLayout) pictureRect(i int) image.Rectangle {
	c := l.cellSize()
	min := image.Pt(tilePad+(i%l.cols)*c.X, titleSpace+(i/l.cols)*c.Y)
	return image.Rectangle{Min: min, Max: min.Add(image.Pt(tileSide, tileSide))}
}

// drawTiles draws tiles in rows of cols under title and returns the image,
// whose bottom footer px are left white for the caller. The image is widened
// if the title needs more room than the tiles.
func drawTiles(title string, tiles []tile, cols, footer int) (*image.RGBA, error) {
	lines := 0
	for _, t := range tiles {
		lines = max(lines, len(t.caption))
	}
	l := gridLayout{n: len(tiles), cols: min(cols, len(tiles)), captionLines: lines, footer: footer}
	tw, err := newTextWriter()
	if err != nil {
		return nil, err
	}
	b := l.bounds()
	b.Max.X = max(b.Max.X, tw.width(title, gridTitle)+2*tilePad)
	img := image.NewRGBA(b)
	draw.Draw(img, img.Bounds(), image.NewUniform(white), image.Point{}, draw.Src)
	tw.write(img, title, b.Dx()/2, titleSpace-10, gridTitle, ink, alignCenter) // baseline 10 px above row 1
	for i, t := range tiles {
		r := l.pictureRect(i)
		if t.frame != nil {
			draw.Draw(img, r.Inset(-border), image.NewUniform(t.frame), image.Point{}, draw.Src)
		}
		drawScaled(img, r, t.pix)
		col := t.color
		if col == nil {
			col = ink
		}
		for j, s := range t.caption {
			// Baselines sit textSize px into each caption line, the first
			// below the frame.
			y := r.Max.Y + border + j*lineHeight + textSize
			tw.write(img, s, (r.Min.X+r.Max.X)/2, y, textSize, col, alignCenter)
		}
	}
	return img, nil
}

// drawScaled draws src (side × side) into r, each pixel as a
// pixelScale × pixelScale square (nearest neighbour).
func drawScaled(dst *image.RGBA, r image.Rectangle, src image.Image) {
	sb := src.Bounds()
	for y := range side {
		for x := range side {
			c := src.At(sb.Min.X+x, sb.Min.Y+y)
			sq := image.Rect(x*pixelScale, y*pixelScale, (x+1)*pixelScale, (y+1)*pixelScale).Add(r.Min)
			draw.Draw(dst, sq, image.NewUniform(c), image.Point{}, draw.Src)
		}
	}
}

// textWriter writes anti-aliased Liberation Sans, gonum/plot's own font,
// onto images.
type textWriter struct {
	face font.Face
}

// newTextWriter looks the font up in gonum/plot's cache, which importing
// gonum.org/v1/plot fills with the Liberation fonts.
func newTextWriter() (*textWriter, error) {
	f := font.DefaultCache.Lookup(font.Font{Typeface: "Liberation", Variant: "Sans"}, textSize)
	if f.Face == nil {
		return nil, fmt.Errorf("plots: font Liberation Sans not found in gonum/plot's font cache")
	}
	return &textWriter{face: f}, nil
}

// width is the width of s in px at size px.
func (tw *textWriter) width(s string, size float64) int {
	return xfont.MeasureString(tw.fontFace(size), s).Ceil()
}

// Horizontal alignments of text for textWriter.write: the fraction of the
// text's width that lies left of x.
const (
	alignCenter = 0.5
	alignRight  = 1.0
)

// textDrawn, when not nil (in tests), is told the text and the box of
// everything textWriter writes, so that a test can check it fits the image.
var textDrawn func(s string, box image.Rectangle)

// write writes s on dst in colour c at size px, with its baseline at y and
// the fraction align of its width left of x.
func (tw *textWriter) write(dst draw.Image, s string, x, y int, size float64, c color.Color, align float64) {
	face := tw.fontFace(size)
	w := xfont.MeasureString(face, s)
	d := xfont.Drawer{Dst: dst, Src: image.NewUniform(c), Face: face,
		Dot: fixed.Point26_6{X: fixed.I(x) - fixed.Int26_6(float64(w)*align), Y: fixed.I(y)}}
	if textDrawn != nil {
		m := face.Metrics()
		x0 := d.Dot.X.Floor()
		textDrawn(s, image.Rect(x0, y-m.Ascent.Ceil(), x0+w.Ceil(), y+m.Descent.Ceil()))
	}
	d.DrawString(s)
}

// fontFace is the font at size px.
func (tw *textWriter) fontFace(size float64) xfont.Face {
	f := tw.face
	f.Font.Size = font.Length(size)
	return f.FontFace(72) // at 72 dpi one point is one pixel
}
