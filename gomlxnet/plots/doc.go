// Package plots draws the figures of the introductory neural-network lecture:
// the sigmoid curve, gradient descent on C = w², grids of MNIST digits with
// their labels and predictions, training curves from a metrics.History (one
// run, several, or the median and range of runs over seeds: Bands), the
// confusion matrix of the test set, the most confidently misclassified digits
// and the hidden layer's incoming weights.
//
// Line plots are returned as *plot.Plot (gonum.org/v1/plot) and pixel grids as
// *image.RGBA; drawing never shows or saves anything. Show and ShowImage do
// that: inside a GoNB notebook they display the figure inline, elsewhere they
// write it to a file and print its path.
//
// Every function returns an error rather than panicking. Errors start with
// "plots:" and wrap one of the sentinel errors (ErrEmpty, ErrNaN, ErrLength,
// ErrShape, ErrRange, ErrName), usable with errors.Is.
package plots
