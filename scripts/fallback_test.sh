#!/usr/bin/env bash
# fallback_test.sh: the set-up where the Python package index cannot be reached. It must say so in
# one line, fall back to Debian's classic Notebook (installing it from Debian when missing), make
# no half venv, and leave a classic Notebook that runs a notebook through the Go kernel in a
# browser (scripts/browser_test.py --frontend classic).
# The index is made unreachable for pip alone: a closed port on 127.0.0.1 as its index.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
venv="$tmp/venv"
log="$tmp/setup.log"
if ! GOMLXNET_VENV="$venv" PIP_INDEX_URL=http://127.0.0.1:9/simple PIP_FIND_LINKS= PIP_RETRIES=0 \
	PIP_DEFAULT_TIMEOUT=5 bash scripts/setup.sh --test >"$log" 2>&1; then
	cat "$log"; echo "fallback: the set-up failed with the index unreachable" >&2; exit 1
fi
fail() { cat "$log"; echo "fallback: $*" >&2; exit 1; }
n=$(grep -c "could not be reached" "$log" || true)
[ "$n" = 1 ] || fail "expected one line saying the index could not be reached, found $n"
grep -q "ready in .*Debian's classic Notebook" "$log" || fail "the set-up's last line does not name the classic Notebook"
[ ! -e "$venv" ] || fail "a half-made venv was left at $venv"
# shellcheck source=scripts/env.sh
GOMLXNET_VENV="$venv" source scripts/env.sh
[ "$PY" = /usr/bin/python3 ] || fail "env.sh picked $PY instead of Debian's python"
echo "fallback: index unreachable -> $(grep "could not be reached" "$log" | sed 's/^setup: //')"
"$PY" -m notebook --version >/dev/null || fail "no classic Notebook after the fallback"
echo "fallback: classic Notebook $("$PY" -m notebook --version); browser test:"
GOMLXNET_VENV="$venv" "$PY" scripts/browser_test.py --frontend classic
