package plots_test

import (
	"errors"
	"fmt"
	"image/color"
	"log"
	"math"
	"testing"

	"github.com/gonb-courses/neuralnets/arrays"
	"github.com/gonb-courses/neuralnets/gomlxnet/plots"
)

// fakeKernel returns a [784, units] kernel whose unit u is a Gabor-like
// stripe pattern at angle u·π/units under a Gaussian window, resembling the
// strokes detectors a trained network learns, with an amplitude that grows
// with u so that the shared colour scale shows.
func fakeKernel(units int) arrays.Array[float32] {
	k := arrays.New[float32](784, units)
	for u := range units {
		theta := float64(u) * math.Pi / float64(units)
		amp := 0.1 + 0.3*float64(u)/float64(units)
		for p := range 784 {
			x, y := float64(p%28)-13.5, float64(p/28)-13.5
			along := x*math.Cos(theta) + y*math.Sin(theta)
			k.Data[p*units+u] = float32(amp * math.Sin(along/2) * math.Exp(-(x*x+y*y)/80))
		}
	}
	return k
}

func TestHiddenWeightsGolden(t *testing.T) {
	img, err := plots.HiddenWeights(fakeKernel(30))
	if err != nil {
		t.Fatal(err)
	}
	checkImageGolden(t, img, "hidden_weights.png")
}

// TestHiddenWeightsSymmetric checks the colour scale: positive weights red,
// negative blue, 0 light grey, and the scale symmetric, so that with weights
// +1 and −0.5 the −0.5 is a paler blue than a −1 would be.
func TestHiddenWeightsSymmetric(t *testing.T) {
	// firstPixels draws a one-unit kernel with the given first weights and
	// returns the colours of those pixels, 3 px apart in the tile at (12, 30)
	// (tile padding and title space, as in TestDigitPixelPlacement).
	firstPixels := func(ws ...float32) []color.RGBA {
		k := arrays.New[float32](784, 1)
		copy(k.Data, ws)
		img, err := plots.HiddenWeights(k)
		if err != nil {
			t.Fatal(err)
		}
		cs := make([]color.RGBA, len(ws))
		for i := range ws {
			cs[i] = img.RGBAAt(12+3*i, 30)
		}
		return cs
	}
	full := firstPixels(1, -1, 0)
	pos, neg, zero := full[0], full[1], full[2]
	if !(pos.R > pos.B+100 && neg.B > neg.R+100) {
		t.Errorf("+1 drew %v, −1 drew %v; want red and blue", pos, neg)
	}
	if d := int(zero.R) - int(zero.B); zero.G < 0xc0 || d < -4 || d > 4 {
		t.Errorf("0 drew %v, want a light grey", zero)
	}
	half := firstPixels(1, -0.5)[1]
	if lightness(half) <= lightness(neg) || half.B <= half.R {
		t.Errorf("−0.5 drew %v beside +1; want a paler blue than −1's %v", half, neg)
	}
}

func lightness(c color.RGBA) int { return int(c.R) + int(c.G) + int(c.B) }

func TestHiddenWeightsErrors(t *testing.T) {
	nan := arrays.New[float32](784, 2)
	nan.Data[5] = float32(math.Inf(1))
	for _, tc := range []struct {
		name   string
		kernel arrays.Array[float32]
		want   error
	}{
		{"transposed", arrays.New[float32](30, 784), plots.ErrShape},
		{"rank 3", arrays.New[float32](28, 28, 30), plots.ErrShape},
		{"data short", arrays.Array[float32]{Shape: []int{784, 2}, Data: make([]float32, 784)}, plots.ErrShape},
		{"no units", arrays.New[float32](784, 0), plots.ErrEmpty},
		{"Inf", nan, plots.ErrNaN},
	} {
		t.Run(tc.name, func(t *testing.T) {
			img, err := plots.HiddenWeights(tc.kernel)
			if !errors.Is(err, tc.want) || img != nil {
				t.Errorf("got %v, %v; want nil, %v", img != nil, err, tc.want)
			}
		})
	}
}

func ExampleHiddenWeights() {
	// A trained model's first Dense kernel has shape [784, 30]; here, zeros.
	kernel := arrays.New[float32](784, 30)
	img, err := plots.HiddenWeights(kernel)
	if err != nil {
		log.Fatal(err)
	}
	// In a notebook: plots.ShowImage(img, "hidden-weights")
	fmt.Println(img.Bounds().Size())
	// Output:
	// (588,636)
}
