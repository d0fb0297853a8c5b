package main

import (
	"fmt"
	"path/filepath"

	"github.com/gonb-courses/neuralnets/internal/seedruns"
)

// seedsResults is cmd/seeds' result file, relative to the root.
const seedsResults = "results/seeds.json"

// picturePath is where the picture of the runs over seeds goes, relative to
// the root.
const picturePath = "lessons/figures/seeds.png"

// seedsDocuments are the files with a figures:seeds block, and the
// picture's path as seen from each.
var seedsDocuments = []struct{ path, picture string }{
	{"lessons/05_training.md", "figures/seeds.png"},
	{"README.md", "lessons/figures/seeds.png"},
}

// seedsSource gives the seeds blocks and the picture from results/seeds.json.
func seedsSource(root string) ([]block, []output, error) {
	f, err := seedruns.Load(filepath.Join(root, seedsResults), false)
	if err != nil {
		return nil, nil, err
	}
	groups := lectureGroups(f)
	if len(groups) == 0 {
		return nil, nil, fmt.Errorf("%s: no runs at the lecture's settings (%d epochs, batch %d, learning rate %g)",
			seedsResults, slideEpochs, slideBatch, slideRate)
	}
	png, err := picture(groups)
	if err != nil {
		return nil, nil, err
	}
	var blocks []block
	for _, doc := range seedsDocuments {
		blocks = append(blocks, block{doc.path, "seeds", seedsBlock(groups, f.Commands, doc.picture)})
	}
	return blocks, []output{{path: filepath.Join(root, picturePath), content: png, isPNG: true}}, nil
}
