package course

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/gonb-courses/neuralnets/course/lecture"
	"github.com/gonb-courses/neuralnets/gomlxnet"
)

// LectureNetwork builds the lecture's network, not yet compiled: 784
// inputs, a dense layer of 30 sigmoid neurons, a dense layer of 10 sigmoid
// outputs, as notebook 4 writes it line by line:
//
//	input := gomlxnet.Input(784)
//	hidden := gomlxnet.Dense(30, gomlxnet.Sigmoid)(input)
//	output := gomlxnet.Dense(10, gomlxnet.Sigmoid)(hidden)
//	model, err := gomlxnet.NewModel(input, output)
func LectureNetwork() (*gomlxnet.Model, error) {
	input := gomlxnet.Input(lecture.Inputs)
	hidden := gomlxnet.Dense(lecture.Hidden, gomlxnet.Sigmoid)(input)
	output := gomlxnet.Dense(lecture.Classes, gomlxnet.Sigmoid)(hidden)
	return gomlxnet.NewModel(input, output)
}

// CompileOptions are the lecture's compile() choices: the quadratic cost
// (keras' mean squared error), plain SGD at the lecture's learning rate and
// the accuracy metric, with the given seed for the first weights and the
// shuffling.
func CompileOptions(seed uint64) gomlxnet.CompileOptions {
	return gomlxnet.CompileOptions{
		Loss:      gomlxnet.MeanSquaredError,
		Optimizer: gomlxnet.SGD(lecture.LearningRate),
		Metrics:   []string{"accuracy"},
		Seed:      seed,
	}
}

// LectureModel is LectureNetwork compiled with CompileOptions(seed): the
// network notebooks 5 and 6 train, ready for Fit.
func LectureModel(seed uint64) (*gomlxnet.Model, error) {
	model, err := LectureNetwork()
	if err != nil {
		return nil, err
	}
	if err := model.Compile(CompileOptions(seed)); err != nil {
		return nil, err
	}
	return model, nil
}

// ModelFile is where notebook 5 saves the trained lecture network and
// notebook 6 reads it: out/ at the repository's root (found from the
// notebook's folder, $GONB_DIR, or else the working directory), which is
// not committed. The name records the lecture's input scale, so that a
// network is never tested on inputs scaled differently from its training
// data, and fast mode: out/lecture-model-scale1.gmlx, or
// out/lecture-model-scale1-fast.gmlx.
func ModelFile() string {
	name := fmt.Sprintf("lecture-model-scale%d", lecture.InputScale)
	if Fast() {
		name += "-fast"
	}
	return filepath.Join(RepoRoot(), "out", name+".gmlx")
}

// modulePath is the course's Go module, named in its go.mod.
const modulePath = "github.com/gonb-courses/neuralnets"

// RepoRoot is the folder of the course's go.mod, looked for from $GONB_DIR
// (the running notebook's folder) or else the working directory upwards;
// ".." (a notebook's parent) when there is none.
func RepoRoot() string {
	dir := os.Getenv("GONB_DIR")
	if dir == "" {
		dir, _ = os.Getwd()
	}
	for dir != "" {
		mod, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil && strings.HasPrefix(string(mod), "module "+modulePath+"\n") {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			break
		}
		dir = parent
	}
	return ".."
}

// ErrNoModel reports that ModelFile does not exist yet: run notebook 5 (or
// SaveModel) first.
var ErrNoModel = errors.New("course: no saved lecture network")

// SaveModel saves model in ModelFile, creating out/ if needed.
func SaveModel(model *gomlxnet.Model) error {
	path := ModelFile()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("course: saving the lecture network: %w", err)
	}
	return model.Save(path)
}

// LoadModel reads the network saved in ModelFile and compiles it with the
// lecture's CompileOptions, keeping its trained weights. It fails with
// ErrNoModel when the file is not there.
func LoadModel() (*gomlxnet.Model, error) {
	path := ModelFile()
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("%w: %s not found (notebook 5 saves it)", ErrNoModel, path)
	}
	model, err := gomlxnet.LoadModel(path)
	if err != nil {
		return nil, err
	}
	if err := model.Compile(CompileOptions(1)); err != nil {
		return nil, err
	}
	return model, nil
}

// TrainedModel returns the lecture network notebook 5 trained and saved
// (LoadModel). When ModelFile is not there yet, it says so on standard
// output, trains the network as notebook 5 does (LectureModel(1), Fit on
// TrainData(lecture.InputScale) for TrainingEpochs() epochs in batches of
// lecture.BatchSize), saves it and returns it.
func TrainedModel() (*gomlxnet.Model, error) {
	model, err := LoadModel()
	if !errors.Is(err, ErrNoModel) {
		return model, err
	}
	fmt.Println(ModelFile(), "not found: training the network as notebook 5 does")
	train, err := TrainData(lecture.InputScale)
	if err != nil {
		return nil, err
	}
	if model, err = LectureModel(1); err != nil {
		return nil, err
	}
	opts := gomlxnet.FitOptions{Epochs: TrainingEpochs(), BatchSize: lecture.BatchSize}
	if _, err := model.Fit(train.X, train.Y, opts); err != nil {
		return nil, err
	}
	if err := SaveModel(model); err != nil {
		return nil, err
	}
	return LoadModel()
}
