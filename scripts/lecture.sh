#!/usr/bin/env bash
# lecture.sh: set-up, then the lecture's notebooks executed through the Go kernel at the
# lecture's full settings (200 epochs; GOMLXNET_FAST=1 for a quick look), the handouts built
# (scripts/handouts.py: a site and PDFs in handouts/), and the test accuracy printed at the end.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/setup.sh --handouts
export PATH="$(go env GOPATH)/bin:$PATH:/usr/local/go/bin"
out="${HANDOUTS:-handouts}"
# The handouts: every chapter (notebooks 01-07 at the lecture's settings, 08 on in fast mode), PDFs.
"${PY:-/usr/bin/python3}" scripts/handouts.py --out "$out" -v
acc=$(grep -ho 'test accuracy: 0\.[0-9]*' "$out/05_training.html" | tail -n 1)
mode="the lecture's settings"
[ "${GOMLXNET_FAST:-}" = 1 ] && mode="fast mode: a subset and a few epochs, not the lecture's figure"
echo "${acc:-test accuracy: not found in $out/05_training.html} ($mode)"
