#!/usr/bin/env bash
# fresh_machine_test.sh: the README's quick start as a newcomer meets it. For each user, a fresh
# Debian 12 minbase root (debootstrap: no Go, no gcc, no Python), a clone of the current commit
# in the user's home, and the README's two commands exactly as written (the lecture in fast
# mode), run in a shell whose PATH is Debian's default. Each command is checked for exit 0, the
# test accuracy as the lecture's last line, no line that looks like an error, and a log under
# 60 lines; then the set-up runs again and must install nothing.
#
#   root     both commands, then the lecture command and the test command's set-up
#            (`bash scripts/setup.sh --test`) again: nothing installed the second time
#   sudo     a user with sudo: both commands; nothing in the home owned by anyone else, Go in
#            ~/.local/go and nothing in /usr/local/go
#   nosudo   a user without sudo: the lecture command stops before changing anything and prints
#            the administrator's line; that line is run as root; then the lecture command works
#
#   scripts/fresh_machine_test.sh [root|sudo|nosudo ...]    (default: all three)
#   scripts/fresh_machine_test.sh --inputs-hash             what .ci/run compares
#
# FRESH_SKIP_TEST=1 leaves the test command out (while working on the set-up; no hash is recorded).
# Needs root (chroot, mounts). Logs: out/fresh/<user>/<step>.log. A passing run of all three
# records the inputs' hash in .ci/fresh-machine-tested.sha256, and .ci/run runs this test only
# when the hash differs. HTTPS from inside the root uses a copy of this machine's CA bundle.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
repo=$PWD

# quick_start prints the README's quick-start commands: the "bash scripts/..." lines of the first
# sh block after "## Quick start", without their comments.
quick_start() {
	awk '/^## Quick start/ {q = 1} q && /^```sh/ {b = 1; next} b && /^```/ {exit} b' README.md |
		sed 's/[[:space:]]*#.*$//' | grep -E '^bash scripts/'
}
# inputs_hash covers what first contact depends on and nothing else tests: the set-up, the entry
# points, this test and its log checks, the pinned Python packages, the Go module's requirements
# and the README's commands. The rest of scripts/ (the runner, the browser and handouts tests)
# runs in every CI run through the test command.
inputs_hash() {
	{
		cat scripts/setup.sh scripts/env.sh scripts/lecture.sh scripts/test.sh scripts/requirements-jupyter.txt \
			scripts/debian_base.sh scripts/fresh_machine_test.sh scripts/fresh_log_check.py go.mod go.sum
		quick_start
	} | sha256sum | cut -d" " -f1
}
if [ "${1:-}" = --inputs-hash ]; then inputs_hash; exit 0; fi

say() { printf 'fresh: %s\n' "$*"; }
die() { printf 'fresh: FAILED: %s\n' "$*" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || die "run as root (chroot and mounts need it)"
users=("$@")
[ ${#users[@]} -gt 0 ] || users=(root sudo nosudo)
mapfile -t commands < <(quick_start)
[ ${#commands[@]} -eq 2 ] || die "expected two commands in the README's quick start, found ${#commands[@]}"
lecture_cmd=${commands[0]} test_cmd=${commands[1]}
[[ $lecture_cmd == *lecture.sh* && $test_cmd == *test.sh* ]] ||
	die "the quick start's commands are not the lecture's and the tests': ${commands[*]}"
base=$(bash scripts/debian_base.sh)
out="$repo/out/fresh"
mkdir -p "$out"
git_commit=$(git rev-parse HEAD)
# The hash recorded after a pass is the one of the inputs as they are now, committed: the clone
# tests the commit, so uncommitted changes to the inputs mean no hash is recorded.
tested_hash=$(inputs_hash)
if [ -n "$(git status --porcelain -- scripts go.mod go.sum README.md)" ]; then
	say "note: uncommitted changes under scripts/, go.mod, go.sum or README.md: the clone tests the commit, and no hash will be recorded"
	tested_hash=""
fi
say "commit ${git_commit:0:12}; users: ${users[*]}; commands: '$lecture_cmd' (GOMLXNET_FAST=1), '$test_cmd'"

root=""
# cleanup ends the root's processes, unmounts and removes it (only once nothing is mounted).
cleanup() {
	[ -n "$root" ] && [ -d "$root" ] || return 0
	local p
	for p in /proc/[0-9]*; do
		[ "$(readlink "$p/root" 2>/dev/null)" = "$root" ] && kill -9 "${p#/proc/}" 2>/dev/null
	done
	sleep 1
	for m in dev/shm dev/pts sys proc; do umount -l "$root/$m" 2>/dev/null || true; done
	if grep -q " $root/" /proc/mounts; then echo "fresh: $root still has mounts: left in place" >&2; else rm -rf "$root"; fi
	root=""
}
trap cleanup EXIT

# new_root unpacks the base into a new root, mounts what programs need and adds HOME_USER.
new_root() {
	root=$(mktemp -d /var/tmp/neuralnets-fresh.XXXXXX)
	tar -C "$root" -xf "$base"
	chmod 0755 "$root" # the root's "/": the base's is 0700 (debootstrap ran in a mktemp folder)
	mount -t proc proc "$root/proc"
	mount -t sysfs -o ro sysfs "$root/sys"
	mkdir -p "$root/dev/pts" "$root/dev/shm"
	mount -t devpts -o newinstance,ptmxmode=0666 devpts "$root/dev/pts"
	mount -t tmpfs -o mode=1777 tmpfs "$root/dev/shm"
	cp /etc/resolv.conf "$root/etc/resolv.conf"
	# debootstrap writes no /etc/hosts; an installed Debian has one, and "localhost" needs it.
	printf '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n' >"$root/etc/hosts"
	install -m 0444 /etc/ssl/certs/ca-certificates.crt "$root/etc/host-ca.crt"
}

# in_root USER HOME COMMAND: runs COMMAND in the clone, as USER, with Debian's default PATH.
in_root() {
	local user=$1 home=$2
	shift 2
	chroot --userspec="$user:$user" "$root" /usr/bin/env -i HOME="$home" USER="$user" LOGNAME="$user" \
		PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 TERM=dumb \
		SSL_CERT_FILE=/etc/host-ca.crt PIP_CERT=/etc/host-ca.crt \
		/bin/bash -c "cd \"\$HOME/neuralnets\" && $*" </dev/null
}

# clone_for USER HOME: a clone of the commit in HOME/neuralnets, owned by USER.
clone_for() {
	git clone -q --no-hardlinks "$repo" "$root$2/neuralnets"
	git -C "$root$2/neuralnets" checkout -q "$git_commit"
	chroot "$root" chown -R "$1:$1" "$2"
}

# run_cmd USER HOME NAME COMMAND: runs it, logs it, prints one line; returns its exit status.
run_cmd() {
	local user=$1 home=$2 name=$3 cmd=$4 t0=$SECONDS rc=0
	mkdir -p "$out/$user"
	in_root "$user" "$home" "$cmd" >"$out/$user/$name.log" 2>&1 || rc=$?
	say "$user: $name: '$cmd': exit $rc, $((SECONDS - t0)) s, $(wc -l <"$out/$user/$name.log") lines (out/fresh/$user/$name.log)"
	return $rc
}

# check_log USER NAME [lecture] [second]: the checks on a successful command's log.
check_log() {
	python3 scripts/fresh_log_check.py "$out/$1/$2.log" "${@:3}" || die "$1: $2: the log fails its checks (above)"
}

scenario_root() {
	new_root
	clone_for root /root
	run_cmd root /root lecture-1 "GOMLXNET_FAST=1 $lecture_cmd" || die "root: the lecture command failed"
	check_log root lecture-1 --lecture
	if [ "${FRESH_SKIP_TEST:-0}" != 1 ]; then
		run_cmd root /root test-1 "$test_cmd" || die "root: the test command failed"
		check_log root test-1
	fi
	run_cmd root /root lecture-2 "GOMLXNET_FAST=1 $lecture_cmd" || die "root: the lecture command failed the second time"
	check_log root lecture-2 --lecture --second
	# The test command's second run differs from the first only in its set-up, which is what is
	# checked here; the suite itself ran above.
	run_cmd root /root setup-test-2 "bash scripts/setup.sh --test" || die "root: the test set-up failed the second time"
	check_log root setup-test-2 --second
	cleanup
}

scenario_sudo() {
	new_root
	chroot "$root" /bin/bash -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq sudo' >"$out/sudo-install.log" 2>&1 ||
		die "could not install sudo in the root (out/fresh/sudo-install.log)"
	chroot "$root" useradd --create-home --shell /bin/bash student
	echo 'student ALL=(ALL) NOPASSWD: ALL' >"$root/etc/sudoers.d/student"
	chmod 0440 "$root/etc/sudoers.d/student"
	clone_for student /home/student
	run_cmd student /home/student lecture-1 "GOMLXNET_FAST=1 $lecture_cmd" || die "sudo user: the lecture command failed"
	check_log student lecture-1 --lecture
	if [ "${FRESH_SKIP_TEST:-0}" != 1 ]; then
		run_cmd student /home/student test-1 "$test_cmd" || die "sudo user: the test command failed"
		check_log student test-1
	fi
	local foreign
	foreign=$(chroot "$root" find /home/student ! -user student -printf '%p (%u)\n' | head -n 5)
	[ -z "$foreign" ] || die "sudo user: files in the home not owned by the user: $foreign"
	[ ! -e "$root/usr/local/go" ] || die "sudo user: Go was installed into /usr/local/go, not the user's home"
	[ -x "$root/home/student/.local/go/bin/go" ] || die "sudo user: no Go in ~/.local/go"
	say "sudo user: everything in /home/student is the user's; Go in ~/.local/go"
	cleanup
}

scenario_nosudo() {
	new_root
	chroot "$root" useradd --create-home --shell /bin/bash guest
	clone_for guest /home/guest
	local before after line
	listing() { chroot "$root" find /home/guest /usr/local -path '*/neuralnets/out' -prune -o -printf '%p %s\n' | sort; }
	before=$(listing)
	if run_cmd guest /home/guest lecture-1 "GOMLXNET_FAST=1 $lecture_cmd"; then
		die "user without sudo: the lecture command succeeded without the Debian packages"
	fi
	after=$(listing)
	# The set-up's own log folder (out/ in the clone) is the one thing allowed to appear.
	[ "$before" = "$after" ] ||
		die "user without sudo: the stopped set-up changed files: $(diff <(echo "$before") <(echo "$after") | head -n 5)"
	line=$(grep -E '^ +sudo apt-get update && sudo apt-get install -y ' "$out/guest/lecture-1.log" | sed 's/^ *//') ||
		die "user without sudo: no administrator's line in out/fresh/guest/lecture-1.log"
	say "user without sudo: stopped before changing anything; the administrator runs: $line"
	chroot "$root" /bin/bash -c "${line//sudo /}" >"$out/guest/admin.log" 2>&1 ||
		die "the administrator's line failed (out/fresh/guest/admin.log)"
	run_cmd guest /home/guest lecture-2 "GOMLXNET_FAST=1 $lecture_cmd" || die "user without sudo: the lecture failed after the administrator's line"
	check_log guest lecture-2 --lecture
	cleanup
}

t0=$SECONDS
for u in "${users[@]}"; do
	case "$u" in root | sudo | nosudo) ;; *) die "unknown user '$u' (expected root, sudo or nosudo)" ;; esac
done
# The users' scenarios run side by side, each in a process of its own with its own root (their
# downloads overlap); each prints its lines as it goes, and the test fails if any of them does.
pids=()
for u in "${users[@]}"; do
	case "$u" in root) rm -rf "${out:?}/root" ;; sudo) rm -rf "${out:?}/student" "$out/sudo-install.log" ;; nosudo) rm -rf "${out:?}/guest" ;; esac
	(
		root=""
		trap cleanup EXIT
		"scenario_$u"
	) &
	pids+=($!)
done
failed=0
for p in "${pids[@]}"; do wait "$p" || failed=$((failed + 1)); done
[ $failed -eq 0 ] || die "$failed of ${#users[@]} users failed (logs in out/fresh/)"
say "passed: ${users[*]} in $((SECONDS - t0)) s"
if [ ${#users[@]} -eq 3 ] && [ "${FRESH_SKIP_TEST:-0}" != 1 ] && [ -n "$tested_hash" ]; then
	echo "$tested_hash" >.ci/fresh-machine-tested.sha256.tmp && mv .ci/fresh-machine-tested.sha256.tmp .ci/fresh-machine-tested.sha256
fi
