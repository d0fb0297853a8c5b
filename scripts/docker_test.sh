#!/usr/bin/env bash
# docker_test.sh: builds the course image (binder/Dockerfile) and runs a notebook inside it.
#
#   1. A Debian bookworm base made with debootstrap (no registry pull needed) by
#      scripts/debian_base.sh, cached under out/, imported once into buildah's storage.
#   2. buildah builds binder/Dockerfile from it (chroot isolation, vfs storage) with
#      INSTALL_XLA=0, from a clean copy of the repository (tracked and untracked-but-not-
#      ignored files, as a fresh clone has them); the build time is printed.
#   3. Inside the image, as the notebook user (uid 1000), with Go's downloads turned off
#      (GOPROXY=off: the image must hold all it needs): the lecture notebook
#      (notebooks/05_training.ipynb) in fast mode through scripts/notebooks.py. Then what Binder
#      runs: `jupyter notebook` as that user must serve, with the Go kernel in its kernelspecs.
#   4. The image size (uncompressed, as buildah reports it) is printed.
# Any failing step fails the script.
#
# Needs root (buildah and debootstrap are installed from Debian when missing).
# Environment:
#   DOCKER_TEST_STORAGE  buildah's storage root (default /var/lib/containers/neuralnets-vfs)
#   DOCKER_TEST_REBASE=1 make the Debian base again (debootstrap)
#   DOCKER_TEST_RMI=1    remove the built image at the end (default: kept as localhost/neuralnets:test)
#   DOCKER_TEST_ARGS     extra arguments for `buildah bud` (e.g. "--build-arg INSTALL_XLA=1")
#   DOCKER_TEST_NOTEBOOKS  notebooks to run instead of notebooks/05_training.ipynb (space-separated)
#   DOCKER_TEST_SKIP_BUILD=1  reuse the image of the last run (to work on step 4)
set -euo pipefail

# inputs_hash: SHA-256 over everything the image is built from. A passing run records it
# in docker/tested-inputs.sha256; .ci/run runs this test only when the hash differs,
# because the build takes minutes and gigabytes.
inputs_hash() {
	(cd "$(dirname "${BASH_SOURCE[0]}")/.." &&
		cat binder/Dockerfile binder/Dockerfile.dockerignore docker/xlainstall/* scripts/setup.sh scripts/env.sh \
			scripts/requirements-jupyter.txt scripts/debian_base.sh scripts/docker_test.sh go.mod go.sum |
		sha256sum | cut -d" " -f1)
}
if [ "${1:-}" = --inputs-hash ]; then inputs_hash; exit 0; fi
cd "$(dirname "${BASH_SOURCE[0]}")/.."
repo=$(pwd)

say() { printf 'docker_test: %s\n' "$*"; }
die() { printf 'docker_test: FAILED: %s\n' "$*" >&2; exit 1; }
trap 'rc=$?; [ $rc -eq 0 ] || printf "docker_test: FAILED (exit %s) at line %s: %s\n" "$rc" "$LINENO" "$BASH_COMMAND" >&2' ERR

[ "$(id -u)" -eq 0 ] || die "run as root (buildah with chroot isolation and debootstrap need it)"
need=()
command -v buildah >/dev/null || need+=(buildah)
command -v debootstrap >/dev/null || need+=(debootstrap)
if [ ${#need[@]} -gt 0 ]; then
	say "installing ${need[*]}"
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

out="$repo/out/docker"
mkdir -p "$out"
storage="${DOCKER_TEST_STORAGE:-/var/lib/containers/neuralnets-vfs}"
B=(buildah --storage-driver vfs --root "$storage" --runroot "/run/containers/neuralnets-vfs")
slow=(nice -n 19 ionice -c3)
base_img=localhost/neuralnets-base:bookworm
image=localhost/neuralnets:test

# 1. The Debian base (scripts/debian_base.sh: debootstrap once, kept under out/).
if [ "${DOCKER_TEST_REBASE:-0}" = 1 ]; then
	DEBIAN_BASE_REMAKE=1 bash scripts/debian_base.sh >/dev/null
	"${B[@]}" rmi "$base_img" >/dev/null 2>&1 || true
fi
base_tar=$(bash scripts/debian_base.sh)
if ! "${B[@]}" inspect --type image "$base_img" >/dev/null 2>&1; then
	say "importing $base_tar as $base_img"
	ctr=$("${B[@]}" from scratch)
	"${B[@]}" add "$ctr" "$base_tar" / >/dev/null
	"${B[@]}" config --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
		--env LANG=C.UTF-8 --cmd /bin/bash "$ctr"
	"${B[@]}" commit --quiet --rm "$ctr" "$base_img" >/dev/null
fi

# 2. The build, from a clean copy of the repository.
ctx=$(mktemp -d /var/tmp/neuralnets-context.XXXXXX)
ctr=""
cleanup() {
	[ -z "$ctr" ] || "${B[@]}" rm "$ctr" >/dev/null 2>&1 || true
	rm -rf "$ctx"
}
trap cleanup EXIT
git ls-files -z --cached --others --exclude-standard --deduplicate |
	while IFS= read -r -d '' f; do if [ -e "$f" ] || [ -L "$f" ]; then printf '%s\0' "$f"; fi; done |
	tar --null -T - -cf - | tar -xf - -C "$ctx"

build_args=(--build-arg "BASE_IMAGE=$base_img" --build-arg INSTALL_XLA=0)
# HTTPS through an intercepting proxy: the host's CA bundle, mounted into the RUN steps.
if [ -f /etc/ssl/certs/ca-certificates.crt ]; then
	build_args+=(-v /etc/ssl/certs/ca-certificates.crt:/host-ca.crt:ro --build-arg SSL_CERT_FILE=/host-ca.crt)
fi
# shellcheck disable=SC2206 # DOCKER_TEST_ARGS is split on purpose
build_args+=(${DOCKER_TEST_ARGS:-})
build_s=skipped
if [ "${DOCKER_TEST_SKIP_BUILD:-0}" = 1 ] && "${B[@]}" inspect --type image "$image" >/dev/null 2>&1; then
	say "DOCKER_TEST_SKIP_BUILD=1: reusing $image"
else
	"${B[@]}" rmi "$image" >/dev/null 2>&1 || true
	say "building $image from $base_img (log: $out/build.log)"
	start=$(date +%s)
	if ! "${slow[@]}" "${B[@]}" bud --isolation chroot --format docker --layers=false \
		-f "$ctx/binder/Dockerfile" "${build_args[@]}" -t "$image" "$ctx" >"$out/build.log" 2>&1; then
		tail -40 "$out/build.log" >&2
		die "image build (log: $out/build.log)"
	fi
	build_s=$(($(date +%s) - start))
	say "build time: ${build_s}s ($((build_s / 60))m$((build_s % 60))s)"
fi

# 3. The lecture notebook (05_training: the lecture's network trained and evaluated) in fast
# mode inside the image, as the notebook user, without Go downloads; $DOCKER_TEST_NOTEBOOKS
# (paths in the repository, space-separated) runs others instead.
notebooks=${DOCKER_TEST_NOTEBOOKS:-notebooks/05_training.ipynb}
ctr=$("${B[@]}" from "$image")
say "running scripts/notebooks.py --fast $notebooks in the image as uid 1000 (GOPROXY=off)"
start=$(date +%s)
# The student's folder on the host, mounted as the README's `docker run` line does.
work="$out/work"
rm -rf "$work" && install -d -o 1000 -g 100 "$work"
"${B[@]}" run --isolation chroot --user 1000:100 -v "$work:/home/jovyan/work" "$ctr" -- env GOPROXY=off NOTEBOOKS="$notebooks" \
	bash -euo pipefail -c '
cd "$HOME"
echo "as $(id -un) (uid $(id -u)) in $HOME; $(go version); GOMLXNET_DATA=$GOMLXNET_DATA"
jupyter kernelspec list 2>/dev/null | grep -w gonb
# shellcheck disable=SC2086
python3 scripts/notebooks.py --fast -v $NOTEBOOKS
# What the image serves: JupyterLab 4 as this user; it must serve and list the Go kernel.
version=$(jupyter lab --version)
case "$version" in 4.*) echo "JupyterLab $version ($(command -v jupyter))" ;; *) echo "jupyter lab --version: $version, not 4.x" >&2; exit 1 ;; esac
port=$(python3 -c "import socket; s = socket.socket(); s.bind((\"127.0.0.1\", 0)); print(s.getsockname()[1])")
jupyter lab --no-browser --ip=127.0.0.1 --port="$port" --IdentityProvider.token=docker-test >/tmp/server.log 2>&1 &
server=$!
for _ in $(seq 60); do
	if curl -fsS "http://127.0.0.1:$port/api/kernelspecs?token=docker-test" >/tmp/kernelspecs.json 2>/dev/null; then break; fi
	sleep 1
done
# A student saves a notebook into the mounted folder through the server, as JupyterLab does.
printf "%s" "{\"type\": \"notebook\", \"content\": {\"cells\": [], \"metadata\": {}, \"nbformat\": 4, \"nbformat_minor\": 5}}" |
	curl -fsS -X PUT -H "Content-Type: application/json" --data-binary @- \
		"http://127.0.0.1:$port/api/contents/work/mine.ipynb?token=docker-test" >/dev/null
kill "$server" 2>/dev/null || true
if ! grep -q "\"gonb\"" /tmp/kernelspecs.json 2>/dev/null; then
	cat /tmp/server.log; echo "jupyter lab did not serve the gonb kernelspec on port $port" >&2; exit 1
fi
echo "jupyter lab served as $(id -un): kernelspecs $(python3 -c "import json; print(sorted(json.load(open(\"/tmp/kernelspecs.json\"))[\"kernelspecs\"]))")"
' 2>&1 | tee "$out/run.log"
run_s=$(($(date +%s) - start))
say "notebook run: ${run_s}s"
python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$work/mine.ipynb" ||
	die "the notebook saved in the mounted folder is not on the host ($work/mine.ipynb)"
say "a notebook saved in the container's mounted ~/work is on the host: $work/mine.ipynb"

# 4. Sizes.
size_of() { "${B[@]}" images --json "$1" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["size"])'; }
img_size=$(size_of "$image")
say "image size: $img_size (uncompressed; the Debian base: $(size_of "$base_img"))"
say "build ${build_s}s, notebook ${run_s}s, image $img_size" >"$out/summary.txt"
if [ "${DOCKER_TEST_RMI:-0}" = 1 ]; then "${B[@]}" rmi "$image" >/dev/null; fi
inputs_hash >"$(dirname "${BASH_SOURCE[0]}")/../docker/tested-inputs.sha256.tmp"
mv "$(dirname "${BASH_SOURCE[0]}")/../docker/tested-inputs.sha256.tmp" "$(dirname "${BASH_SOURCE[0]}")/../docker/tested-inputs.sha256"
say "ok"
