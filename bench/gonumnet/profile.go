package gonumnet

import (
	"fmt"
	"os"
	"runtime/pprof"
)

// StartCPUProfile starts writing a CPU profile to path (for the Go peers'
// -cpuprofile flag; "" means none) and returns the function that stops it
// and closes the file. go tool pprof reads the profile.
func StartCPUProfile(path string) (stop func() error, err error) {
	if path == "" {
		return func() error { return nil }, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("-cpuprofile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("-cpuprofile %s: %w", path, err)
	}
	return func() error {
		pprof.StopCPUProfile()
		return f.Close()
	}, nil
}
