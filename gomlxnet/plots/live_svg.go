package plots

import (
	"fmt"
	"math"
	"strings"

	"github.com/gonb-courses/neuralnets/gomlxnet"
)

// liveSVG draws h's loss and accuracy per epoch side by side as a small
// hand-written SVG, width × height pixels: the picture LiveHistory redraws
// while training. For 200 epochs it costs about 0.1 ms where gonum/plot's
// HistoryGrid as SVG costs about 6 (its text layout; TestLiveSVGCost), so
// the curves can follow a fast training epoch by epoch within LiveBudget;
// the final picture is HistoryGrid's. Training curves are solid blue, validation
// curves dashed vermillion, as in HistoryGrid.
func liveSVG(h gomlxnet.History, width, height float64) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%.0f" height="%.0f" viewBox="0 0 %.0f %.0f" `+
		`font-family="'Liberation Serif','Times New Roman',serif" font-size="13">`, width, height, width, height)
	fmt.Fprintf(&b, `<rect width="100%%" height="100%%" fill="white"/>`)
	epochs := len(h.Loss)
	panels := []struct {
		title      string
		train, val []float64
	}{{"Loss per epoch", h.Loss, h.ValLoss}, {"Accuracy per epoch", h.Accuracy, h.ValAccuracy}}
	for i, p := range panels {
		x0 := float64(i) * width / 2
		livePanel(&b, p.title, p.train, p.val, epochs, x0, width/2, height)
	}
	b.WriteString(`</svg>`)
	return []byte(b.String())
}

// livePanel draws one metric in the box starting at x0, w × h pixels.
func livePanel(b *strings.Builder, title string, train, val []float64, epochs int, x0, w, h float64) {
	left, right, top, bottom := x0+58, x0+w-14, 34.0, h-40
	fmt.Fprintf(b, `<text x="%.1f" y="20" text-anchor="middle" font-size="15">%s, epoch %d</text>`, (left+right)/2, title, epochs)
	lo, hi := valueRange(train, val)
	xAt := func(e int) float64 {
		if epochs <= 1 {
			return (left + right) / 2
		}
		return left + (right-left)*float64(e-1)/float64(epochs-1)
	}
	yAt := func(v float64) float64 { return bottom - (bottom-top)*(v-lo)/(hi-lo) }
	fmt.Fprintf(b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="none" stroke="#888"/>`, left, top, right-left, bottom-top)
	for k := 0; k <= 4; k++ {
		v := lo + (hi-lo)*float64(k)/4
		y := yAt(v)
		fmt.Fprintf(b, `<line x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f" stroke="#ddd"/>`, left, right, y, y)
		fmt.Fprintf(b, `<text x="%.1f" y="%.1f" text-anchor="end" font-size="11">%.3g</text>`, left-4, y+4, v)
	}
	for _, e := range epochTickMarks(epochs) {
		fmt.Fprintf(b, `<text x="%.1f" y="%.1f" text-anchor="middle" font-size="11">%d</text>`, xAt(e), bottom+15, e)
	}
	fmt.Fprintf(b, `<text x="%.1f" y="%.1f" text-anchor="middle">epoch</text>`, (left+right)/2, bottom+32)
	for j, series := range [][]float64{train, val} {
		if len(series) == 0 {
			continue
		}
		var pts strings.Builder
		for i, v := range series {
			if !math.IsNaN(v) && !math.IsInf(v, 0) {
				fmt.Fprintf(&pts, "%.1f,%.1f ", xAt(i+1), yAt(v))
			}
		}
		dash := ""
		if j == 1 {
			dash = ` stroke-dasharray="6,3"`
		}
		r, g, bl, _ := seriesColors[j].RGBA()
		fmt.Fprintf(b, `<polyline fill="none" stroke="#%02x%02x%02x" stroke-width="2"%s points="%s"/>`, r>>8, g>>8, bl>>8, dash, pts.String())
	}
}

// valueRange is the finite values' range, padded by 5 %, never empty.
func valueRange(series ...[]float64) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, s := range series {
		for _, v := range s {
			if !math.IsNaN(v) && !math.IsInf(v, 0) {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
	}
	if lo > hi {
		return 0, 1
	}
	pad := 0.05 * (hi - lo)
	if pad == 0 {
		pad = 0.05 * math.Max(1e-3, math.Abs(hi))
	}
	return lo - pad, hi + pad
}

// epochTickMarks are the epochs labelled on the x axis: the first, the last
// and up to three in between.
func epochTickMarks(epochs int) []int {
	if epochs <= 5 {
		ticks := make([]int, epochs)
		for i := range ticks {
			ticks[i] = i + 1
		}
		return ticks
	}
	return []int{1, 1 + (epochs-1)/4, 1 + (epochs-1)/2, 1 + 3*(epochs-1)/4, epochs}
}
