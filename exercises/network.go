package exercises

import (
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/gonb-courses/neuralnets/arrays"
	"github.com/gonb-courses/neuralnets/datasets/mnist"
	"github.com/gonb-courses/neuralnets/gomlxnet"
	"github.com/gonb-courses/neuralnets/metrics"
)

// Budget is what CheckBetterNetwork asks of a network: trained on the first
// TrainRows MNIST training images (pixels scaled to [0, 1], labels one-hot)
// within MaxSeconds of Fit, it must reach MinAccuracy on the first TestRows
// test images.
type Budget struct {
	TrainRows, TestRows int
	MinAccuracy         float64
	MaxSeconds          float64
	Report              io.Writer // if not nil, gets a line with the accuracy and the training time
}

// FullBudget is exercise 8.2 as stated: 97% on the whole test set after at
// most 5 minutes of training on the whole training set. The solution
// (solutions/08_beyond_the_lecture.go: 784-128-10, ReLU, softmax,
// cross-entropy, Adam, 10 epochs) reached 0.9769 after 28 s of training on
// the project's shared 2-core machine, pure-Go backend, load average about
// 10 (go test ./solutions -run TestBetterNetworkFull -exercises.full -v).
var FullBudget = Budget{TrainRows: 60000, TestRows: 10000, MinAccuracy: 0.97, MaxSeconds: 300}

// FastBudget is the quick variant used when GOMLXNET_FAST=1 (CI): a tenth of
// the training set, 2,000 test images, 90% within 60 seconds. The solution
// reached 0.9110 after 2.1 s of training (go test ./solutions -v -run
// TestSolutionsPass/8.2, same machine).
var FastBudget = Budget{TrainRows: 6000, TestRows: 2000, MinAccuracy: 0.90, MaxSeconds: 60}

// errOverBudget stops Fit once the time budget is spent.
var errOverBudget = errors.New("exercises: training time budget spent")

// NetworkBuilder is the signature of exercise 8.2's answer: a model (not yet
// compiled) and how to compile and train it.
type NetworkBuilder func() (*gomlxnet.Model, gomlxnet.CompileOptions, gomlxnet.FitOptions, error)

// CheckBetterNetwork checks exercise 8.2 with FastBudget when GOMLXNET_FAST=1,
// FullBudget otherwise, and reports the accuracy and time to standard output.
func CheckBetterNetwork(build NetworkBuilder) error {
	budget := FullBudget
	if os.Getenv("GOMLXNET_FAST") == "1" {
		budget = FastBudget
	}
	budget.Report = os.Stdout
	return CheckBetterNetworkWith(build, budget)
}

// CheckBetterNetworkWith compiles and trains the network build returns on
// budget's training images and checks its test accuracy and training time.
// Fit runs quietly and is stopped once it runs over the time budget.
func CheckBetterNetworkWith(build NetworkBuilder, budget Budget) (err error) {
	const name = "BetterNetwork"
	in := fmt.Sprintf("%d training images, %d test images, %.0f s", budget.TrainRows, budget.TestRows, budget.MaxSeconds)
	var (
		model   *gomlxnet.Model
		compile gomlxnet.CompileOptions
		fit     gomlxnet.FitOptions
	)
	if err := protect(name, in, func() { model, compile, fit, err = build() }); err != nil {
		return err
	}
	if err != nil || model == nil {
		return fail(name, in, "a model", fmt.Sprintf("model %v, error %v", model, err),
			"build the model with gomlxnet.Input, Dense, NewModel and return it with its options")
	}
	xTrain, yTrain, xTest, yTest, err := budgetData(budget)
	if err != nil {
		return err
	}
	if err := model.Compile(compile); err != nil {
		return fail(name, in, "Compile to succeed", err.Error(), "check the CompileOptions: Loss and Optimizer are needed")
	}
	start := time.Now()
	fit.Quiet, fit.OnEpochEnd = true, func(*metrics.History) error {
		if time.Since(start).Seconds() > budget.MaxSeconds {
			return errOverBudget
		}
		return nil
	}
	_, err = model.Fit(xTrain, yTrain, fit)
	seconds := time.Since(start).Seconds()
	if errors.Is(err, errOverBudget) || seconds > budget.MaxSeconds {
		return fail(name, in, fmt.Sprintf("training within %.0f s", budget.MaxSeconds), fmt.Sprintf("%.0f s", seconds),
			"fewer epochs, a smaller network, or a faster optimiser (Adam) reaching the goal sooner")
	}
	if err != nil {
		return fail(name, in, "Fit to succeed", err.Error(), "check FitOptions: Epochs and BatchSize must be at least 1")
	}
	_, acc, err := model.Evaluate(xTest, yTest)
	if err != nil {
		return fmt.Errorf("exercises: evaluating: %w", err)
	}
	if budget.Report != nil {
		fmt.Fprintf(budget.Report, "BetterNetwork: test accuracy %.4f on %d images after %.1f s of training on %d\n",
			acc, budget.TestRows, seconds, budget.TrainRows)
	}
	if acc < budget.MinAccuracy {
		hint := "lesson 8's table: ReLU hidden units, a softmax output with categorical cross-entropy, Adam"
		if _, sgd := compile.Optimizer.(*gomlxnet.SGDOptimizer); sgd {
			hint = "plain SGD needs many epochs here; Adam (lesson 8) gets there in a few. " + hint
		}
		if compile.Loss == gomlxnet.MeanSquaredError {
			hint = "mean squared error on sigmoid outputs learns slowly; try a softmax output with " +
				"categorical cross-entropy. " + hint
		}
		return fail(name, in, fmt.Sprintf("test accuracy at least %.2f", budget.MinAccuracy),
			fmt.Sprintf("%.4f after %.0f s of training", acc, seconds), hint)
	}
	return nil
}

// budgetData loads MNIST and prepares the budget's first training and test
// rows: pixels scaled to [0, 1], labels one-hot.
func budgetData(budget Budget) (xTrain, yTrain, xTest, yTest arrays.Array[float32], err error) {
	data, err := mnist.Dataset()
	if err != nil {
		return xTrain, yTrain, xTest, yTest, fmt.Errorf("exercises: loading MNIST for the check: %w", err)
	}
	if xTrain, yTrain, err = mnist.Prepare(data.Train, budget.TrainRows, 255); err != nil {
		return xTrain, yTrain, xTest, yTest, fmt.Errorf("exercises: %w", err)
	}
	if xTest, yTest, err = mnist.Prepare(data.Test, budget.TestRows, 255); err != nil {
		return xTrain, yTrain, xTest, yTest, fmt.Errorf("exercises: %w", err)
	}
	return xTrain, yTrain, xTest, yTest, nil
}
