package gomlxnet

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gomlx/gomlx/pkg/core/tensors"
)

// resum gives a model file (parts 1 to 3 and a trailer) the trailer that
// matches its content, as if Save had written it: for tests of the checks
// made after the checksum.
func resum(raw []byte) []byte {
	body := raw[:max(0, len(raw)-trailerBytes)]
	sum := sha256.Sum256(body)
	return append(bytes.Clone(body), hex.EncodeToString(sum[:])+"\n"...)
}

// setParam puts values into a model's parameter directly, as a diverged
// Fit does (SetWeights refuses non-finite values).
func setParam(m *Model, i int, values []float32) {
	p := m.params[i]
	p.value = tensors.FromFlatDataAndDimensions(values, p.shape...)
}

// TestSaveNonFinite saves a network whose weights went NaN (issue 14, item
// 2): Save refuses, naming the weight, and the good file stays loadable.
func TestSaveNonFinite(t *testing.T) {
	m, _, _ := trainedXOR(t)
	path := filepath.Join(t.TempDir(), "model.gmlx")
	if err := m.Save(path); err != nil {
		t.Fatal(err)
	}
	good, _ := os.ReadFile(path)
	ws, err := m.Weights()
	if err != nil {
		t.Fatal(err)
	}
	kernel := ws[0].Value.Data
	kernel[3] = float32(math.NaN())
	setParam(m, 0, kernel)
	err = m.Save(path)
	if !errors.Is(err, ErrData) || !strings.Contains(err.Error(), "dense_1/kernel holds NaN at index 3") {
		t.Fatalf("Save of NaN weights: error %v, want ErrData naming dense_1/kernel index 3", err)
	}
	if now, _ := os.ReadFile(path); !bytes.Equal(now, good) {
		t.Error("the refused Save changed the good file")
	}
	if _, err := LoadModel(path); err != nil {
		t.Errorf("the good file no longer loads: %v", err)
	}
	// A file holding NaN with a valid checksum (not from Save) is refused for what it is.
	i := bytes.Index(good, []byte("\n")) + 1
	i += bytes.Index(good[i:], []byte("\n")) + 1 // first weight value
	bad := bytes.Clone(good)
	copy(bad[i:], []byte{0, 0, 0xc0, 0x7f}) // float32 NaN, little-endian
	os.WriteFile(path, resum(bad), 0o644)
	_, err = LoadModel(path)
	if !errors.Is(err, ErrFormat) || !errors.Is(err, ErrData) || !strings.Contains(err.Error(), "NaN or infinite") {
		t.Errorf("LoadModel of a NaN weight: error %v, want ErrFormat and ErrData saying NaN or infinite", err)
	}
}

// TestLoadModelEditedActivation changes an activation in a saved header
// (issue 14, item 6): the checksum covers the header, so it is refused.
func TestLoadModelEditedActivation(t *testing.T) {
	m, _, _ := trainedXOR(t)
	path := filepath.Join(t.TempDir(), "model.gmlx")
	if err := m.Save(path); err != nil {
		t.Fatal(err)
	}
	raw, _ := os.ReadFile(path)
	edited := bytes.Replace(raw, []byte(`"activation":"tanh"`), []byte(`"activation":"relu"`), 1)
	if bytes.Equal(edited, raw) {
		t.Fatalf("no tanh activation in the header: %.200s", raw)
	}
	os.WriteFile(path, edited, 0o644)
	if _, err := LoadModel(path); !errors.Is(err, ErrChecksum) || !strings.Contains(err.Error(), path) {
		t.Errorf("LoadModel of an edited header: error %v, want ErrChecksum naming the file", err)
	}
}

// TestLoadModelVersion1 reads a file in the previous format, whose header
// no checksum covered: it is refused with what to do.
func TestLoadModelVersion1(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.gmlx")
	os.WriteFile(path, []byte("gomlxnet-model 1\n{\"layers\":[]}\n"), 0o644)
	_, err := LoadModel(path)
	if !errors.Is(err, ErrFormat) || !strings.Contains(err.Error(), "format 1") || !strings.Contains(err.Error(), "Save the model again") {
		t.Errorf("LoadModel of a version 1 file: error %v, want ErrFormat saying format 1 and to save again", err)
	}
}

// TestSaveKeepsReadOnly saves over a read-only model (issue 14, item 5)
// and with an empty name (item 8).
func TestSaveKeepsReadOnly(t *testing.T) {
	m, _, _ := trainedXOR(t)
	path := filepath.Join(t.TempDir(), "model.gmlx")
	os.WriteFile(path, []byte("kept"), 0o444)
	if err := m.Save(path); !errors.Is(err, fs.ErrPermission) || !strings.Contains(err.Error(), "read-only") {
		t.Errorf("Save over a read-only file: error %v, want fs.ErrPermission saying read-only", err)
	}
	if info, err := os.Stat(path); err != nil || info.Mode().Perm() != 0o444 || info.Size() != 4 {
		t.Errorf("read-only file now %v, %d bytes (%v); want it untouched", info.Mode(), info.Size(), err)
	}
	err := m.Save("")
	if !errors.Is(err, ErrArgument) || !strings.Contains(err.Error(), "empty file name") || strings.Contains(err.Error(), ".tmp") {
		t.Errorf(`Save(""): error %v, want ErrArgument saying the file name is empty`, err)
	}
}
