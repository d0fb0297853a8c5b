package plots_test

import (
	"bytes"
	"flag"
	"image"
	"image/draw"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gonb-courses/neuralnets/gomlxnet/plots"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

// Golden images work as in gonum/plot's cmpimg.CheckPlot:
// `go test ./gomlxnet/plots -regen` rewrites testdata/*_golden.png; a plain
// run draws testdata/<name>.png, compares its pixels with the golden file and
// removes it again when they match (it stays there to look at when they do
// not). cmpimg itself is not imported: it needs rsc.io/pdf, whose checksum
// go.sum does not have. Its flag has the same name, so the two cannot be
// linked into this test binary together.
var regen = flag.Bool("regen", false, "Uses the current state to regenerate the test data.")

// goldenW and goldenH are the size golden line plots are drawn at: 16 × 10 cm,
// about the width of a notebook cell at gonum/plot's default 96 dpi.
const (
	goldenW = 16 * vg.Centimeter
	goldenH = 10 * vg.Centimeter
)

// checkPlotGolden draws p as PNG and compares it with testdata/<name>_golden.png.
func checkPlotGolden(t *testing.T, p *plot.Plot, name string) {
	t.Helper()
	checkFigureGolden(t, p, name, goldenW, goldenH)
}

// checkFigureGolden draws f at w × h as PNG and compares it with testdata/<name>_golden.png.
func checkFigureGolden(t *testing.T, f plots.Figure, name string, w, h vg.Length) {
	t.Helper()
	raw, err := plots.Encode(f, w, h, "png")
	if err != nil {
		t.Fatal(err)
	}
	checkGolden(t, name, raw)
}

// checkImageGolden encodes img as PNG and compares it with testdata/<name>_golden.png.
func checkImageGolden(t *testing.T, img image.Image, name string) {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	checkGolden(t, name, buf.Bytes())
}

func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	golden := strings.TrimSuffix(path, ".png") + "_golden.png"
	if *regen {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("reading golden file (regenerate with -regen): %v", err)
	}
	if n := differentPixels(t, got, want); n != 0 {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Errorf("%s: %d pixels differ from %s; compare the two, then -regen if the change is wanted", path, n, golden)
	}
}

// differentPixels decodes two PNGs and counts the pixels that differ, or
// returns -1 when the sizes differ.
func differentPixels(t *testing.T, a, b []byte) int {
	t.Helper()
	ia, ib := decodeRGBA(t, a), decodeRGBA(t, b)
	if ia.Bounds() != ib.Bounds() {
		t.Logf("sizes differ: %v and %v", ia.Bounds(), ib.Bounds())
		return -1
	}
	n := 0
	for i := 0; i < len(ia.Pix); i += 4 {
		if !bytes.Equal(ia.Pix[i:i+4], ib.Pix[i:i+4]) {
			n++
		}
	}
	return n
}

func decodeRGBA(t *testing.T, raw []byte) *image.RGBA {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	rgba := image.NewRGBA(img.Bounds())
	draw.Draw(rgba, rgba.Bounds(), img, img.Bounds().Min, draw.Src)
	return rgba
}
