package gomlxnet

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Summary prints the model's layers and parameter counts to standard output
// as keras' summary() does:
//
//	dense_1 (Dense)    (None, 30)    23,550
//
// one row per layer, then the total, trainable and non-trainable counts.
func (m *Model) Summary() {
	_ = m.SummaryTo(os.Stdout)
}

// SummaryTo writes the table Summary prints to w.
func (m *Model) SummaryTo(w io.Writer) error {
	_, err := io.WriteString(w, m.String())
	return err
}

// Minimal inner widths of the summary's columns, those of keras 3's table.
var summaryWidths = [3]int{33, 24, 15}

// String returns the table Summary prints.
func (m *Model) String() string {
	rows := [][3]string{{"Layer (type)", "Output Shape", "Param #"}}
	for _, l := range m.layers {
		rows = append(rows, [3]string{
			fmt.Sprintf("%s (%s)", l.name, l.kind.class()),
			outputShape(l.outShape),
			groupThousands(l.paramCount(l.inShape)),
		})
	}
	widths := summaryWidths
	for _, r := range rows {
		for c, cell := range r {
			widths[c] = max(widths[c], utf8.RuneCountInString(cell)+2)
		}
	}
	var b strings.Builder
	b.WriteString("Model: \"functional\"\n")
	b.WriteString(rule("┏", "━", "┳", "┓", widths))
	b.WriteString(row("┃", rows[0], widths))
	b.WriteString(rule("┡", "━", "╇", "┩", widths))
	for i, r := range rows[1:] {
		if i > 0 {
			b.WriteString(rule("├", "─", "┼", "┤", widths))
		}
		b.WriteString(row("│", r, widths))
	}
	b.WriteString(rule("└", "─", "┴", "┘", widths))
	n := m.ParamCount()
	fmt.Fprintf(&b, " Total params: %s (%s)\n", groupThousands(n), memorySize(n))
	fmt.Fprintf(&b, " Trainable params: %s (%s)\n", groupThousands(n), memorySize(n))
	fmt.Fprintf(&b, " Non-trainable params: 0 (%s)\n", memorySize(0))
	return b.String()
}

// outputShape formats the shape of a batch of examples of shape shape as
// keras does, the batch size unknown: "(None, 24, 24, 16)".
func outputShape(shape []int) string {
	parts := []string{"None"}
	for _, d := range shape {
		parts = append(parts, strconv.Itoa(d))
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

// rule draws a horizontal line of the table.
func rule(left, fill, cross, right string, widths [3]int) string {
	parts := make([]string, len(widths))
	for i, w := range widths {
		parts[i] = strings.Repeat(fill, w)
	}
	return left + strings.Join(parts, cross) + right + "\n"
}

// row draws one row: text left-aligned in the first two columns and the
// parameter count right-aligned in the third, with one space of margin.
func row(edge string, cells [3]string, widths [3]int) string {
	pad := func(s string, w int, right bool) string {
		gap := strings.Repeat(" ", w-2-utf8.RuneCountInString(s))
		if right {
			return " " + gap + s + " "
		}
		return " " + s + gap + " "
	}
	return edge + pad(cells[0], widths[0], false) + edge + pad(cells[1], widths[1], false) +
		edge + pad(cells[2], widths[2], true) + edge + "\n"
}

// groupThousands formats n with commas: 23860 -> "23,860".
func groupThousands(n int) string {
	s := strconv.Itoa(n)
	if n < 0 {
		return "-" + groupThousands(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// memorySize formats the memory of n float32 parameters as keras'
// readable_memory_size does, in powers of 1024: 23860 -> "93.20 KB".
func memorySize(n int) string {
	size := float64(n) * 4 // bytes per float32
	for _, unit := range []string{"B", "KB", "MB", "GB"} {
		if size < 1024 {
			return fmt.Sprintf("%.2f %s", size, unit)
		}
		size /= 1024
	}
	return fmt.Sprintf("%.2f TB", size)
}
