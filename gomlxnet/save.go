package gomlxnet

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"

	"github.com/gonb-courses/neuralnets/arrays"
)

// The model file format Save writes and LoadModel reads, version 2. A file
// is four parts, one after the other:
//
//  1. the magic line "gomlxnet-model 2\n";
//  2. a header: one line of JSON (fileHeader) ending in "\n", listing the
//     layers with their configuration, the weights' names and shapes, and
//     the number of bytes of weight data that follow;
//  3. the weights, in the header's order, each row-major (C order) as
//     little-endian IEEE-754 float32, all finite;
//  4. the SHA-256 of parts 1 to 3 as 64 hex digits and "\n", the file's end.
//
// The checksum covers the header too, so a file whose architecture was edited
// is refused like one whose weights were damaged. The header is plain JSON,
// so `head -2 model.gmlx` shows the architecture. Version 1 (until issue 14)
// checked the weights only; LoadModel refuses it with an error saying to save
// the model again.
const (
	saveMagic   = "gomlxnet-model 2\n"
	saveMagicV1 = "gomlxnet-model 1\n"
	// maxHeaderBytes bounds the header line, so that a file which is not a
	// model is rejected quickly: even a deep network's header is a few KB.
	maxHeaderBytes = 1 << 20
	bytesPerValue  = 4 // float32
	// trailerBytes is part 4: the hex SHA-256 and a newline.
	trailerBytes = 2*sha256.Size + 1
)

// fileHeader is the JSON header of a model file.
type fileHeader struct {
	Layers    []layerConfig  `json:"layers"`
	Weights   []weightHeader `json:"weights"`
	DataBytes int            `json:"data_bytes"`
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
// a half-written model (see WriteFileAtomic: a read-only file is not
// replaced). The optimizer's state is not saved: LoadModel then Compile
// gives back the model with a fresh optimizer. Save fails with
// ErrNotCompiled while the weights have no values (before Compile or
// SetWeights), and with ErrData, writing nothing, when a weight is NaN or
// infinite (a diverged Fit): LoadModel could not load it.
func (m *Model) Save(path string) (err error) {
	defer recoverAs(&err, "Save")
	if path == "" {
		return fmt.Errorf("%w: Save: empty file name, want a path such as model.gmlx", ErrArgument)
	}
	ws, err := m.Weights()
	if err != nil {
		return fmt.Errorf("gomlxnet: Save %s: %w", path, inner(err))
	}
	var file bytes.Buffer
	file.WriteString(saveMagic)
	hdr := fileHeader{}
	for _, l := range m.layers {
		hdr.Layers = append(hdr.Layers, l.config())
	}
	for _, w := range ws {
		if i := firstNonFinite(w.Value.Data); i >= 0 {
			return fmt.Errorf("%w: Save %s: %s holds %v at index %d (did the training diverge? try a smaller learning rate); nothing written",
				ErrData, path, w.Name, w.Value.Data[i], i)
		}
		hdr.Weights = append(hdr.Weights, weightHeader{Name: w.Name, Shape: w.Value.Shape})
		hdr.DataBytes += len(w.Value.Data) * bytesPerValue
	}
	head, err := json.Marshal(hdr)
	if err != nil {
		return fmt.Errorf("gomlxnet: Save %s: encoding the header: %w", path, err)
	}
	file.Write(head)
	file.WriteByte('\n')
	for _, w := range ws {
		if err := binary.Write(&file, binary.LittleEndian, w.Value.Data); err != nil {
			return fmt.Errorf("gomlxnet: Save %s: encoding %s: %w", path, w.Name, err)
		}
	}
	sum := sha256.Sum256(file.Bytes())
	file.WriteString(hex.EncodeToString(sum[:]) + "\n")
	return WriteFileAtomic(path, file.Bytes())
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
		return nil, fmt.Errorf("%w: %s: the layers cannot be rebuilt: %w", ErrFormat, path, inner(err))
	}
	ws, err := decodeWeights(hdr.Weights, data)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrFormat, path, err)
	}
	if err := m.SetWeights(ws); err != nil {
		what := "the weights do not fit the layers"
		if errors.Is(err, ErrData) {
			what = "a weight is NaN or infinite"
		}
		return nil, fmt.Errorf("%w: %s: %s: %w", ErrFormat, path, what, inner(err))
	}
	return m, nil
}

// parseModelFile splits a model file into its header and weight data,
// checking the magic line, the SHA-256 of everything before the trailer,
// then the header and the data's length.
func parseModelFile(raw []byte) (hdr fileHeader, data []byte, err error) {
	if bytes.HasPrefix(raw, []byte(saveMagicV1)) {
		return hdr, nil, errors.New("model file format 1, written by an earlier gomlxnet; this one reads format 2, " +
			"whose checksum also covers the header: Save the model again (notebook 5 retrains and saves it)")
	}
	if !bytes.HasPrefix(raw, []byte(saveMagic)) {
		return hdr, nil, fmt.Errorf("not a gomlxnet model file: want it to start with %q", saveMagic)
	}
	if len(raw) < len(saveMagic)+trailerBytes || raw[len(raw)-1] != '\n' {
		return hdr, nil, fmt.Errorf("no SHA-256 line at the end of the file (truncated?)")
	}
	body, trailer := raw[:len(raw)-trailerBytes], string(raw[len(raw)-trailerBytes:len(raw)-1])
	sum := sha256.Sum256(body)
	if got := hex.EncodeToString(sum[:]); got != trailer {
		return hdr, nil, fmt.Errorf("the header and weights have SHA-256 %s, the file says %q (damaged, truncated or edited: %w)",
			got, trailer, inner(ErrChecksum))
	}
	rest := body[len(saveMagic):]
	end := bytes.IndexByte(rest[:min(len(rest), maxHeaderBytes)], '\n')
	if end < 0 {
		return hdr, nil, fmt.Errorf("no header line ending in a newline within %d bytes of the magic line", maxHeaderBytes)
	}
	if err := json.Unmarshal(rest[:end], &hdr); err != nil {
		return hdr, nil, fmt.Errorf("bad JSON header: %w", err)
	}
	data = rest[end+1:]
	if len(data) != hdr.DataBytes {
		return hdr, nil, fmt.Errorf("%d bytes of weight data, the header says %d", len(data), hdr.DataBytes)
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
		a := arrays.New[float32](w.Shape...)
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
