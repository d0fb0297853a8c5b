#!/usr/bin/env bash
# lecture.sh: set-up, then the lecture's notebooks executed through the Go kernel at the
# lecture's full settings (200 epochs; GOMLXNET_FAST=1 for a quick look), rendered to
# HTML handouts with their pictures, and the test accuracy printed at the end.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/setup.sh
export PATH="$(go env GOPATH)/bin:$PATH:/usr/local/go/bin"
out="${HANDOUTS:-handouts}"
/usr/bin/python3 scripts/notebooks.py --handouts "$out"
echo "handouts: $(pwd)/$out/index.html"
if [ -f "$out/lecture_result.txt" ]; then cat "$out/lecture_result.txt"; fi
