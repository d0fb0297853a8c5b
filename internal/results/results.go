// Package results holds what the programs that measure the course's figures
// (commands, notebooks through course.Record) and cmd/figures, which writes
// them into the documents, share about the result files under results/ and
// bench/results/: their formats, and the load average they record.
package results

import (
	"os"
	"strings"
)

// LoadAverage returns the 1, 5 and 15 minute load averages from
// /proc/loadavg ("1.52 0.98 0.61"), or "" where there is none.
func LoadAverage() string {
	raw, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	f := strings.Fields(string(raw))
	return strings.Join(f[:min(3, len(f))], " ")
}
