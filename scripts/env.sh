# env.sh: sourced (never run) by every entry point (setup, lecture, test, jupyter, bench, the
# Makefile's targets): finds Go, the Go tools and the course's Python, whatever the calling
# shell's PATH is, so that a shell in which scripts/setup.sh has just installed Go works at once.
#
# After `source scripts/env.sh`:
#   PATH       has Go's bin directory (an installed go, else /usr/local/go or ~/.local/go, where
#              the set-up installs it), $(go env GOPATH)/bin (gonb, goimports, gopls) and the
#              course's virtual environment's bin directory (jupyter), in that order of precedence
#              after what was already on PATH for go, before it for the rest.
#   NN_REPO    the repository's root.
#   NN_VENV    the course's virtual environment: $GOMLXNET_VENV, default $NN_REPO/.venv.
#   PY         the Python that runs the course's tools: the venv's when it has Jupyter in it, else
#              Debian's /usr/bin/python3 (the classic-Notebook fallback).
#   NN_GOBIN   $(go env GOPATH)/bin, empty while there is no Go.
# Sourcing it twice is harmless: no directory is added to PATH twice.

NN_REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
NN_VENV=${GOMLXNET_VENV:-$NN_REPO/.venv}

# nn_path_add DIR [front]: adds DIR to PATH once, at the end (or the front).
nn_path_add() {
	case ":$PATH:" in *":$1:"*) return 0 ;; esac
	if [ "${2:-}" = front ]; then PATH="$1:$PATH"; else PATH="$PATH:$1"; fi
}

# Go: what is on PATH wins; else where the set-up installs it (root, then a user).
if ! command -v go >/dev/null 2>&1; then
	for nn_d in /usr/local/go/bin "$HOME/.local/go/bin"; do
		if [ -x "$nn_d/go" ]; then nn_path_add "$nn_d"; break; fi
	done
fi
NN_GOBIN=""
if command -v go >/dev/null 2>&1; then
	NN_GOBIN="$(go env GOPATH 2>/dev/null)/bin"
	[ "$NN_GOBIN" = /bin ] && NN_GOBIN=""
fi
[ -n "$NN_GOBIN" ] && nn_path_add "$NN_GOBIN" front

# Python and Jupyter: the course's venv when it is complete, else Debian's.
if [ -x "$NN_VENV/bin/python" ] && [ -x "$NN_VENV/bin/jupyter-lab" ]; then
	PY="$NN_VENV/bin/python"
	nn_path_add "$NN_VENV/bin" front
else
	PY=/usr/bin/python3
fi
export PATH PY NN_REPO NN_VENV NN_GOBIN
unset nn_d
