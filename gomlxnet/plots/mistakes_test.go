package plots_test

import (
	"bytes"
	"errors"
	"fmt"
	"log"
	"math"
	"reflect"
	"testing"

	"github.com/gonb-courses/neuralnets/arrays"
	"github.com/gonb-courses/neuralnets/gomlxnet/plots"
)

// fakeProbs returns outputs for labels that put 0.8 on the true class,
// except that example i in wrong is predicted as class wrong[i].pred with
// output wrong[i].conf.
func fakeProbs(labels []uint8, wrong map[int]fakeWrong) arrays.Array[float32] {
	p := arrays.New[float32](len(labels), 10)
	for i, l := range labels {
		row := p.Row(i)
		for c := range row {
			row[c] = 0.02
		}
		row[l] = 0.8
		if w, ok := wrong[i]; ok {
			row[l] = 0.1
			row[w.pred] = w.conf
		}
	}
	return p
}

type fakeWrong struct {
	pred int
	conf float32
}

func TestMostConfidentMistakesGolden(t *testing.T) {
	x, y := testDigits(t)
	probs := fakeProbs(y, map[int]fakeWrong{
		3: {6, 0.97}, 8: {6, 0.91}, 18: {5, 0.64}, 33: {9, 0.88}, 47: {7, 0.55},
		62: {4, 0.99}, 66: {3, 0.42}, 92: {4, 0.73}, 95: {1, 0.35},
	})
	img, err := plots.MostConfidentMistakes(x, y, probs, 8)
	if err != nil {
		t.Fatal(err)
	}
	checkImageGolden(t, img, "mistakes.png")
}

func TestConfidentMistakes(t *testing.T) {
	labels := []int{0, 1, 2, 2, 1}
	probs := arrays.Array[float32]{Shape: []int{5, 3}, Data: []float32{
		0.9, 0.1, 0.0, // right
		0.7, 0.2, 0.1, // wrong: 0 at 0.7
		0.5, 0.5, 0.4, // wrong: 0 and 1 tie, argmax takes 0, at 0.5
		0.7, 0.1, 0.2, // wrong: 0 at 0.7, as confident as row 1, so after it
		0.1, 0.2, 0.3, // wrong: 2 at 0.3
	}}
	for _, tc := range []struct {
		k    int
		want []plots.Mistake
	}{
		{1, []plots.Mistake{{1, 1, 0, 0.7}}},
		{2, []plots.Mistake{{1, 1, 0, 0.7}, {3, 2, 0, 0.7}}},
		{10, []plots.Mistake{{1, 1, 0, 0.7}, {3, 2, 0, 0.7}, {2, 2, 0, 0.5}, {4, 1, 2, 0.3}}},
	} {
		got, err := plots.ConfidentMistakes(labels, probs, tc.k)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("k = %d: got %v, want %v", tc.k, got, tc.want)
		}
	}
}

func TestConfidentMistakesErrors(t *testing.T) {
	two := arrays.Array[float32]{Shape: []int{2, 3}, Data: []float32{0.1, 0.2, 0.7, 0.3, 0.3, 0.4}}
	nan := arrays.Array[float32]{Shape: []int{2, 3}, Data: []float32{0.1, float32(math.NaN()), 0, 0, 0, 0}}
	flat := arrays.Array[float32]{Shape: []int{6}, Data: two.Data}
	for _, tc := range []struct {
		name   string
		labels []int
		probs  arrays.Array[float32]
		k      int
		want   error
	}{
		{"no labels", nil, two, 3, plots.ErrEmpty},
		{"rows differ", []int{1, 2, 0}, two, 3, plots.ErrLength},
		{"rank 1", []int{1, 2}, flat, 3, plots.ErrShape},
		{"NaN", []int{1, 2}, nan, 3, plots.ErrNaN},
		{"label too big", []int{1, 3}, two, 3, plots.ErrRange},
		{"negative label", []int{-1, 0}, two, 3, plots.ErrRange},
		{"k zero", []int{1, 2}, two, 0, plots.ErrRange},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := plots.ConfidentMistakes(tc.labels, tc.probs, tc.k)
			if !errors.Is(err, tc.want) {
				t.Errorf("err = %v, want %v", err, tc.want)
			}
		})
	}
}

func TestMostConfidentMistakesNone(t *testing.T) {
	x, y := testDigits(t)
	img, err := plots.MostConfidentMistakes(x, y, fakeProbs(y, nil), 5)
	if !errors.Is(err, plots.ErrEmpty) || img != nil {
		t.Errorf("all right: got %v, %v; want nil, ErrEmpty", img != nil, err)
	}
}

func ExampleConfidentMistakes() {
	labels := []uint8{3, 5, 8}
	probs := arrays.Array[float32]{Shape: []int{3, 10}, Data: make([]float32, 30)}
	probs.Row(0)[3] = 0.9 // right
	probs.Row(1)[3] = 0.8 // a 5 taken for a 3
	probs.Row(2)[0] = 0.6 // an 8 taken for a 0
	ms, err := plots.ConfidentMistakes(labels, probs, 5)
	if err != nil {
		log.Fatal(err)
	}
	for _, m := range ms {
		fmt.Printf("example %d: true %d, predicted %d with %.2f\n", m.Index, m.Label, m.Predicted, m.Confidence)
	}
	// Output:
	// example 1: true 5, predicted 3 with 0.80
	// example 2: true 8, predicted 0 with 0.60
}

func ExampleMostConfidentMistakes() {
	x := arrays.New[uint8](3, 28, 28) // blank digits, for brevity
	labels := []uint8{3, 5, 8}
	probs := arrays.Array[float32]{Shape: []int{3, 10}, Data: make([]float32, 30)}
	probs.Row(0)[3] = 0.9
	probs.Row(1)[3] = 0.8
	probs.Row(2)[0] = 0.6
	img, err := plots.MostConfidentMistakes(x, labels, probs, 5)
	if err != nil {
		log.Fatal(err)
	}
	// In a notebook: plots.ShowImage(img, "mistakes")
	fmt.Println(img.Bounds().Size())
	// Output:
	// (269,174)
}

// TestMostConfidentMistakesWholeTestSet checks that a test set larger than one
// picture may hold (10,000 MNIST test digits) is searched, and only the k
// mistakes drawn: the digit drawn is the one at the mistake's index.
func TestMostConfidentMistakesWholeTestSet(t *testing.T) {
	const n, k, wrongAt = 10000, 1, 7777
	images := arrays.New[uint8](n, 28, 28)
	images.Row(wrongAt)[0] = 255 // the only digit with a dark top-left pixel
	labels := make([]uint8, n)
	probs := arrays.New[float32](n, 10)
	for i := range n {
		probs.Row(i)[0] = 0.9 // every label is 0, predicted 0...
	}
	probs.Row(wrongAt)[3] = 0.95 // ...but one, predicted 3
	img, err := plots.MostConfidentMistakes(images, labels, probs, k)
	if err != nil {
		t.Fatalf("MostConfidentMistakes on %d digits: %v", n, err)
	}
	ms, _ := plots.ConfidentMistakes(labels, probs, k)
	if len(ms) != 1 || ms[0].Index != wrongAt {
		t.Fatalf("mistakes = %+v, want the one at %d", ms, wrongAt)
	}
	// The same call with that digit blank must draw a different picture.
	images.Row(wrongAt)[0] = 0
	blank, err := plots.MostConfidentMistakes(images, labels, probs, k)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(img.Pix, blank.Pix) {
		t.Errorf("the digit at %d does not show in the picture: another row was drawn", wrongAt)
	}
}
