package gomlxnet

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestInitializers checks each initializer's spread on a 784 x 256 kernel:
// the standard deviation keras' formula gives, a mean near 0 and, for the
// bounded ones, no value past the bound.
func TestInitializers(t *testing.T) {
	const fanIn, fanOut = 784, 256
	tests := []struct {
		init  Initializer
		std   float64 // expected standard deviation
		bound float64 // largest |value| allowed; 0: unbounded
	}{
		{Initializer{}, math.Sqrt(2.0 / (fanIn + fanOut)), math.Sqrt(6.0 / (fanIn + fanOut))},
		{GlorotUniform(), math.Sqrt(2.0 / (fanIn + fanOut)), math.Sqrt(6.0 / (fanIn + fanOut))},
		{GlorotNormal(), math.Sqrt(2.0 / (fanIn + fanOut)), 2 * math.Sqrt(2.0/(fanIn+fanOut)) / truncatedNormalCorrection},
		{HeUniform(), math.Sqrt(2.0 / fanIn), math.Sqrt(6.0 / fanIn)},
		{HeNormal(), math.Sqrt(2.0 / fanIn), 2 * math.Sqrt(2.0/fanIn) / truncatedNormalCorrection},
		{RandomNormal(1), 1, 0},
		{RandomNormal(0.05), 0.05, 0},
		{Zeros(), 0, 1e-30},
	}
	for _, tt := range tests {
		t.Run(tt.init.String(), func(t *testing.T) {
			data := make([]float32, fanIn*fanOut)
			tt.init.fill(data, fanIn, fanOut, rand.New(rand.NewPCG(1, 2)))
			var sum, sq, largest float64
			for _, v := range data {
				sum += float64(v)
				sq += float64(v) * float64(v)
				largest = math.Max(largest, math.Abs(float64(v)))
			}
			n := float64(len(data))
			mean, std := sum/n, math.Sqrt(sq/n-(sum/n)*(sum/n))
			if math.Abs(std-tt.std) > 0.01*tt.std || math.Abs(mean) > 0.01*tt.std+1e-12 {
				t.Errorf("mean %.5f, standard deviation %.5f; want 0, %.5f", mean, std, tt.std)
			}
			if tt.bound > 0 && largest > tt.bound {
				t.Errorf("largest |value| %.5f exceeds the bound %.5f", largest, tt.bound)
			}
		})
	}
}
