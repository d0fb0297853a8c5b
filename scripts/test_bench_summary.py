#!/usr/bin/env python3
"""Tests of scripts/bench_report.py and scripts/bench_summary.py on made-up
peer lines: python3 scripts/test_bench_summary.py"""

import io
import json
import os
import sys
import tempfile
import unittest
from contextlib import redirect_stdout

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_report  # noqa: E402
import bench_summary  # noqa: E402


def line(peer, model, threads, medians):
    """A peer's JSON line for one round, the fields scripts/bench.sh's peers print."""
    return json.dumps({"peer": peer, "model": model, "threads": threads, "dtype": "float32", "data": "real",
                       "examples": 60000, "batch_size": 128, "steps_per_epoch": 469, "warmup_epochs": 1,
                       "epochs": 1, "seconds_per_epoch": [medians], "seconds_per_epoch_median": medians,
                       "steps_per_second": 469 / medians, "final_loss": 0.1, "version": "v", "blas": "b"})


class BenchTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.runs = os.path.join(self.tmp.name, "runs")
        self.results = os.path.join(self.tmp.name, "results")
        os.makedirs(self.runs)
        env = {"BENCH_STAMP": "20260101T000000Z", "BENCH_ROUNDS": "3", "BENCH_EPOCHS": "5",
               "BENCH_CNN_STEPS": "20", "BENCH_CNN_EPOCHS": "2", "BENCH_THREADS": "1 2",
               "BENCH_DATA": "real", "BENCH_MODELS": "mlp cnn", "BENCH_PEERS": "gomlxnet pytorch gonum"}
        self.old_env = {k: os.environ.get(k) for k in env}
        os.environ.update(env)

    def tearDown(self):
        for k, v in self.old_env.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        self.tmp.cleanup()

    def write(self, model, threads, peer, medians):
        with open(os.path.join(self.runs, f"{model}-{threads}-{peer}.json"), "w") as f:
            for m in medians:
                f.write(line(peer, model, threads, m) + "\n")

    def report(self):
        with redirect_stdout(io.StringIO()):
            bench_report.main([self.runs, self.results])
        out = io.StringIO()
        with redirect_stdout(out):
            bench_summary.main([self.results])
        return out.getvalue().splitlines()

    def test_best_thread_counts_against_each_other(self):
        self.write("mlp", 1, "gomlxnet", [0.30, 0.28, 0.50])  # median 0.30
        self.write("mlp", 2, "gomlxnet", [0.40, 0.41, 0.39])
        self.write("mlp", 1, "pytorch", [0.25, 0.35, 0.30])  # median 0.30
        self.write("mlp", 2, "pytorch", [0.90, 0.80, 1.00])
        self.write("mlp", 1, "gonum", [0.5, 0.5, 0.5])
        self.write("mlp", 2, "gonum", [0.6, 0.6, 0.6])
        self.write("cnn", 1, "gomlxnet", [40, 40, 40])
        self.write("cnn", 2, "gomlxnet", [30, 31, 29])  # median 30
        self.write("cnn", 1, "pytorch", [12, 12, 12])
        with open(os.path.join(self.runs, "cnn-2-pytorch.status"), "w") as f:
            f.write("failed\nexit 1: boom\n")
        os.makedirs(self.results)
        with open(os.path.join(self.results, "cells-latest.json"), "w") as f:
            json.dump({"trivial_cell_s": 0.8, "first_gomlxnet_cell_s": 1.5}, f)
        lines = self.report()
        self.assertEqual(lines, [
            "summary: mlp gomlxnet/pytorch 1.00 (best threads: gomlxnet 1, pytorch 1)",
            "summary: cnn gomlxnet/pytorch 2.50 (best threads: gomlxnet 2, pytorch 1)",
            "summary: cell trivial 0.80 s, first gomlxnet cell 1.50 s",
        ])
        with open(os.path.join(self.results, "latest.json")) as f:
            rec = json.load(f)
        self.assertEqual(rec["peers"]["gomlxnet"]["threads"], 1)  # the old fields: mlp, best threads
        self.assertEqual(rec["ratios"]["gomlxnet_over_gonum"], 0.6)
        self.assertEqual(rec["results"]["cnn"]["by_threads"]["2"]["pytorch"]["status"], "failed")

    def test_missing_files_and_peers_are_said(self):
        self.write("mlp", 1, "gomlxnet", [0.3])
        with open(os.path.join(self.runs, "mlp-1-pytorch.status"), "w") as f:
            f.write("skipped\nno torch\n")
        lines = self.report()
        self.assertEqual(len(lines), 3)
        self.assertIn("summary: mlp not measured (pytorch did not run", lines[0])
        self.assertIn("summary: cnn not measured (gomlxnet and pytorch did not run", lines[1])
        self.assertIn("summary: cell not measured (", lines[2])
        self.assertIn("cells-latest.json not found", lines[2])

    def test_no_results_at_all(self):
        out = io.StringIO()
        with redirect_stdout(out):
            bench_summary.main([os.path.join(self.tmp.name, "none")])
        self.assertEqual([l.split(" (")[0] for l in out.getvalue().splitlines()],
                         ["summary: mlp not measured", "summary: cnn not measured", "summary: cell not measured"])


if __name__ == "__main__":
    unittest.main()
