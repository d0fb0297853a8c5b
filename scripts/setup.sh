#!/usr/bin/env bash
# setup.sh: installs what the course needs and is missing, and nothing else.
# Idempotent: run again when everything is present, it checks and changes nothing.
# Used by the entry scripts (lecture, test, jupyter, bench), the Makefile, CI and the image.
#
#   scripts/setup.sh            Go, JupyterLab, GoNB with goimports and gopls, the kernel, MNIST
#   scripts/setup.sh --handouts also what the handouts need (MathJax, Chromium, poppler-utils)
#   scripts/setup.sh --test     also what the tests need (the handouts' and selenium's)
#   scripts/setup.sh --bench    also the benchmark peers (PyTorch from Debian, OpenBLAS)
#   scripts/setup.sh --xla      also XLA's CPU plugin for GoMLX, where it can be downloaded
#
# It prints one line per step with what it did and how long it took; each step's full output
# goes to out/setup/<step>.log, whose last lines are printed when the step fails.
#
# Debian packages are the only thing that needs root. As root they are installed directly; as
# a user through sudo (asked for them only); a user who cannot use sudo gets the one
# `sudo apt-get install ...` line an administrator must run, before anything is changed.
# Everything else lands in the user's own directories: Go in /usr/local/go (root) or
# ~/.local/go, the Go tools in $(go env GOPATH)/bin, Jupyter in the repository's .venv
# ($GOMLXNET_VENV), the kernel in ~/.local/share/jupyter, MNIST in the user cache directory.
#
# Environment: GOMLXNET_DATA (data directory), GOMLXNET_VENV (virtual environment),
# SETUP_SKIP_DATA=1 (no MNIST, e.g. while building an image layer), SETUP_NO_PYPI=1 (do not
# try the Python package index: Debian's classic Notebook instead of JupyterLab).
set -euo pipefail
# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$NN_REPO"

want_test=0 want_bench=0 want_xla=0 want_handouts=0
for arg in "$@"; do
	case "$arg" in
	--test) want_test=1 want_handouts=1 ;;
	--handouts) want_handouts=1 ;;
	--bench) want_bench=1 ;;
	--xla) want_xla=1 ;;
	*) echo "setup: unknown argument $arg (expected --handouts, --test, --bench or --xla)" >&2; exit 2 ;;
	esac
done

logs="$NN_REPO/out/setup"
mkdir -p "$logs"
started=$SECONDS
say() { printf 'setup: %s\n' "$*"; }
die() { printf 'setup: error: %s\n' "$*" >&2; exit 1; }

# step NAME DESCRIPTION COMMAND...: runs COMMAND with its output in out/setup/NAME.log and
# prints one line; on failure, the log's last lines and the exit.
# The commands a step runs are written as && chains: bash turns errexit off inside a function
# called from an `if` or `&&`, so a failing line in the middle would otherwise go unnoticed.
step() {
	local name=$1 what=$2 t0=$SECONDS rc=0
	shift 2
	"$@" >"$logs/$name.log" 2>&1 || rc=$?
	if [ $rc -eq 0 ]; then
		say "$what ($((SECONDS - t0)) s)"
	else
		say "$what: FAILED after $((SECONDS - t0)) s (exit $rc); last lines of out/setup/$name.log:" >&2
		tail -n 25 "$logs/$name.log" | sed 's/^/    /' >&2
		exit 1
	fi
}

# 0. Debian packages: all of them are worked out and installed first, so that a user who cannot
# install them is stopped before anything else changes.
deb_installed() { case "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" in *"install ok installed"*) return 0 ;; esac; return 1; }
venv_ready() { [ -x "$NN_VENV/bin/jupyter-lab" ] && cmp -s "$NN_VENV/.requirements" scripts/requirements-jupyter.txt; }
wanted=()
command -v go >/dev/null || wanted+=(ca-certificates curl unzip)
venv_ready || wanted+=(python3-venv)
# The handouts (scripts/handouts.py): MathJax, copied into the site; Chromium and poppler-utils
# print and join the PDFs. The tests: selenium and its driver for the classic Notebook's browser
# test, and libatomic1 for playwright's driver.
[ $want_handouts -eq 1 ] && wanted+=(libjs-mathjax chromium poppler-utils)
[ $want_test -eq 1 ] && wanted+=(chromium-driver python3-selenium libatomic1)
[ $want_bench -eq 1 ] && wanted+=(python3-torch libopenblas0-pthread)
# The classic-Notebook fallback's packages, when the venv is not there and cannot be made.
debian_jupyter=(jupyter-client python3-nbclient jupyter-nbconvert jupyter-notebook python3-ipykernel)

# apt_install PKG...: installs those of the packages that are missing.
apt_install() {
	local missing=() p sudo=()
	for p in "$@"; do deb_installed "$p" || missing+=("$p"); done
	[ ${#missing[@]} -eq 0 ] && return 0
	command -v apt-get >/dev/null ||
		die "missing ${missing[*]} and this machine has no apt-get: install them with its package manager"
	if [ "$(id -u)" -ne 0 ]; then
		if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
			sudo=(sudo -n)
		elif command -v sudo >/dev/null && [ -t 0 ] && sudo -v; then
			sudo=(sudo)
		else
			say "these Debian packages are missing and only an administrator can install them:" >&2
			printf '\n    sudo apt-get update && sudo apt-get install -y %s\n\n' "${missing[*]}" >&2
			die "nothing was changed; run set-up again once they are installed"
		fi
	fi
	# A stale or absent package list makes apt fail to find packages: refresh it first.
	apt_run() {
		"${sudo[@]}" apt-get update -q &&
			DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
	}
	step apt "Debian packages installed: ${missing[*]}" apt_run
}
[ ${#wanted[@]} -eq 0 ] || apt_install "${wanted[@]}"

# 1. Go. go.mod asks for Go 1.26; any Go >= 1.21 fetches that toolchain itself. With no Go at
# all, the pinned release comes from the Go module proxy, where it is published as the module
# golang.org/toolchain (the same zip GOTOOLCHAIN downloads).
go_release=go1.26.8
install_go() {
	local arch dest proxy url tmp
	case "$(uname -m)" in
	x86_64) arch=amd64 ;; aarch64 | arm64) arch=arm64 ;;
	*) echo "no Go release for $(uname -m): install Go >= 1.21 yourself"; return 1 ;;
	esac
	if [ "$(id -u)" -eq 0 ]; then dest=/usr/local/go; else dest=$HOME/.local/go; fi
	proxy=${GOPROXY:-https://proxy.golang.org}
	proxy=${proxy%%[,|]*}
	case "$proxy" in off | direct) proxy=https://proxy.golang.org ;; esac
	url="$proxy/golang.org/toolchain/@v/v0.0.1-$go_release.linux-$arch.zip"
	echo "downloading $url into $dest"
	tmp=$(mktemp -d) &&
		curl -fsSL --retry 3 -o "$tmp/go.zip" "$url" &&
		unzip -q "$tmp/go.zip" -d "$tmp" &&
		rm -rf "$dest.new" && mkdir -p "$(dirname "$dest")" &&
		mv "$tmp/golang.org/toolchain@v0.0.1-$go_release.linux-$arch" "$dest.new" &&
		{ chmod +x "$dest.new"/bin/* "$dest.new"/pkg/tool/*/* 2>/dev/null || true; } &&
		rm -rf "$dest" && mv "$dest.new" "$dest" && rm -rf "$tmp"
}
if ! command -v go >/dev/null; then
	step go "Go $go_release installed from the Go module proxy" install_go
	source scripts/env.sh
	command -v go >/dev/null || die "Go was installed but is not found (looked in /usr/local/go/bin and ~/.local/go/bin)"
fi
go_bin=$(dirname "$(command -v go)")

# 2. Jupyter: JupyterLab 4 and its tools, pinned (scripts/requirements-jupyter.txt), in the
# course's virtual environment; where the package index cannot be reached, Debian's classic
# Notebook instead.
make_venv() {
	# The venv's scripts name their own path, so it is built where it lives; it counts as ready
	# only once its copy of the requirements is written, last.
	local cert=()
	[ -n "${SSL_CERT_FILE:-}" ] && [ -z "${PIP_CERT:-}" ] && cert=(--cert "$SSL_CERT_FILE")
	/usr/bin/python3 -m venv --clear "$NN_VENV" &&
		"$NN_VENV/bin/pip" install --disable-pip-version-check --no-input "${cert[@]}" -r scripts/requirements-jupyter.txt &&
		cp scripts/requirements-jupyter.txt "$NN_VENV/.requirements"
}
if ! venv_ready; then
	t0=$SECONDS
	if [ "${SETUP_NO_PYPI:-0}" != 1 ] && make_venv >"$logs/venv.log" 2>&1; then
		say "JupyterLab $("$NN_VENV/bin/jupyter-lab" --version) and its tools installed into $NN_VENV ($((SECONDS - t0)) s)"
	else
		rm -rf "$NN_VENV"
		say "the Python package index could not be reached (out/setup/venv.log): Debian's classic Notebook instead of JupyterLab"
		apt_install "${debian_jupyter[@]}"
	fi
	source scripts/env.sh
fi
command -v jupyter >/dev/null || apt_install "${debian_jupyter[@]}"
command -v jupyter >/dev/null || die "jupyter is still not on PATH after installing it"

# 3. GoNB and goimports (tool directives in go.mod), gopls (pinned: it needs its own x/tools).
gobin=$NN_GOBIN
if [ ! -x "$gobin/gonb" ] || [ ! -x "$gobin/goimports" ] || [ go.mod -nt "$gobin/gonb" ]; then
	install_tools() { go install tool && touch "$gobin/gonb"; }
	step tools "gonb and goimports installed (go install tool)" install_tools
fi
gopls_version=v0.20.0
if [[ "$("$gobin/gopls" version 2>/dev/null)" != *"$gopls_version"* ]]; then
	install_gopls() { (cd /tmp && GOFLAGS= go install "golang.org/x/tools/gopls@$gopls_version"); }
	step gopls "gopls $gopls_version installed" install_gopls
fi

# 4. XLA's CPU plugin, on request (GoMLX picks it up when present).
if [ $want_xla -eq 1 ]; then
	install_xla() { (cd docker/xlainstall && go run .); }
	if ! (step xla "XLA's CPU plugin installed (GoMLX will pick it)" install_xla); then
		say "XLA's CPU plugin could not be installed here (out/setup/xla.log); the pure-Go backend stays"
	fi
fi

# 5. The Go kernel, registered once for this user, with go, goimports and gopls on its PATH
# whatever PATH the Jupyter server is started with (the kernel spec's env; ${PATH} is filled in
# by Jupyter from the server's own environment). While no XLA plugin is installed, the spec also
# sets CGO_ENABLED=0: a cell's program then links in about 0.4 s instead of 1-3 s (GoMLX's XLA
# backend is the only cgo user, and without a plugin it cannot run anyway; gomlxnet's
# backend_noxla.go is built instead). Once a plugin is installed (--xla), the next set-up takes it
# out again, so that XLA is picked. Plugins are looked for where go-xla looks (pjrt/dynamiclib_*.go).
xla_plugin() {
	local d f IFS=: home=$HOME/.local/lib
	local dirs=${PJRT_PLUGIN_LIBRARY_PATH-$home/go-xla:$home/go-xla/nvidia:$home/gomlx/pjrt:/usr/local/lib/go-xla:/usr/local/lib/go-xla/nvidia:/usr/local/lib/gomlx/pjrt:${LD_LIBRARY_PATH:-}}
	for d in $dirs; do
		for f in "$d"/pjrt-plugin-*.so "$d"/pjrt_plugin_*.so "$d"/pjrt_c_api_*_plugin.so; do
			[ -f "$f" ] && return 0
		done
	done
	return 1
}
kernel_cgo=0
xla_plugin && kernel_cgo=""
kernel_json=${JUPYTER_DATA_DIR:-$HOME/.local/share/jupyter}/kernels/gonb/kernel.json
kernel_path="$go_bin:$gobin:\${PATH}"
kernel_ok() {
	/usr/bin/env python3 - "$kernel_json" "$gobin/gonb" "$kernel_path" "$kernel_cgo" <<-'PY' 2>/dev/null
		import json, sys
		spec = json.load(open(sys.argv[1]))
		env = spec.get("env", {})
		ok = spec["argv"][0] == sys.argv[2] and env.get("PATH") == sys.argv[3]
		sys.exit(0 if ok and env.get("CGO_ENABLED", "") == sys.argv[4] else 1)
	PY
}
register_kernel() {
	"$gobin/gonb" --install --logtostderr=false &&
		/usr/bin/env python3 - "$kernel_json" "$kernel_path" "$kernel_cgo" <<-'PY'
		import json, os, sys
		path, value, cgo = sys.argv[1], sys.argv[2], sys.argv[3]
		spec = json.load(open(path))
		env = spec.setdefault("env", {})
		env["PATH"] = value
		if cgo:
		    env["CGO_ENABLED"] = cgo
		else:
		    env.pop("CGO_ENABLED", None)
		with open(path + ".tmp", "w") as f:
		    json.dump(spec, f, indent=1)
		os.replace(path + ".tmp", path)
	PY
}
if ! kernel_ok; then
	step kernel "Go kernel registered: $kernel_json$([ -z "$kernel_cgo" ] || echo ", cgo off (no XLA plugin)")" register_kernel
	kernel_ok || die "the Go kernel spec $kernel_json was not written as expected"
fi

# 6. MNIST, verified by SHA-256, into the data directory.
if [ "${SETUP_SKIP_DATA:-0}" != 1 ]; then
	get_data() { go run ./cmd/getdata >"$logs/data.paths"; }
	step data "MNIST: the four files checked against their SHA-256" get_data
fi
if [ -x "$NN_VENV/bin/jupyter-lab" ]; then front="JupyterLab $(cat "$NN_VENV/.requirements" | sed -n 's/^jupyterlab==//p')"; else front="Debian's classic Notebook"; fi
say "ready in $((SECONDS - started)) s: Go $(go env GOVERSION), $front, the Go kernel$([ "${SETUP_SKIP_DATA:-0}" = 1 ] || echo ", MNIST in $(sed -n '2s|^ *\(.*\)/[^/]*$|\1|p' "$logs/data.paths")")"
