package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strconv"

	"github.com/gonb-courses/neuralnets/fileio"
	"github.com/gonb-courses/neuralnets/metrics"
)

// writeHistory writes h as history.csv and history.json in dir, each
// through a temporary file renamed into place, so that a reader (or a run
// interrupted mid-write) never sees a partial file.
func writeHistory(dir string, h *metrics.History) error {
	js, err := json.MarshalIndent(h, "", "  ")
	if err != nil {
		return fmt.Errorf("history: %w", err)
	}
	if err := fileio.WriteAtomic(filepath.Join(dir, "history.json"), append(js, '\n')); err != nil {
		return err
	}
	return fileio.WriteAtomic(filepath.Join(dir, "history.csv"), historyCSV(h))
}

// historyCSV formats h with one row per epoch: epoch, accuracy, loss, the
// validation columns when there are any, and the epoch's seconds.
func historyCSV(h *metrics.History) []byte {
	var b bytes.Buffer
	val := len(h.ValLoss) > 0
	b.WriteString("epoch,accuracy,loss")
	if val {
		b.WriteString(",val_accuracy,val_loss")
	}
	b.WriteString(",seconds\n")
	num := func(v []float64, i int) string {
		if i >= len(v) {
			return "" // e.g. accuracy when it was not a metric
		}
		return strconv.FormatFloat(v[i], 'g', -1, 64)
	}
	for i, e := range h.Epochs {
		fmt.Fprintf(&b, "%d,%s,%s", e, num(h.Accuracy, i), num(h.Loss, i))
		if val {
			fmt.Fprintf(&b, ",%s,%s", num(h.ValAccuracy, i), num(h.ValLoss, i))
		}
		fmt.Fprintf(&b, ",%s\n", num(h.SecondsPerEpoch, i))
	}
	return b.Bytes()
}
