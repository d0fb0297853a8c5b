package course

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/gonb-courses/neuralnets/internal/results"
)

// The environment variables scripts/notebooks.py --results DIR sets for the
// kernel, so that a notebook records the figures a lesson shows.
const (
	// ResultsEnv names the directory Record writes to; unset, Record does
	// nothing.
	ResultsEnv = "GOMLXNET_RESULTS_DIR"
	// ResultsCommandEnv holds the command that ran the notebook.
	ResultsCommandEnv = "GOMLXNET_RESULTS_COMMAND"
	// ResultsStartEnv holds the Unix time at which the notebook's run started.
	ResultsStartEnv = "GOMLXNET_RESULTS_START"
)

// Record adds v, a cell's measured figures, as the part named part to the
// JSON file name in the directory $GOMLXNET_RESULTS_DIR, with when and where
// it was measured (package internal/results); the file is written through a
// temporary file renamed into place. Without $GOMLXNET_RESULTS_DIR it does
// nothing: a notebook run by hand records nothing.
func Record(name, part string, v any) error {
	dir := os.Getenv(ResultsEnv)
	if dir == "" {
		return nil
	}
	run := results.Run{Command: os.Getenv(ResultsCommandEnv), Fast: Fast()}
	if s := os.Getenv(ResultsStartEnv); s != "" {
		unix, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return fmt.Errorf("course: $%s=%q is not a Unix time: %w", ResultsStartEnv, s, err)
		}
		run.Started = time.Unix(unix, 0)
	}
	return results.AddPart(filepath.Join(dir, name), part, v, run)
}
