package main

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/gonb-courses/neuralnets/course/lecture"
	"github.com/gonb-courses/neuralnets/gomlxnet/plots"
	"github.com/gonb-courses/neuralnets/internal/seedruns"
	"github.com/gonb-courses/neuralnets/metrics"
	"gonum.org/v1/plot/vg"
)

// The lecture's settings and the figures its slide prints (REFERENCE.md;
// the lecture's fit() output shows epochs 1, 2, 199 and 200).
const (
	slideEpochs = lecture.Epochs
	slideBatch  = lecture.BatchSize
	slideRate   = lecture.LearningRate
	// shownSeed is cmd/lecture's default seed, the run the course showed first.
	shownSeed = 42
)

// slideFigures are the rows of the table: a figure of a run and the
// slide's value of it.
var slideFigures = []struct {
	name  string
	slide float64
	of    seedruns.Figure
}{
	{"epoch 1 accuracy", 0.1933, seedruns.AccuracyAt(1)},
	{"epoch 1 loss", 0.1368, seedruns.LossAt(1)},
	{"epoch 2 accuracy", 0.3126, seedruns.AccuracyAt(2)},
	{"epoch 2 loss", 0.0923, seedruns.LossAt(2)},
	{"epoch 200 accuracy", 0.8947, seedruns.AccuracyAt(200)},
	{"epoch 200 loss", 0.0225, seedruns.LossAt(200)},
	{"test accuracy", 0.8859, seedruns.TestAccuracy},
}

// slideMarks are the slide's per-epoch figures, for the picture.
var slideMarks = plots.Run{Name: "the lecture's slide", History: metrics.History{
	Epochs:   []int{1, 2, 199, 200},
	Accuracy: []float64{0.1933, 0.3126, 0.8947, 0.8947},
	Loss:     []float64{0.1368, 0.0923, 0.0225, 0.0225},
}}

// group is the runs of one input scale at the lecture's settings.
type group struct {
	scale float64
	runs  []seedruns.Run
}

// name is how tables and legends call a scale.
func (g group) name() string {
	switch g.scale {
	case 1:
		return "grey levels 0..255 (`-scale 1`)"
	case 255:
		return "divided by 255 (`-scale 255`)"
	}
	return fmt.Sprintf("divided by %g (`-scale %g`)", g.scale, g.scale)
}

// lectureGroups returns f's runs at the lecture's settings, by scale.
func lectureGroups(f *seedruns.File) []group {
	var scales []float64
	for _, r := range f.Runs {
		if r.Epochs == slideEpochs && r.BatchSize == slideBatch && r.LearningRate == slideRate && !slices.Contains(scales, r.Scale) {
			scales = append(scales, r.Scale)
		}
	}
	slices.Sort(scales)
	var gs []group
	for _, s := range scales {
		gs = append(gs, group{s, f.Select(seedruns.Setting{Scale: s, Epochs: slideEpochs, BatchSize: slideBatch, LearningRate: slideRate})})
	}
	return gs
}

// seedsBlock is the generated Markdown: the picture, the table, and where
// the slide's figures fall among our runs.
func seedsBlock(gs []group, commands []string, picture string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "![The slide's figures (crosses) over the median and range of our runs](%s)\n\n", picture)
	b.WriteString("| figure | the slide |")
	for _, g := range gs {
		fmt.Fprintf(&b, " %s: median (range) of %d seeds | seed %d, its rank from the lowest |", g.name(), len(g.runs), shownSeed)
	}
	b.WriteString("\n| --- | ---: |" + strings.Repeat(" ---: | ---: |", len(gs)) + "\n")
	for _, row := range slideFigures {
		fmt.Fprintf(&b, "| %s | %.4f |", row.name, row.slide)
		for _, g := range gs {
			s := seedruns.SpreadOf(seedruns.Values(g.runs, row.of))
			fmt.Fprintf(&b, " %.4f (%.4f–%.4f) | %s |", s.Median, s.Min, s.Max, seedValue(g, row.of))
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "\nMeasured with `%s` (%s; seeds %s; %s), written into this table and the picture by `go run ./cmd/figures`. ",
		strings.Join(commands, "`, then `"), backends(gs), seedList(gs), runTimes(gs))
	b.WriteString("Where the slide's figures fall among our runs (compared at the slide's four decimals):\n\n")
	for _, g := range gs {
		fmt.Fprintf(&b, "- %s: %s.\n", g.name(), placement(g))
	}
	return b.String()
}

// backends names the backends that ran the runs.
func backends(gs []group) string {
	var names []string
	for _, g := range gs {
		for _, r := range g.runs {
			name := r.Backend
			switch name {
			case "go":
				name = "GoMLX's pure-Go backend"
			case "":
				name = "backend not recorded"
			}
			if !slices.Contains(names, name) {
				names = append(names, name)
			}
		}
	}
	return strings.Join(names, ", ")
}

// runTimes gives the median and range of the runs' wall times, in minutes.
func runTimes(gs []group) string {
	var secs []float64
	for _, g := range gs {
		secs = append(secs, seedruns.Values(g.runs, func(r seedruns.Run) float64 { return r.Seconds })...)
	}
	s := seedruns.SpreadOf(secs)
	return fmt.Sprintf("wall time of a run: median %.1f minutes, %.1f to %.1f", s.Median/60, s.Min/60, s.Max/60)
}

// seedValue is the figure of the shown seed's run in g and its rank among
// the runs, counted from the lowest ("0.1368, 1st"), or a dash.
func seedValue(g group, of seedruns.Figure) string {
	for _, r := range g.runs {
		if r.Seed == shownSeed {
			v := of(r)
			below, _ := seedruns.Rank(seedruns.Values(g.runs, of), v)
			return fmt.Sprintf("%.4f, %s", v, ordinal(below+1))
		}
	}
	return "–"
}

// ordinal writes n as 1st, 2nd, 3rd, 4th, ….
func ordinal(n int) string {
	suffix := "th"
	switch {
	case n%100 >= 11 && n%100 <= 13:
	case n%10 == 1:
		suffix = "st"
	case n%10 == 2:
		suffix = "nd"
	case n%10 == 3:
		suffix = "rd"
	}
	return strconv.Itoa(n) + suffix
}

// seedList names the seeds of the runs, e.g. "1-10 and 42".
func seedList(gs []group) string {
	var seeds []uint64
	for _, g := range gs {
		for _, r := range g.runs {
			if !slices.Contains(seeds, r.Seed) {
				seeds = append(seeds, r.Seed)
			}
		}
	}
	slices.Sort(seeds)
	var parts []string
	for i := 0; i < len(seeds); {
		j := i
		for j+1 < len(seeds) && seeds[j+1] == seeds[j]+1 {
			j++
		}
		if j > i {
			parts = append(parts, fmt.Sprintf("%d-%d", seeds[i], seeds[j]))
		} else {
			parts = append(parts, fmt.Sprint(seeds[i]))
		}
		i = j + 1
	}
	if len(parts) > 1 {
		return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
	}
	return strings.Join(parts, "")
}

// placement says, for every figure, whether the slide's value lies within
// g's range, and how many runs lie below and above it.
func placement(g group) string {
	var inside, outside []string
	for _, row := range slideFigures {
		vals := seedruns.Values(g.runs, row.of)
		for i, v := range vals {
			vals[i] = math.Round(v*1e4) / 1e4
		}
		below, above := seedruns.Rank(vals, row.slide)
		n := len(vals)
		equal := ""
		if e := n - below - above; e > 0 {
			equal = fmt.Sprintf(", %d equal", e)
		}
		switch {
		case below == n:
			outside = append(outside, fmt.Sprintf("%s (above all %d)", row.name, n))
		case above == n:
			outside = append(outside, fmt.Sprintf("%s (below all %d)", row.name, n))
		default:
			inside = append(inside, fmt.Sprintf("%s (%s below it%s, %d above)", row.name, runsCount(below), equal, above))
		}
	}
	say := func(what string, list []string) string {
		if len(list) == 0 {
			return what + ": none"
		}
		return what + ": " + strings.Join(list, ", ")
	}
	return say("within our range", inside) + "; " + say("outside it", outside)
}

// runsCount is "1 run" or "n runs".
func runsCount(n int) string {
	if n == 1 {
		return "1 run"
	}
	return fmt.Sprintf("%d runs", n)
}

// picture draws the slide's points over the median and range of each
// group's runs, loss and accuracy side by side, as a PNG.
func picture(gs []group) ([]byte, error) {
	var bands []plots.Band
	for _, g := range gs {
		b := plots.Band{Name: strings.ReplaceAll(g.name(), "`", "")}
		for _, r := range g.runs {
			b.Runs = append(b.Runs, metrics.History{Loss: r.Loss, Accuracy: r.Accuracy})
		}
		bands = append(bands, b)
	}
	grid, err := plots.BandsGrid(slideMarks, bands...)
	if err != nil {
		return nil, err
	}
	return plots.Encode(grid, 26*vg.Centimeter, 11*vg.Centimeter, "png")
}
