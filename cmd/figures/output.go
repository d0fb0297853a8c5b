package main

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/draw"
	"image/png"
	"os"
	"path/filepath"

	"github.com/gonb-courses/neuralnets/fileio"
)

// output is one file to write.
type output struct {
	path    string
	content []byte
	isPNG   bool // compared by pixels, not bytes: encoders may differ
}

// upToDate reports whether the file on disk already is o.
func (o output) upToDate() (bool, error) {
	old, err := os.ReadFile(o.path)
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("reading %s: %w", o.path, err)
	}
	if !o.isPNG {
		return bytes.Equal(old, o.content), nil
	}
	return samePixels(old, o.content), nil
}

// write writes o atomically, making its directory first if need be.
func (o output) write() error {
	if err := os.MkdirAll(filepath.Dir(o.path), 0o755); err != nil {
		return fmt.Errorf("figures: %w", err)
	}
	return fileio.WriteAtomic(o.path, o.content)
}

// samePixels reports whether two PNGs decode to the same pixels.
func samePixels(a, b []byte) bool {
	ia, err := decode(a)
	if err != nil {
		return false
	}
	ib, err := decode(b)
	if err != nil {
		return false
	}
	return ia.Bounds() == ib.Bounds() && bytes.Equal(ia.Pix, ib.Pix)
}

func decode(raw []byte) (*image.RGBA, error) {
	img, err := png.Decode(bytes.NewReader(raw))
	if err != nil {
		return nil, err
	}
	rgba := image.NewRGBA(img.Bounds())
	draw.Draw(rgba, rgba.Bounds(), img, img.Bounds().Min, draw.Src)
	return rgba, nil
}

// Markers around the generated block.
const (
	beginMarker = "<!-- figures:seeds begin -->\n"
	endMarker   = "<!-- figures:seeds end -->"
)

// ErrMarkers is returned (wrapped) when a document lacks its markers.
var ErrMarkers = errors.New("figures: markers missing or out of order")

// replaceBlock returns text with what lies between the markers replaced by block.
func replaceBlock(text []byte, block string) ([]byte, error) {
	b := bytes.Index(text, []byte(beginMarker))
	e := bytes.Index(text, []byte(endMarker))
	if b < 0 || e < b || bytes.Count(text, []byte(beginMarker)) != 1 {
		return nil, fmt.Errorf("%w: want one %q line, then %q", ErrMarkers, beginMarker[:len(beginMarker)-1], endMarker)
	}
	var out bytes.Buffer
	out.Write(text[:b+len(beginMarker)])
	out.WriteString(block)
	out.Write(text[e:])
	return out.Bytes(), nil
}
