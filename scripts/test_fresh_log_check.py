#!/usr/bin/env python3
"""Tests of scripts/fresh_log_check.py on small logs: python3 scripts/test_fresh_log_check.py"""

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fresh_log_check import problems  # noqa: E402

GOOD_LECTURE = [
    "setup: Go go1.26.8 installed from the Go module proxy (41 s)",
    "PASS notebooks/05_training.ipynb (48.1 s)",
    "7 passed, 0 failed",
    "test accuracy: 0.1312 (fast mode: ...)",
]


class ProblemsTest(unittest.TestCase):
    def test_clean_lecture_log_passes(self):
        self.assertEqual(problems(GOOD_LECTURE, lecture=True), [])

    def test_error_lines_are_found(self):
        for line in ["go: command not found", "Traceback (most recent call last):", "exit status 1: panic: x",
                     "Error: no kernel", "1 passed, 2 failed", "E: Unable to locate package x"]:
            with self.subTest(line=line):
                self.assertEqual(len(problems([line])), 1, line)

    def test_summary_counts_are_not_errors(self):
        self.assertEqual(problems(["38 passed, 0 failed", "blanks: 9 failed as expected, 0 passed"]), [])

    def test_accuracy_must_be_last(self):
        found = problems(GOOD_LECTURE + ["handouts written"], lecture=True)
        self.assertTrue(any("last line" in p for p in found), found)

    def test_too_many_lines(self):
        found = problems(["ok"] * 61)
        self.assertTrue(any("more than 60" in p for p in found), found)

    def test_second_run_must_not_install(self):
        found = problems(GOOD_LECTURE, lecture=True, second=True)
        self.assertTrue(any("second run" in p for p in found), found)
        self.assertEqual(problems(GOOD_LECTURE[1:], lecture=True, second=True), [])


if __name__ == "__main__":
    unittest.main()
