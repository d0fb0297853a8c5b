package gomlxnet

import "github.com/gonb-courses/neuralnets/gomlxnet/internal/xlahome"

// init gives back the $HOME the program started with: see package xlahome,
// which hides it from go-xla's start-up when it is unset.
func init() { xlahome.Restore() }
