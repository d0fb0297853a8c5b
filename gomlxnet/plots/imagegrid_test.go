package plots

import (
	"image"
	"image/color"
	"testing"
)

func TestGridLayout(t *testing.T) {
	// 12 tiles in rows of 5, 2 caption lines: cells of 84+12 = 96 by
	// 84+2·16+12 = 128 px, 3 rows, under the 30 px title, 20 px footer.
	l := gridLayout{n: 12, cols: 5, captionLines: 2, footer: 20}
	if got, want := l.bounds(), image.Rect(0, 0, 12+5*96, 30+3*128+20); got != want {
		t.Errorf("bounds = %v, want %v", got, want)
	}
	if got, want := l.pictureRect(7), image.Rect(12+2*96, 30+128, 12+2*96+84, 30+128+84); got != want {
		t.Errorf("pictureRect(7) = %v, want %v", got, want)
	}
}

func TestDrawTiles(t *testing.T) {
	solid := image.NewGray(image.Rect(0, 0, side, side)) // all black
	tiles := []tile{
		{pix: solid, caption: []string{"a"}},
		{pix: solid, caption: []string{"b"}, color: wrongRed, frame: wrongRed},
	}
	title := "A title much wider than two tiles of eighty-four pixels"
	img, err := drawTiles(title, tiles, 10, 0)
	if err != nil {
		t.Fatal(err)
	}
	tw, err := newTextWriter()
	if err != nil {
		t.Fatal(err)
	}
	if w := tw.width(title, gridTitle); img.Bounds().Dx() < w {
		t.Errorf("image %d px wide cuts the %d px title", img.Bounds().Dx(), w)
	}
	l := gridLayout{n: 2, cols: 2, captionLines: 1}
	for i, want := range []color.RGBA{white, wrongRed} {
		r := l.pictureRect(i)
		if c := img.RGBAAt(r.Min.X+40, r.Min.Y+40); c != (color.RGBA{A: 0xff}) {
			t.Errorf("tile %d centre is %v, want black", i, c)
		}
		if c := img.RGBAAt(r.Min.X-1, r.Min.Y-1); c != want {
			t.Errorf("tile %d frame corner is %v, want %v", i, c, want)
		}
	}
	if !hasColor(img, l.pictureRect(1).Add(image.Pt(0, tileSide)), wrongRed) {
		t.Error("the wrong tile's caption is not red")
	}
}

// hasColor reports whether some pixel of img in r is exactly c.
func hasColor(img *image.RGBA, r image.Rectangle, c color.RGBA) bool {
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if img.RGBAAt(x, y) == c {
				return true
			}
		}
	}
	return false
}
