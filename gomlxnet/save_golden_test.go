package gomlxnet

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// The golden model file: smallCNN (every kind of layer, non-default kernel
// options) as Save wrote it before layers became values of one interface
// (issue 13), with its summary and what the loaded model predicted then.
const (
	goldenModel   = "testdata/every_layer_v2.gmlx"
	goldenSummary = "testdata/every_layer_summary.txt"
	goldenPredict = "testdata/every_layer_predict.json"
)

// TestGoldenModelFile loads the golden file, checks the summary and the
// predictions against the ones recorded with it, and saves the model again:
// the file must come out byte for byte the same, so the format has not
// changed in either direction.
func TestGoldenModelFile(t *testing.T) {
	want, err := os.ReadFile(goldenModel)
	if err != nil {
		t.Fatal(err)
	}
	m, err := LoadModel(goldenModel)
	if err != nil {
		t.Fatal(err)
	}
	summary, err := os.ReadFile(goldenSummary)
	if err != nil {
		t.Fatal(err)
	}
	if got := m.String(); got != string(summary) {
		t.Errorf("summary of the loaded model:\n%s\nwant:\n%s", got, summary)
	}
	path := filepath.Join(t.TempDir(), "again.gmlx")
	if err := m.Save(path); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(path); !bytes.Equal(got, want) {
		t.Errorf("saving the loaded model gives another file:\n%.600s\nwant:\n%.600s", got, want)
	}
	var rec struct{ X, Predict Array[float32] }
	raw, err := os.ReadFile(goldenPredict)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &rec); err != nil {
		t.Fatal(err)
	}
	if err := m.Compile(CompileOptions{Loss: CategoricalCrossentropy, Optimizer: Adam(0.01)}); err != nil {
		t.Fatal(err)
	}
	p, err := m.Predict(rec.X)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(p.Shape, rec.Predict.Shape) {
		t.Fatalf("Predict shape %v, want %v", p.Shape, rec.Predict.Shape)
	}
	for i, v := range p.Data {
		if d := v - rec.Predict.Data[i]; d > 1e-6 || d < -1e-6 {
			t.Fatalf("Predict[%d] = %v, recorded %v", i, v, rec.Predict.Data[i])
		}
	}
}

// TestLayerClassesRoundTrip rebuilds one layer of every registered class
// from its configuration and checks that it writes the same configuration
// back: a new layer kind is covered once it registers its class.
func TestLayerClassesRoundTrip(t *testing.T) {
	configs := map[string]layerConfig{
		"Dense":        {Units: 3, Activation: Tanh, L2: 0.01, Initializer: &Initializer{Name: "he_uniform"}},
		"Conv2D":       {Filters: 2, KernelSize: 3, Activation: ReLU},
		"MaxPooling2D": {PoolSize: 2},
		"Flatten":      {},
		"Dropout":      {Rate: 0.5},
		"Reshape":      {TargetShape: []int{6, 6, 1}},
	}
	for class := range layerClasses {
		t.Run(class, func(t *testing.T) {
			c, ok := configs[class]
			if !ok {
				t.Fatalf("no configuration for the registered class %s in this test", class)
			}
			c.Class = class
			l, err := c.layer()
			if err != nil {
				t.Fatal(err)
			}
			input := Input(36)
			var in *Symbol = input
			if class == "Conv2D" || class == "MaxPooling2D" {
				in = Reshape(6, 6, 1)(input)
			}
			out := l(in)
			m, err := NewModel(input, out)
			if err != nil {
				t.Fatal(err)
			}
			last := m.layers[len(m.layers)-1]
			c.Name = last.name
			got, want := last.config(), c
			gotJSON, _ := json.Marshal(got)
			wantJSON, _ := json.Marshal(want)
			if !bytes.Equal(gotJSON, wantJSON) {
				t.Errorf("config %s, want %s", gotJSON, wantJSON)
			}
		})
	}
	if len(layerClasses) != len(configs) {
		t.Errorf("%d classes registered, the test knows %d", len(layerClasses), len(configs))
	}
}
