package course

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/gonb-courses/neuralnets/course/lecture"
	"github.com/gonb-courses/neuralnets/internal/results"
)

func TestMustCheck(t *testing.T) {
	boom := errors.New("boom")
	tests := []struct {
		name    string
		fn      func()
		wantErr error
	}{
		{"Must ok", func() { _ = Must(1, nil) }, nil},
		{"Must error", func() { _ = Must(1, boom) }, boom},
		{"Must2 ok", func() { _, _ = Must2(1, 2, nil) }, nil},
		{"Must2 error", func() { _, _ = Must2(1, 2, boom) }, boom},
		{"Check ok", func() { Check(nil) }, nil},
		{"Check error", func() { Check(boom) }, boom},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := func() (r any) {
				defer func() { r = recover() }()
				tt.fn()
				return nil
			}()
			if tt.wantErr == nil && got != nil || tt.wantErr != nil && got != tt.wantErr {
				t.Errorf("panicked with %v, want %v", got, tt.wantErr)
			}
		})
	}
	if v := Must("v", nil); v != "v" {
		t.Errorf("Must returned %q, want v", v)
	}
}

func TestFastMode(t *testing.T) {
	tests := []struct {
		env            string
		fast           bool
		images, epochs int
	}{
		{"", false, lecture.TrainImages, lecture.Epochs},
		{"0", false, lecture.TrainImages, lecture.Epochs},
		{"1", true, lecture.FastTrainImages, lecture.FastEpochs},
	}
	for _, tt := range tests {
		t.Setenv(FastEnv, tt.env)
		if Fast() != tt.fast || TrainingImages() != tt.images || TrainingEpochs() != tt.epochs {
			t.Errorf("%s=%q: Fast %v, %d images, %d epochs; want %v, %d, %d", FastEnv, tt.env,
				Fast(), TrainingImages(), TrainingEpochs(), tt.fast, tt.images, tt.epochs)
		}
	}
}

// TestModelFile checks that the saved network lands in out/ at the
// repository's root, from the notebooks' folder and from a folder below it,
// with fast mode in its name.
func TestModelFile(t *testing.T) {
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ gonbDir, fast, want string }{
		{filepath.Join(root, "notebooks"), "", "lecture-model-scale1.gmlx"},
		{filepath.Join(root, "notebooks", "exercises"), "1", "lecture-model-scale1-fast.gmlx"},
	} {
		t.Setenv("GONB_DIR", tt.gonbDir)
		t.Setenv(FastEnv, tt.fast)
		if got, want := ModelFile(), filepath.Join(root, "out", tt.want); got != want {
			t.Errorf("GONB_DIR=%s: ModelFile() = %s, want %s", tt.gonbDir, got, want)
		}
	}
	t.Setenv("GONB_DIR", t.TempDir()) // no go.mod above it
	if got := RepoRoot(); got != ".." {
		t.Errorf("RepoRoot() outside the repository = %q, want ..", got)
	}
}

func TestLoadModelMissing(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module "+modulePath+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("GONB_DIR", dir)
	if _, err := LoadModel(); !errors.Is(err, ErrNoModel) {
		t.Errorf("LoadModel() without a saved network: error %v, want ErrNoModel", err)
	}
}

func ExampleLectureNetwork() {
	model := Must(LectureNetwork())
	fmt.Println("parameters:", model.ParamCount())
	// Output: parameters: 23860
}

func ExampleCompileOptions() {
	opts := CompileOptions(1)
	fmt.Println(opts.Metrics, opts.Seed)
	// Output: [accuracy] 1
}

// TestSaveLoadModel saves a compiled lecture model in a repository of its
// own and loads it back: the same weights, compiled again.
func TestSaveLoadModel(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module "+modulePath+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("GONB_DIR", filepath.Join(dir, "notebooks"))
	t.Setenv(FastEnv, "1")
	model, err := LectureModel(7)
	if err != nil {
		t.Fatal(err)
	}
	if err := SaveModel(model); err != nil {
		t.Fatal(err)
	}
	loaded, err := LoadModel()
	if err != nil {
		t.Fatal(err)
	}
	want, err := model.Weights()
	if err != nil {
		t.Fatal(err)
	}
	got, err := loaded.Weights()
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("loaded %d weights, want %d", len(got), len(want))
	}
	for i := range want {
		if fmt.Sprint(got[i].Value.Data) != fmt.Sprint(want[i].Value.Data) {
			t.Errorf("weight %s differs after SaveModel and LoadModel", want[i].Name)
		}
	}
}

func TestRecord(t *testing.T) {
	dir := t.TempDir()
	t.Setenv(ResultsEnv, "")
	if err := Record("r.json", "a", 1); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "r.json")); err == nil {
		t.Error("Record wrote without $" + ResultsEnv)
	}
	t.Setenv(ResultsEnv, dir)
	t.Setenv(ResultsCommandEnv, "scripts/notebooks.py --results "+dir)
	t.Setenv(ResultsStartEnv, "1700000000")
	t.Setenv(FastEnv, "1")
	if err := Record("r.json", "a", []int{1, 2}); err != nil {
		t.Fatal(err)
	}
	f, err := results.ReadNotebook(filepath.Join(dir, "r.json"))
	if err != nil {
		t.Fatal(err)
	}
	var got []int
	p, err := f.Decode("a", &got)
	if err != nil || len(got) != 2 || p.Started != 1700000000 || !p.Fast || f.Command == "" {
		t.Errorf("recorded %+v, part %+v, %v", f, p, err)
	}
	t.Setenv(ResultsStartEnv, "soon")
	if err := Record("r.json", "a", 1); err == nil {
		t.Errorf("$%s=soon: no error", ResultsStartEnv)
	}
}
