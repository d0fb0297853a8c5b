#!/usr/bin/env bash
# debian_base.sh: makes (once) a Debian bookworm minbase root with debootstrap, packed as
# out/debian-bookworm-minbase.tar, and prints the tar's path. The image test builds from it and
# the first-contact test unpacks it as a fresh machine: no Go, no gcc, no Python.
# Needs root (debootstrap is installed from Debian when missing). DEBIAN_BASE_REMAKE=1 makes
# it again.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
tar_path="$PWD/out/debian-bookworm-minbase.tar"
if [ "${DEBIAN_BASE_REMAKE:-0}" != 1 ] && [ -s "$tar_path" ]; then echo "$tar_path"; exit 0; fi
[ "$(id -u)" -eq 0 ] || { echo "debian_base: run as root (debootstrap needs it)" >&2; exit 1; }
if ! command -v debootstrap >/dev/null; then
	apt-get update -qq >&2
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
fi
mkdir -p out
rootfs=$(mktemp -d /var/tmp/neuralnets-rootfs.XXXXXX)
trap 'rm -rf "$rootfs"' EXIT
if ! nice -n 19 debootstrap --variant=minbase bookworm "$rootfs" http://deb.debian.org/debian >out/debootstrap.log 2>&1; then
	tail -20 out/debootstrap.log >&2
	echo "debian_base: debootstrap failed (log: out/debootstrap.log)" >&2
	exit 1
fi
cat >"$rootfs/etc/apt/sources.list" <<-'EOF'
	deb http://deb.debian.org/debian bookworm main
	deb http://deb.debian.org/debian bookworm-updates main
	deb http://deb.debian.org/debian-security bookworm-security main
EOF
rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
tar --numeric-owner -C "$rootfs" -cf "$tar_path.tmp" .
mv "$tar_path.tmp" "$tar_path"
echo "$tar_path"
