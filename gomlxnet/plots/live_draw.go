package plots

import (
	_ "embed"
	"encoding/base64"
	"errors"
	"fmt"
	"html"
	"image"
	"image/color"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/gonb-courses/neuralnets/datasets/mnistdraw"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// DrawOptions configures DrawDigit.
type DrawOptions struct {
	// Name is the file name Show uses for the final picture (see Show);
	// empty means "drawn_digit.svg".
	Name string
	// Predict returns the network's ten outputs for a digit prepared by
	// mnistdraw.Preprocess: 784 grey levels 0..255, row by row, as in
	// MNIST's files. Scale them as the network's training data were.
	Predict func(digit [mnistdraw.Size * mnistdraw.Size]uint8) ([]float32, error)
	// Idle ends the widget after this long without drawing; 0 means DefaultIdle.
	Idle time.Duration
}

// The canvas: drawCanvas × drawCanvas drawing pixels, 4 per MNIST pixel, shown
// at drawScreen × drawScreen screen pixels with a 28 × 28 grid.
const (
	drawCanvas = 4 * mnistdraw.Size
	drawScreen = 280
)

//go:embed live_draw.js
var drawJS string

// DrawDigit shows a canvas the student draws a digit on, with mouse, pen or
// finger, a Clear and a Done button, and, updated while drawing, the digit as
// mnistdraw.Preprocess prepares it for the network and the network's ten
// outputs (opts.Predict) as bars, the largest marked. The cell keeps running
// until Done, opts.Idle without drawing, or an interrupt; the last drawing
// and its outputs then stay as an ordinary picture. Where no front end
// answers (nbconvert, the handouts) and outside a notebook, it shows that
// picture for the default state: a blank canvas and the outputs for it.
func DrawDigit(opts DrawOptions) error {
	if opts.Predict == nil {
		return fmt.Errorf("%w: DrawOptions.Predict is nil, want the network's outputs for a digit", ErrEmpty)
	}
	if opts.Name == "" {
		opts.Name = "drawn_digit.svg"
	}
	var digit [mnistdraw.Size * mnistdraw.Size]uint8
	if !inNotebook() {
		return showDigit(opts, digit)
	}
	s := newSession("draw")
	if !s.start(drawHTML(s)) {
		return showDigit(opts, digit)
	}
	interrupt, stop := notifyInterrupt()
	defer stop()
	s.showPrediction(opts, digit, false)
	for {
		ev := s.next(orDefault(opts.Idle, DefaultIdle), interrupt)
		switch ev.Kind {
		case "done":
			s.close()
			return showDigit(opts, digit)
		case "clear":
			digit = [mnistdraw.Size * mnistdraw.Size]uint8{}
			s.showPrediction(opts, digit, false)
		case "draw":
			d, err := decodeDrawing(ev)
			if err != nil {
				s.show(errorHTML(err))
				continue
			}
			digit = d
			s.showPrediction(opts, digit, true)
		}
	}
}

// decodeDrawing prepares the drawing of a "draw" event; a drawing without
// ink gives a blank digit.
func decodeDrawing(ev liveEvent) ([mnistdraw.Size * mnistdraw.Size]uint8, error) {
	pix, err := base64.StdEncoding.DecodeString(ev.Pixels)
	if err != nil {
		return [mnistdraw.Size * mnistdraw.Size]uint8{}, fmt.Errorf("plots: the drawing's pixels: %w", err)
	}
	d, err := mnistdraw.Preprocess(pix, ev.Width, ev.Height)
	if errors.Is(err, mnistdraw.ErrEmpty) {
		return d, nil
	}
	return d, err
}

// showPrediction shows the prepared digit and the network's outputs in place.
func (s *session) showPrediction(opts DrawOptions, digit [mnistdraw.Size * mnistdraw.Size]uint8, drawn bool) {
	out, err := opts.Predict(digit)
	if err == nil && len(out) != 10 {
		err = fmt.Errorf("%w: Predict returned %d outputs, want 10", ErrLength, len(out))
	}
	if err != nil {
		s.show(errorHTML(err))
		return
	}
	s.show(predictionHTML(digit, out, drawn))
}

// errorHTML shows err in a widget.
func errorHTML(err error) string {
	return `<pre class="gomlxnet-error" style="color:#b00">` + html.EscapeString(err.Error()) + `</pre>`
}

// predictionHTML is the prepared digit, 4× enlarged, and ten bars with the
// outputs, the largest in colour, with "prediction: d" when drawn.
func predictionHTML(digit [mnistdraw.Size * mnistdraw.Size]uint8, out []float32, drawn bool) string {
	best := argmax(out)
	var b strings.Builder
	b.WriteString(`<div class="gomlxnet-prediction-view" style="display:flex;gap:24px;align-items:flex-end;font-family:sans-serif">`)
	raw, err := encodePNG(digitImage(digit))
	if err == nil {
		fmt.Fprintf(&b, `<figure style="margin:0"><img class="gomlxnet-prepared" alt="the digit as the network sees it" `+
			`style="width:112px;height:112px;image-rendering:pixelated;border:1px solid #999" src="data:image/png;base64,%s"/>`+
			`<figcaption style="font-size:12px">what the network sees (28×28)</figcaption></figure>`, base64.StdEncoding.EncodeToString(raw))
	}
	b.WriteString(`<div><div style="display:flex;gap:6px;align-items:flex-end;height:120px">`)
	for k, v := range out {
		h := int(math.Round(100 * math.Max(0, math.Min(1, float64(v)))))
		colour := "#bbb"
		if k == best && drawn {
			colour = "#0072b2"
		}
		fmt.Fprintf(&b, `<div style="width:22px;text-align:center;font-size:11px">%.2f<div class="gomlxnet-bar" data-digit="%d" data-output="%g" `+
			`style="height:%dpx;background:%s"></div>%d</div>`, v, k, v, h, colour, k)
	}
	b.WriteString(`</div>`)
	if drawn {
		fmt.Fprintf(&b, `<div class="gomlxnet-prediction" style="font-size:16px;margin-top:6px">prediction: %d</div>`, best)
	} else {
		b.WriteString(`<div class="gomlxnet-prediction" style="font-size:16px;margin-top:6px">draw a digit</div>`)
	}
	b.WriteString(`</div></div>`)
	return b.String()
}

// digitImage is a prepared digit as dark ink on white.
func digitImage(digit [mnistdraw.Size * mnistdraw.Size]uint8) *image.Gray {
	img := image.NewGray(image.Rect(0, 0, mnistdraw.Size, mnistdraw.Size))
	for i, v := range digit {
		img.Pix[i] = 255 - v
	}
	return img
}

// showDigit shows the digit and the network's outputs for it as one picture.
func showDigit(opts DrawOptions, digit [mnistdraw.Size * mnistdraw.Size]uint8) error {
	out, err := opts.Predict(digit)
	if err != nil {
		return err
	}
	g, err := DigitOutputs(digit, out)
	if err != nil {
		return err
	}
	return Show(g, opts.Name, 18*vg.Centimeter, 9*vg.Centimeter)
}

// DigitOutputs draws a prepared digit, framed, next to a network's ten
// outputs for it as bars, the largest in colour and named in the title; draw
// it twice as wide as high. A blank digit
// (no ink) is titled "blank canvas". out must hold ten finite values.
func DigitOutputs(digit [mnistdraw.Size * mnistdraw.Size]uint8, out []float32) (Grid, error) {
	if err := checkSameLen("outputs", len(out), "digits", 10); err != nil {
		return nil, err
	}
	if err := checkFinite("outputs", out); err != nil {
		return nil, err
	}
	blank := digit == [mnistdraw.Size * mnistdraw.Size]uint8{}
	title := "The drawing, prepared"
	if blank {
		title = "Blank canvas"
	}
	left := newPlot(title, "", "")
	left.HideAxes()
	left.Add(plotter.NewImage(digitImage(digit), 0, 0, mnistdraw.Size, mnistdraw.Size))
	frame, err := plotter.NewLine(plotter.XYs{{X: 0, Y: 0}, {X: 28, Y: 0}, {X: 28, Y: 28}, {X: 0, Y: 28}, {X: 0, Y: 0}})
	if err != nil {
		return nil, fmt.Errorf("plots: %w", err)
	}
	frame.LineStyle.Color, frame.LineStyle.Width = grey, vg.Points(0.5)
	left.Add(frame)
	values := make(plotter.Values, len(out))
	for i, v := range out {
		values[i] = float64(v)
	}
	best := argmax(out)
	right := newPlot("The network's outputs: "+strconv.Itoa(best), "digit", "output")
	right.Y.Min, right.Y.Max = 0, 1
	addGrid(right)
	for k := range values {
		one := make(plotter.Values, len(values))
		one[k] = values[k]
		bars, err := plotter.NewBarChart(one, vg.Points(14))
		if err != nil {
			return nil, fmt.Errorf("plots: %w", err)
		}
		bars.Color, bars.LineStyle.Width = color.Gray{Y: 0xbb}, 0
		if k == best {
			bars.Color = seriesColor(0)
		}
		right.Add(bars)
	}
	right.NominalX("0", "1", "2", "3", "4", "5", "6", "7", "8", "9")
	return Grid{{left, right}}, nil
}

// drawHTML is the widget's controls: the canvas, Clear and Done, and the
// script that sends the drawing.
func drawHTML(s *session) string {
	grid := drawScreen / mnistdraw.Size
	return fmt.Sprintf(`<div id="%s" class="gomlxnet-widget gomlxnet-draw" style="font-family:sans-serif;margin:4px 0">`+
		`<canvas width="%d" height="%d" style="width:%dpx;height:%dpx;touch-action:none;cursor:crosshair;border:1px solid #888;`+
		`background-color:#fff;background-image:linear-gradient(#eee 1px,transparent 1px),linear-gradient(90deg,#eee 1px,transparent 1px);`+
		`background-size:%dpx %dpx"></canvas><div style="margin-top:4px"><button class="gomlxnet-clear">Clear</button> `+
		`<button class="gomlxnet-done">Done</button> <span class="gomlxnet-status" style="color:#666">draw a digit with the mouse, a pen or a finger</span></div></div>`+
		`<script>%s</script>`,
		s.controlsID, drawCanvas, drawCanvas, drawScreen, drawScreen, grid, grid, scriptFor(drawJS, s))
}
