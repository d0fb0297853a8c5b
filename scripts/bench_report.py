#!/usr/bin/env python3
"""bench_report.py: the tables and the result file of scripts/bench.sh.

    python3 scripts/bench_report.py RUNS_DIR RESULTS_DIR

RUNS_DIR holds, for every model, thread count and peer, MODEL-THREADS-PEER.json
(one JSON line per round, as the peers print them) or MODEL-THREADS-PEER.status
("failed" or "skipped", then the reason). The settings and the machine come
from the environment bench.sh sets (BENCH_STAMP, BENCH_ROUNDS, ...). Prints
one table per model and thread count, then writes RESULTS_DIR/bench-STAMP.json
and RESULTS_DIR/latest.json (each written to a temporary file, then renamed).

The result file keeps the fields of earlier versions ("peers" and "ratios":
the lecture network, each peer at its best thread count) and adds "results":
for each model, "by_threads" (per thread count, per peer: status,
seconds_per_epoch, range, runs), "best" (per peer: its fastest thread count
and time) and "ratios" (best against best).
"""

import json
import os
import sys

PEERS = {"mlp": ("gomlxnet", "pytorch", "gonum"), "cnn": ("gomlxnet", "pytorch")}


def median(xs):
    """The median of xs, the lower middle one for an even count (as bench.sh always did)."""
    xs = sorted(xs)
    return xs[(len(xs) - 1) // 2]


def read_run(path):
    """The peer's JSON lines at path (one per round); a line that does not parse is an error."""
    runs = []
    with open(path) as f:
        for n, line in enumerate(f, 1):
            if line.strip():
                try:
                    runs.append(json.loads(line))
                except json.JSONDecodeError as e:
                    raise SystemExit(f"bench_report: {path}:{n}: not JSON: {e}")
    return runs


def collect(runs_dir, model, threads, peer):
    """One peer's result at one thread count: status, seconds per epoch, range and runs."""
    base = os.path.join(runs_dir, f"{model}-{threads}-{peer}")
    if os.path.exists(base + ".status"):
        with open(base + ".status") as f:
            lines = f.read().split("\n")
        return {"status": lines[0], "reason": lines[1] if len(lines) > 1 else ""}
    if not os.path.exists(base + ".json"):
        return None  # not asked for
    runs = read_run(base + ".json")
    if not runs:
        return {"status": "failed", "reason": "no runs"}
    medians = [r["seconds_per_epoch_median"] for r in runs]
    return {"status": "ok", "seconds_per_epoch": median(medians), "range": [min(medians), max(medians)],
            "runs": runs}


def best_of(by_threads, peer):
    """The peer's fastest thread count and its seconds per epoch, or None."""
    best = None
    for t, peers in by_threads.items():
        r = peers.get(peer)
        if r and r["status"] == "ok" and (best is None or r["seconds_per_epoch"] < best["seconds_per_epoch"]):
            best = {"threads": int(t), "seconds_per_epoch": r["seconds_per_epoch"]}
    return best


def ratio(a, b):
    return round(a["seconds_per_epoch"] / b["seconds_per_epoch"], 3) if a and b else None


def print_table(model, t, peers):
    print(f"\n{model}, {t} thread{'s' if t != 1 else ''}:")
    print(f"{'peer':<9} {'dtype':<7} {'status':<8} {'s/epoch':<10} {'rounds range':<17} {'steps/s':<10} matrix library")
    for p, r in peers.items():
        if r["status"] != "ok":
            print(f"{p:<9} {r['status']} ({r['reason']})")
            continue
        last = r["runs"][-1]
        lo, hi = r["range"]
        steps = last["steps_per_epoch"] / r["seconds_per_epoch"]
        print(f"{p:<9} {last['dtype']:<7} {'ok':<8} {r['seconds_per_epoch']:<10.4f} {f'{lo:.4f}-{hi:.4f}':<17} "
              f"{steps:<10.1f} {last.get('blas', '')}")


def write_atomic(path, text):
    with open(path + ".tmp", "w") as f:
        f.write(text)
    os.replace(path + ".tmp", path)


def main(argv):
    if len(argv) != 2:
        raise SystemExit("usage: bench_report.py RUNS_DIR RESULTS_DIR")
    runs_dir, results_dir = argv
    env = os.environ.get
    threads = [int(t) for t in env("BENCH_THREADS", "1").split()]
    models = env("BENCH_MODELS", "mlp").split()
    wanted = env("BENCH_PEERS", "gomlxnet pytorch gonum").split()
    machine = {"nproc": os.cpu_count(), "cpu": env("BENCH_CPU", ""), "go": env("BENCH_GO", ""),
               "torch": env("BENCH_TORCH", ""), "libblas": env("BENCH_LIBBLAS", ""),
               "load_before": env("BENCH_LOAD_BEFORE", ""), "load_after": env("BENCH_LOAD_AFTER", "")}
    print(f"\nmachine: {machine['nproc']} CPUs, {machine['cpu']}; {machine['go']}; torch {machine['torch']}; "
          f"libblas.so.3 -> {machine['libblas']}")
    print(f"load average (1, 5, 15 min): before {machine['load_before']}, after {machine['load_after']}")
    print(f"settings: {env('BENCH_ROUNDS')} rounds; mlp {env('BENCH_EPOCHS')} timed epochs after 1 warm-up; "
          f"cnn {env('BENCH_CNN_EPOCHS')} timed passes of {env('BENCH_CNN_STEPS')} steps after 1 warm-up, "
          f"scaled to an epoch; threads {' '.join(map(str, threads))}; {env('BENCH_DATA')} data; batch 128")
    results = {}
    for m in models:
        by_threads = {}
        for t in threads:
            peers = {}
            for p in PEERS[m]:
                if p in wanted:
                    r = collect(runs_dir, m, t, p)
                    if r:
                        peers[p] = r
            by_threads[str(t)] = peers
            print_table(m, t, peers)
        best = {p: best_of(by_threads, p) for p in PEERS[m] if p in wanted}
        ratios = {f"gomlxnet_over_{p}": ratio(best.get("gomlxnet"), best[p]) for p in best if p != "gomlxnet"}
        results[m] = {"by_threads": by_threads, "best": best, "ratios": ratios}
        print(f"\n{m}, best thread count of each peer against the other's (above 1: gomlxnet is slower):")
        for k, v in ratios.items():
            print(f"  {k.replace('_over_', '/'):<18} {v if v is not None else 'n/a'}")

    record = {"time": env("BENCH_STAMP"), "rounds": int(env("BENCH_ROUNDS", "1")),
              "epochs": int(env("BENCH_EPOCHS", "1")), "warmup_epochs": 1, "threads": max(threads),
              "thread_counts": threads, "data": env("BENCH_DATA"), "models": models,
              "cnn_steps": int(env("BENCH_CNN_STEPS", "0")), "cnn_epochs": int(env("BENCH_CNN_EPOCHS", "0")),
              "machine": machine, "results": results}
    if "mlp" in results:  # the fields of earlier versions: the lecture network, best against best
        mlp = results["mlp"]
        record["peers"] = {}
        for p, b in mlp["best"].items():
            if b:
                r = mlp["by_threads"][str(b["threads"])][p]
                record["peers"][p] = {"status": "ok", "threads": b["threads"],
                                      "seconds_per_epoch": r["seconds_per_epoch"], "runs": r["runs"]}
            else:
                r = next(iter(mlp["by_threads"].values())).get(p, {"status": "failed", "reason": "no runs"})
                record["peers"][p] = {"status": r["status"], "reason": r.get("reason", "")}
        record["ratios"] = mlp["ratios"]
    os.makedirs(results_dir, exist_ok=True)
    text = json.dumps(record, indent=1) + "\n"
    out = os.path.join(results_dir, f"bench-{env('BENCH_STAMP')}.json")
    write_atomic(out, text)
    write_atomic(os.path.join(results_dir, "latest.json"), text)
    print(f"\nwrote {out} and {os.path.join(results_dir, 'latest.json')}")


if __name__ == "__main__":
    main(sys.argv[1:])
