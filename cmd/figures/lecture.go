package main

import (
	"cmp"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/gonb-courses/neuralnets/internal/results"
	"github.com/gonb-courses/neuralnets/internal/seedruns"
)

// lectureResults is cmd/lecture's -json file, relative to the root.
const lectureResults = results.LectureFile

// loadLecture reads and checks cmd/lecture's result: the lecture's settings
// (those of notebook 5) and a 10×10 confusion matrix over the test set.
func loadLecture(root string) (*results.Lecture, error) {
	var r results.Lecture
	if err := readJSON(root, lectureResults, &r); err != nil {
		return nil, err
	}
	if r.Epochs != slideEpochs || r.BatchSize != slideBatch || r.LearningRate != slideRate || r.Scale != 1 {
		return nil, fmt.Errorf("%s: want the lecture's settings (%d epochs, batch %d, learning rate %g, scale 1), got %d, %d, %g, %g",
			lectureResults, slideEpochs, slideBatch, slideRate, r.Epochs, r.BatchSize, r.LearningRate, r.Scale)
	}
	total := 0
	for _, row := range r.Confusion {
		if len(row) != len(r.Confusion) {
			return nil, fmt.Errorf("%s: the confusion matrix is not square", lectureResults)
		}
		for _, n := range row {
			total += n
		}
	}
	if len(r.Confusion) != 10 || total == 0 || r.Command == "" {
		return nil, fmt.Errorf("%s: want a 10×10 confusion matrix over the test set and the command", lectureResults)
	}
	return &r, nil
}

// lectureSource gives lesson 6's test accuracies and confusions.
func lectureSource(root string) ([]block, []output, error) {
	r, err := loadLecture(root)
	if err != nil {
		return nil, nil, err
	}
	seeds, err := seedruns.Load(filepath.Join(root, seedsResults), false)
	if err != nil {
		return nil, nil, err
	}
	shown := seeds.Select(seedruns.Setting{Scale: 1, Epochs: slideEpochs, BatchSize: slideBatch, LearningRate: slideRate})
	i := slices.IndexFunc(shown, func(s seedruns.Run) bool { return s.Seed == shownSeed })
	if i < 0 {
		return nil, nil, fmt.Errorf("%s: no run of seed %d at the lecture's settings", seedsResults, shownSeed)
	}
	doc := "lessons/06_evaluating.md"
	return []block{
		{doc, "lecture-accuracy", lectureAccuracy(r, shown[i], len(shown), seeds.Commands)},
		{doc, "lecture-confusion", lectureConfusion(r)},
	}, nil, nil
}

// lectureAccuracy compares the test accuracies: the lecture's, the run of
// r, and seed 42's among the n runs of results/seeds.json (made by commands).
func lectureAccuracy(r *results.Lecture, shown seedruns.Run, n int, commands []string) string {
	return fmt.Sprintf("The lecture's network gets 0.8859; ours, trained at the lecture's settings with seed %d "+
		"(as notebook 5 does), gets %.4f, and with seed %d (`go run ./cmd/lecture`'s default) %.4f "+
		"(lesson 5 compares %d seeds). Measured with `%s` (%s, %d CPUs) and `%s`; written here by `go run ./cmd/figures`.\n",
		r.Seed, r.TestAccuracy, shownSeed, shown.TestAccuracy, n, r.Command, backendName(r.Backend), r.CPUs,
		strings.Join(commands, "`, `"))
}

// cell is one count of the confusion matrix.
type cell struct{ truth, predicted, n int }

// lectureConfusion names the largest confusions, and the digits recognised
// best and worst.
func lectureConfusion(r *results.Lecture) string {
	var off []cell
	recall := make([]float64, len(r.Confusion))
	for t, row := range r.Confusion {
		sum := 0
		for p, n := range row {
			sum += n
			if p != t && n > 0 {
				off = append(off, cell{t, p, n})
			}
		}
		if sum > 0 {
			recall[t] = float64(row[t]) / float64(sum)
		}
	}
	slices.SortStableFunc(off, func(a, b cell) int { return cmp.Compare(b.n, a.n) })
	var top []string
	for _, c := range off[:min(6, len(off))] {
		top = append(top, fmt.Sprintf("%d read as %d (%d)", c.truth, c.predicted, c.n))
	}
	digits := make([]int, len(recall))
	for d := range digits {
		digits[d] = d
	}
	slices.SortStableFunc(digits, func(a, b int) int { return cmp.Compare(recall[b], recall[a]) })
	best, worst := digits[:2], digits[len(digits)-1]
	b1, b2 := fmt.Sprintf("%.0f%%", 100*recall[best[0]]), fmt.Sprintf("%.0f%%", 100*recall[best[1]])
	bestShare := b1 + " of each"
	if b1 != b2 {
		bestShare = b1 + " and " + b2
	}
	return fmt.Sprintf("For the network of seed %d (test accuracy %.4f), the six largest cells off the diagonal are %s. "+
		"The digits recognised best are %d and %d (%s), the worst %d (%.0f%%). "+
		"From the confusion matrix of the same run (`%s`), written here by `go run ./cmd/figures`.\n",
		r.Seed, r.TestAccuracy, list(top), best[0], best[1], bestShare, worst, 100*recall[worst], r.Command)
}

// backendName is a reader's name for a backend's recorded name.
func backendName(name string) string {
	if strings.HasPrefix(name, "SimpleGo") || name == "go" {
		return "GoMLX's pure-Go backend"
	}
	return name
}
