#!/usr/bin/env bash
# jupyter.sh: opens the notebooks in JupyterLab when it is installed, else the classic Notebook.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$(go env GOPATH)/bin:$PATH"
args=(--notebook-dir=notebooks)
[ "$(id -u)" -eq 0 ] && args+=(--allow-root)
if jupyter lab --version >/dev/null 2>&1; then exec jupyter lab "${args[@]}" "$@"; fi
exec jupyter notebook "${args[@]}" "$@"
