package plots

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/gonb-courses/neuralnets/fileio"
	"github.com/janpfeifer/gonb/gonbui"
	"gonum.org/v1/plot/vg"
)

// EnvDir is the environment variable naming the directory Show and
// ShowImage write to outside a notebook.
const EnvDir = "GOMLXNET_PLOTS"

// DefaultDir is where Show and ShowImage write when EnvDir is not set,
// relative to the working directory.
const DefaultDir = "plots"

// Hooks for tests: whether we run inside GoNB (gonbui sets IsNotebook when
// the kernel's GONB_PIPE variable is set), how figures reach it, and where
// the saved paths are printed. Each display waits (gonbui.Sync) until GoNB
// has the figure: a cell's program often ends right after showing one, and
// content still in the pipe then is lost (seen here as a notebook cell that
// intermittently showed no picture).
var (
	inNotebook           = func() bool { return gonbui.IsNotebook }
	displaySVG           = func(svg string) { gonbui.DisplaySvg(svg); gonbui.Sync() }
	displayPNG           = func(png []byte) { gonbui.DisplayPng(png); gonbui.Sync() }
	stdout     io.Writer = os.Stdout
)

// figureFormats are the extensions Save accepts: gonum/plot's formats.
var figureFormats = map[string]string{
	".svg": "svg", ".png": "png", ".pdf": "pdf", ".eps": "eps",
	".jpg": "jpg", ".jpeg": "jpg", ".tif": "tiff", ".tiff": "tiff",
}

// Show shows f, a *plot.Plot or a Grid, at width w and height h. Inside a
// GoNB notebook it displays it in the cell's output, as SVG (crisp at any
// zoom) or as PNG when name ends in ".png". Elsewhere it saves it with Save
// in Dir() and prints the file's path. name is a file name without
// directories; without an extension it gets ".svg".
func Show(f Figure, name string, w, h vg.Length) error {
	if !inNotebook() {
		return printSaved(Save(f, Dir(), name, w, h))
	}
	format, err := figureFormat(name)
	if err != nil {
		return err
	}
	if format != "png" {
		format = "svg"
	}
	raw, err := Encode(f, w, h, format)
	if err != nil {
		return err
	}
	if format == "png" {
		displayPNG(raw)
	} else {
		displaySVG(string(raw))
	}
	return nil
}

// ShowImage shows img, a digit or weight grid: inline as PNG inside a GoNB
// notebook, elsewhere saved with SaveImage in Dir() with its path printed.
// name is a file name without directories; without an extension it gets
// ".png", the only one allowed.
func ShowImage(img image.Image, name string) error {
	if !inNotebook() {
		return printSaved(SaveImage(img, Dir(), name))
	}
	if _, err := imageName(name); err != nil {
		return err
	}
	raw, err := encodePNG(img)
	if err != nil {
		return err
	}
	displayPNG(raw)
	return nil
}

// Save writes f at width w and height h to dir/name and returns the path.
// The extension of name picks the format (.svg, .png, .pdf, .eps, .jpg,
// .tiff); without one ".svg" is added. dir is created if needed. The file
// appears whole or not at all: it is written to a temporary file in dir and
// renamed.
func Save(f Figure, dir, name string, w, h vg.Length) (string, error) {
	format, err := figureFormat(name)
	if err != nil {
		return "", err
	}
	if filepath.Ext(name) == "" {
		name += ".svg"
	}
	raw, err := Encode(f, w, h, format)
	if err != nil {
		return "", err
	}
	return writeAtomic(dir, name, raw)
}

// SaveImage writes img as PNG to dir/name, adding ".png" to a name without
// an extension, the way Save writes figures, and returns the path.
func SaveImage(img image.Image, dir, name string) (string, error) {
	name, err := imageName(name)
	if err != nil {
		return "", err
	}
	raw, err := encodePNG(img)
	if err != nil {
		return "", err
	}
	return writeAtomic(dir, name, raw)
}

// Dir is the directory Show and ShowImage write to outside a notebook:
// $GOMLXNET_PLOTS, else DefaultDir.
func Dir() string {
	if d := os.Getenv(EnvDir); d != "" {
		return d
	}
	return DefaultDir
}

// printSaved prints the path Save returned, or passes its error on.
func printSaved(path string, err error) error {
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(stdout, "plots: saved", path)
	return err
}

// checkName checks that name is a plain file name, without directories.
func checkName(name string) error {
	if name == "" || name == "." || name == ".." || strings.ContainsAny(name, `/\`) || strings.HasPrefix(name, ".") {
		return fmt.Errorf("%w: %q, want a file name such as \"loss\" or \"loss.png\"", ErrName, name)
	}
	return nil
}

// figureFormat checks name and returns the format its extension names, "svg" if none.
func figureFormat(name string) (string, error) {
	if err := checkName(name); err != nil {
		return "", err
	}
	ext := strings.ToLower(filepath.Ext(name))
	if ext == "" {
		return "svg", nil
	}
	format, ok := figureFormats[ext]
	if !ok {
		return "", fmt.Errorf("%w: %q: unknown extension %q", ErrName, name, ext)
	}
	return format, nil
}

// imageName checks name and returns it ending in ".png".
func imageName(name string) (string, error) {
	if err := checkName(name); err != nil {
		return "", err
	}
	switch strings.ToLower(filepath.Ext(name)) {
	case "":
		return name + ".png", nil
	case ".png":
		return name, nil
	}
	return "", fmt.Errorf("%w: %q: images are saved as .png", ErrName, name)
}

// encodePNG encodes img, which must not be nil or empty.
func encodePNG(img image.Image) ([]byte, error) {
	if img == nil || img.Bounds().Empty() {
		return nil, fmt.Errorf("%w: no image to draw", ErrEmpty)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("plots: encoding PNG: %w", err)
	}
	return buf.Bytes(), nil
}

// writeAtomic writes data to dir/name through a temporary file in dir and a
// rename, so that readers never see a partial file.
func writeAtomic(dir, name string, data []byte) (path string, err error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("plots: %w", err)
	}
	path = filepath.Join(dir, name)
	if err := fileio.WriteAtomic(path, data); err != nil {
		return "", fmt.Errorf("plots: %w", err)
	}
	return path, nil
}
