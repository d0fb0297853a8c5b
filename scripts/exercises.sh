#!/usr/bin/env bash
# exercises.sh: every exercise check (notebooks/exercises/) run through the Go kernel twice, against
# the solutions (solutions/*.go: all must pass) and against the blank answers as shipped (all must
# fail with their message, none may crash the kernel); the exercise notebooks must be committed
# clean. Ends with "solutions: N passed, 0 failed" and "blanks: N failed as expected, 0 passed";
# exits non-zero otherwise. Arguments go to scripts/exercises.py (--full: exercise 8.2 at its full
# budget; -v: every verdict). Needs the set-up (scripts/setup.sh) done.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/env.sh
source scripts/env.sh
# The pure-Go backend, as in scripts/test.sh.
export GOMLX_BACKEND="${GOMLX_BACKEND:-go}"
"$PY" scripts/notebooks.py --check-clean notebooks/exercises
# --jobs 2: the solutions and the blanks in two kernels side by side (measured here: 99 s against
# 140 s one after the other, load average about 10 on 2 cores).
exec "$PY" scripts/exercises.py --jobs 2 "$@"
