#!/usr/bin/python3
"""How long a student waits for a notebook cell, through the real Go kernel (GoNB).

Run it with the course's Python ("$PY" after `source scripts/env.sh`); scripts/bench_notebooks.sh
does, and `make bench` runs that. It generates a latency notebook under out/ (so that
"$GONB_DIR/.." is the repository, as for the course's notebooks) with
  1. the set-up cell of notebooks/01_neurons.ipynb (go.work, %noautoget, %goflags),
  2. the first cell that uses gomlxnet (a declaration using it, and a main part),
  3. a trivial cell ("fmt.Println(1)") while gomlxnet is in the notebook's declarations,
  4. the same again ("fmt.Println(2)"),
and executes it --rounds times, each in a fresh kernel, after one warm-up run that is not counted
(it fills Go's build cache for this kernel's settings). It reports the median over the rounds of
each cell's time, and writes them with the settings that decide them (the kernel's CGO_ENABLED,
Go's version, the machine's load) to bench/results/cells-latest.json, atomically:

    {"trivial_cell_s": S, "first_gomlxnet_cell_s": S, "setup_cell_s": S, "second_trivial_cell_s": S,
     "rounds": N, "cells": {...every round's times...}, "kernel": {...}, "go": "...", ...}

With --notebooks it also times the whole fast-mode notebook set (GOMLXNET_FAST=1), as the tests
run it, and adds "fast_notebook_set_s".

With --compare DATA_DIR OUT it also times the kernel spec registered under JUPYTER_DATA_DIR=DATA_DIR
(e.g. a copy of the course's spec without CGO_ENABLED=0, to see what cgo costs), its rounds
alternating with the others' so that the machine's load hits both alike, and writes OUT.

    "$PY" scripts/bench_cells.py [--rounds 5] [--notebooks] [--out FILE] [--compare DATA_DIR OUT]
"""
import argparse
import datetime
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import notebooks  # noqa: E402  (the course's notebook runner: execute_notebook, atomic_write)

REPO = notebooks.REPO
NAMES = ("setup_cell_s", "first_gomlxnet_cell_s", "trivial_cell_s", "second_trivial_cell_s")
FIRST_GOMLXNET = ('import "github.com/gonb-courses/neuralnets/gomlxnet"\n\n'
                  "func shape() []int {{ return gomlxnet.Input({n}).Shape() }}\n\n"
                  "%%\nfmt.Println(shape())")


def setup_cell():
    """The set-up cell of notebook 1, as the course's notebooks have it."""
    nb = json.loads((REPO / "notebooks" / "01_neurons.ipynb").read_text())
    cell = next(c for c in nb["cells"] if c["cell_type"] == "code")
    src = cell["source"]
    return "".join(src) if isinstance(src, list) else src


def latency_notebook(path, n):
    """Writes the latency notebook; n makes its Go code differ from the last run's, as a
    student's new cell does (go build skips a program it has just linked from the same code)."""
    cells = [setup_cell(), FIRST_GOMLXNET.format(n=n), f"%%\nfmt.Println({n}1)", f"%%\nfmt.Println({n}2)"]
    nb = {"cells": [{"cell_type": "code", "execution_count": None, "id": f"c{i}", "metadata": {},
                     "outputs": [], "source": src} for i, src in enumerate(cells)],
          "metadata": {"kernelspec": {"display_name": "Go (gonb)", "language": "go", "name": "gonb"}},
          "nbformat": 4, "nbformat_minor": 5}
    notebooks.atomic_write(path, json.dumps(nb, indent=1) + "\n")


def run_once(path, kernel, n):
    latency_notebook(path, n)
    res = notebooks.execute_notebook(path, 300, None, kernel=kernel)
    if not res.ok:
        raise SystemExit(f"bench_cells: {notebooks.rel(path)} failed: {res.failure}\n{res.details}")
    times = [dt for _, dt in res.cell_times]
    if len(times) != len(NAMES):
        raise SystemExit(f"bench_cells: expected {len(NAMES)} cell times, got {len(times)}")
    return dict(zip(NAMES, times))


def kernel_settings(kernel):
    """What decides how the kernel builds a cell: its spec's env, and CGO_ENABLED as Go sees it."""
    from jupyter_client.kernelspec import KernelSpecManager
    spec = KernelSpecManager().get_kernel_spec(kernel)
    env = dict(os.environ, **{k: os.path.expandvars(v) for k, v in spec.env.items()})
    cgo = subprocess.run(["go", "env", "CGO_ENABLED"], env=env, capture_output=True, text=True).stdout.strip()
    return {"name": kernel, "spec": spec.resource_dir, "env": spec.env, "cgo_enabled": cgo}


def go_version():
    return subprocess.run(["go", "env", "GOVERSION"], capture_output=True, text=True).stdout.strip()


def fast_notebook_set():
    """Seconds to run every course notebook in fast mode, as the tests do; fails on a failure."""
    start = time.monotonic()
    for p in notebooks.find_notebooks([]):
        res = notebooks.execute_notebook(p, 600, True)
        if not res.ok:
            raise SystemExit(f"bench_cells: {notebooks.rel(p)} failed: {res.failure}")
    return time.monotonic() - start


class Kernel:
    """A kernel spec to time: the one Jupyter finds, or the one under JUPYTER_DATA_DIR=data_dir."""

    def __init__(self, name, data_dir, out):
        self.name, self.data_dir, self.out, self.rounds = name, data_dir, out, []

    def run(self, path, n):
        saved = os.environ.get("JUPYTER_DATA_DIR")
        if self.data_dir:
            os.environ["JUPYTER_DATA_DIR"] = str(self.data_dir)
        try:
            return run_once(path, self.name, n)
        finally:
            if saved is None:
                os.environ.pop("JUPYTER_DATA_DIR", None)
            else:
                os.environ["JUPYTER_DATA_DIR"] = saved

    def settings(self):
        saved = dict(os.environ)
        if self.data_dir:
            os.environ["JUPYTER_DATA_DIR"] = str(self.data_dir)
        try:
            return kernel_settings(self.name)
        finally:
            os.environ.clear()
            os.environ.update(saved)


def record(kernel, load_before, command):
    """The result file's content for kernel's rounds."""
    rounds = kernel.rounds
    result = {name: round(statistics.median(r[name] for r in rounds), 3) for name in NAMES}
    result.update({
        "rounds": len(rounds),
        "cells": {name: [round(r[name], 3) for r in rounds] for name in NAMES},
        "kernel": kernel.settings(),
        "go": go_version(),
        "gomlx_backend": os.environ.get("GOMLX_BACKEND", ""),
        "nproc": os.cpu_count(),
        "load_before": [round(x, 2) for x in load_before],
        "load_after": [round(x, 2) for x in os.getloadavg()],
        "time": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "command": command,
    })
    return result


def report(result, out):
    cgo = result["kernel"]["cgo_enabled"]
    print(f"notebook latency (Go kernel, CGO_ENABLED={cgo}, median of {result['rounds']} rounds):")
    print(f"  set-up cell:                 {result['setup_cell_s']:.2f}s")
    print(f"  first cell using gomlxnet:   {result['first_gomlxnet_cell_s']:.2f}s")
    print(f"  trivial later cell:          {result['trivial_cell_s']:.2f}s, then {result['second_trivial_cell_s']:.2f}s")
    if "fast_notebook_set_s" in result:
        print(f"  fast-mode notebook set:      {result['fast_notebook_set_s']:.0f}s")
    print(f"wrote {notebooks.rel(out)}")


def main(argv=None):
    ap = argparse.ArgumentParser(description="Notebook cell latency through the Go kernel.")
    ap.add_argument("--rounds", type=int, default=5, help="timed runs of the latency notebook (default 5)")
    ap.add_argument("--notebooks", action="store_true", help="also time the fast-mode notebook set")
    ap.add_argument("--kernel", default=notebooks.KERNEL, help="Jupyter kernel name (default gonb)")
    ap.add_argument("--out", type=Path, default=REPO / "bench" / "results" / "cells-latest.json",
                    help="result file (default bench/results/cells-latest.json)")
    ap.add_argument("--compare", nargs=2, metavar=("DATA_DIR", "OUT"), type=Path,
                    help="also time the kernel spec registered under JUPYTER_DATA_DIR=DATA_DIR (e.g. one with "
                         "cgo on), its rounds alternating with the others', into OUT")
    args = ap.parse_args(argv)
    if args.rounds < 1:
        ap.error(f"--rounds must be at least 1, got {args.rounds}")

    kernels = [Kernel(args.kernel, None, args.out)]
    if args.compare:
        kernels.append(Kernel(args.kernel, args.compare[0], args.compare[1]))
    path = REPO / "out" / "bench-latency.ipynb"
    base = time.time_ns() // 1000 % 10**6 * 100  # differs from the last run's numbers
    load_before = os.getloadavg()
    for k in kernels:
        k.run(path, base)  # warm-up: Go's build cache for this kernel's settings
    for i in range(args.rounds):
        for j, k in enumerate(kernels):
            k.rounds.append(k.run(path, base + 1 + len(kernels) * i + j))
    argv = sys.argv[1:] if argv is None else argv
    command = os.environ.get("BENCH_CELLS_COMMAND") or " ".join(["scripts/bench_cells.py", *argv])
    results = [record(k, load_before, command) for k in kernels]
    if args.notebooks:
        results[0]["fast_notebook_set_s"] = round(fast_notebook_set(), 1)
    for k, result in zip(kernels, results):
        notebooks.atomic_write(k.out, json.dumps(result, indent=1) + "\n")
        report(result, k.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
