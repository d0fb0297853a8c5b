package solutions_test

import (
	"flag"
	"testing"

	"github.com/gonb-courses/neuralnets/exercises"
	"github.com/gonb-courses/neuralnets/solutions"
)

// TestSolutionsPass runs every exercise's check on its solution: each must
// pass. The network of exercise 8.2 is trained at exercises.FastBudget here
// (seconds); -run TestBetterNetworkFull trains it at the full budget.
func TestSolutionsPass(t *testing.T) {
	checks := []struct {
		id    string
		check func(t *testing.T) error
	}{
		{"1.1", func(t *testing.T) error { return exercises.CheckSigmoidPrime(solutions.SigmoidPrime) }},
		{"1.2", func(t *testing.T) error { return exercises.CheckAndNeuron(solutions.AndNeuron) }},
		{"2.1", func(t *testing.T) error { return exercises.CheckGDStep(solutions.GDStep) }},
		{"2.2", func(t *testing.T) error { return exercises.CheckStepsPerEpoch(solutions.StepsPerEpoch) }},
		{"3.1", func(t *testing.T) error { return exercises.CheckOneHot(solutions.OneHot) }},
		{"3.2", func(t *testing.T) error { return exercises.CheckZeroFraction(solutions.ZeroFraction) }},
		{"4.1", func(t *testing.T) error { return exercises.CheckDenseParams(solutions.DenseParams) }},
		{"4.2", func(t *testing.T) error { return exercises.CheckGlorotLimit(solutions.GlorotLimit) }},
		{"5.1", func(t *testing.T) error { return exercises.CheckMSE(solutions.MSE) }},
		{"5.2", func(t *testing.T) error { return exercises.CheckSaturated(solutions.Saturated) }},
		{"6.1", func(t *testing.T) error { return exercises.CheckAccuracy(solutions.Accuracy) }},
		{"6.2", func(t *testing.T) error { return exercises.CheckRecall(solutions.Recall) }},
		{"7.1", func(t *testing.T) error { return exercises.CheckSoftmax(solutions.Softmax) }},
		{"7.2", func(t *testing.T) error { return exercises.CheckCrossEntropy(solutions.CrossEntropy) }},
		{"8.1", func(t *testing.T) error { return exercises.CheckConvParams(solutions.ConvParams) }},
		{"8.2", func(t *testing.T) error {
			if testing.Short() {
				return nil // trains on MNIST
			}
			budget := exercises.FastBudget
			budget.Report = t.Output()
			return exercises.CheckBetterNetworkWith(solutions.BetterNetwork, budget)
		}},
		{"9.1", func(t *testing.T) error { return exercises.CheckEquivalentRate(solutions.EquivalentRate) }},
		{"9.2", func(t *testing.T) error { return exercises.CheckBackward(solutions.Backward) }},
	}
	for _, c := range checks {
		t.Run(c.id, func(t *testing.T) {
			if err := c.check(t); err != nil {
				t.Errorf("exercise %s: the solution fails its check: %v", c.id, err)
			}
		})
	}
}

var full = flag.Bool("exercises.full", false, "TestBetterNetworkFull: train exercise 8.2's solution on all of MNIST")

// TestBetterNetworkFull trains exercise 8.2's solution on all of MNIST and
// checks it reaches exercises.FullBudget (97% within 5 minutes). It takes
// about half a minute: go test ./solutions -run TestBetterNetworkFull -exercises.full -v.
func TestBetterNetworkFull(t *testing.T) {
	if !*full {
		t.Skip("trains on all of MNIST: needs -exercises.full")
	}
	budget := exercises.FullBudget
	budget.Report = t.Output()
	if err := exercises.CheckBetterNetworkWith(solutions.BetterNetwork, budget); err != nil {
		t.Error(err)
	}
}
