package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// The benchmark's result files, relative to the root: scripts/bench.sh's
// and scripts/bench_notebooks.sh's, and the latter's run with cgo on
// (optional: `scripts/bench_cells.py --out bench/results/cells-cgo.json`
// under a kernel spec without CGO_ENABLED=0).
const (
	benchResults    = "bench/results/latest.json"
	cellsResults    = "bench/results/cells-latest.json"
	cellsCgoResults = "bench/results/cells-cgo.json"
)

// benchFile is the part of scripts/bench.sh's result that the documents
// show: "peers" and "ratios" are the lecture network's (each peer at its
// best thread count where several were run), "results" has the CNN's.
type benchFile struct {
	Time    string `json:"time"`
	Rounds  int    `json:"rounds"`
	Epochs  int    `json:"epochs"`
	Data    string `json:"data"`
	Machine struct {
		NProc      int    `json:"nproc"`
		CPU        string `json:"cpu"`
		Go         string `json:"go"`
		Torch      string `json:"torch"`
		LoadBefore string `json:"load_before"`
		LoadAfter  string `json:"load_after"`
	} `json:"machine"`
	Peers   map[string]benchPeer `json:"peers"`
	Results map[string]struct {
		Best map[string]*struct {
			Threads         int     `json:"threads"`
			SecondsPerEpoch float64 `json:"seconds_per_epoch"`
		} `json:"best"`
	} `json:"results"`
}

// benchPeer is one peer's result; its runs are the rounds.
type benchPeer struct {
	Status          string  `json:"status"`
	Reason          string  `json:"reason"`
	Threads         int     `json:"threads"`
	SecondsPerEpoch float64 `json:"seconds_per_epoch"`
	Runs            []struct {
		Threads       int     `json:"threads"`
		DType         string  `json:"dtype"`
		StepsPerEpoch int     `json:"steps_per_epoch"`
		Median        float64 `json:"seconds_per_epoch_median"`
		BLAS          string  `json:"blas"`
	} `json:"runs"`
}

// benchPeers are the peers in the table's order, with the table's names.
var benchPeers = []struct{ name, label string }{
	{"gomlxnet", "gomlxnet (GoMLX)"}, {"pytorch", "PyTorch"}, {"gonum", "plain Go on gonum"},
}

// cellsFile is scripts/bench_cells.py's result.
type cellsFile struct {
	Setup       float64   `json:"setup_cell_s"`
	First       float64   `json:"first_gomlxnet_cell_s"`
	Trivial     float64   `json:"trivial_cell_s"`
	Second      float64   `json:"second_trivial_cell_s"`
	Rounds      int       `json:"rounds"`
	NotebookSet float64   `json:"fast_notebook_set_s"`
	Time        string    `json:"time"`
	Command     string    `json:"command"`
	LoadBefore  []float64 `json:"load_before"`
	Kernel      struct {
		CgoEnabled string `json:"cgo_enabled"`
	} `json:"kernel"`
}

// readJSON decodes the file at root/rel into v, naming the file in errors.
func readJSON(root, rel string, v any) error {
	raw, err := os.ReadFile(filepath.Join(root, rel))
	if err != nil {
		return err
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return fmt.Errorf("%s: %w", rel, err)
	}
	return nil
}

// benchSource gives the README's performance table and latency paragraph,
// and lesson 5's seconds per epoch.
func benchSource(root string) ([]block, []output, error) {
	var b benchFile
	if err := readJSON(root, benchResults, &b); err != nil {
		return nil, nil, err
	}
	g, ok := b.Peers["gomlxnet"]
	if !ok || g.Status != "ok" || len(g.Runs) == 0 || g.SecondsPerEpoch <= 0 {
		return nil, nil, fmt.Errorf("%s: no result of the gomlxnet peer (run scripts/bench.sh)", benchResults)
	}
	var cells cellsFile
	if err := readJSON(root, cellsResults, &cells); err != nil {
		return nil, nil, err
	}
	if cells.Rounds < 1 || cells.Trivial <= 0 || cells.First <= 0 {
		return nil, nil, fmt.Errorf("%s: no cell times (run scripts/bench_notebooks.sh)", cellsResults)
	}
	var cgo *cellsFile
	if err := readJSON(root, cellsCgoResults, &cgo); err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, nil, err
	}
	return []block{
		{"README.md", "bench", benchTable(&b)},
		{"README.md", "cells", cellsText(&cells, cgo)},
		{"lessons/05_training.md", "bench-epoch", benchEpoch(&b)},
	}, nil, nil
}

// threadsOf is the thread count a peer ran with.
func (p benchPeer) threadsOf() int {
	if p.Threads > 0 {
		return p.Threads
	}
	return p.Runs[len(p.Runs)-1].Threads
}

// benchTable is the README's table of the lecture network's peers.
func benchTable(b *benchFile) string {
	var s strings.Builder
	s.WriteString("| peer | threads | s/epoch (range over the rounds) | steps/s | dtype, matrix library |\n")
	s.WriteString("| --- | ---: | ---: | ---: | --- |\n")
	for _, peer := range benchPeers {
		p, ok := b.Peers[peer.name]
		switch {
		case !ok:
			continue
		case p.Status != "ok" || len(p.Runs) == 0:
			fmt.Fprintf(&s, "| %s | | %s: %s | | |\n", peer.label, p.Status, p.Reason)
			continue
		}
		var medians []float64
		for _, r := range p.Runs {
			medians = append(medians, r.Median)
		}
		last := p.Runs[len(p.Runs)-1]
		fmt.Fprintf(&s, "| %s | %d | %.3f (%.3f-%.3f) | %.0f | %s, %s |\n", peer.label, p.threadsOf(), p.SecondsPerEpoch,
			slices.Min(medians), slices.Max(medians), float64(last.StepsPerEpoch)/p.SecondsPerEpoch, last.DType, shortLibs(last.BLAS))
	}
	g := b.Peers["gomlxnet"]
	var ratios []string
	for _, other := range []struct{ name, what string }{{"pytorch", "PyTorch's"}, {"gonum", "the gonum baseline's"}} {
		if p, ok := b.Peers[other.name]; ok && p.Status == "ok" && p.SecondsPerEpoch > 0 {
			ratios = append(ratios, fmt.Sprintf("%.2f times %s", g.SecondsPerEpoch/p.SecondsPerEpoch, other.what))
		}
	}
	if len(ratios) > 0 {
		fmt.Fprintf(&s, "\ngomlxnet's seconds per epoch are %s.", list(ratios))
	}
	if cnn, ok := b.Results["cnn"]; ok && cnn.Best["gomlxnet"] != nil && cnn.Best["pytorch"] != nil {
		gc, pc := cnn.Best["gomlxnet"], cnn.Best["pytorch"]
		fmt.Fprintf(&s, " The next steps' CNN: gomlxnet %.1f s per epoch (%s), PyTorch %.1f s (%s), %.2f times.",
			gc.SecondsPerEpoch, plural(gc.Threads, "thread"), pc.SecondsPerEpoch, plural(pc.Threads, "thread"), gc.SecondsPerEpoch/pc.SecondsPerEpoch)
	}
	m := b.Machine
	fmt.Fprintf(&s, "\n\nMeasured with `scripts/bench.sh` on %s (%d rounds of %d timed epochs after 1 warm-up, %s data; "+
		"%d CPUs, %s; %s; torch %s; load average before %s, after %s): %s, written here by `go run ./cmd/figures`.\n",
		when(b.Time), b.Rounds, b.Epochs, b.Data, m.NProc, m.CPU, m.Go, m.Torch, m.LoadBefore, m.LoadAfter, benchResults)
	return s.String()
}

// benchEpoch is lesson 5's note on how long one run takes alone.
func benchEpoch(b *benchFile) string {
	g := b.Peers["gomlxnet"]
	return fmt.Sprintf("(The wall times below were measured on a 2-core machine shared with other work, "+
		"two runs at a time; alone, a run takes about %s: %d epochs at the %.2f s per epoch that `scripts/bench.sh` "+
		"measured for gomlxnet on %s on %s (%s, README's Performance section), written here by `go run ./cmd/figures`.)\n",
		minutes(float64(slideEpochs)*g.SecondsPerEpoch), slideEpochs, g.SecondsPerEpoch, plural(g.threadsOf(), "thread"), when(b.Time), benchResults)
}

// cellsText is the README's paragraph on notebook latency.
func cellsText(c, cgo *cellsFile) string {
	var s strings.Builder
	fmt.Fprintf(&s, "Notebook latency (`%s`, through the real Go kernel, the median of %d fresh kernels, "+
		"the kernel's CGO_ENABLED=%s): the set-up cell took %.2f s, the first cell that uses gomlxnet %.2f s, "+
		"and a trivial later cell %.2f s, then %.2f s (each cell is compiled and linked into a new program: GoNB's model).",
		c.Command, c.Rounds, c.Kernel.CgoEnabled, c.Setup, c.First, c.Trivial, c.Second)
	if c.NotebookSet > 0 {
		fmt.Fprintf(&s, " The whole fast-mode notebook set took %.0f s.", c.NotebookSet)
	}
	files := cellsResults
	if cgo != nil {
		// The comparison run writes both files at once; a later run of the
		// latency alone leaves the cgo file of an earlier run, so say when.
		turns := "its kernels started in turns with the above"
		if cgo.Time != c.Time {
			turns = fmt.Sprintf("in an earlier run, on %s at load average %s, its kernels started in turns with "+
				"kernels without cgo", when(cgo.Time), loadList(cgo.LoadBefore))
		}
		fmt.Fprintf(&s, " With CGO_ENABLED=%s, as when an XLA plugin is installed (a copy of the kernel's spec without "+
			"CGO_ENABLED=0, %s), the same cells took %.2f s, %.2f s and %.2f s "+
			"(median of %d; the program is then linked by the C linker).",
			cgo.Kernel.CgoEnabled, turns, cgo.Setup, cgo.First, cgo.Trivial, cgo.Rounds)
		files += " and " + cellsCgoResults
	}
	fmt.Fprintf(&s, " Measured on %s (load average %s before): %s, written here by `go run ./cmd/figures`.\n",
		when(c.Time), loadList(c.LoadBefore), files)
	return s.String()
}

// loadList writes load averages as "1.2, 3.4, 5.6".
func loadList(l []float64) string {
	var parts []string
	for _, x := range l {
		parts = append(parts, fmt.Sprintf("%.2f", x))
	}
	return strings.Join(parts, ", ")
}

// shortLibs writes a list of library paths by their file names:
// "/usr/lib/x/libblas.so.3 /usr/lib/x/libopenblas.so" -> "libblas.so.3, libopenblas.so".
func shortLibs(s string) string {
	if !strings.HasPrefix(s, "/") { // "gonum/blas/gonum (pure Go)"
		return s
	}
	var names []string
	for _, f := range strings.Fields(s) {
		names = append(names, filepath.Base(f))
	}
	return strings.Join(names, ", ")
}
