package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"github.com/gonb-courses/neuralnets/gomlxnet"
)

// writeHistory writes h as history.csv and history.json in dir, each
// through a temporary file renamed into place, so that a reader (or a run
// interrupted mid-write) never sees a partial file.
func writeHistory(dir string, h *gomlxnet.History) error {
	js, err := json.MarshalIndent(h, "", "  ")
	if err != nil {
		return fmt.Errorf("history: %w", err)
	}
	if err := writeAtomic(dir, "history.json", append(js, '\n')); err != nil {
		return err
	}
	return writeAtomic(dir, "history.csv", historyCSV(h))
}

// historyCSV formats h with one row per epoch: epoch, accuracy, loss, the
// validation columns when there are any, and the epoch's seconds.
func historyCSV(h *gomlxnet.History) []byte {
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

// writeAtomic writes data to dir/name through a temporary file in dir,
// synced then renamed over name.
func writeAtomic(dir, name string, data []byte) (err error) {
	tmp, err := os.CreateTemp(dir, "."+name+".*.tmp")
	if err != nil {
		return fmt.Errorf("writing %s: %w", name, err)
	}
	defer func() {
		if err != nil {
			_ = tmp.Close()
			_ = os.Remove(tmp.Name())
		}
	}()
	if err = tmp.Chmod(0o644); err != nil { // CreateTemp makes it private; history is not
		return fmt.Errorf("writing %s: %w", name, err)
	}
	if _, err = tmp.Write(data); err != nil {
		return fmt.Errorf("writing %s: %w", name, err)
	}
	if err = tmp.Sync(); err != nil {
		return fmt.Errorf("writing %s: %w", name, err)
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", name, err)
	}
	if err = os.Rename(tmp.Name(), filepath.Join(dir, name)); err != nil {
		return fmt.Errorf("writing %s: %w", name, err)
	}
	return nil
}
