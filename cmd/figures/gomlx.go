package main

import (
	"fmt"
	"math"
	"path/filepath"
	"strings"

	"github.com/gonb-courses/neuralnets/internal/results"
)

// gomlxResults is the file notebook 10 records its figures in when run with
// scripts/notebooks.py --full --results results, relative to the root.
const gomlxResults = "results/gomlx.json"

// gomlxSeeds is the part "seeds" of notebook 10's record: section 7's test
// accuracies of gomlxnet and of GoMLX's trainer, seed by seed from 1.
type gomlxSeeds struct {
	Backend     string    `json:"backend"`
	TrainImages int       `json:"train_images"`
	TestImages  int       `json:"test_images"`
	Epochs      int       `json:"epochs"`
	Gomlxnet    []float64 `json:"gomlxnet"`
	Trainer     []float64 `json:"gomlx_trainer"`
}

// gomlxSpeeds is the part "speeds": section 6's steps per second.
type gomlxSpeeds struct {
	BatchSize int            `json:"batch_size"`
	Steps     int            `json:"steps"`
	Rounds    int            `json:"rounds"`
	Backends  []backendSpeed `json:"backends"`
}

// backendSpeed is one installed backend's steps per second, each the median
// of the rounds: the hand-written step, GoMLX's trainer and gomlxnet's Fit.
type backendSpeed struct {
	Config      string  `json:"config"`
	Description string  `json:"description"`
	ByHand      float64 `json:"by_hand"`
	Trainer     float64 `json:"trainer"`
	Fit         float64 `json:"fit"`
}

// gomlxRun is notebook 10's record, decoded and checked.
type gomlxRun struct {
	command   string
	seeds     gomlxSeeds
	speeds    gomlxSpeeds
	seedsPart results.Part
}

// loadGomlx reads and checks notebook 10's record: both parts, of one full run.
func loadGomlx(root string) (*gomlxRun, error) {
	f, err := results.ReadNotebook(filepath.Join(root, gomlxResults))
	if err != nil {
		return nil, err
	}
	var r gomlxRun
	if r.seedsPart, err = f.Decode("seeds", &r.seeds); err != nil {
		return nil, fmt.Errorf("%s: %w", gomlxResults, err)
	}
	speeds, err := f.Decode("speeds", &r.speeds)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", gomlxResults, err)
	}
	s := r.seeds
	switch {
	case r.seedsPart.Fast || speeds.Fast:
		return nil, fmt.Errorf("%s: recorded in fast mode; run the notebook with --full", gomlxResults)
	case speeds.Started != r.seedsPart.Started:
		return nil, fmt.Errorf("%s: the parts come from two runs of the notebook", gomlxResults)
	case len(s.Gomlxnet) < 2 || len(s.Gomlxnet) != len(s.Trainer) || s.Epochs < 1 || f.Command == "":
		return nil, fmt.Errorf("%s: want the command, the epochs and two or more seeds of both implementations", gomlxResults)
	case len(r.speeds.Backends) == 0 || r.speeds.Backends[0].Config != "go":
		return nil, fmt.Errorf("%s: want the pure-Go backend's speeds first", gomlxResults)
	}
	r.command = f.Command
	return &r, nil
}

// gomlxSource gives lesson 10's "Measured here" figures.
func gomlxSource(root string) ([]block, []output, error) {
	r, err := loadGomlx(root)
	if err != nil {
		return nil, nil, err
	}
	return []block{{"lessons/10_gomlx_under_the_hood.md", "gomlx", gomlxBlock(r)}}, nil, nil
}

// meanSD returns the mean and the sample standard deviation of xs, as
// notebook 10 computes them.
func meanSD(xs []float64) (mean, sd float64) {
	for _, x := range xs {
		mean += x / float64(len(xs))
	}
	for _, x := range xs {
		sd += (x - mean) * (x - mean) / float64(len(xs)-1)
	}
	return mean, math.Sqrt(sd)
}

// gomlxBlock is the run's description, the table of seeds, the difference
// of the means and the speeds.
func gomlxBlock(r *gomlxRun) string {
	s, p := r.seeds, r.seedsPart
	var b strings.Builder
	fmt.Fprintf(&b, "The notebook's full run, `%s`, on %s (%s up to its last figure; %s, %d CPUs, load average %s at the end): "+
		"%s training images, %d epochs, test accuracy on the %s test images.\n\n",
		r.command, when(p.Time), minutes(p.Seconds), backendName(s.Backend), p.CPUs, p.LoadAverage,
		groupDigits(s.TrainImages), s.Epochs, groupDigits(s.TestImages))
	b.WriteString("| seed | `gomlxnet` | GoMLX trainer |\n| ---: | ---: | ---: |\n")
	for i := range s.Gomlxnet {
		fmt.Fprintf(&b, "| %d | %.4f | %.4f |\n", i+1, s.Gomlxnet[i], s.Trainer[i])
	}
	mFit, sdFit := meanSD(s.Gomlxnet)
	mTrainer, sdTrainer := meanSD(s.Trainer)
	fmt.Fprintf(&b, "| mean (sd) | %.4f (%.4f) | %.4f (%.4f) |\n\n", mFit, sdFit, mTrainer, sdTrainer)
	pooled := math.Sqrt((sdFit*sdFit + sdTrainer*sdTrainer) / 2)
	fmt.Fprintf(&b, "The difference of the means, GoMLX's trainer minus `gomlxnet`, is %+.4f: %+.2f standard deviations "+
		"of one run (pooled over both).\n\n", mTrainer-mFit, (mTrainer-mFit)/pooled)
	b.WriteString(speedsText(r.speeds))
	fmt.Fprintf(&b, " From %s, written here by `go run ./cmd/figures`.\n", gomlxResults)
	return b.String()
}

// speedsText gives the steps per second of each backend measured.
func speedsText(sp gomlxSpeeds) string {
	var parts []string
	for _, be := range sp.Backends {
		slowest, fastest := min(be.ByHand, be.Trainer, be.Fit), max(be.ByHand, be.Trainer, be.Fit)
		parts = append(parts, fmt.Sprintf("on %s the hand-written step %.0f, GoMLX's trainer %.0f, `gomlxnet`'s `Fit` %.0f "+
			"(the slowest at %.0f%% of the fastest's speed)", backendLabel(be), be.ByHand, be.Trainer, be.Fit, 100*slowest/fastest))
	}
	text := fmt.Sprintf("In the same run, training steps per second on batches of %d (median of %d rounds of %d steps): %s.",
		sp.BatchSize, sp.Rounds, sp.Steps, strings.Join(parts, "; "))
	if len(sp.Backends) == 1 {
		text += " No XLA plugin was installed there, so XLA was not measured."
	}
	return text
}

// backendLabel names a measured backend for the reader.
func backendLabel(be backendSpeed) string {
	if be.Config == "go" {
		return "the pure-Go backend"
	}
	return fmt.Sprintf("`%s` (%s)", be.Config, be.Description)
}
