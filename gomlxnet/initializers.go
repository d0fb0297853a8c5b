package gomlxnet

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// Initializer says how a kernel's first values are drawn, as keras'
// kernel_initializer does. The zero value is keras' default, GlorotUniform.
// fanIn and fanOut below are the numbers of inputs and outputs a kernel
// value connects: [in, out] for Dense, k·k·channels and k·k·filters for a
// k x k Conv2D, as keras counts them.
type Initializer struct {
	// Name is keras' name of the initializer: "glorot_uniform",
	// "glorot_normal", "he_uniform", "he_normal", "random_normal" or "zeros".
	Name string `json:"name"`
	// Stddev is the standard deviation of "random_normal" (keras' default: 0.05).
	Stddev float64 `json:"stddev,omitempty"`
}

// GlorotUniform draws uniformly from ±sqrt(6/(fanIn+fanOut)) (Glorot &
// Bengio 2010): keras' default, suited to sigmoid and tanh.
func GlorotUniform() Initializer { return Initializer{Name: "glorot_uniform"} }

// GlorotNormal draws from a normal distribution of standard deviation
// sqrt(2/(fanIn+fanOut)), truncated at two standard deviations.
func GlorotNormal() Initializer { return Initializer{Name: "glorot_normal"} }

// HeUniform draws uniformly from ±sqrt(6/fanIn) (He et al. 2015): twice
// Glorot's variance for equal fans, which makes up for ReLU zeroing half
// of its inputs.
func HeUniform() Initializer { return Initializer{Name: "he_uniform"} }

// HeNormal draws from a normal distribution of standard deviation
// sqrt(2/fanIn), truncated at two standard deviations, as keras' he_normal.
func HeNormal() Initializer { return Initializer{Name: "he_normal"} }

// RandomNormal draws every value from N(0, stddev²) whatever the layer's
// size, like keras' initializer_random_normal(stddev = stddev).
// RandomNormal(1) is the naive "standard normal weights" initialisation.
func RandomNormal(stddev float64) Initializer {
	return Initializer{Name: "random_normal", Stddev: stddev}
}

// Zeros starts every weight at zero: all the neurons of a layer then stay
// identical, so it is here to show why random initialisation is needed.
func Zeros() Initializer { return Initializer{Name: "zeros"} }

// truncatedNormalCorrection is the standard deviation of a standard normal
// truncated to ±2, which keras divides by so that the truncated
// distribution has the intended standard deviation.
const truncatedNormalCorrection = 0.87962566103423978

// check returns an error wrapping ErrArgument for an unknown initializer
// or a bad standard deviation.
func (in Initializer) check() error {
	switch in.Name {
	case "", "glorot_uniform", "glorot_normal", "he_uniform", "he_normal", "zeros":
		return nil
	case "random_normal":
		if !(in.Stddev > 0) || math.IsInf(in.Stddev, 0) {
			return fmt.Errorf("%w: RandomNormal(%g): the standard deviation must be positive and finite", ErrArgument, in.Stddev)
		}
		return nil
	}
	return fmt.Errorf("%w: unknown initializer %q", ErrArgument, in.Name)
}

// String returns the initializer's keras name, "glorot_uniform" for the zero value.
func (in Initializer) String() string {
	switch in.Name {
	case "":
		return "glorot_uniform"
	case "random_normal":
		return fmt.Sprintf("random_normal(stddev=%g)", in.Stddev)
	}
	return in.Name
}

// fill draws data's values for a kernel of the given fans from rng. The
// glorot_uniform draws are (2u-1)·limit for u uniform in [0, 1), one per
// value in row-major order, which backprop.NewParams repeats exactly.
func (in Initializer) fill(data []float32, fanIn, fanOut int, rng *rand.Rand) {
	uniform := func(limit float64) {
		for i := range data {
			data[i] = float32((2*rng.Float64() - 1) * limit)
		}
	}
	truncated := func(stddev float64) {
		stddev /= truncatedNormalCorrection
		for i := range data {
			v := rng.NormFloat64()
			for math.Abs(v) > 2 {
				v = rng.NormFloat64()
			}
			data[i] = float32(v * stddev)
		}
	}
	switch in.Name {
	case "", "glorot_uniform":
		uniform(math.Sqrt(6 / float64(fanIn+fanOut)))
	case "glorot_normal":
		truncated(math.Sqrt(2 / float64(fanIn+fanOut)))
	case "he_uniform":
		uniform(math.Sqrt(6 / float64(fanIn)))
	case "he_normal":
		truncated(math.Sqrt(2 / float64(fanIn)))
	case "random_normal":
		for i := range data {
			data[i] = float32(rng.NormFloat64() * in.Stddev)
		}
	case "zeros":
		clear(data)
	}
}
