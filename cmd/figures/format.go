package main

import (
	"fmt"
	"strings"
	"time"
)

// percent writes a fraction as a percentage with two decimals: "98.60%".
func percent(x float64) string { return fmt.Sprintf("%.2f%%", 100*x) }

// list joins items as "a, b and c".
func list(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

// minutes writes seconds as seconds under a minute ("45 s"), minutes with
// one decimal under ten ("1.8 minutes"), else whole minutes ("17 minutes").
func minutes(s float64) string {
	switch {
	case s < 60:
		return fmt.Sprintf("%.0f s", s)
	case s < 600:
		return fmt.Sprintf("%.1f minutes", s/60)
	}
	return fmt.Sprintf("%.0f minutes", s/60)
}

// plural writes n and the noun, with an s unless n is 1: "1 thread", "2 threads".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// when writes a result file's time stamp (bench.sh's 20261202T164302Z, or
// RFC 3339) as "2026-12-02 16:43 UTC"; other text is returned as it is.
func when(stamp string) string {
	for _, layout := range []string{"20060102T150405Z", time.RFC3339} {
		if t, err := time.Parse(layout, stamp); err == nil {
			return t.UTC().Format("2006-01-02 15:04 UTC")
		}
	}
	return stamp
}

// groupDigits writes n with thousands separators: 18378 -> "18,378".
func groupDigits(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
