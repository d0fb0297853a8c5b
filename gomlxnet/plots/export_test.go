package plots

import (
	"bytes"
	"image"
	"testing"
)

// Notebook records what Show and ShowImage send to a fake GoNB.
type Notebook struct {
	SVGs   []string
	PNGs   [][]byte
	Stdout bytes.Buffer
}

// FakeNotebook makes Show and ShowImage believe they run inside GoNB (or,
// with inside false, outside it), capturing what they display and print,
// until the end of t.
func FakeNotebook(t testing.TB, inside bool) *Notebook {
	nb := &Notebook{}
	oldIn, oldSVG, oldPNG, oldOut := inNotebook, displaySVG, displayPNG, stdout
	inNotebook = func() bool { return inside }
	displaySVG = func(s string) { nb.SVGs = append(nb.SVGs, s) }
	displayPNG = func(b []byte) { nb.PNGs = append(nb.PNGs, b) }
	stdout = &nb.Stdout
	t.Cleanup(func() { inNotebook, displaySVG, displayPNG, stdout = oldIn, oldSVG, oldPNG, oldOut })
	return nb
}

// ImageText is a text written on a pixel grid and its box, in pixels.
type ImageText struct {
	Text string
	Box  image.Rectangle
}

// RecordImageText records the text that Digits, DigitsWithPredictions,
// MostConfidentMistakes and HiddenWeights write, until the end of t.
func RecordImageText(t testing.TB) *[]ImageText {
	var got []ImageText
	textDrawn = func(s string, box image.Rectangle) { got = append(got, ImageText{s, box}) }
	t.Cleanup(func() { textDrawn = nil })
	return &got
}
