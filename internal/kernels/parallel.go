package kernels

import (
	"runtime"
	"sync"
)

// parallelMin is the number of values below which a memory-bound kernel
// (a copy, a transpose, an element-wise operation) runs on one goroutine:
// 64K float32 are 256 KB, some 20 µs to move, against about 1-2 µs to start
// and join a goroutine.
const parallelMin = 1 << 16

// parallel calls fn over [0, n) cut into one range per CPU (GOMAXPROCS),
// when size values are moved in all, at least parallelMin, and there is
// more than one CPU; else fn(0, n) on this goroutine.
func parallel(n, size int, fn func(lo, hi int)) {
	workers := min(runtime.GOMAXPROCS(0), n, max(1, size/parallelMin))
	if workers <= 1 {
		fn(0, n)
		return
	}
	var wg sync.WaitGroup
	per := (n + workers - 1) / workers
	for lo := 0; lo < n; lo += per {
		wg.Go(func() { fn(lo, min(lo+per, n)) })
	}
	wg.Wait()
}

// startAt sets index to the odometer position of row r over dims (the
// last axis fastest) and returns its offset, the sum of index times step.
func startAt(r int, index, dims, step []int) int {
	offset := 0
	for axis := len(dims) - 1; axis >= 0; axis-- {
		index[axis] = r % dims[axis]
		r /= dims[axis]
		offset += index[axis] * step[axis]
	}
	return offset
}
