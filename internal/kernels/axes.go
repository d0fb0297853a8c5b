package kernels

// mergedAxis is a run of neighbouring axes of size above 1 that are all
// collapsed or all not: in Broadcast an axis the source repeats, in reduce
// an axis summed away. Such a run is walked as one axis.
type mergedAxis struct {
	n         int
	collapsed bool
}

// mergeAxes merges dims' axes of size above 1 into runs by collapsed(i).
func mergeAxes(dims []int, collapsed func(axis int) bool) []mergedAxis {
	var merged []mergedAxis
	for i, d := range dims {
		if d == 1 {
			continue
		}
		c := collapsed(i)
		if n := len(merged); n > 0 && merged[n-1].collapsed == c {
			merged[n-1].n *= d
			continue
		}
		merged = append(merged, mergedAxis{d, c})
	}
	return merged
}

// outerSteps returns the dimensions of merged's axes but the innermost, and
// the stride of each in the operand without the collapsed axes (0 for a
// collapsed one), for startAt and advance.
func outerSteps(merged []mergedAxis) (dims, step []int) {
	outer, inner := merged[:len(merged)-1], merged[len(merged)-1]
	dims, step = make([]int, len(outer)), make([]int, len(outer))
	stride := 1
	if !inner.collapsed {
		stride = inner.n
	}
	for i := len(outer) - 1; i >= 0; i-- {
		dims[i] = outer[i].n
		if !outer[i].collapsed {
			step[i] = stride
			stride *= outer[i].n
		}
	}
	return dims, step
}
