#!/usr/bin/env bash
# lecture.sh: set-up, then the lecture's notebooks executed through the Go kernel at the
# lecture's full settings (200 epochs; GOMLXNET_FAST=1 for a quick look), rendered to
# HTML handouts with their pictures, and the test accuracy printed at the end.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/setup.sh
export PATH="$(go env GOPATH)/bin:$PATH:/usr/local/go/bin"
out="${HANDOUTS:-handouts}"
# The lecture's notebooks (01-07); 08 onwards go beyond it: run them with scripts/notebooks.py.
/usr/bin/python3 scripts/notebooks.py --handouts --handouts-dir "$out" --timeout 0 -v notebooks/0[1-7]_*.ipynb
acc=$(grep -ho 'test accuracy: 0\.[0-9]*' "$out/05_training.html" | tail -n 1)
mode="the lecture's settings"
[ "${GOMLXNET_FAST:-}" = 1 ] && mode="fast mode: a subset and a few epochs, not the lecture's figure"
echo "${acc:-test accuracy: not found in $out/05_training.html} ($mode)"
