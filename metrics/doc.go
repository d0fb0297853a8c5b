// Package metrics holds what training records epoch by epoch (History, the
// object keras' fit() returns), without GoMLX, so that plots and the
// commands can read and draw a run.
package metrics
