package plots

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"html"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/janpfeifer/gonb/gonbui"
	"gonum.org/v1/plot/vg"
)

// Slider is one parameter of a Sliders widget: Name is its key in the
// values the figure is drawn from, Label what the student reads next to it;
// it moves from Min to Max by Step and starts at Value.
type Slider struct {
	Name, Label           string
	Min, Max, Step, Value float64
}

// SlidersOptions configures Sliders.
type SlidersOptions struct {
	// Name is the file name Show uses for the picture (see Show).
	Name string
	// Width and Height are the picture's size.
	Width, Height vg.Length
	// Idle ends the widget after this long without a move; 0 means DefaultIdle.
	Idle time.Duration
}

//go:embed live_sliders.js
var slidersJS string

// Sliders shows sliders and the figure draw returns for their values,
// redrawn when one moves, in a GoNB notebook whose front end runs widgets
// (JupyterLab, the classic Notebook). The cell keeps running until the
// widget's Done button, opts.Idle without a move, or an interrupt; the last
// picture then stays as an ordinary output. Where no front end answers
// (nbconvert, the handouts) and outside a notebook, it shows the picture
// of the sliders' starting values with Show. The sliders' values must be
// finite with Min < Max, Step > 0 and Min ≤ Value ≤ Max.
func Sliders(opts SlidersOptions, draw func(values map[string]float64) (Figure, error), sliders ...Slider) error {
	if err := checkSliders(sliders); err != nil {
		return err
	}
	values := make(map[string]float64, len(sliders))
	for _, s := range sliders {
		values[s.Name] = s.Value
	}
	if !inNotebook() {
		return showDrawn(draw, values, opts)
	}
	s := newSession("sliders")
	if !s.start(slidersHTML(s, sliders)) {
		return showDrawn(draw, values, opts)
	}
	interrupt, stop := notifyInterrupt()
	defer stop()
	for {
		s.update(draw, values, opts)
		ev := s.next(orDefault(opts.Idle, DefaultIdle), interrupt)
		if ev.Kind == "done" {
			s.close()
			return showDrawn(draw, values, opts)
		}
		for name, v := range ev.Values {
			if _, ok := values[name]; ok && !math.IsNaN(v) && !math.IsInf(v, 0) {
				values[name] = v
			}
		}
	}
}

// orDefault returns d, or def when d is 0 or less.
func orDefault(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}

// update redraws the picture in place; an error is shown instead of it.
func (s *session) update(draw func(map[string]float64) (Figure, error), values map[string]float64, opts SlidersOptions) {
	svg, err := drawn(draw, values, opts, "svg")
	if err != nil {
		s.show(`<pre class="gomlxnet-error">` + html.EscapeString(err.Error()) + `</pre>`)
		return
	}
	s.show(svgImg(svg, describe(values)))
}

// displayUpdate replaces the in-place output id: a hook for tests.
var displayUpdate = gonbui.UpdateHTML

// drawn draws the figure for values in format.
func drawn(draw func(map[string]float64) (Figure, error), values map[string]float64, opts SlidersOptions, format string) ([]byte, error) {
	f, err := draw(values)
	if err != nil {
		return nil, err
	}
	return Encode(f, opts.Width, opts.Height, format)
}

// showDrawn shows the figure for values with Show.
func showDrawn(draw func(map[string]float64) (Figure, error), values map[string]float64, opts SlidersOptions) error {
	f, err := draw(values)
	if err != nil {
		return err
	}
	return Show(f, opts.Name, opts.Width, opts.Height)
}

// describe writes values as "b=0 w=1", sorted by name, for the picture's alt text.
func describe(values map[string]float64) string {
	parts := make([]string, 0, len(values))
	for name, v := range values {
		parts = append(parts, name+"="+formatValue(v))
	}
	slices.Sort(parts)
	return strings.Join(parts, " ")
}

// checkSliders checks the sliders' ranges and names.
func checkSliders(sliders []Slider) error {
	if err := checkNotEmpty("sliders", len(sliders)); err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, s := range sliders {
		if err := checkFinite("slider "+s.Name, []float64{s.Min, s.Max, s.Step, s.Value}); err != nil {
			return err
		}
		if s.Name == "" || seen[s.Name] {
			return fmt.Errorf("%w: slider name %q is empty or used twice", ErrRange, s.Name)
		}
		seen[s.Name] = true
		if !(s.Min < s.Max && s.Step > 0 && s.Min <= s.Value && s.Value <= s.Max) {
			return fmt.Errorf("%w: slider %q: min %v, max %v, step %v, value %v; want min < max, step > 0, min ≤ value ≤ max",
				ErrRange, s.Name, s.Min, s.Max, s.Step, s.Value)
		}
	}
	return nil
}

// slidersHTML is the widget's controls: one labelled range input per slider
// showing its value, a Done button, and the script that sends the values.
func slidersHTML(s *session, sliders []Slider) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<div id="%s" class="gomlxnet-widget gomlxnet-sliders" style="font-family:sans-serif;margin:4px 0">`, s.controlsID)
	for _, sl := range sliders {
		label := cmpString(sl.Label, sl.Name)
		fmt.Fprintf(&b, `<div style="margin:2px 0"><label style="display:inline-block;min-width:9em;margin:0;font-weight:normal">%s</label>`+
			`<input type="range" data-name="%s" min="%s" max="%s" step="%s" value="%s" style="display:inline-block;width:22em;vertical-align:middle;margin:0"/>`+
			` <output style="display:inline-block;min-width:4em">%s</output></div>`,
			html.EscapeString(label), htmlAttr(sl.Name), formatValue(sl.Min), formatValue(sl.Max),
			formatValue(sl.Step), formatValue(sl.Value), formatValue(sl.Value))
	}
	b.WriteString(`<button class="gomlxnet-done" style="margin-top:4px">Done</button> <span class="gomlxnet-status" style="color:#666"></span></div>`)
	b.WriteString("<script>" + scriptFor(slidersJS, s) + "</script>")
	return b.String()
}

// scriptFor fills a widget's script template with the session's identifiers.
func scriptFor(js string, s *session) string {
	q := func(v string) string { raw, _ := json.Marshal(v); return string(raw) }
	return strings.NewReplacer("ROOT_ID", q(s.controlsID), "ADDRESS", q(s.address)).Replace(js)
}

// cmpString returns s, or def when s is empty.
func cmpString(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
