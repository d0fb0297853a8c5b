#!/usr/bin/env python3
"""Checks the log of a quick-start command that succeeded, as a newcomer would read it.

    scripts/fresh_log_check.py LOG [--lecture] [--second] [--max-lines N]

Fails (exit 1, saying why) when
  - the log has more than --max-lines lines (default 60);
  - a line looks like an error (error, failed, panic, traceback, not found, ...) although the
    command succeeded; counts such as "12 passed, 0 failed" are not errors;
  - --lecture: the last line is not the test accuracy line;
  - --second: the set-up installed or registered anything (a second run must only check).
Used by scripts/fresh_machine_test.sh; its own tests: scripts/test_fresh_log_check.py.
"""

import argparse
import re
import sys

# Words that make a line look like an error to a newcomer.
ERROR_LIKE = re.compile(
    r"\b(error|errors|failed|failure|fatal|panic|traceback|exception|warning|not found|"
    r"cannot|can't|could not|unable|no such file|denied|refused)\b",
    re.IGNORECASE,
)
# Parts of a line that use those words without reporting a problem.
NOT_ERRORS = [
    re.compile(r"\b\d+ passed, 0 failed\b"),  # a runner's summary line
    re.compile(r"\b0 failed\b"),
    re.compile(r"\bfailed as expected\b"),
]
# Set-up lines that say it changed something.
INSTALLING = re.compile(r"^setup: .*\b(installed|registered|Debian packages)\b")
ACCURACY_LAST = re.compile(r"^test accuracy: 0\.\d+ \(")


def problems(lines, lecture=False, second=False, max_lines=60):
    """Returns the list of problems found in the log's lines (empty when it passes)."""
    found = []
    if len(lines) > max_lines:
        found.append(f"{len(lines)} lines, more than {max_lines}")
    for number, line in enumerate(lines, 1):
        text = line
        for allowed in NOT_ERRORS:
            text = allowed.sub("", text)
        if ERROR_LIKE.search(text):
            found.append(f"line {number} looks like an error: {line.strip()}")
        if second and INSTALLING.search(line):
            found.append(f"line {number}: the second run's set-up changed something: {line.strip()}")
    if lecture:
        last = lines[-1] if lines else ""
        if not ACCURACY_LAST.search(last):
            found.append(f"the last line is not the test accuracy: {last.strip()!r}")
    return found


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("log")
    parser.add_argument("--lecture", action="store_true", help="the last line must be the test accuracy")
    parser.add_argument("--second", action="store_true", help="the set-up must change nothing")
    parser.add_argument("--max-lines", type=int, default=60)
    args = parser.parse_args(argv)
    try:
        with open(args.log, encoding="utf-8", errors="replace") as f:
            lines = f.read().splitlines()
    except OSError as e:
        print(f"fresh_log_check: cannot read {args.log}: {e}", file=sys.stderr)
        return 2
    found = problems(lines, args.lecture, args.second, args.max_lines)
    for p in found:
        print(f"fresh_log_check: {args.log}: {p}", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
