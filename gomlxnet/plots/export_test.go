package plots

import (
	"bytes"
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
