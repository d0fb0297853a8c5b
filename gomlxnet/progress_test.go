package gomlxnet

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestFormatPerStep(t *testing.T) {
	tests := []struct {
		secs float64
		want string
	}{
		{421e-6, "421us/step"},
		{0.0024, "2ms/step"},
		{1.6, "2s/step"},
		{0, "0us/step"},
	}
	for _, tt := range tests {
		if got := formatPerStep(tt.secs); got != tt.want {
			t.Errorf("formatPerStep(%g) = %q, want %q", tt.secs, got, tt.want)
		}
	}
}

func TestEpochLine(t *testing.T) {
	h := &History{Epochs: []int{1, 2}, Loss: []float64{0.13681, 0.0923}, Accuracy: []float64{0.19333, 0.3126},
		SecondsPerEpoch: []float64{1.1, 0.94}}
	tests := []struct {
		name string
		h    *History
		want string
	}{
		{"lecture", h, "Epoch 2/200  469/469 - 0.9s 2ms/step - accuracy: 0.3126 - loss: 0.0923"},
		{"no accuracy", &History{Epochs: []int{12}, Loss: []float64{0.5}, SecondsPerEpoch: []float64{12.4}},
			"Epoch 12/200  469/469 - 12s 26ms/step - loss: 0.5000"},
		{"validation", &History{Epochs: []int{1}, Loss: []float64{0.5}, Accuracy: []float64{0.25},
			ValLoss: []float64{0.6}, ValAccuracy: []float64{0.2}, SecondsPerEpoch: []float64{0.2}},
			"Epoch 1/200  469/469 - 0.2s 426us/step - accuracy: 0.2500 - loss: 0.5000 - val_accuracy: 0.2000 - val_loss: 0.6000"},
	}
	for _, tt := range tests {
		if got := epochLine(200, 469, tt.h); got != tt.want {
			t.Errorf("%s:\n got %q\nwant %q", tt.name, got, tt.want)
		}
	}
}

// TestLineProgressTerminal checks the in-place redraw a terminal gets: the
// running line starts with a carriage return, the final one ends the line.
func TestLineProgressTerminal(t *testing.T) {
	var out bytes.Buffer
	p := &lineProgress{w: &out, tty: true, steps: 469, accuracy: true}
	p.startEpoch(1, 200)
	p.drawn = time.Now().Add(-time.Second) // pretend the last redraw is old
	p.step(100, 0.2, 0.15)
	p.step(101, 0.2, 0.15) // too soon: not drawn
	p.endEpoch(&History{Epochs: []int{1}, Loss: []float64{0.1368}, Accuracy: []float64{0.1933}, SecondsPerEpoch: []float64{1}})
	got := out.String()
	if strings.Count(got, "\r") != 2 || !strings.Contains(got, "\rEpoch 1/200  100/469 - ") ||
		!strings.HasSuffix(got, "accuracy: 0.1933 - loss: 0.1368\x1b[K\n") {
		t.Errorf("terminal output %q", got)
	}
	out.Reset()
	p.tty = false
	p.step(200, 0.2, 0.15)
	if out.Len() != 0 {
		t.Errorf("non-terminal wrote %q during an epoch, want nothing", out.String())
	}
}

func TestNotebookKeeps(t *testing.T) {
	var kept []int
	for e := 1; e <= 200; e++ {
		if notebookKeeps(e, 200) {
			kept = append(kept, e)
		}
	}
	if len(kept) != 21 || kept[0] != 1 || kept[1] != 10 || kept[20] != 200 {
		t.Errorf("kept %v, want 1, 10, 20, ..., 200", kept)
	}
	if !notebookKeeps(7, 15) {
		t.Error("short fits should keep every epoch")
	}
}
