// Package solutions holds one answer to each exercise of
// notebooks/exercises/*.ipynb, checked by the package exercises (go test
// ./solutions) and, through the Go kernel, by scripts/exercises.py, which puts
// the code between the lines "// begin exercise ID" and "// end exercise ID"
// in place of the blank answer cell of exercise ID. Keep the solutions
// out of what students get: they are one folder, this one.
package solutions
