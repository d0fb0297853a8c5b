#!/usr/bin/env bash
# bench_notebooks.sh: how long a student waits in the notebooks, through the real Go kernel:
#   - the set-up cell (the first cell of every notebook),
#   - the first cell that uses gomlxnet (compiles and links the package into the cell's program),
#   - a trivial later cell ("fmt.Println(1)") while gomlxnet is in the notebook's declarations,
#   - the whole fast-mode notebook set (GOMLXNET_FAST=1), as the tests run it.
# The latency notebook is generated under out/ (so "$GONB_DIR/.." is the repository).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export GOMLX_BACKEND="${GOMLX_BACKEND:-go}"
mkdir -p out
nb=out/bench-latency.ipynb
source scripts/env.sh
setup=$("$PY" -c 'import json; nb = json.load(open("notebooks/01_neurons.ipynb")); print("".join(next(c for c in nb["cells"] if c["cell_type"] == "code")["source"]))')
SETUP="$setup" "$PY" - "$nb" <<'PY'
import json, os, sys
cells = [os.environ["SETUP"],
         'import "github.com/gonb-courses/neuralnets/gomlxnet"\n\nfunc shape() []int { return gomlxnet.NewArray[float32](2, 3).Shape }\n\n%%\nfmt.Println(shape())',
         '%%\nfmt.Println(1)',
         '%%\nfmt.Println(2)']
nb = {"cells": [{"cell_type": "code", "execution_count": None, "id": f"c{i}", "metadata": {}, "outputs": [],
                 "source": src} for i, src in enumerate(cells)],
      "metadata": {"kernelspec": {"display_name": "Go (gonb)", "language": "go", "name": "gonb"}},
      "nbformat": 4, "nbformat_minor": 5}
json.dump(nb, open(sys.argv[1], "w"))
PY
log=$("$PY" scripts/notebooks.py -v "$nb" 2>&1) || { echo "$log"; exit 1; }
times=($(grep -oE '^ *[0-9.]+s +cell' <<<"$log" | grep -oE '[0-9.]+'))
[ ${#times[@]} -eq 4 ] || { echo "$log"; echo "bench_notebooks: expected 4 cell times" >&2; exit 1; }
printf 'notebook latency (Go kernel, %s backend):\n' "$GOMLX_BACKEND"
printf '  set-up cell:                 %ss\n' "${times[0]}"
printf '  first cell using gomlxnet:   %ss\n' "${times[1]}"
printf '  trivial later cell:          %ss, then %ss\n' "${times[2]}" "${times[3]}"
start=$SECONDS
"$PY" scripts/notebooks.py --fast notebooks/ | tail -n 1
printf '  fast-mode notebook set:      %ss\n' "$((SECONDS - start))"
