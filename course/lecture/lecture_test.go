package lecture

import "testing"

// TestAgainstSlides checks the settings against the figures the lecture's
// slides print: 469 steps per epoch, 23,550 + 310 = 23,860
// parameters.
func TestAgainstSlides(t *testing.T) {
	tests := []struct {
		name      string
		got, want int
	}{
		{"steps per epoch", (TrainImages + BatchSize - 1) / BatchSize, 469},
		{"dense_1 parameters", Inputs*Hidden + Hidden, 23550},
		{"dense_2 parameters", Hidden*Classes + Classes, 310},
		{"images", TrainImages + TestImages, 70000},
		{"fast steps per epoch", (FastTrainImages + BatchSize - 1) / BatchSize, 47},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: %d, want %d", tt.name, tt.got, tt.want)
		}
	}
}
