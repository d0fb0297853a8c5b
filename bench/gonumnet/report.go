package gonumnet

import (
	"encoding/json"
	"fmt"
	"io"
)

// Report is the one JSON line every benchmark peer prints (the PyTorch peer,
// bench/pytorch_mlp.py, writes the same fields); scripts/bench.sh collects them.
type Report struct {
	Peer           string    `json:"peer"`    // "gonum", "gomlxnet", "pytorch"
	Threads        int       `json:"threads"` // GOMAXPROCS, or torch.get_num_threads()
	DType          string    `json:"dtype"`   // element type of the computation
	Data           string    `json:"data"`    // "real" (MNIST) or "synthetic"
	Examples       int       `json:"examples"`
	BatchSize      int       `json:"batch_size"`
	StepsPerEpoch  int       `json:"steps_per_epoch"`
	WarmupEpochs   int       `json:"warmup_epochs"`
	Epochs         int       `json:"epochs"` // timed epochs, after the warm-up
	Seconds        []float64 `json:"seconds_per_epoch"`
	Median         float64   `json:"seconds_per_epoch_median"`
	StepsPerSecond float64   `json:"steps_per_second"`
	FinalLoss      float64   `json:"final_loss"`
	Version        string    `json:"version"`               // the peer's runtime: Go, GoMLX backend or torch version
	BLAS           string    `json:"blas"`                  // the matrix-product library that did the work
	Model          string    `json:"model,omitempty"`       // "mlp" (the lecture's network) or "cnn"; "" means mlp
	TimedSteps     int       `json:"timed_steps,omitempty"` // steps timed per epoch when fewer than StepsPerEpoch (times scaled up)
}

// NewReport fills a Report from a Timing; steps per second are the steps of
// one epoch divided by the median epoch time.
func NewReport(peer string, t Timing) Report {
	r := Report{
		Peer: peer, Epochs: len(t.Seconds), Seconds: t.Seconds, Median: t.Median,
		StepsPerEpoch: t.Steps, FinalLoss: t.FinalLoss,
	}
	if t.Median > 0 {
		r.StepsPerSecond = float64(t.Steps) / t.Median
	}
	return r
}

// Write prints r as one line of JSON.
func (r Report) Write(w io.Writer) error {
	b, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("gonumnet: report: %w", err)
	}
	if _, err := fmt.Fprintf(w, "%s\n", b); err != nil {
		return fmt.Errorf("gonumnet: report: %w", err)
	}
	return nil
}
