#!/usr/bin/env bash
# bench.sh: side-by-side training speed of the lecture network (784-30-10,
# sigmoid, MSE, SGD 0.01, batch 128, 469 steps per epoch) in three peers:
#   gomlxnet  cmd/bench-gomlxnet    (the course's GoMLX layer)
#   pytorch   bench/pytorch_mlp.py  (Debian's python3-torch)
#   gonum     cmd/bench-gonum       (plain Go, backprop by hand)
# The Go peers are built first, so that compiling is not timed.
# Each prints one JSON line per run. The peers run in turn, BENCH_ROUNDS times
# over (so that a change in the machine's load during the run hits all of
# them alike); this prints a table of the median over the rounds of each
# run's median seconds per epoch (after one warm-up epoch), the range over
# the rounds, steps per second, the ratios of gomlxnet's time to the others',
# and writes everything, with the machine's description, to
# bench/results/bench-<time>.json and bench/results/latest.json.
# A peer that cannot run here is reported as skipped, with the reason.
#
#   scripts/bench.sh
#   BENCH_EPOCHS=3 BENCH_THREADS=1 BENCH_PEERS="pytorch gonum" scripts/bench.sh
#
# Environment:
#   BENCH_EPOCHS   timed epochs per peer and round, after 1 warm-up epoch (default 5)
#   BENCH_ROUNDS   rounds of runs of every peer (default 3)
#   BENCH_THREADS  threads for every peer: GOMAXPROCS, torch.set_num_threads
#                  and the BLAS thread count (default: nproc)
#   BENCH_DATA     real, synthetic, or auto (default: real when the MNIST files
#                  are found, else synthetic). gonum's times depend on the data:
#                  its matrix product skips zero pixels.
#   BENCH_PEERS    peers to run (default "gomlxnet pytorch gonum")
#   BENCH_BACKEND  GoMLX backend for gomlxnet, e.g. go or xla:cpu (default: gomlxnet's choice)
#   BENCH_PYTHON   the Python with torch (default /usr/bin/python3, Debian's)
#   BENCH_TIMEOUT  seconds allowed per peer (default 1800)
#   BENCH_RESULTS  output directory (default bench/results)
# PyTorch uses whichever BLAS provides libblas.so.3 (Debian's alternatives);
# the table shows which. To try another without installing it, point
# LD_LIBRARY_PATH at a directory with its libblas.so.3.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/env.sh
source "$here/scripts/env.sh"
cd "$here"

epochs=${BENCH_EPOCHS:-5}
rounds=${BENCH_ROUNDS:-3}
threads=${BENCH_THREADS:-$(nproc)}
data=${BENCH_DATA:-auto}
peers=${BENCH_PEERS:-gomlxnet pytorch gonum}
python=${BENCH_PYTHON:-/usr/bin/python3}
peer_timeout=${BENCH_TIMEOUT:-1800}
results=${BENCH_RESULTS:-bench/results}

die() { printf 'bench: error: %s\n' "$*" >&2; exit 1; }
is_count() { [[ $1 =~ ^[1-9][0-9]*$ ]]; }
is_count "$epochs" || die "BENCH_EPOCHS must be a positive integer, got '$epochs'"
is_count "$rounds" || die "BENCH_ROUNDS must be a positive integer, got '$rounds'"
is_count "$threads" || die "BENCH_THREADS must be a positive integer, got '$threads'"
is_count "$peer_timeout" || die "BENCH_TIMEOUT must be a positive integer, got '$peer_timeout'"
command -v go >/dev/null || die "Go is not installed"
for p in $peers; do
	case "$p" in gomlxnet | pytorch | gonum) ;; *) die "unknown peer '$p' in BENCH_PEERS (expected gomlxnet, pytorch, gonum)" ;; esac
done

# mnist_dir prints the first directory holding the MNIST training images, in
# the order the peers search (bench/gonumnet.DataDirs).
mnist_dir() {
	local d
	for d in ${GOMLXNET_DATA:+"$GOMLXNET_DATA"} "${XDG_CACHE_HOME:-$HOME/.cache}/gomlxnet/mnist" \
		"$(go env GOMODCACHE)/github.com/petar/!go!m!n!i!s!t@v0.0.0-20150320212226-2fbe10d0fa63/data"; do
		[ -f "$d/train-images-idx3-ubyte.gz" ] && { printf '%s\n' "$d"; return 0; }
	done
	return 1
}
case "$data" in
auto) if mnist_dir >/dev/null; then data=real; else data=synthetic; fi ;;
real) mnist_dir >/dev/null || die "BENCH_DATA=real but no MNIST files found (run scripts/setup.sh)" ;;
synthetic) ;;
*) die "BENCH_DATA must be real, synthetic or auto, got '$data'" ;;
esac

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# json_str prints $1 as a JSON string: control characters dropped, \ and " escaped.
json_str() {
	local s
	s=$(printf '%s' "$1" | tr -d '\000-\037')
	s=${s//\\/\\\\}
	printf '"%s"' "${s//\"/\\\"}"
}
# field prints the value of the JSON field $2 of the one-line object $1: a
# number, or a string without its quotes (enough for the peers' flat lines).
field() {
	printf '%s\n' "$1" | sed -n -E "s/.*\"$2\": ?(\"([^\"]*)\"|([-0-9.eE+]+)).*/\2\3/p"
}
# reason_from prints the last non-empty line of file $1, shortened, as a reason.
reason_from() { grep -v '^[[:space:]]*$' "$1" 2>/dev/null | tail -n 1 | cut -c1-200; }
# build_reason prints the first compiler message of file $1 (not go's "# package" line).
build_reason() { grep -v -e '^[[:space:]]*$' -e '^#' "$1" 2>/dev/null | head -n 1 | cut -c1-200; }

# The machine, recorded before the runs.
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
torch_version=$("$python" -c 'import torch; print(torch.__version__)' 2>/dev/null || echo "not installed")
libblas=$(readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3 2>/dev/null || echo unknown)
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
stamp=$(date -u +%Y%m%dT%H%M%SZ)

# run_peer NAME CMD...: runs one peer once (round $round), appending its JSON
# line to $tmp/NAME.json, or leaving "failed" and a reason in $tmp/NAME.status.
run_peer() {
	local name=$1
	shift
	[ -f "$tmp/$name.status" ] && return 0 # skipped, or failed in an earlier round
	local to=()
	command -v timeout >/dev/null && to=(timeout "$peer_timeout")
	printf 'bench: round %s/%s: running %s (%s epochs + 1 warm-up, %s threads, %s data)\n' \
		"$round" "$rounds" "$name" "$epochs" "$threads" "$data" >&2
	local rc=0
	GOMAXPROCS=$threads "${to[@]}" "$@" --epochs "$epochs" --threads "$threads" --data "$data" \
		>"$tmp/$name.out" 2>"$tmp/$name.err" || rc=$?
	if [ "$rc" -ne 0 ]; then
		local why="exit $rc: $(reason_from "$tmp/$name.err")"
		[ "$rc" -eq 124 ] && why="timed out after ${peer_timeout}s (BENCH_TIMEOUT)"
		printf 'failed\n%s\n' "$why" >"$tmp/$name.status"
		return 0
	fi
	if ! grep -m1 "^{\"peer\": \?\"$name\"" "$tmp/$name.out" >>"$tmp/$name.json"; then
		printf 'failed\n%s\n' "no JSON line in its output" >"$tmp/$name.status"
	fi
}
skip() { printf 'skipped\n%s\n' "$2" >"$tmp/$1.status"; }

# build_go NAME PKG: compiles a Go peer so that the build is not timed with it.
build_go() {
	if ! go build -o "$tmp/bin/$1" "$2" 2>"$tmp/$1.build"; then
		skip "$1" "build failed: $(build_reason "$tmp/$1.build")"
		return 1
	fi
}

for p in $peers; do
	case "$p" in
	gomlxnet)
		build_go gomlxnet ./cmd/bench-gomlxnet ;;
	pytorch)
		if [ "$torch_version" = "not installed" ]; then
			skip pytorch "no torch in $python (install python3-torch: scripts/setup.sh --bench)"
		fi
		;;
	gonum)
		build_go gonum ./cmd/bench-gonum ;;
	esac
done
for round in $(seq "$rounds"); do
	for p in $peers; do
		case "$p" in
		gomlxnet) run_peer gomlxnet "$tmp/bin/gomlxnet" ${BENCH_BACKEND:+--backend "$BENCH_BACKEND"} ;;
		pytorch) run_peer pytorch "$python" bench/pytorch_mlp.py ;;
		gonum) run_peer gonum "$tmp/bin/gonum" ;;
		esac
	done
done
for p in $peers; do
	[ -f "$tmp/$p.status" ] || printf 'ok\n\n' >"$tmp/$p.status"
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

# The table, and the JSON record of every peer.
# medians NAME prints the median seconds per epoch of each of NAME's runs, one a line.
medians() { while read -r line; do field "$line" seconds_per_epoch_median; done <"$tmp/$1.json"; }
# median NAME prints the median over the rounds of medians NAME (the lower middle one for an even count).
median() { [ -f "$tmp/$1.json" ] && medians "$1" | sort -g | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }'; }
printf '\nmachine: %s CPUs, %s; %s; torch %s; libblas.so.3 -> %s\n' "$(nproc)" "$cpu" "$(go env GOVERSION)" "$torch_version" "$libblas"
printf 'load average (1, 5, 15 min): before %s, after %s\n' "$load_before" "$load_after"
printf 'settings: %s rounds of %s timed epochs after 1 warm-up, %s threads, %s data, batch 128\n\n' "$rounds" "$epochs" "$threads" "$data"
printf '%-9s %-7s %-7s %-8s %-10s %-17s %-10s %s\n' peer threads dtype status "s/epoch" "rounds' range" "steps/s" "matrix library"
peers_json=""
for p in $peers; do
	status=$(sed -n 1p "$tmp/$p.status")
	reason=$(sed -n 2p "$tmp/$p.status")
	if [ "$status" = ok ]; then
		line=$(tail -n 1 "$tmp/$p.json")
		med=$(median "$p")
		range=$(medians "$p" | sort -g | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%.4f-%.4f", lo, hi }')
		steps=$(field "$line" steps_per_epoch)
		printf '%-9s %-7s %-7s %-8s %-10.4f %-17s %-10.1f %s\n' "$p" "$(field "$line" threads)" "$(field "$line" dtype)" ok \
			"$med" "$range" "$(awk -v s="$steps" -v t="$med" 'BEGIN { print s / t }')" "$(field "$line" blas)"
		peers_json+="${peers_json:+,}\"$p\":{\"status\":\"ok\",\"seconds_per_epoch\":$med,\"runs\":[$(paste -sd, "$tmp/$p.json")]}"
	else
		printf '%-9s %s (%s)\n' "$p" "$status" "$reason"
		peers_json+="${peers_json:+,}\"$p\":{\"status\":\"$status\",\"reason\":$(json_str "$reason")}"
	fi
done

# ratio A B prints A's median time over B's, or n/a.
ratio() {
	local a b
	a=$(median "$1" || true)
	b=$(median "$2" || true)
	if [ -n "$a" ] && [ -n "$b" ]; then awk -v a="$a" -v b="$b" 'BEGIN { printf "%.3f", a / b }'; else printf 'null'; fi
}
r_torch=$(ratio gomlxnet pytorch)
r_gonum=$(ratio gomlxnet gonum)
printf '\nratio of seconds per epoch (above 1: gomlxnet is slower):\n'
printf '  gomlxnet/pytorch  %s\n  gomlxnet/gonum    %s\n' "${r_torch/null/n/a}" "${r_gonum/null/n/a}"

mkdir -p "$results"
out="$results/bench-$stamp.json"
{
	printf '{"time":"%s","rounds":%s,"epochs":%s,"warmup_epochs":1,"threads":%s,"data":"%s",\n' "$stamp" "$rounds" "$epochs" "$threads" "$data"
	printf '"machine":{"nproc":%s,"cpu":%s,"go":%s,"torch":%s,"libblas":%s,"load_before":%s,"load_after":%s},\n' \
		"$(nproc)" "$(json_str "$cpu")" "$(json_str "$(go env GOVERSION)")" "$(json_str "$torch_version")" \
		"$(json_str "$libblas")" "$(json_str "$load_before")" "$(json_str "$load_after")"
	printf '"peers":{%s},\n"ratios":{"gomlxnet_over_pytorch":%s,"gomlxnet_over_gonum":%s}}\n' "$peers_json" "$r_torch" "$r_gonum"
} >"$tmp/result.json"
# Atomic: write next to the target, then rename over it.
cp "$tmp/result.json" "$out.tmp" && mv "$out.tmp" "$out"
cp "$tmp/result.json" "$results/latest.json.tmp" && mv "$results/latest.json.tmp" "$results/latest.json"
printf '\nwrote %s and %s\n' "$out" "$results/latest.json"
