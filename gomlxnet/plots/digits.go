package plots

import (
	"fmt"
	"image"
	"math"
	"strconv"

	"github.com/gonb-courses/neuralnets/arrays"
)

// Pixel is the element type of the image arrays this package draws: uint8
// grey levels 0–255 as MNIST stores them, or floats either already divided
// by 255 (all values at most 1) or not (0–255). Negative values draw as 0.
type Pixel interface {
	~uint8 | ~float32 | ~float64
}

// Label is the element type of class labels: MNIST's uint8 or another integer.
type Label interface {
	~uint8 | ~int32 | ~int64 | ~int
}

const (
	// digitCols is how many digits a row of a grid holds: one of each class
	// if they were sorted.
	digitCols = 10
	// maxTiles bounds a grid's size: 1000 digits make a 940 × 11000 px image
	// (about 40 MiB as RGBA), already more than anyone can look at.
	maxTiles = 1000
)

// Digits draws the first len(labels) images as a grid of 28 × 28 digits,
// ten to a row, dark ink on white, each captioned with its label. images has
// shape [n, 28, 28], [n, 784] or any [n, …] of 784 pixels, with n at least
// len(labels); the rows drawn must be finite. At most 1000 digits are drawn
// at once: slice labels to pick the first ones.
func Digits[T Pixel, L Label](images arrays.Array[T], labels []L) (*image.RGBA, error) {
	n := len(labels)
	pix, err := digitImages(images, n)
	if err != nil {
		return nil, err
	}
	tiles := make([]tile, n)
	for i, l := range labels {
		tiles[i] = tile{pix: pix[i], caption: []string{strconv.Itoa(int(l))}}
	}
	return drawTiles("Digits and their labels", tiles, digitCols, 0)
}

// DigitsWithPredictions is Digits with the model's predicted class written
// under each label; the digits it got wrong are framed and captioned in red
// and counted in the title. predicted must be as long as labels.
func DigitsWithPredictions[T Pixel, L, P Label](images arrays.Array[T], labels []L, predicted []P) (*image.RGBA, error) {
	n := len(labels)
	if err := checkSameLen("predicted", len(predicted), "labels", n); err != nil {
		return nil, err
	}
	pix, err := digitImages(images, n)
	if err != nil {
		return nil, err
	}
	tiles := make([]tile, n)
	wrong := 0
	for i := range n {
		t := tile{pix: pix[i], caption: []string{
			"true " + strconv.Itoa(int(labels[i])),
			"pred " + strconv.Itoa(int(predicted[i])),
		}}
		if int(labels[i]) != int(predicted[i]) {
			t.color, t.frame = wrongRed, wrongRed
			wrong++
		}
		tiles[i] = t
	}
	title := fmt.Sprintf("Labels and predictions: %d of %d wrong (red)", wrong, n)
	return drawTiles(title, tiles, digitCols, 0)
}

// digitImages checks images and converts its first n rows to grey images,
// ink dark on white.
func digitImages[T Pixel](images arrays.Array[T], n int) ([]*image.Gray, error) {
	if err := checkImages("images", images, n); err != nil {
		return nil, err
	}
	full := fullScale(images.Data[:n*side*side])
	out := make([]*image.Gray, n)
	for i := range n {
		g := image.NewGray(image.Rect(0, 0, side, side))
		for j, v := range images.Row(i) {
			level := min(max(float64(v)/full, 0), 1)
			g.Pix[j] = uint8(math.Round(255 * (1 - level)))
		}
		out[i] = g
	}
	return out, nil
}

// fullScale is the pixel value drawn as full ink: 255 for bytes, and for
// floats 1 when no value exceeds 1 (the data was divided by 255), else 255.
func fullScale[T Pixel](data []T) float64 {
	for _, v := range data {
		if float64(v) > 1 {
			return 255
		}
	}
	return 1
}

// checkImages checks that images (called name in errors) holds at least n
// finite 784-pixel rows, and that n is between 1 and maxTiles.
func checkImages[T Pixel](name string, images arrays.Array[T], n int) error {
	if err := checkNotEmpty("labels", n); err != nil {
		return err
	}
	if n > maxTiles {
		return fmt.Errorf("%w: %d digits asked for, at most %d fit in one picture", ErrRange, n, maxTiles)
	}
	if err := checkArray(name, images); err != nil {
		return err
	}
	if images.RowSize() != side*side {
		return fmt.Errorf("%w: %s has shape %v, want [n, 28, 28] or [n, 784]", ErrShape, name, images.Shape)
	}
	if images.Rows() < n {
		return fmt.Errorf("%w: %s has %d rows, fewer than the %d labels", ErrLength, name, images.Rows(), n)
	}
	return checkFinite(name+".Data", images.Data[:n*side*side])
}

// checkArray checks that a's shape has at least one axis and describes len(a.Data) elements.
func checkArray[T arrays.Number](name string, a arrays.Array[T]) error {
	size := 1
	for _, d := range a.Shape {
		if d < 0 {
			return fmt.Errorf("%w: %s has shape %v", ErrShape, name, a.Shape)
		}
		size *= d
	}
	if len(a.Shape) == 0 || size != len(a.Data) {
		return fmt.Errorf("%w: %s has shape %v but %d elements", ErrShape, name, a.Shape, len(a.Data))
	}
	return nil
}
