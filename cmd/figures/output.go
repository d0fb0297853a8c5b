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
