package plots_test

import (
	"errors"
	"fmt"
	"image"
	"log"
	"math"
	"testing"

	"github.com/gonb-courses/neuralnets/arrays"
	"github.com/gonb-courses/neuralnets/gomlxnet/plots"
)

func TestDigitsGolden(t *testing.T) {
	x, y := testDigits(t)
	img, err := plots.Digits(x, y[:20])
	if err != nil {
		t.Fatal(err)
	}
	checkImageGolden(t, img, "digits.png")
}

func TestDigitsWithPredictionsGolden(t *testing.T) {
	x, y := testDigits(t)
	pred := make([]int, 20)
	for i := range pred {
		pred[i] = int(y[i])
	}
	pred[3], pred[8], pred[18] = 6, 6, 5 // three made-up mistakes
	img, err := plots.DigitsWithPredictions(x, y[:20], pred)
	if err != nil {
		t.Fatal(err)
	}
	checkImageGolden(t, img, "digits_predictions.png")
}

// Layout constants of the digit grid, as documented in imagegrid.go: 12 px
// padding, 30 px for the title, tiles of 28·3 = 84 px, one 16 px caption line.
const (
	pad, titleH, tileW, captionH = 12, 30, 84, 16
	cellW, cellH                 = tileW + pad, tileW + captionH + pad
)

// TestDigitPixelPlacement draws 20 blank digits but one, which has a single
// full-ink pixel, and checks that it lands as a 3 × 3 black square exactly
// where the layout puts it, with its tile otherwise white.
func TestDigitPixelPlacement(t *testing.T) {
	for _, tc := range []struct{ tile, row, col int }{
		{0, 0, 0}, {13, 5, 7}, {19, 27, 27}, {10, 14, 0},
	} {
		t.Run(fmt.Sprint(tc), func(t *testing.T) {
			x := arrays.New[float32](20, 784)
			x.Row(tc.tile)[tc.row*28+tc.col] = 1
			img, err := plots.Digits(x, make([]int, 20))
			if err != nil {
				t.Fatal(err)
			}
			// Tile i is in grid row i/10, column i%10.
			origin := image.Pt(pad+tc.tile%10*cellW, titleH+tc.tile/10*cellH)
			dot := image.Rect(3*tc.col, 3*tc.row, 3*tc.col+3, 3*tc.row+3).Add(origin)
			for y := origin.Y; y < origin.Y+tileW; y++ {
				for x := origin.X; x < origin.X+tileW; x++ {
					want := uint8(255)
					if image.Pt(x, y).In(dot) {
						want = 0
					}
					if c := img.RGBAAt(x, y); c.R != want || c.G != want || c.B != want {
						t.Fatalf("pixel (%d, %d) = %v, want grey %d", x, y, c, want)
					}
				}
			}
		})
	}
}

// TestDigitsScaling checks that bytes, floats divided by 255 and floats in
// 0–255 all draw the same picture.
func TestDigitsScaling(t *testing.T) {
	x, y := testDigits(t)
	x = arrays.Head(x, 12)
	want, err := plots.Digits(x, y[:12])
	if err != nil {
		t.Fatal(err)
	}
	unit := arrays.Array[float32]{Shape: []int{12, 784}, Data: make([]float32, len(x.Data))}
	raw := arrays.Array[float64]{Shape: []int{12, 28, 28}, Data: make([]float64, len(x.Data))}
	for i, v := range x.Data {
		unit.Data[i] = float32(v) / 255
		raw.Data[i] = float64(v)
	}
	for name, got := range map[string]func() (*image.RGBA, error){
		"float32/255": func() (*image.RGBA, error) { return plots.Digits(unit, y[:12]) },
		"float64 raw": func() (*image.RGBA, error) { return plots.Digits(raw, y[:12]) },
	} {
		img, err := got()
		if err != nil {
			t.Fatal(err)
		}
		if img.Bounds() != want.Bounds() || string(img.Pix) != string(want.Pix) {
			t.Errorf("%s: picture differs from the uint8 one", name)
		}
	}
}

func TestDigitsErrors(t *testing.T) {
	x, y := testDigits(t)
	nan := arrays.New[float32](2, 784)
	nan.Data[800] = float32(math.NaN())
	for _, tc := range []struct {
		name string
		draw func() (*image.RGBA, error)
		want error
	}{
		{"no labels", func() (*image.RGBA, error) { return plots.Digits(x, y[:0]) }, plots.ErrEmpty},
		{"too few images", func() (*image.RGBA, error) { return plots.Digits(arrays.Head(x, 3), y[:4]) }, plots.ErrLength},
		{"not 784 pixels", func() (*image.RGBA, error) {
			return plots.Digits(arrays.New[uint8](2, 28, 27), y[:2])
		}, plots.ErrShape},
		{"shape and data disagree", func() (*image.RGBA, error) {
			return plots.Digits(arrays.Array[uint8]{Shape: []int{2, 784}, Data: x.Data[:784]}, y[:2])
		}, plots.ErrShape},
		{"NaN pixel", func() (*image.RGBA, error) { return plots.Digits(nan, []int{1, 2}) }, plots.ErrNaN},
		{"too many", func() (*image.RGBA, error) {
			return plots.Digits(arrays.New[uint8](1001, 784), make([]int, 1001))
		}, plots.ErrRange},
		{"predictions short", func() (*image.RGBA, error) {
			return plots.DigitsWithPredictions(x, y[:5], []int{1, 2})
		}, plots.ErrLength},
	} {
		t.Run(tc.name, func(t *testing.T) {
			img, err := tc.draw()
			if !errors.Is(err, tc.want) || img != nil {
				t.Errorf("got %v, %v; want nil, %v", img != nil, err, tc.want)
			}
		})
	}
}

func ExampleDigits() {
	// Two synthetic 28 × 28 digits: a vertical bar (a "1") and a blank.
	x := arrays.New[uint8](2, 28, 28)
	for row := 4; row < 24; row++ {
		x.Data[row*28+14] = 255
	}
	img, err := plots.Digits(x, []uint8{1, 0})
	if err != nil {
		log.Fatal(err)
	}
	// In a notebook: plots.ShowImage(img, "digits")
	fmt.Println(img.Bounds().Size())
	// Output:
	// (204,142)
}

func ExampleDigitsWithPredictions() {
	x := arrays.New[float32](3, 784) // blank digits, for brevity
	labels := []uint8{7, 2, 1}
	predicted := []int{7, 3, 1}
	img, err := plots.DigitsWithPredictions(x, labels, predicted)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(img.Bounds().Size())
	// Output:
	// (357,158)
}
