#!/usr/bin/env bash
# jupyter.sh: opens the notebooks in JupyterLab (the course's venv), or in Debian's classic
# Notebook where the set-up had to fall back to it. Run scripts/setup.sh first (make jupyter does).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/env.sh
source scripts/env.sh
root=()
[ "$(id -u)" -eq 0 ] && root=(--allow-root)
if jupyter lab --version >/dev/null 2>&1; then exec jupyter lab --ServerApp.root_dir=notebooks "${root[@]}" "$@"; fi
echo "jupyter: JupyterLab is not installed (the set-up fell back to Debian's classic Notebook)"
exec jupyter notebook --notebook-dir=notebooks "${root[@]}" "$@"
