// Command figures writes every measured figure that README.md and the
// lessons show from the committed result files that measured them, so that
// no figure is copied by hand:
//
//   - results/seeds.json (cmd/seeds): the table of the lecture's runs over
//     seeds beside the slide's figures, in lesson 5 and the README, and the
//     picture lessons/figures/seeds.png;
//   - results/lecture.json (cmd/lecture -json): lesson 6's test accuracy and
//     confusion figures;
//   - results/nextsteps.json (cmd/nextsteps -json): lesson 8's table of
//     experiments and the README's summary of it;
//   - bench/results/latest.json (scripts/bench.sh) and
//     bench/results/cells-latest.json (scripts/bench_notebooks.sh): the
//     README's performance section and lesson 5's seconds per epoch;
//   - results/backprop.json (TestBackpropMatchesFit -backprop.json): lesson
//     9's comparison of hand-written backpropagation with Model.Fit;
//   - results/gomlx.json (notebook 10, run by scripts/notebooks.py --full
//     --results results): lesson 10's comparison of gomlxnet with GoMLX's
//     trainer over seeds, and its steps per second;
//   - bench/results/history.json (cmd/bench-gomlxnet -history): the README's
//     table of gomlxnet's changes to GoMLX added one after the other, and
//     lesson 10's sentence on it.
//
// Each generated part of a document lies between the lines
//
//	<!-- figures:NAME begin -->
//	<!-- figures:NAME end -->
//
// and ends with the command that measured it. Every file is written through
// a temporary file renamed into place, and only when its content changes.
//
//	go run ./cmd/figures            # rewrite the blocks and the picture (make figures)
//	go run ./cmd/figures -check     # only say whether they are up to date
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
)

// ErrStale is returned by -check when a file differs from what the result
// files give.
var ErrStale = errors.New("figures: out of date (run go run ./cmd/figures)")

// config holds the command's flags.
type config struct {
	root  string
	check bool
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
	fs.BoolVar(&c.check, "check", false, "write nothing; fail if a file is not what the result files give")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	outs, err := generate(c.root)
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

// sources are the generators, one per result file (or pair of them).
var sources = []func(root string) ([]block, []output, error){
	seedsSource, lectureSource, nextstepsSource, benchSource, backpropSource, gomlxSource, historySource,
}

// generate returns every file the result files give, with its new content.
func generate(root string) ([]output, error) {
	var blocks []block
	var outs []output
	for _, source := range sources {
		bs, more, err := source(root)
		if err != nil {
			return nil, err
		}
		blocks, outs = append(blocks, bs...), append(outs, more...)
	}
	docs, err := applyBlocks(root, blocks)
	if err != nil {
		return nil, err
	}
	return append(outs, docs...), nil
}
