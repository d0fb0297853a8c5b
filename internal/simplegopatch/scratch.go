package simplegopatch

import "sync"

// scratchPools holds the buffers runPlan copies operands into, a
// *sync.Pool per element type and length (scratchKey).
var scratchPools sync.Map

// scratchKey names a pool of scratchPools: T's zero value and the length.
type scratchKey struct {
	zero any
	n    int
}

// scratchPool returns the pool of buffers of n elements of type T.
func scratchPool[T float32 | float64](n int) *sync.Pool {
	var zero T
	key := scratchKey{zero, n}
	if pool, ok := scratchPools.Load(key); ok {
		return pool.(*sync.Pool)
	}
	pool, _ := scratchPools.LoadOrStore(key, &sync.Pool{New: func() any {
		s := make([]T, n)
		return &s
	}})
	return pool.(*sync.Pool)
}
