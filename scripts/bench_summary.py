#!/usr/bin/env python3
"""bench_summary.py: the three summary lines `make bench` ends with.

    python3 scripts/bench_summary.py [RESULTS_DIR]    (default bench/results)

Reads RESULTS_DIR/latest.json (scripts/bench.sh, through bench_report.py)
and RESULTS_DIR/cells-latest.json (scripts/bench_notebooks.sh) and prints:

    summary: mlp gomlxnet/pytorch R (best threads: gomlxnet N, pytorch N)
    summary: cnn gomlxnet/pytorch R (best threads: gomlxnet N, pytorch N)
    summary: cell trivial S s, first gomlxnet cell S s

R is gomlxnet's seconds per epoch over PyTorch's, each at its fastest thread
count. A missing file, model or peer is said on its line instead. Exits 0
whatever is missing: the lines are the report.
"""

import json
import os
import sys


def load(path):
    """The JSON object in path, or the reason it cannot be read."""
    try:
        with open(path) as f:
            return json.load(f), None
    except FileNotFoundError:
        return None, f"{path} not found"
    except (OSError, json.JSONDecodeError) as e:
        return None, f"{path} unreadable: {e}"


def model_line(bench, why, model, path):
    if bench is None:
        return f"summary: {model} not measured ({why})"
    res = bench.get("results", {}).get(model)
    if res is None:
        return f"summary: {model} not measured (no {model} results in {path})"
    best = res.get("best", {})
    g, p = best.get("gomlxnet"), best.get("pytorch")
    if not g or not p:
        missing = " and ".join(n for n, b in (("gomlxnet", g), ("pytorch", p)) if not b)
        return f"summary: {model} not measured ({missing} did not run, see {path})"
    r = g["seconds_per_epoch"] / p["seconds_per_epoch"]
    return f"summary: {model} gomlxnet/pytorch {r:.2f} (best threads: gomlxnet {g['threads']}, pytorch {p['threads']})"


def cell_line(cells, why):
    if cells is None:
        return f"summary: cell not measured ({why})"
    try:
        trivial, first = float(cells["trivial_cell_s"]), float(cells["first_gomlxnet_cell_s"])
    except (KeyError, TypeError, ValueError) as e:
        return f"summary: cell not measured (cells-latest.json lacks a number: {e})"
    return f"summary: cell trivial {trivial:.2f} s, first gomlxnet cell {first:.2f} s"


def main(argv):
    results = argv[0] if argv else "bench/results"
    path = os.path.join(results, "latest.json")
    bench, why = load(path)
    cells, cwhy = load(os.path.join(results, "cells-latest.json"))
    print(model_line(bench, why, "mlp", path))
    print(model_line(bench, why, "cnn", path))
    print(cell_line(cells, cwhy))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
