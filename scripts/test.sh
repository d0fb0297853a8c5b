#!/usr/bin/env bash
# test.sh: the project's whole test suite, set-up included (the README's test command).
#   1. scripts/setup.sh --test   (Go, Jupyter, Go kernel, tools, data, Chromium)
#   2. go vet and go test ./...  (the package, including the real MNIST files)
#   3. every notebook executed through the Go kernel in fast mode, checked for
#      errors and expected outputs, and checked to be committed without outputs
#   4. the notebook runner's own tests, the Go kernel's completion and help, a notebook run in
#      JupyterLab 4 in a browser (screenshot and pictures checked), and the set-up's fallback to
#      the classic Notebook when the Python package index cannot be reached
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
echo "== notebooks: committed clean (nbstripout) and with the set-up cell"
if "$PY" -c 'import nbstripout' 2>/dev/null; then
	"$PY" scripts/notebooks.py --check-clean
else
	echo "skipped: $PY has no nbstripout (the fallback without PyPI)"
fi
echo "== notebook runner: its own tests (on small generated notebooks)"
"$PY" scripts/test_notebooks.py
echo "== first-contact log checks: their own tests"
"$PY" scripts/test_fresh_log_check.py
echo "== Go kernel's help: completion and inspection through gopls (jupyter_client)"
"$PY" scripts/kernel_help_test.py
if [ "$PY" = /usr/bin/python3 ]; then
	echo "== browser: notebook 05 in the classic Notebook (the fallback; selenium + chromium-driver)"
	"$PY" scripts/browser_test.py --frontend classic
else
	echo "== browser: notebook 05 in JupyterLab 4, its completion and help (playwright)"
	"$PY" scripts/browser_test.py --frontend lab
	echo "== set-up without the Python package index: the classic Notebook fallback"
	bash scripts/fallback_test.sh
fi
echo "== notebooks: executed through the Go kernel (fast mode)"
"$PY" scripts/notebooks.py --fast --output-dir out/executed
echo "== exercises: every check through the Go kernel, against the solutions and the blanks"
scripts/exercises.sh
echo "== handouts: built from those notebooks, checked in headless Chromium offline, PDFs"
"$PY" scripts/handouts_test.py --executed out/executed
