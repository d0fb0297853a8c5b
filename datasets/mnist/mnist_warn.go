package mnist

import (
	"fmt"
	"io"
	"os"
	"sync"
)

// mnistWarnings receives the warnings of loads without a Log
// (Dataset), each once per process; nil means os.Stderr.
var mnistWarnings io.Writer

// warned holds the data directories warnOnce has warned about.
var warned struct {
	sync.Mutex
	dirs map[string]bool
}

// warnOnce writes msg to mnistWarnings the first time it is called for dir.
func warnOnce(dir, msg string) {
	warned.Lock()
	defer warned.Unlock()
	if warned.dirs[dir] {
		return
	}
	if warned.dirs == nil {
		warned.dirs = map[string]bool{}
	}
	warned.dirs[dir] = true
	w := mnistWarnings
	if w == nil {
		w = os.Stderr
	}
	fmt.Fprintln(w, msg)
}
