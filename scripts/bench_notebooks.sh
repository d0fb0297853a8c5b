#!/usr/bin/env bash
# bench_notebooks.sh: how long a student waits in the notebooks, through the real Go kernel
# (scripts/bench_cells.py: the set-up cell, the first cell that uses gomlxnet, a trivial later
# cell while gomlxnet is in the notebook's declarations, each the median of BENCH_CELL_ROUNDS
# fresh kernels; then the whole fast-mode notebook set, as the tests run it), written to
# bench/results/cells-latest.json.
#
#   scripts/bench_notebooks.sh
#   BENCH_CELL_ROUNDS=3 BENCH_CELL_NOTEBOOKS=0 scripts/bench_notebooks.sh   # cells only
#
# The kernel is the one scripts/setup.sh registered (its spec sets CGO_ENABLED=0 while no XLA
# plugin is installed; the result file records what it was).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export GOMLX_BACKEND="${GOMLX_BACKEND:-go}"
source scripts/env.sh
args=(--rounds "${BENCH_CELL_ROUNDS:-5}")
[ "${BENCH_CELL_NOTEBOOKS:-1}" = 0 ] || args+=(--notebooks)
BENCH_CELLS_COMMAND="scripts/bench_notebooks.sh" exec "$PY" scripts/bench_cells.py "${args[@]}"
