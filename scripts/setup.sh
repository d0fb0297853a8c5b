#!/usr/bin/env bash
# setup.sh: installs what the course needs and is missing, and nothing else.
# Idempotent: run again when everything is present, it checks and changes nothing.
# Used by the Makefile, CI and the Docker image.
#
#   scripts/setup.sh            Jupyter, Go tools, the Go kernel, MNIST data
#   scripts/setup.sh --test     also what the tests need (Chromium for screenshots, and --handouts)
#   scripts/setup.sh --handouts also what the handouts need (MathJax, Chromium, poppler-utils)
#   scripts/setup.sh --bench    also the benchmark peers (PyTorch from Debian)
#
# Environment: GOMLXNET_DATA (data directory, default the user cache dir),
# SETUP_SKIP_DATA=1 (skip fetching MNIST, e.g. while building an image layer).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"

want_test=0
want_bench=0
want_handouts=0
for arg in "$@"; do
	case "$arg" in
	--test) want_test=1 want_handouts=1 ;;
	--bench) want_bench=1 ;;
	--handouts) want_handouts=1 ;;
	*) echo "setup: unknown argument $arg (expected --test, --bench or --handouts)" >&2; exit 2 ;;
	esac
done

say() { printf 'setup: %s\n' "$*"; }
die() { printf 'setup: error: %s\n' "$*" >&2; exit 1; }

# apt_install installs Debian packages that are not installed yet.
apt_install() {
	local missing=()
	for p in "$@"; do
		# Output captured first: with pipefail, `cmd | grep -q` fails when grep exits before cmd.
		case "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" in *"install ok installed"*) ;; *) missing+=("$p") ;; esac
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	if ! command -v apt-get >/dev/null; then
		die "missing ${missing[*]} and no apt-get here: install them with your package manager"
	fi
	local sudo=""
	if [ "$(id -u)" -ne 0 ]; then
		if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
			sudo="sudo"
		else
			die "missing Debian packages: ${missing[*]}. Run as root, or: sudo apt-get install ${missing[*]}"
		fi
	fi
	say "installing Debian packages: ${missing[*]}"
	# A stale or absent package list makes apt fail to find packages: refresh it once.
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# 1. Go. go.mod asks for Go 1.26; any Go >= 1.21 fetches that toolchain itself.
# With no Go at all, fetch the pinned release from the Go module proxy, where it is
# published as the module golang.org/toolchain (the same zip GOTOOLCHAIN downloads).
go_release=go1.26.8
install_go() {
	local arch dest proxy url tmp
	case "$(uname -m)" in
	x86_64) arch=amd64 ;; aarch64 | arm64) arch=arm64 ;;
	*) die "no Go found and no Go release for $(uname -m): install Go >= 1.21 yourself" ;;
	esac
	command -v curl >/dev/null && command -v unzip >/dev/null || apt_install curl unzip ca-certificates
	if [ "$(id -u)" -eq 0 ]; then dest=/usr/local/go; else dest=$HOME/.local/go; fi
	proxy=${GOPROXY:-https://proxy.golang.org}
	proxy=${proxy%%,*}
	url="$proxy/golang.org/toolchain/@v/v0.0.1-$go_release.linux-$arch.zip"
	say "no Go found: installing $go_release into $dest from $url"
	tmp=$(mktemp -d)
	curl -fsSL --retry 3 -o "$tmp/go.zip" "$url" || die "could not download $url"
	unzip -q "$tmp/go.zip" -d "$tmp" || die "could not unpack $url"
	rm -rf "$dest.new" && mkdir -p "$(dirname "$dest")"
	mv "$tmp/golang.org/toolchain@v0.0.1-$go_release.linux-$arch" "$dest.new"
	chmod +x "$dest.new"/bin/* "$dest.new"/pkg/tool/*/* 2>/dev/null || true
	rm -rf "$dest" && mv "$dest.new" "$dest" && rm -rf "$tmp"
	say "Go installed; add $dest/bin to your PATH"
}
for d in /usr/local/go/bin "$HOME/.local/go/bin"; do
	[ -x "$d/go" ] && case ":$PATH:" in *":$d:"*) ;; *) PATH="$PATH:$d" ;; esac
done
command -v go >/dev/null || install_go
command -v go >/dev/null || PATH="$PATH:/usr/local/go/bin:$HOME/.local/go/bin"
command -v go >/dev/null || die "Go is still not on PATH"
say "Go: $(go env GOVERSION)"
export PATH="$(go env GOPATH)/bin:$PATH"

# 2. Jupyter, from Debian when there is none on PATH.
if ! command -v jupyter >/dev/null; then
	apt_install jupyter-client python3-nbclient jupyter-nbconvert jupyter-notebook python3-ipykernel
fi
command -v jupyter >/dev/null || die "jupyter is still not on PATH after installing it"

# 3. GoNB and goimports (tool directives in go.mod), gopls (pinned here: it needs its own x/tools).
gobin=$(go env GOPATH)/bin
if [ ! -x "$gobin/gonb" ] || [ ! -x "$gobin/goimports" ] || [ go.mod -nt "$gobin/gonb" ]; then
	say "installing gonb and goimports (go install tool)"
	go install tool
	touch "$gobin/gonb"
fi
gopls_version=v0.20.0
if [[ "$("$gobin/gopls" version 2>/dev/null)" != *"$gopls_version"* ]]; then
	say "installing gopls $gopls_version"
	(cd /tmp && GOFLAGS= go install "golang.org/x/tools/gopls@$gopls_version")
fi

# 4. Register the Go kernel with Jupyter once.
kernel_registered() { [[ " $(jupyter kernelspec list 2>/dev/null | awk '{print $1}' | tr '\n' ' ') " == *" gonb "* ]]; }
if ! kernel_registered; then
	say "registering the Go kernel (gonb --install)"
	"$gobin/gonb" --install --logtostderr=false >/dev/null
fi
kernel_registered || die "the gonb kernel is not registered with Jupyter"

# 5. Extras for the tests and the benchmark.
if [ $want_handouts -eq 1 ]; then
	# scripts/handouts.py: MathJax (copied into the site), Chromium and poppler-utils (to print
	# and join the PDFs).
	apt_install libjs-mathjax poppler-utils
	command -v chromium >/dev/null || apt_install chromium
fi
if [ $want_test -eq 1 ]; then
	command -v chromium >/dev/null || apt_install chromium
fi
if [ $want_bench -eq 1 ]; then
	/usr/bin/python3 -c 'import torch' 2>/dev/null || apt_install python3-torch
	# Debian's torch uses whichever libblas.so.3 is installed; the reference BLAS is about
	# 15x slower here than OpenBLAS (measured by scripts/bench.sh), which would not be a fair peer.
	apt_install libopenblas0-pthread
fi

# 6. MNIST, verified by SHA-256, into the data directory.
if [ "${SETUP_SKIP_DATA:-0}" != 1 ]; then
	go run ./cmd/getdata
fi
say "ready (add $gobin to your PATH to use gonb yourself)"
