#!/usr/bin/python3
"""PyTorch CNN peer of the training-speed benchmark (scripts/bench.sh).

Trains the next-steps convolutional network of `go run ./cmd/nextsteps -only
cnn` the way gomlxnet (and keras) does: 28x28x1 images, conv 5x5 of 16
filters with ReLU, max pooling 2x2, conv 5x5 of 32 filters with ReLU, max
pooling 2x2, flatten (512), dense 10 with softmax; he_uniform convolution
kernels, a glorot_uniform dense kernel, zero biases; categorical
cross-entropy; Adam(0.001, beta 0.9/0.999, epsilon 1e-7, keras' values);
batches of 128 reshuffled every epoch. Data is preloaded as float32 tensors
(the MNIST training set, or synthetic data of its shape). PyTorch lays
images out channels first (NCHW); gomlxnet channels last: the same
arithmetic, in another order. Prints one JSON line with the fields of the
Go peers (bench/gonumnet/report.go), "model": "cnn".

Timing: --warmup untimed passes of --steps steps, then --epochs timed ones
of --steps steps each, on the first steps x batch rows of the data; each
time is scaled to a full epoch of the data (x steps_per_epoch / steps) and
the figure is their median.

    /usr/bin/python3 bench/pytorch_cnn.py --threads 1 --steps 30 --epochs 2 --data real

Needs Debian's python3-torch (scripts/setup.sh --bench).
"""

import argparse
import json
import statistics
import sys
import time

from pytorch_mlp import BATCH, MNIST_TRAIN, blas_in_use, default_threads, prepare

ADAM_RATE = 0.001  # optimizer_adam()'s default learning rate
KERAS_EPSILON = 1e-7  # keras' Adam epsilon (PyTorch's default is 1e-8)


def build(torch):
    """The next-steps CNN with keras' initialisers (gomlxnet's HeUniform and glorot_uniform)."""
    nn = torch.nn
    model = nn.Sequential(
        nn.Conv2d(1, 16, 5), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 5), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(4 * 4 * 32, 10))
    for conv in (model[0], model[3]):
        # he_uniform: U(-l, l), l = sqrt(6/fan_in), which is kaiming_uniform_ for ReLU.
        nn.init.kaiming_uniform_(conv.weight, nonlinearity="relu")
        nn.init.zeros_(conv.bias)
    nn.init.xavier_uniform_(model[7].weight)
    nn.init.zeros_(model[7].bias)
    return model


def train_steps(torch, model, opt, x, t, batch, gen):
    """One shuffled pass of Adam steps over x; returns the mean loss and the step count."""
    n = x.shape[0]
    perm = torch.randperm(n, generator=gen)
    total = torch.zeros(())
    steps = 0
    for start in range(0, n, batch):
        idx = perm[start:start + batch]
        xb, tb = x[idx], t[idx]
        # Softmax then categorical cross-entropy against one-hot labels, as one op.
        loss = -(tb * torch.log_softmax(model(xb), dim=1)).sum(dim=1).mean()
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        total += loss.detach() * idx.shape[0]
        steps += 1
    return total.item() / n, steps


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--epochs", type=int, default=2, help="timed passes of --steps steps, after the warm-up")
    p.add_argument("--warmup", type=int, default=1, help="untimed warm-up passes")
    p.add_argument("--steps", type=int, default=30, help="steps per pass (0: whole epochs)")
    p.add_argument("--threads", type=int, default=default_threads(),
                   help="torch.set_num_threads (default: $GOMAXPROCS or the usable CPUs, as Go)")
    p.add_argument("--data", choices=("real", "synthetic"), default="synthetic")
    p.add_argument("--data-dir", help="directory with the MNIST .gz files (default: search as the Go peers do)")
    p.add_argument("--examples", type=int, default=MNIST_TRAIN, help="number of synthetic examples")
    p.add_argument("--batch", type=int, default=BATCH)
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args(argv)
    if a.epochs < 1 or a.warmup < 0 or a.steps < 0 or a.threads < 1 or a.batch < 1 or a.examples < 1:
        p.error("need --epochs >= 1, --warmup >= 0, --steps >= 0 and positive --threads, --batch, --examples")

    started = prepare(a, "pytorch_cnn")
    if isinstance(started, int):
        return started
    torch, gen, x, t = started
    examples = x.shape[0]
    full_steps = (examples + a.batch - 1) // a.batch
    if a.steps:
        x, t = x[:a.steps * a.batch], t[:a.steps * a.batch]
    x = x.reshape(-1, 1, 28, 28).contiguous()

    model = build(torch)
    opt = torch.optim.Adam(model.parameters(), lr=ADAM_RATE, betas=(0.9, 0.999), eps=KERAS_EPSILON)
    seconds, loss, steps = [], 0.0, 0
    for e in range(a.warmup + a.epochs):
        start = time.perf_counter()
        loss, steps = train_steps(torch, model, opt, x, t, a.batch, gen)
        if e >= a.warmup:
            seconds.append((time.perf_counter() - start) * full_steps / steps)
    median = statistics.median(seconds)
    print(json.dumps({
        "peer": "pytorch", "threads": torch.get_num_threads(), "dtype": "float32",
        "data": a.data, "examples": examples, "batch_size": a.batch,
        "steps_per_epoch": full_steps, "warmup_epochs": a.warmup, "epochs": len(seconds),
        "seconds_per_epoch": seconds, "seconds_per_epoch_median": median,
        "steps_per_second": full_steps / median, "final_loss": loss,
        "version": f"torch {torch.__version__} python {sys.version.split()[0]}",
        "blas": blas_in_use(), "model": "cnn", "timed_steps": steps,
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
