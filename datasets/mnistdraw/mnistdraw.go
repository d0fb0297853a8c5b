// Package mnistdraw turns a digit drawn by hand (on a canvas, at any size
// and place) into a 28×28 image prepared as MNIST's digits were, so that a
// network trained on MNIST gets a fair question.
//
// MNIST's pre-processing (LeCun, Cortes and Burges, "The MNIST database"):
// each NIST digit was scaled, keeping its aspect ratio, so that its bounding
// box fits a 20×20 box, with anti-aliasing that turns edges into grey levels;
// it was then placed in a 28×28 field so that its centre of mass lies at the
// field's centre. Preprocess does the same, with grey levels 0 (background)
// to 255 (ink) as in MNIST's files. It uses the standard library only.
package mnistdraw

import (
	"errors"
	"fmt"
	"math"
)

const (
	// Size is the side of an MNIST image: 28 pixels.
	Size = 28
	// Box is the side of the box a digit's bounding box is scaled into: 20 pixels.
	Box = 20
)

// Sentinel errors wrapped by Preprocess's errors; test for them with errors.Is.
var (
	// ErrEmpty reports a drawing without ink.
	ErrEmpty = errors.New("mnistdraw: empty drawing")
	// ErrShape reports pixels whose number is not width × height.
	ErrShape = errors.New("mnistdraw: bad shape")
)

// Preprocess prepares a drawing as MNIST's digits were. pix holds the
// drawing's ink, row by row, width × height grey levels from 0 (no ink) to
// 255 (full ink). The ink's bounding box is scaled, keeping its aspect
// ratio, so that its longer side is Box pixels; each new pixel is the mean
// of the drawing's area it covers (the anti-aliasing). The result is placed
// in a Size × Size image, row by row, so that its centre of mass (grey
// levels as weights) is as close as whole pixels allow to the image's
// centre. A drawing without ink gives an error wrapping ErrEmpty, pixels
// that are not width × height one wrapping ErrShape.
func Preprocess(pix []uint8, width, height int) ([Size * Size]uint8, error) {
	var out [Size * Size]uint8
	if width <= 0 || height <= 0 || len(pix) != width*height {
		return out, fmt.Errorf("%w: %d pixels for %d × %d, want width and height positive and pixels = width × height",
			ErrShape, len(pix), width, height)
	}
	x0, y0, x1, y1, ok := boundingBox(pix, width, height)
	if !ok {
		return out, fmt.Errorf("%w: no pixel above 0 in %d × %d", ErrEmpty, width, height)
	}
	boxed, bw, bh := scaleInto(pix, width, x0, y0, x1, y1)
	cx, cy := centreOfMass(boxed, bw, bh)
	// MNIST's digits have their centre of mass, in pixel indices, within
	// half a pixel of (14, 14): in [13.5, 14.5) on both axes (measured on the
	// 10,000 test digits, TestTestDigitsCentred).
	dx := Size/2 - int(math.Floor(cx+0.5))
	dy := Size/2 - int(math.Floor(cy+0.5))
	for y := range bh {
		for x := range bw {
			tx, ty := x+dx, y+dy
			if tx >= 0 && tx < Size && ty >= 0 && ty < Size {
				out[ty*Size+tx] = boxed[y*bw+x]
			}
		}
	}
	return out, nil
}

// boundingBox returns the smallest box [x0, x1) × [y0, y1) holding every
// pixel above 0; ok is false when there is none.
func boundingBox(pix []uint8, width, height int) (x0, y0, x1, y1 int, ok bool) {
	x0, y0 = width, height
	for y := range height {
		for x, v := range pix[y*width : (y+1)*width] {
			if v > 0 {
				x0, y0 = min(x0, x), min(y0, y)
				x1, y1 = max(x1, x+1), max(y1, y+1)
			}
		}
	}
	return x0, y0, x1, y1, x1 > x0
}

// scaleInto scales the box [x0, x1) × [y0, y1) of pix, keeping its aspect
// ratio, so that its longer side is Box pixels, and returns the bw × bh
// result. Each new pixel is the mean of the source area it covers, partly
// covered source pixels weighted by the part covered.
func scaleInto(pix []uint8, width, x0, y0, x1, y1 int) (out []uint8, bw, bh int) {
	sw, sh := x1-x0, y1-y0
	scale := float64(Box) / float64(max(sw, sh)) // new pixels per source pixel
	bw = max(1, int(math.Round(float64(sw)*scale)))
	bh = max(1, int(math.Round(float64(sh)*scale)))
	// Source extent of one new pixel, per axis, so the box maps onto bw × bh exactly.
	fx, fy := float64(sw)/float64(bw), float64(sh)/float64(bh)
	out = make([]uint8, bw*bh)
	for y := range bh {
		for x := range bw {
			sum := 0.0
			forCovered(float64(y)*fy, float64(y+1)*fy, func(sy int, wy float64) {
				row := pix[(y0+sy)*width+x0:]
				forCovered(float64(x)*fx, float64(x+1)*fx, func(sx int, wx float64) {
					sum += wx * wy * float64(row[sx])
				})
			})
			out[y*bw+x] = uint8(min(255, math.Round(sum/(fx*fy))))
		}
	}
	return out, bw, bh
}

// forCovered calls f for every source pixel i overlapping [lo, hi), with the
// length of the overlap.
func forCovered(lo, hi float64, f func(i int, w float64)) {
	for i := int(math.Floor(lo)); float64(i) < hi; i++ {
		w := math.Min(hi, float64(i+1)) - math.Max(lo, float64(i))
		if w > 1e-12 {
			f(i, w)
		}
	}
}

// centreOfMass returns the grey-level-weighted mean position of the pixels of
// a w × h image in pixel indices: pixel (i, j) counts at (i, j).
func centreOfMass(pix []uint8, w, h int) (cx, cy float64) {
	var sum, sx, sy float64
	for y := range h {
		for x := range w {
			v := float64(pix[y*w+x])
			sum += v
			sx += v * float64(x)
			sy += v * float64(y)
		}
	}
	return sx / sum, sy / sum
}
