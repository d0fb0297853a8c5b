package plots_test

import (
	"errors"
	"fmt"
	"image"
	"log"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"

	"github.com/gonb-courses/neuralnets/arrays"
	"github.com/gonb-courses/neuralnets/gomlxnet/plots"
)

func samplePlot(t *testing.T) *plot.Plot {
	t.Helper()
	p, err := plots.Sigmoid(-6, 6, false)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func sampleImage(t *testing.T) *image.RGBA {
	t.Helper()
	img, err := plots.Digits(arrays.New[uint8](3, 784), []int{1, 2, 3})
	if err != nil {
		t.Fatal(err)
	}
	return img
}

func TestShowInNotebook(t *testing.T) {
	nb := plots.FakeNotebook(t, true)
	if err := plots.Show(samplePlot(t), "sigmoid", 8*vg.Centimeter, 5*vg.Centimeter); err != nil {
		t.Fatal(err)
	}
	if err := plots.Show(samplePlot(t), "sigmoid.png", 8*vg.Centimeter, 5*vg.Centimeter); err != nil {
		t.Fatal(err)
	}
	if err := plots.ShowImage(sampleImage(t), "digits"); err != nil {
		t.Fatal(err)
	}
	if len(nb.SVGs) != 1 || len(nb.PNGs) != 2 || nb.Stdout.Len() != 0 {
		t.Fatalf("displayed %d SVGs and %d PNGs and printed %q; want 1, 2 and nothing", len(nb.SVGs), len(nb.PNGs), nb.Stdout.String())
	}
	checkSVG(t, []byte(nb.SVGs[0]))
	checkPNG(t, nb.PNGs[0], image.Pt(302, 189)) // 8 cm × 5 cm at 96 dpi
	checkPNG(t, nb.PNGs[1], sampleImage(t).Bounds().Size())
}

func TestShowOutsideNotebook(t *testing.T) {
	nb := plots.FakeNotebook(t, false)
	dir := filepath.Join(t.TempDir(), "out")
	t.Setenv(plots.EnvDir, dir)
	if err := plots.Show(samplePlot(t), "sigmoid", 8*vg.Centimeter, 5*vg.Centimeter); err != nil {
		t.Fatal(err)
	}
	if err := plots.ShowImage(sampleImage(t), "digits"); err != nil {
		t.Fatal(err)
	}
	svgPath, pngPath := filepath.Join(dir, "sigmoid.svg"), filepath.Join(dir, "digits.png")
	if want := "plots: saved " + svgPath + "\nplots: saved " + pngPath + "\n"; nb.Stdout.String() != want {
		t.Errorf("printed %q, want %q", nb.Stdout.String(), want)
	}
	if len(nb.SVGs)+len(nb.PNGs) != 0 {
		t.Error("displayed inline outside a notebook")
	}
	raw, err := os.ReadFile(svgPath)
	if err != nil {
		t.Fatal(err)
	}
	checkSVG(t, raw)
	if raw, err = os.ReadFile(pngPath); err != nil {
		t.Fatal(err)
	}
	checkPNG(t, raw, sampleImage(t).Bounds().Size())
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 2 {
		t.Errorf("%s holds %d files, want 2 (no temporary files left)", dir, len(entries))
	}
}

func TestDir(t *testing.T) {
	t.Setenv(plots.EnvDir, "")
	if got := plots.Dir(); got != plots.DefaultDir {
		t.Errorf("Dir() = %q without $%s, want %q", got, plots.EnvDir, plots.DefaultDir)
	}
	t.Setenv(plots.EnvDir, "/tmp/x")
	if got := plots.Dir(); got != "/tmp/x" {
		t.Errorf("Dir() = %q, want /tmp/x", got)
	}
}

func TestSaveFormats(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct{ name, file, magic string }{
		{"loss", "loss.svg", "<?xml"},
		{"loss.png", "loss.png", "\x89PNG"},
		{"loss.pdf", "loss.pdf", "%PDF"},
	} {
		path, err := plots.Save(samplePlot(t), dir, tc.name, 8*vg.Centimeter, 5*vg.Centimeter)
		if err != nil {
			t.Fatal(err)
		}
		if path != filepath.Join(dir, tc.file) {
			t.Errorf("Save(%q) wrote %s, want %s", tc.name, path, tc.file)
		}
		raw, err := os.ReadFile(path)
		if err != nil || !strings.HasPrefix(string(raw), tc.magic) {
			t.Errorf("%s starts %.8q (%v), want %q", path, raw, err, tc.magic)
		}
	}
}

func TestSaveErrors(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"", ".", "..", "../x", "a/b", `a\b`, ".hidden", "x.bmp"} {
		if _, err := plots.Save(samplePlot(t), dir, name, vg.Inch, vg.Inch); !errors.Is(err, plots.ErrName) {
			t.Errorf("Save(%q): %v, want ErrName", name, err)
		}
	}
	if _, err := plots.SaveImage(sampleImage(t), dir, "digits.svg"); !errors.Is(err, plots.ErrName) {
		t.Errorf("SaveImage as .svg: %v, want ErrName", err)
	}
	if _, err := plots.SaveImage(image.NewRGBA(image.Rect(0, 0, 0, 0)), dir, "x"); !errors.Is(err, plots.ErrEmpty) {
		t.Errorf("SaveImage of an empty image: %v, want ErrEmpty", err)
	}
	if _, err := plots.SaveImage(nil, dir, "x"); !errors.Is(err, plots.ErrEmpty) {
		t.Errorf("SaveImage(nil): %v, want ErrEmpty", err)
	}
	blocked := filepath.Join(dir, "file")
	if err := os.WriteFile(blocked, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := plots.SaveImage(sampleImage(t), blocked, "x"); err == nil {
		t.Error("SaveImage into a file as directory: no error")
	}
}

func ExampleSave() {
	dir, err := os.MkdirTemp("", "plots-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	p, err := plots.Sigmoid(-6, 6, true)
	if err != nil {
		log.Fatal(err)
	}
	path, err := plots.Save(p, dir, "sigmoid.png", 16*vg.Centimeter, 10*vg.Centimeter)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(filepath.Base(path))
	// Output:
	// sigmoid.png
}

func ExampleShow() {
	p, err := plots.Sigmoid(-6, 6, true)
	if err != nil {
		log.Fatal(err)
	}
	// Inside GoNB the plot appears in the cell's output. Elsewhere it is
	// written to $GOMLXNET_PLOTS (else ./plots) and its path printed:
	// "plots: saved plots/sigmoid.svg".
	if err := plots.Show(p, "sigmoid", 16*vg.Centimeter, 10*vg.Centimeter); err != nil {
		log.Fatal(err)
	}
}

func ExampleShowImage() {
	x := arrays.New[uint8](10, 28, 28) // e.g. the first ten training digits
	labels := []uint8{5, 0, 4, 1, 9, 2, 1, 3, 1, 4}
	img, err := plots.Digits(x, labels)
	if err != nil {
		log.Fatal(err)
	}
	// Inline PNG in GoNB, else "plots: saved plots/digits.png".
	if err := plots.ShowImage(img, "digits"); err != nil {
		log.Fatal(err)
	}
}

func ExampleSaveImage() {
	img, err := plots.Digits(arrays.New[uint8](1, 28, 28), []uint8{0})
	if err != nil {
		log.Fatal(err)
	}
	dir, err := os.MkdirTemp("", "plots-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	path, err := plots.SaveImage(img, dir, "digit")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(filepath.Base(path))
	// Output:
	// digit.png
}
