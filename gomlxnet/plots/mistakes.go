package plots

import (
	"cmp"
	"fmt"
	"image"
	"slices"
	"strconv"

	"github.com/gonb-courses/neuralnets/arrays"
)

// Mistake is one misclassified example, as ConfidentMistakes finds it.
type Mistake struct {
	// Index is the example's row in the images, labels and probabilities.
	Index int
	// Label is the true class; Predicted the class with the highest output.
	Label, Predicted int
	// Confidence is the network's output for Predicted: a probability after
	// softmax, a value in (0, 1) for the lecture's sigmoid output layer.
	Confidence float32
}

// ConfidentMistakes returns the k examples the network got wrong with the
// highest confidence, most confident first (ties by index). probs holds one
// row of class outputs per label (shape [n, classes]); the predicted class is
// the first one with the highest output, as keras' argmax picks it. Fewer than
// k are returned when fewer are wrong. labels must lie in [0, classes).
func ConfidentMistakes[L Label](labels []L, probs arrays.Array[float32], k int) ([]Mistake, error) {
	if err := checkProbs(labels, probs); err != nil {
		return nil, err
	}
	if k < 1 {
		return nil, fmt.Errorf("%w: k is %d, want 1 or more", ErrRange, k)
	}
	var wrong []Mistake
	for i, l := range labels {
		row := probs.Row(i)
		pred := argmax(row)
		if pred != int(l) {
			wrong = append(wrong, Mistake{Index: i, Label: int(l), Predicted: pred, Confidence: row[pred]})
		}
	}
	slices.SortStableFunc(wrong, func(a, b Mistake) int { return cmp.Compare(b.Confidence, a.Confidence) })
	return wrong[:min(k, len(wrong))], nil
}

// MostConfidentMistakes draws the digits of ConfidentMistakes(labels, probs,
// k), ten to a row, each captioned with its true class, the predicted class
// and the confidence. images must have at least len(labels) rows, as for
// Digits. When the network made no mistake there is nothing to draw and the
// error wraps ErrEmpty.
func MostConfidentMistakes[T Pixel, L Label](images arrays.Array[T], labels []L, probs arrays.Array[float32], k int) (*image.RGBA, error) {
	ms, err := ConfidentMistakes(labels, probs, k)
	if err != nil {
		return nil, err
	}
	if len(ms) == 0 {
		return nil, fmt.Errorf("%w: no misclassified examples among %d", ErrEmpty, len(labels))
	}
	if images.Rows() < len(labels) {
		return nil, fmt.Errorf("%w: images has %d rows, labels %d", ErrLength, images.Rows(), len(labels))
	}
	// Only the k mistakes are drawn: convert just their rows, so a whole test set fits.
	chosen := arrays.Array[T]{Shape: append([]int{len(ms)}, images.Shape[1:]...)}
	for _, m := range ms {
		chosen.Data = append(chosen.Data, images.Row(m.Index)...)
	}
	pix, err := digitImages(chosen, len(ms))
	if err != nil {
		return nil, err
	}
	tiles := make([]tile, len(ms))
	for i, m := range ms {
		tiles[i] = tile{pix: pix[i], caption: []string{
			"true " + strconv.Itoa(m.Label),
			"pred " + strconv.Itoa(m.Predicted),
			"output " + strconv.FormatFloat(float64(m.Confidence), 'f', 2, 32),
		}}
	}
	title := fmt.Sprintf("The %d most confident mistakes", len(ms))
	return drawTiles(title, tiles, digitCols, 0)
}

// checkProbs checks that probs is a finite [len(labels), classes] array and
// that every label is a class.
func checkProbs[L Label](labels []L, probs arrays.Array[float32]) error {
	if err := checkNotEmpty("labels", len(labels)); err != nil {
		return err
	}
	if err := checkArray("probs", probs); err != nil {
		return err
	}
	if len(probs.Shape) != 2 || probs.Shape[1] == 0 {
		return fmt.Errorf("%w: probs has shape %v, want [n, classes]", ErrShape, probs.Shape)
	}
	if err := checkSameLen("probs rows", probs.Rows(), "labels", len(labels)); err != nil {
		return err
	}
	if err := checkFinite("probs.Data", probs.Data); err != nil {
		return err
	}
	return checkLabels("labels", labels, probs.Shape[1])
}

// checkLabels checks that every label lies in [0, classes).
func checkLabels[L Label](name string, labels []L, classes int) error {
	for i, l := range labels {
		if int(l) < 0 || int(l) >= classes {
			return fmt.Errorf("%w: %s[%d] is %d, want 0 to %d", ErrRange, name, i, int(l), classes-1)
		}
	}
	return nil
}

// argmax returns the index of the first largest element of xs.
func argmax(xs []float32) int {
	best := 0
	for i, x := range xs {
		if x > xs[best] {
			best = i
		}
	}
	return best
}
