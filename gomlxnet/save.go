package gomlxnet

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"slices"
)

// The model file format Save writes and LoadModel reads, version 1. A file
// is three parts, one after the other:
//
//  1. the magic line "gomlxnet-model 1\n";
//  2. a header: one line of JSON (fileHeader) ending in "\n", listing the
//     layers with their configuration, the weights' names and shapes, the
//     number of bytes of weight data that follow and their SHA-256;
//  3. the weights, in the header's order, each row-major (C order) as
//     little-endian IEEE-754 float32, with nothing after them.
//
// The header is plain JSON, so `head -2 model.gmlx` shows the architecture.
const (
	saveMagic = "gomlxnet-model 1\n"
	// maxHeaderBytes bounds the header line, so that a file which is not a
	// model is rejected quickly: even a deep network's header is a few KB.
	maxHeaderBytes = 1 << 20
	bytesPerValue  = 4 // float32
)

// fileHeader is the JSON header of a model file.
type fileHeader struct {
	Layers    []layerConfig  `json:"layers"`
	Weights   []weightHeader `json:"weights"`
	DataBytes int            `json:"data_bytes"`
	SHA256    string         `json:"sha256"`
}

// weightHeader names one weight array of the data part and gives its shape.
type weightHeader struct {
	Name  string `json:"name"`
	Shape []int  `json:"shape"`
}

// Save writes the model's architecture (every layer and its configuration)
// and its weights to the file path, in the format described in save.go,
// like keras' save_model(). It writes to a temporary file in the same
// directory and renames it to path only when complete, so path never holds
// a half-written model. The optimizer's state is not saved: LoadModel then
// Compile gives back the model with a fresh optimizer. Save fails with
// ErrNotCompiled while the weights have no values (before Compile or
// SetWeights).
func (m *Model) Save(path string) (err error) {
	defer recoverAs(&err, "Save")
	ws, err := m.Weights()
	if err != nil {
		return fmt.Errorf("gomlxnet: Save %s: %w", path, err)
	}
	var data bytes.Buffer
	hdr := fileHeader{}
	for _, l := range m.layers {
		hdr.Layers = append(hdr.Layers, l.config())
	}
	for _, w := range ws {
		hdr.Weights = append(hdr.Weights, weightHeader{Name: w.Name, Shape: w.Value.Shape})
		if err := binary.Write(&data, binary.LittleEndian, w.Value.Data); err != nil {
			return fmt.Errorf("gomlxnet: Save %s: encoding %s: %w", path, w.Name, err)
		}
	}
	sum := sha256.Sum256(data.Bytes())
	hdr.DataBytes, hdr.SHA256 = data.Len(), hex.EncodeToString(sum[:])
	head, err := json.Marshal(hdr)
	if err != nil {
		return fmt.Errorf("gomlxnet: Save %s: encoding the header: %w", path, err)
	}
	file := slices.Concat([]byte(saveMagic), head, []byte("\n"), data.Bytes())
	return WriteFileAtomic(path, file)
}

// LoadModel reads a model written by Save, like keras' load_model(): the
// layers are rebuilt from their configuration and given the saved weights.
// The model still needs Compile (which keeps the loaded weights) before
// Evaluate, Predict or Fit. A file that is not a complete, intact model file
// gives an error wrapping ErrFormat that names the file and what was
// expected; damaged weight data also wraps ErrChecksum.
func LoadModel(path string) (m *Model, err error) {
	defer recoverAs(&err, "LoadModel")
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("gomlxnet: LoadModel: %w", err)
	}
	hdr, data, err := parseModelFile(raw)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrFormat, path, err)
	}
	m, err = modelFromConfigs(hdr.Layers)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: the layers cannot be rebuilt: %w", ErrFormat, path, err)
	}
	ws, err := decodeWeights(hdr.Weights, data)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrFormat, path, err)
	}
	if err := m.SetWeights(ws); err != nil {
		return nil, fmt.Errorf("%w: %s: the weights do not fit the layers: %w", ErrFormat, path, err)
	}
	return m, nil
}

// parseModelFile splits a model file into its header and weight data,
// checking the magic line, the data's length and its SHA-256.
func parseModelFile(raw []byte) (hdr fileHeader, data []byte, err error) {
	rest, ok := bytes.CutPrefix(raw, []byte(saveMagic))
	if !ok {
		return hdr, nil, fmt.Errorf("not a gomlxnet model file: want it to start with %q", saveMagic)
	}
	end := bytes.IndexByte(rest[:min(len(rest), maxHeaderBytes)], '\n')
	if end < 0 {
		return hdr, nil, fmt.Errorf("no header line ending in a newline within %d bytes of the magic line (truncated?)", maxHeaderBytes)
	}
	if err := json.Unmarshal(rest[:end], &hdr); err != nil {
		return hdr, nil, fmt.Errorf("bad JSON header: %w", err)
	}
	data = rest[end+1:]
	if len(data) != hdr.DataBytes {
		return hdr, nil, fmt.Errorf("%d bytes of weight data, the header says %d (truncated or extended file)", len(data), hdr.DataBytes)
	}
	sum := sha256.Sum256(data)
	if got := hex.EncodeToString(sum[:]); got != hdr.SHA256 {
		return hdr, nil, fmt.Errorf("weight data has SHA-256 %s, the header says %s (%w)", got, hdr.SHA256, ErrChecksum)
	}
	return hdr, data, nil
}

// decodeWeights cuts data into the arrays the header lists.
func decodeWeights(list []weightHeader, data []byte) ([]Weight, error) {
	ws := make([]Weight, 0, len(list))
	off := 0
	for _, w := range list {
		n := 1
		for _, d := range w.Shape {
			if d < 0 || (d > 0 && n > math.MaxInt32/d) {
				return nil, fmt.Errorf("weight %s has an invalid shape %v", w.Name, w.Shape)
			}
			n *= d
		}
		if off+n*bytesPerValue > len(data) {
			return nil, fmt.Errorf("weight %s of shape %v needs %d bytes, only %d are left",
				w.Name, w.Shape, n*bytesPerValue, len(data)-off)
		}
		a := NewArray[float32](w.Shape...)
		for i := range a.Data {
			a.Data[i] = math.Float32frombits(binary.LittleEndian.Uint32(data[off+i*bytesPerValue:]))
		}
		off += n * bytesPerValue
		ws = append(ws, Weight{Name: w.Name, Value: a})
	}
	if off != len(data) {
		return nil, fmt.Errorf("the weights listed take %d bytes, the file has %d", off, len(data))
	}
	return ws, nil
}
