package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gonb-courses/neuralnets/internal/seedruns"
)

// job is one run to do.
type job struct {
	scale float64
	seed  uint64
}

// coordinate runs every seed of every scale not yet in c.out, c.workers at a
// time in child processes, and saves the file after each run.
func coordinate(c config, args []string, log io.Writer) error {
	f, err := seedruns.Load(c.out, true)
	if err != nil {
		return err
	}
	var jobs []job
	for _, scale := range c.scales {
		for _, seed := range c.seeds {
			if !f.Has(c.setting(scale), seed) {
				jobs = append(jobs, job{scale, seed})
			}
		}
	}
	fmt.Fprintf(log, "seeds: %d runs to do (%d already in %s), %d at a time\n",
		len(jobs), len(c.seeds)*len(c.scales)-len(jobs), c.out, c.workers)
	if len(jobs) == 0 {
		return nil
	}
	f.Commands = append(f.Commands, strings.TrimSpace("go run ./cmd/seeds "+strings.Join(args, " ")))
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("finding this program to start workers: %w", err)
	}
	tmp, err := os.MkdirTemp("", "seeds-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)

	p := &pool{c: c, f: f, exe: exe, tmp: tmp, log: log}
	return p.run(jobs)
}

// pool runs jobs in c.workers goroutines, each starting child processes,
// and saves f after every finished run.
type pool struct {
	c        config
	exe, tmp string
	log      io.Writer
	mu       sync.Mutex // guards f, firstErr and log
	f        *seedruns.File
	firstErr error
}

// run does the jobs and returns the first error; after one, no new job starts.
func (p *pool) run(jobs []job) error {
	queue := make(chan job)
	var wg sync.WaitGroup
	for range min(p.c.workers, len(jobs)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range queue {
				p.do(j)
			}
		}()
	}
	for _, j := range jobs {
		p.mu.Lock()
		stop := p.firstErr != nil
		p.mu.Unlock()
		if stop {
			break
		}
		queue <- j
	}
	close(queue)
	wg.Wait()
	return p.firstErr
}

// do runs job j, adds it to the file and saves the file.
func (p *pool) do(j job) {
	start := time.Now()
	r, err := runChild(p.exe, p.tmp, p.c, j)
	p.mu.Lock()
	defer p.mu.Unlock()
	if err == nil {
		p.f.Add(r)
		err = p.f.Save(p.c.out)
	}
	if err != nil {
		if p.firstErr == nil {
			p.firstErr = err
		}
		return
	}
	last := len(r.Loss) - 1
	fmt.Fprintf(p.log, "seeds: scale %g seed %d: epoch 1 loss %.4f acc %.4f, epoch %d loss %.4f acc %.4f, test acc %.4f (%.0f s)\n",
		j.scale, j.seed, r.Loss[0], r.Accuracy[0], last+1, r.Loss[last], r.Accuracy[last], r.TestAccuracy, time.Since(start).Seconds())
}

// runChild runs job j in a child process of this program with c.threads
// threads and reads back the run it writes.
func runChild(exe, tmp string, c config, j job) (seedruns.Run, error) {
	var r seedruns.Run
	out := filepath.Join(tmp, fmt.Sprintf("scale%g-seed%d.json", j.scale, j.seed))
	cmd := exec.Command(exe, "-worker", "-run-out", out,
		"-seeds", strconv.FormatUint(j.seed, 10), "-scales", strconv.FormatFloat(j.scale, 'g', -1, 64),
		"-epochs", strconv.Itoa(c.epochs), "-batch-size", strconv.Itoa(c.batch),
		"-learning-rate", strconv.FormatFloat(c.rate, 'g', -1, 64), "-backend", c.backend)
	cmd.Env = append(os.Environ(), "GOMAXPROCS="+strconv.Itoa(c.threads))
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return r, fmt.Errorf("scale %g seed %d: %w: %s", j.scale, j.seed, err, lastLines(stderr.String(), 5))
	}
	data, err := os.ReadFile(out)
	if err != nil {
		return r, fmt.Errorf("scale %g seed %d: %w", j.scale, j.seed, err)
	}
	if err := json.Unmarshal(data, &r); err != nil {
		return r, fmt.Errorf("scale %g seed %d: reading its result: %w", j.scale, j.seed, err)
	}
	if r.Seed != j.seed || r.Scale != j.scale || len(r.Loss) != c.epochs {
		return r, fmt.Errorf("scale %g seed %d: the worker wrote seed %d, scale %g, %d epochs", j.scale, j.seed, r.Seed, r.Scale, len(r.Loss))
	}
	return r, nil
}

// lastLines returns the last n lines of s.
func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}
