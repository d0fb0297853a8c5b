package gomlxnet

import "github.com/gonb-courses/neuralnets/gomlxnet/internal/xlahome"

// init gives back the $HOME the program started with: see package xlahome,
// which hides it from go-xla's start-up when it is unset. Neither changes
// GoMLX (no table, no setting: go-xla's plugin search just finds nothing
// under a home that does not exist, as without one, and says nothing), and
// both must run at start-up, which is their point; the patches that do
// change GoMLX are installed explicitly (internal/simplegopatch).
func init() { xlahome.Restore() }
