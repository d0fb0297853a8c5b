// Command figures regenerates the figures that lesson 5 and the README show
// from the committed result file of cmd/seeds: the table of the lecture's
// run over seeds beside the slide's figures, between the lines
//
//	<!-- figures:seeds begin -->
//	<!-- figures:seeds end -->
//
// of lessons/05_training.md and README.md, and the picture
// lessons/figures/seeds.png (the slide's points over the median and range
// of our runs). Every file is written through a temporary file renamed into
// place, and only when its content changes.
//
//	go run ./cmd/figures            # rewrite the block and the picture
//	go run ./cmd/figures -check     # only say whether they are up to date
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/gonb-courses/neuralnets/internal/seedruns"
)

// ErrStale is returned by -check when a file differs from what the result
// file gives.
var ErrStale = errors.New("figures: out of date (run go run ./cmd/figures)")

// config holds the command's flags.
type config struct {
	root, results string
	check         bool
}

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "figures:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout, stderr io.Writer) error {
	var c config
	fs := flag.NewFlagSet("figures", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.root, "root", ".", "the repository's root directory")
	fs.StringVar(&c.results, "results", "results/seeds.json", "cmd/seeds' result file, relative to -root")
	fs.BoolVar(&c.check, "check", false, "write nothing; fail if a file is not what the result file gives")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	outs, err := generate(c.root, c.results)
	if err != nil {
		return err
	}
	var stale []string
	for _, o := range outs {
		same, err := o.upToDate()
		if err != nil {
			return err
		}
		switch {
		case same:
			fmt.Fprintf(stdout, "%s: up to date\n", o.path)
		case c.check:
			stale = append(stale, o.path)
		default:
			if err := o.write(); err != nil {
				return err
			}
			fmt.Fprintf(stdout, "%s: rewritten\n", o.path)
		}
	}
	if len(stale) > 0 {
		return fmt.Errorf("%w: %q", ErrStale, stale)
	}
	return nil
}

// generate returns every file the result file gives, with its new content.
func generate(root, results string) ([]output, error) {
	f, err := seedruns.Load(filepath.Join(root, results), false)
	if err != nil {
		return nil, err
	}
	groups := lectureGroups(f)
	if len(groups) == 0 {
		return nil, fmt.Errorf("%s: no runs at the lecture's settings (%d epochs, batch %d, learning rate %g)",
			results, slideEpochs, slideBatch, slideRate)
	}
	png, err := picture(groups)
	if err != nil {
		return nil, err
	}
	outs := []output{{path: filepath.Join(root, picturePath), content: png, isPNG: true}}
	for _, doc := range documents {
		path := filepath.Join(root, doc.path)
		old, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", doc.path, err)
		}
		block := seedsBlock(groups, f.Commands, doc.picture)
		text, err := replaceBlock(old, block)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", doc.path, err)
		}
		outs = append(outs, output{path: path, content: text})
	}
	return outs, nil
}

// documents are the files with a figures:seeds block, and the picture's
// path as seen from each.
var documents = []struct{ path, picture string }{
	{"lessons/05_training.md", "figures/seeds.png"},
	{"README.md", "lessons/figures/seeds.png"},
}

// picturePath is where the picture goes, relative to the root.
const picturePath = "lessons/figures/seeds.png"
