package exercises_test

import (
	"fmt"
	"math"

	"github.com/gonb-courses/neuralnets/exercises"
)

// A check cell prints a verdict: here for a correct answer, then for the
// classic wrong one.
func ExampleVerdict() {
	right := func(z float64) float64 { s := 1 / (1 + math.Exp(-z)); return s * (1 - s) }
	wrong := func(z float64) float64 { return z * (1 - z) }
	exercises.Verdict("1.1", exercises.CheckSigmoidPrime(right))
	exercises.Verdict("1.1", exercises.CheckSigmoidPrime(wrong))
	fmt.Println()
	// Output:
	// PASS  exercise 1.1
	// FAIL  exercise 1.1: SigmoidPrime, case z = 2: want 0.104993585 (within 1e-09), got -2
	//       hint: you computed z·(1 − z): the formula s·(1 − s) takes s = σ(z), not z itself
}
