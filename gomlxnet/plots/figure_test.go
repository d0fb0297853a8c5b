package plots_test

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"image"
	"image/png"
	"io"
	"log"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"

	"github.com/gonb-courses/neuralnets/gomlxnet/plots"
	"github.com/gonb-courses/neuralnets/metrics"
)

// checkSVG parses raw as XML and checks that its root is an <svg> element.
func checkSVG(t *testing.T, raw []byte) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(raw))
	root := ""
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("SVG does not parse: %v", err)
		}
		if se, ok := tok.(xml.StartElement); ok && root == "" {
			root = se.Name.Local
		}
	}
	if root != "svg" {
		t.Errorf("root element is <%s>, want <svg>", root)
	}
}

// checkPNG decodes raw and checks its size.
func checkPNG(t *testing.T, raw []byte, want image.Point) {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("PNG does not decode: %v", err)
	}
	if got := img.Bounds().Size(); got != want {
		t.Errorf("PNG is %v, want %v", got, want)
	}
}

func TestEncodeDecodes(t *testing.T) {
	p := samplePlot(t)
	g, err := plots.NewGrid(2, p, samplePlot(t), samplePlot(t))
	if err != nil {
		t.Fatal(err)
	}
	for name, f := range map[string]plots.Figure{"plot": p, "grid": g} {
		t.Run(name, func(t *testing.T) {
			svg, err := plots.Encode(f, 10*vg.Centimeter, 5*vg.Centimeter, "svg")
			if err != nil {
				t.Fatal(err)
			}
			checkSVG(t, svg)
			raw, err := plots.Encode(f, 10*vg.Centimeter, 5*vg.Centimeter, "png")
			if err != nil {
				t.Fatal(err)
			}
			checkPNG(t, raw, image.Pt(378, 189)) // 10 cm and 5 cm at gonum/plot's 96 dpi
		})
	}
}

func TestEncodeErrors(t *testing.T) {
	var nilPlot *plot.Plot
	for _, tc := range []struct {
		name   string
		f      plots.Figure
		w      vg.Length
		format string
		want   error
	}{
		{"nil", nil, vg.Inch, "png", plots.ErrEmpty},
		{"nil plot", nilPlot, vg.Inch, "png", plots.ErrEmpty},
		{"empty grid", plots.Grid{{nil}}, vg.Inch, "png", plots.ErrEmpty},
		{"zero size", samplePlot(t), 0, "png", plots.ErrRange},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := plots.Encode(tc.f, tc.w, vg.Inch, tc.format); !errors.Is(err, tc.want) {
				t.Errorf("err = %v, want %v", err, tc.want)
			}
		})
	}
	if _, err := plots.Encode(samplePlot(t), vg.Inch, vg.Inch, "bmp"); err == nil {
		t.Error("format bmp: no error")
	}
}

func TestNewGrid(t *testing.T) {
	a, b, c := samplePlot(t), samplePlot(t), samplePlot(t)
	for _, tc := range []struct {
		cols int
		want plots.Grid
	}{
		{1, plots.Grid{{a}, {b}, {c}}},
		{2, plots.Grid{{a, b}, {c}}},
		{5, plots.Grid{{a, b, c}}},
	} {
		g, err := plots.NewGrid(tc.cols, a, b, c)
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(g) != fmt.Sprint(tc.want) {
			t.Errorf("NewGrid(%d, a, b, c) = %v, want %v", tc.cols, g, tc.want)
		}
	}
	if _, err := plots.NewGrid(0, a); !errors.Is(err, plots.ErrRange) {
		t.Errorf("0 columns: %v, want ErrRange", err)
	}
	if _, err := plots.NewGrid(2); !errors.Is(err, plots.ErrEmpty) {
		t.Errorf("no plots: %v, want ErrEmpty", err)
	}
}

// TestGridRagged checks that a grid with rows of different lengths draws
// (the short row padded) instead of panicking in plot.Align.
func TestGridRagged(t *testing.T) {
	g := plots.Grid{{samplePlot(t), samplePlot(t)}, {samplePlot(t)}}
	raw, err := plots.Encode(g, 10*vg.Centimeter, 10*vg.Centimeter, "png")
	if err != nil {
		t.Fatal(err)
	}
	checkPNG(t, raw, image.Pt(378, 378))
}

func ExampleEncode() {
	p, err := plots.Sigmoid(-6, 6, false)
	if err != nil {
		log.Fatal(err)
	}
	raw, err := plots.Encode(p, 4*vg.Inch, 3*vg.Inch, "png")
	if err != nil {
		log.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(raw))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(img.Bounds().Size()) // at gonum/plot's 96 dpi
	// Output:
	// (384,288)
}

func ExampleNewGrid() {
	loss, _ := plots.HistoryPlot(metrics.History{Loss: []float64{0.14, 0.09}}, plots.Loss)
	sig, _ := plots.Sigmoid(-6, 6, false)
	g, err := plots.NewGrid(1, loss, sig) // one column: two rows
	if err != nil {
		log.Fatal(err)
	}
	// In a notebook: plots.Show(g, "two", 16*vg.Centimeter, 20*vg.Centimeter)
	fmt.Println(len(g), "rows of", len(g[0]))
	// Output:
	// 2 rows of 1
}
