// Package exercises checks the answers to the course's exercises
// (notebooks/exercises/*.ipynb): one Check function per exercise, which runs
// the student's function on several cases and returns nil or a *Failure that
// says which case failed, what was expected, what came back and a hint.
//
// The checks test behaviour, not source text: any correct implementation
// passes. Answers that panic are caught and reported as failures, so a check
// never crashes the notebook's kernel. The solutions live apart, in the
// package solutions, so that the exercises can be handed out without them.
//
// In a notebook, a check cell looks like
//
//	%%
//	exercises.Verdict("1.1", exercises.CheckSigmoidPrime(SigmoidPrime))
//
// and prints "PASS  exercise 1.1" or "FAIL  exercise 1.1: ..." with a hint.
package exercises

import (
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strings"
)

// ErrNotYet is what every *Failure matches with errors.Is: the answer is not
// (yet) right.
var ErrNotYet = errors.New("exercises: answer not right yet")

// Failure describes the first case an answer got wrong.
type Failure struct {
	Exercise string // the function checked, e.g. "SigmoidPrime"
	Case     string // the input, e.g. "z = 2"
	Want     string // what was expected, with its tolerance
	Got      string // what came back
	Hint     string // what the mistake probably is
}

// Error reports the case, the expected and the returned value, and the hint.
func (f *Failure) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s", f.Exercise)
	if f.Case != "" {
		fmt.Fprintf(&b, ", case %s", f.Case)
	}
	fmt.Fprintf(&b, ": want %s, got %s", f.Want, f.Got)
	if f.Hint != "" {
		fmt.Fprintf(&b, "\nhint: %s", f.Hint)
	}
	return b.String()
}

// Is makes errors.Is(f, ErrNotYet) true.
func (f *Failure) Is(target error) bool { return target == ErrNotYet }

// Verdict prints one line for the check of exercise id, "PASS  exercise id"
// when err is nil, or "FAIL  exercise id: " and the failure (its hint on the
// next line), to standard output. It returns whether the check passed.
func Verdict(id string, err error) bool {
	return FprintVerdict(os.Stdout, id, err)
}

// FprintVerdict is Verdict writing to w.
func FprintVerdict(w io.Writer, id string, err error) bool {
	if err == nil {
		fmt.Fprintf(w, "PASS  exercise %s\n", id)
		return true
	}
	msg := strings.ReplaceAll(err.Error(), "\n", "\n      ")
	fmt.Fprintf(w, "FAIL  exercise %s: %s\n", id, msg)
	return false
}

// fail builds a *Failure.
func fail(exercise, input, want, got, hint string) *Failure {
	return &Failure{Exercise: exercise, Case: input, Want: want, Got: got, Hint: hint}
}

// protect runs f, turning a panic into a *Failure for exercise: an answer
// that indexes out of range or dereferences nil fails its check instead of
// crashing the kernel.
func protect(exercise, input string, f func()) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fail(exercise, input, "no panic", fmt.Sprintf("panic: %v", r),
				"your function panicked on this input; a slice too short, an index out of range or a nil value?")
		}
	}()
	f()
	return nil
}

// near reports whether got is within tol of want, absolutely or relative to |want|.
func near(got, want, tol float64) bool {
	return math.Abs(got-want) <= tol*math.Max(1, math.Abs(want))
}

// sigmoid is σ(z) = 1/(1 + e^-z).
func sigmoid(z float64) float64 { return 1 / (1 + math.Exp(-z)) }

// floats formats a slice with %.6g.
func floats[T float32 | float64](v []T) string {
	parts := make([]string, len(v))
	for i, x := range v {
		parts[i] = fmt.Sprintf("%.6g", x)
	}
	return "[" + strings.Join(parts, " ") + "]"
}
