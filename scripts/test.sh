#!/usr/bin/env bash
# test.sh: the project's whole test suite, set-up included (the README's test command).
#   1. scripts/setup.sh --test   (Go, Jupyter, Go kernel, tools, data, Chromium)
#   2. go vet and go test ./...  (the package, including the real MNIST files)
#   3. every notebook executed through the Go kernel in fast mode, checked for
#      errors and expected outputs, and checked to be committed without outputs
#   4. the notebook runner's own tests, and a notebook run in a browser, its screenshot checked
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/setup.sh --test
# shellcheck source=scripts/env.sh
source scripts/env.sh # again: the set-up may have just installed Go or the venv
# The pure-Go backend: what CI and most laptops have; the notebooks' figures are checked on it.
export GOMLX_BACKEND="${GOMLX_BACKEND:-go}"
export GOMLXNET_FAST=1

echo "== go vet"
go vet ./...
echo "== go test"
go test -count=1 ./...
echo "== notebooks: committed without outputs"
"$PY" scripts/notebooks.py --check-clean
echo "== notebook runner: its own tests (on small generated notebooks)"
"$PY" scripts/test_notebooks.py
echo "== notebooks: screenshot in the classic Notebook"
/usr/bin/python3 scripts/screenshot_test.py
echo "== notebooks: executed through the Go kernel (fast mode)"
"$PY" scripts/notebooks.py --fast
