package mnistdraw

import (
	"errors"
	"math"
	"testing"
)

// TestTestDigitsCentred checks the centring rule Preprocess follows against
// MNIST itself: every test digit's centre of mass, in pixel indices, lies in
// [13.5, 14.5) on both axes.
func TestTestDigitsCentred(t *testing.T) {
	for i, im := range testImages(t) {
		cx, cy := centreOfMass(im[:], Size, Size)
		if cx < 13.5 || cx >= 14.5 || cy < 13.5 || cy >= 14.5 {
			t.Fatalf("test digit %d: centre of mass (%.3f, %.3f), want both in [13.5, 14.5)", i, cx, cy)
		}
	}
}

// TestTestDigitsUnchanged: MNIST's digits are already prepared, so
// Preprocess must give each back unchanged, except the few whose bounding
// box is smaller than Box (their anti-aliased fringe fell below one grey
// level), which it enlarges.
func TestTestDigitsUnchanged(t *testing.T) {
	images := testImages(t)
	small, changed := 0, 0
	for i, im := range images {
		got, err := Preprocess(im[:], Size, Size)
		if err != nil {
			t.Fatalf("test digit %d: %v", i, err)
		}
		x0, y0, x1, y1, _ := boundingBox(im[:], Size, Size)
		if max(x1-x0, y1-y0) < Box {
			small++
			continue
		}
		if got != im {
			changed++
			if changed <= 3 {
				t.Errorf("test digit %d changed: mean difference %.2f grey levels", i, meanAbsDiff(got, im))
			}
		}
	}
	if changed > 0 || small > 10 {
		t.Errorf("%d of %d test digits changed, %d smaller than the box (want 0 changed, at most 10 small)",
			changed, len(images), small)
	}
}

// TestShiftedAndScaled draws each of the first test digits larger, as a
// student would, somewhere on a bigger canvas, and checks that Preprocess
// brings it back: exactly for whole-number scales (each pixel a block), and
// for others within 4 grey levels per pixel on average at 2× and more (the
// course's canvas is 4× MNIST's size), 8 at 1.5×: the enlarged digit's edges
// fall inside pixels, so its bounding box grows by up to a pixel and the two
// resamplings blur it. The worst digit stays within 30 grey levels.
func TestShiftedAndScaled(t *testing.T) {
	images := testImages(t)[:500]
	tests := []struct {
		name           string
		scale          float64
		canvasW, offX  int
		canvasH, offY  int
		meanMax, worst float64 // mean over the digits, and worst digit, of the mean |difference|
	}{
		{"×2 at the top left", 2, 80, 0, 70, 0, 0, 0},
		{"×4 shifted right and down", 4, 200, 61, 160, 37, 0, 0},
		{"×3 near the bottom right", 3, 120, 36, 100, 16, 0, 0},
		{"×2.5 shifted", 2.5, 140, 23, 120, 40, 4, 30},
		{"×3.7 shifted", 3.7, 180, 11, 150, 5, 4, 30},
		{"×1.5 shifted", 1.5, 90, 30, 60, 17, 8, 30},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var sum, worst float64
			for i, im := range images {
				canvas := enlarge(im, tc.scale, tc.canvasW, tc.canvasH, tc.offX, tc.offY)
				got, err := Preprocess(canvas, tc.canvasW, tc.canvasH)
				if err != nil {
					t.Fatalf("test digit %d: %v", i, err)
				}
				d := meanAbsDiff(got, im)
				sum += d
				worst = max(worst, d)
			}
			mean := sum / float64(len(images))
			t.Logf("mean |difference| %.2f grey levels, worst digit %.2f", mean, worst)
			if mean > tc.meanMax || worst > tc.worst {
				t.Errorf("mean |difference| %.2f grey levels (want at most %g), worst digit %.2f (want at most %g)",
					mean, tc.meanMax, worst, tc.worst)
			}
		})
	}
}

// enlarge draws im scaled by s with its top left corner at (offX, offY) on a
// w × h canvas: each canvas pixel the mean of the digit's area it covers.
func enlarge(im [Size * Size]uint8, s float64, w, h, offX, offY int) []uint8 {
	canvas := make([]uint8, w*h)
	n := int(math.Ceil(Size * s))
	for y := range n {
		for x := range n {
			sum := 0.0
			forCovered(float64(y)/s, float64(y+1)/s, func(sy int, wy float64) {
				forCovered(float64(x)/s, float64(x+1)/s, func(sx int, wx float64) {
					if sx < Size && sy < Size {
						sum += wx * wy * float64(im[sy*Size+sx])
					}
				})
			})
			canvas[(y+offY)*w+x+offX] = uint8(math.Round(sum * s * s))
		}
	}
	return canvas
}

func meanAbsDiff(a, b [Size * Size]uint8) float64 {
	d := 0.0
	for i := range a {
		d += math.Abs(float64(a[i]) - float64(b[i]))
	}
	return d / float64(len(a))
}

func TestPreprocessErrors(t *testing.T) {
	tests := []struct {
		name          string
		pix           []uint8
		width, height int
		want          error
	}{
		{"no ink", make([]uint8, 50*40), 50, 40, ErrEmpty},
		{"too few pixels", make([]uint8, 10), 5, 5, ErrShape},
		{"zero width", nil, 0, 5, ErrShape},
		{"negative height", make([]uint8, 4), 2, -2, ErrShape},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Preprocess(tc.pix, tc.width, tc.height)
			if !errors.Is(err, tc.want) {
				t.Errorf("error %v, want one wrapping %v", err, tc.want)
			}
		})
	}
}

// TestSmallDot: a single inked pixel becomes a 20×20 block at the centre.
func TestSmallDot(t *testing.T) {
	pix := make([]uint8, 9*7)
	pix[3*9+8] = 200
	got, err := Preprocess(pix, 9, 7)
	if err != nil {
		t.Fatal(err)
	}
	inked := 0
	for y := range Size {
		for x := range Size {
			v := got[y*Size+x]
			in := x >= 4 && x < 24 && y >= 4 && y < 24
			if in && v != 200 || !in && v != 0 {
				t.Fatalf("pixel (%d, %d) = %d, want 200 inside [4, 24)² and 0 outside", x, y, v)
			}
			if v > 0 {
				inked++
			}
		}
	}
	if inked != Box*Box {
		t.Errorf("%d inked pixels, want %d", inked, Box*Box)
	}
}
