package mnistdraw_test

import (
	"fmt"

	"github.com/gonb-courses/neuralnets/datasets/mnistdraw"
)

// A stroke drawn at the top left of a 100 × 60 canvas, a vertical bar 8
// pixels wide and 40 high, comes out 4 × 20 at the centre of 28 × 28: columns 12-15, rows 4-23.
func ExamplePreprocess() {
	const w, h = 100, 60
	canvas := make([]uint8, w*h)
	for y := 5; y < 45; y++ {
		for x := 10; x < 18; x++ {
			canvas[y*w+x] = 255
		}
	}
	digit, err := mnistdraw.Preprocess(canvas, w, h)
	if err != nil {
		fmt.Println(err)
		return
	}
	for y := 2; y < 26; y += 4 {
		for x := 8; x < 20; x++ {
			if digit[y*mnistdraw.Size+x] > 0 {
				fmt.Print("#")
			} else {
				fmt.Print(".")
			}
		}
		fmt.Println()
	}
	// Output:
	// ............
	// ....####....
	// ....####....
	// ....####....
	// ....####....
	// ....####....
}
