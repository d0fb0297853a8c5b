package solutions

import "github.com/gonb-courses/neuralnets/arrays"

// begin exercise 6.1

// Accuracy is the fraction of rows whose largest output is where the label's 1 is.
func Accuracy(outputs, labels arrays.Array[float32]) float64 {
	correct := 0
	for r := range outputs.Rows() {
		out, lab := outputs.Row(r), labels.Row(r)
		best, truth := 0, 0
		for k := range out {
			if out[k] > out[best] {
				best = k
			}
			if lab[k] > lab[truth] {
				truth = k
			}
		}
		if best == truth {
			correct++
		}
	}
	return float64(correct) / float64(outputs.Rows())
}

// end exercise 6.1

// begin exercise 6.2

// Recall returns, for each class i, confusion[i][i] over the sum of row i.
func Recall(confusion [][]int) []float64 {
	recall := make([]float64, len(confusion))
	for i, row := range confusion {
		total := 0
		for _, n := range row {
			total += n
		}
		recall[i] = float64(row[i]) / float64(total)
	}
	return recall
}

// end exercise 6.2
