#!/usr/bin/python3
"""PyTorch peer of the training-speed benchmark (scripts/bench.sh).

Trains the lecture's network the way keras does: 784-30-10, sigmoid hidden
and output layers, mean squared error (mean over the last axis, then over the
batch), plain SGD with learning rate 0.01, batches of 128 reshuffled every
epoch with the last, partial batch kept, glorot_uniform kernels and zero
biases. Data is preloaded as float32 tensors. Prints one JSON line with the
same fields as the Go peers (bench/gonumnet/report.go).

Timing: one untimed warm-up epoch, then --epochs timed ones; the figure is
their median.

    /usr/bin/python3 bench/pytorch_mlp.py --threads 1 --epochs 5
    /usr/bin/python3 bench/pytorch_mlp.py --data real

Needs Debian's python3-torch (scripts/setup.sh --bench); not a project
dependency, only a peer to measure against.
"""

import argparse
import gzip
import json
import os
import statistics
import sys
import time

# The lecture's network and training setup.
INPUTS, HIDDEN, OUTPUTS = 28 * 28, 30, 10
BATCH = 128  # batch_size in fit()
LR = 0.01  # optimizer_sgd(learning_rate = 0.01)
MNIST_TRAIN = 60_000  # MNIST training images, the size of the synthetic set
# Share of MNIST's training pixels that are exactly 0 (38045844 of 47040000);
# the synthetic data copies it, as the Go peers' does.
MNIST_ZERO_FRACTION = 0.8088
# Where GoMNIST, required by go.mod, keeps MNIST inside the Go module cache.
GOMNIST_DIR = "github.com/petar/!go!m!n!i!s!t@v0.0.0-20150320212226-2fbe10d0fa63/data"


def data_dirs():
    """Directories searched for MNIST, in the Go peers' order (gonumnet.DataDirs)."""
    dirs = []
    if os.environ.get("GOMLXNET_DATA"):
        dirs.append(os.environ["GOMLXNET_DATA"])
    cache = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    dirs.append(os.path.join(cache, "gomlxnet", "mnist"))
    modcache = os.environ.get("GOMODCACHE") or os.path.join(
        os.environ.get("GOPATH") or os.path.join(os.path.expanduser("~"), "go"), "pkg", "mod")
    dirs.append(os.path.join(modcache, GOMNIST_DIR))
    return dirs


def read_idx(path, offset):
    """Returns the bytes of a gzipped IDX file after its header of `offset` bytes."""
    import numpy as np

    with gzip.open(path, "rb") as f:
        return np.frombuffer(f.read(), dtype=np.uint8, offset=offset)


def load_mnist(torch, dirs):
    """MNIST's 60000 training images scaled to [0, 1] and their one-hot labels."""
    for d in dirs:
        images = os.path.join(d, "train-images-idx3-ubyte.gz")
        if os.path.exists(images):
            # IDX headers: magic and 3 dimensions (16 bytes), magic and 1 dimension (8 bytes).
            x = read_idx(images, 16).reshape(-1, INPUTS)
            y = read_idx(os.path.join(d, "train-labels-idx1-ubyte.gz"), 8)
            x = torch.from_numpy(x.astype("float32") / 255)  # 255: the largest grey level
            labels = torch.from_numpy(y.astype("int64"))
            return x, torch.nn.functional.one_hot(labels, OUTPUTS).float()
    raise FileNotFoundError(f"MNIST files not found in {dirs}")


def synthetic(torch, n, gen):
    """n random examples of MNIST's shape and sparsity, with one-hot labels."""
    x = torch.rand(n, INPUTS, generator=gen)
    x[torch.rand(n, INPUTS, generator=gen) < MNIST_ZERO_FRACTION] = 0
    labels = torch.randint(0, OUTPUTS, (n,), generator=gen)
    return x, torch.nn.functional.one_hot(labels, OUTPUTS).float()


def build(torch):
    """The lecture network with keras' default initialisation."""
    model = torch.nn.Sequential(
        torch.nn.Linear(INPUTS, HIDDEN), torch.nn.Sigmoid(),
        torch.nn.Linear(HIDDEN, OUTPUTS), torch.nn.Sigmoid())
    for layer in (model[0], model[2]):
        # xavier_uniform_ is glorot_uniform: U(-l, l), l = sqrt(6/(fan_in+fan_out)).
        torch.nn.init.xavier_uniform_(layer.weight)
        torch.nn.init.zeros_(layer.bias)
    return model


def epoch(torch, model, opt, x, t, batch, gen):
    """One shuffled epoch of SGD; returns the mean loss over its examples and the step count."""
    n = x.shape[0]
    perm = torch.randperm(n, generator=gen)
    total = torch.zeros(())
    steps = 0
    for start in range(0, n, batch):
        idx = perm[start:start + batch]
        xb, tb = x[idx], t[idx]
        # keras' mean_squared_error: mean over the last axis, then over the batch.
        loss = ((model(xb) - tb) ** 2).mean(dim=-1).mean()
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        total += loss.detach() * idx.shape[0]
        steps += 1
    return total.item() / n, steps


def blas_in_use():
    """The BLAS libraries mapped into this process, resolved (after a matmul has run).

    Debian's torch links the generic libblas.so.3, so the speed depends on which
    library the alternatives system (or LD_LIBRARY_PATH) points it at: the
    reference BLAS of libblas3 is several times slower than OpenBLAS here.
    """
    libs = set()
    try:
        with open("/proc/self/maps") as f:
            for line in f:
                path = line.split()[-1]
                name = os.path.basename(path)
                if path.startswith("/") and any(k in name for k in ("blas", "mkl", "blis")):
                    libs.add(os.path.realpath(path))
    except OSError:
        return "unknown"
    return " ".join(sorted(libs)) or "none mapped"


def default_threads():
    """The thread count the Go peers use: $GOMAXPROCS, else the CPUs this process may run on."""
    if os.environ.get("GOMAXPROCS", "").isdigit() and int(os.environ["GOMAXPROCS"]) > 0:
        return int(os.environ["GOMAXPROCS"])
    return len(os.sched_getaffinity(0))


def prepare(a, prog):
    """Loads torch with a.threads threads for it and every BLAS, seeds it with a.seed, and loads
    the data a asks for. Returns (torch, generator, x, t), or an exit status after saying why:
    3 without torch, 1 without the data."""
    # Debian's torch calls whichever BLAS provides libblas.so.3 and does not pass
    # it its thread count: set every BLAS's before the library loads.
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
        os.environ[var] = str(a.threads)
    try:
        import torch
    except ImportError as e:
        print(f"{prog}: {e} (install python3-torch: scripts/setup.sh --bench)", file=sys.stderr)
        return 3
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    gen = torch.Generator().manual_seed(a.seed)
    try:
        if a.data == "real":
            x, t = load_mnist(torch, [a.data_dir] if a.data_dir else data_dirs())
        else:
            x, t = synthetic(torch, a.examples, gen)
    except (OSError, ValueError) as e:
        print(f"{prog}: {e}", file=sys.stderr)
        return 1
    return torch, gen, x, t


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--epochs", type=int, default=5, help="timed epochs, after the warm-up")
    p.add_argument("--warmup", type=int, default=1, help="untimed warm-up epochs")
    p.add_argument("--threads", type=int, default=default_threads(),
                   help="torch.set_num_threads (default: $GOMAXPROCS or the usable CPUs, as Go)")
    p.add_argument("--data", choices=("real", "synthetic"), default="synthetic")
    p.add_argument("--data-dir", help="directory with the MNIST .gz files (default: search as the Go peers do)")
    p.add_argument("--examples", type=int, default=MNIST_TRAIN, help="number of synthetic examples")
    p.add_argument("--batch", type=int, default=BATCH)
    p.add_argument("--lr", type=float, default=LR)
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args(argv)
    if a.epochs < 1 or a.warmup < 0 or a.threads < 1 or a.batch < 1 or a.examples < 1 or not a.lr > 0:
        p.error("need --epochs >= 1, --warmup >= 0 and positive --threads, --batch, --examples, --lr")

    started = prepare(a, "pytorch_mlp")
    if isinstance(started, int):
        return started
    torch, gen, x, t = started

    model = build(torch)
    opt = torch.optim.SGD(model.parameters(), lr=a.lr)
    seconds, loss, steps = [], 0.0, 0
    for e in range(a.warmup + a.epochs):
        start = time.perf_counter()
        loss, steps = epoch(torch, model, opt, x, t, a.batch, gen)
        if e >= a.warmup:
            seconds.append(time.perf_counter() - start)
    median = statistics.median(seconds)
    print(json.dumps({
        "peer": "pytorch", "threads": torch.get_num_threads(), "dtype": "float32",
        "data": a.data, "examples": x.shape[0], "batch_size": a.batch,
        "steps_per_epoch": steps, "warmup_epochs": a.warmup, "epochs": len(seconds),
        "seconds_per_epoch": seconds, "seconds_per_epoch_median": median,
        "steps_per_second": steps / median, "final_loss": loss,
        "version": f"torch {torch.__version__} python {sys.version.split()[0]}",
        "blas": blas_in_use(), "model": "mlp",
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
