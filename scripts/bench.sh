#!/usr/bin/env bash
# bench.sh: side-by-side training speed of two networks in their peers:
#   mlp, the lecture network (784-30-10, sigmoid, MSE, SGD 0.01, batch 128,
#   469 steps per epoch):
#     gomlxnet  cmd/bench-gomlxnet    (the course's GoMLX layer)
#     pytorch   bench/pytorch_mlp.py  (Debian's python3-torch)
#     gonum     cmd/bench-gonum       (plain Go, backprop by hand)
#   cnn, the next-steps CNN (`go run ./cmd/nextsteps -only cnn`: conv 5x5x16,
#   pool, conv 5x5x32, pool, dense 10; Adam 0.001; cross-entropy; batch 128),
#   timed over BENCH_CNN_STEPS steps per pass and scaled to a 469-step epoch:
#     gomlxnet  cmd/bench-gomlxnet -model cnn
#     pytorch   bench/pytorch_cnn.py
# The Go peers are built first, so that compiling is not timed.
# Each run prints one JSON line. The runs take turns, BENCH_ROUNDS times over
# (every model, thread count and peer once per round), so that a change in
# the machine's load during the run hits all of them alike. Then
# scripts/bench_report.py (a JSON parser, not sed) prints a table per model
# and thread count of the median over the rounds of each run's median
# seconds per epoch, the range over the rounds, steps per second and the
# ratios, and writes everything, with the machine's description, to
# bench/results/bench-<time>.json and bench/results/latest.json;
# scripts/bench_summary.py prints the summary lines from them.
# A peer that cannot run here is reported as skipped, with the reason.
#
#   scripts/bench.sh
#   BENCH_MODELS=mlp BENCH_EPOCHS=3 BENCH_THREADS=1 BENCH_PEERS="pytorch gonum" scripts/bench.sh
#
# Environment:
#   BENCH_MODELS     networks to time (default "mlp cnn")
#   BENCH_EPOCHS     mlp: timed epochs per peer and round, after 1 warm-up epoch (default 5)
#   BENCH_CNN_STEPS  cnn: steps per pass (default 30)
#   BENCH_CNN_EPOCHS cnn: timed passes per peer and round, after 1 warm-up pass (default 2)
#   BENCH_ROUNDS     rounds of runs of every peer (default 3)
#   BENCH_THREADS    thread counts to run every peer at: GOMAXPROCS,
#                    torch.set_num_threads and the BLAS thread count
#                    (default "1 2", the counts up to nproc)
#   BENCH_DATA       real, synthetic, or auto (default: real when the MNIST files
#                    are found, else synthetic). gonum's times depend on the data:
#                    its matrix product skips zero pixels.
#   BENCH_PEERS      peers to run (default "gomlxnet pytorch gonum"; gonum has no cnn)
#   BENCH_BACKEND    GoMLX backend for gomlxnet, e.g. go or xla:cpu (default:
#                    gomlxnet's choice); a backend that cannot start fails the run
#   BENCH_PYTHON     the Python with torch (default /usr/bin/python3, Debian's)
#   BENCH_TIMEOUT    seconds allowed per run (default 1800)
#   BENCH_RESULTS    output directory (default bench/results)
# PyTorch uses whichever BLAS provides libblas.so.3 (Debian's alternatives);
# the table shows which. To try another without installing it, point
# LD_LIBRARY_PATH at a directory with its libblas.so.3.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/env.sh
source "$here/scripts/env.sh"
cd "$here"

epochs=${BENCH_EPOCHS:-5}
cnn_steps=${BENCH_CNN_STEPS:-30}
cnn_epochs=${BENCH_CNN_EPOCHS:-2}
rounds=${BENCH_ROUNDS:-3}
models=${BENCH_MODELS:-mlp cnn}
threads=${BENCH_THREADS:-$(seq -s' ' 1 "$(($(nproc) < 2 ? $(nproc) : 2))")}
data=${BENCH_DATA:-auto}
peers=${BENCH_PEERS:-gomlxnet pytorch gonum}
python=${BENCH_PYTHON:-/usr/bin/python3}
peer_timeout=${BENCH_TIMEOUT:-1800}
results=${BENCH_RESULTS:-bench/results}

die() { printf 'bench: error: %s\n' "$*" >&2; exit 1; }
is_count() { [[ $1 =~ ^[1-9][0-9]*$ ]]; }
is_count "$epochs" || die "BENCH_EPOCHS must be a positive integer, got '$epochs'"
is_count "$rounds" || die "BENCH_ROUNDS must be a positive integer, got '$rounds'"
is_count "$cnn_steps" || die "BENCH_CNN_STEPS must be a positive integer, got '$cnn_steps'"
is_count "$cnn_epochs" || die "BENCH_CNN_EPOCHS must be a positive integer, got '$cnn_epochs'"
for t in $threads; do is_count "$t" || die "BENCH_THREADS must be positive integers, got '$threads'"; done
[ -n "${threads// /}" ] || die "BENCH_THREADS is empty"
for m in $models; do
	case "$m" in mlp | cnn) ;; *) die "unknown model '$m' in BENCH_MODELS (expected mlp, cnn)" ;; esac
done
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

# reason_from prints the last non-empty line of file $1, cut to 400 characters, as a reason.
reason_from() { grep -v "^[[:space:]]*$" "$1" 2>/dev/null | tail -n 1 | cut -c1-400; }
# build_reason prints the first compiler message of file $1 (not go's "# package" line).
build_reason() { grep -v -e '^[[:space:]]*$' -e '^#' "$1" 2>/dev/null | head -n 1 | cut -c1-200; }

# The machine, recorded before the runs.
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
torch_version=$("$python" -c 'import torch; print(torch.__version__)' 2>/dev/null || echo "not installed")
libblas=$(readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3 2>/dev/null || echo unknown)
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
stamp=$(date -u +%Y%m%dT%H%M%SZ)

# run_peer MODEL NAME THREADS CMD...: runs one peer once (round $round),
# appending its JSON line to $tmp/MODEL-THREADS-NAME.json, or leaving
# "failed" and a reason in $tmp/MODEL-THREADS-NAME.status.
run_peer() {
	local model=$1 name=$2 nt=$3
	shift 3
	local run=$tmp/$model-$nt-$name
	[ -f "$run.status" ] && return 0 # failed in an earlier round
	[ -f "$tmp/$name.status" ] && { cp "$tmp/$name.status" "$run.status"; return 0; } # skipped
	local to=()
	command -v timeout >/dev/null && to=(timeout "$peer_timeout")
	printf 'bench: round %s/%s: %s %s, %s threads, %s data\n' "$round" "$rounds" "$model" "$name" "$nt" "$data" >&2
	local rc=0
	GOMAXPROCS=$nt "${to[@]}" "$@" --threads "$nt" --data "$data" >"$run.out" 2>"$run.err" || rc=$?
	if [ "$rc" -ne 0 ]; then
		local why="exit $rc: $(reason_from "$run.err")"
		[ "$rc" -eq 124 ] && why="timed out after ${peer_timeout}s (BENCH_TIMEOUT)"
		printf 'failed\n%s\n' "$why" >"$run.status"
		return 0
	fi
	if ! grep -m1 "^{\"peer\": \?\"$name\"" "$run.out" >>"$run.json"; then
		printf 'failed\n%s\n' "no JSON line in its output" >"$run.status"
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
	gomlxnet) build_go gomlxnet ./cmd/bench-gomlxnet || true ;;
	pytorch)
		if [ "$torch_version" = "not installed" ]; then
			skip pytorch "no torch in $python (install python3-torch: scripts/setup.sh --bench)"
		fi
		;;
	gonum) build_go gonum ./cmd/bench-gonum || true ;;
	esac
done
for round in $(seq "$rounds"); do
	for m in $models; do
		for t in $threads; do
			for p in $peers; do
				case "$m-$p" in
				mlp-gomlxnet) run_peer mlp gomlxnet "$t" "$tmp/bin/gomlxnet" --epochs "$epochs" ${BENCH_BACKEND:+--backend "$BENCH_BACKEND"} ;;
				mlp-pytorch) run_peer mlp pytorch "$t" "$python" bench/pytorch_mlp.py --epochs "$epochs" ;;
				mlp-gonum) run_peer mlp gonum "$t" "$tmp/bin/gonum" --epochs "$epochs" ;;
				cnn-gomlxnet) run_peer cnn gomlxnet "$t" "$tmp/bin/gomlxnet" -model cnn --steps "$cnn_steps" \
					--epochs "$cnn_epochs" ${BENCH_BACKEND:+--backend "$BENCH_BACKEND"} ;;
				cnn-pytorch) run_peer cnn pytorch "$t" "$python" bench/pytorch_cnn.py --steps "$cnn_steps" --epochs "$cnn_epochs" ;;
				esac
			done
		done
	done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

mkdir -p "$results"
BENCH_STAMP=$stamp BENCH_ROUNDS=$rounds BENCH_EPOCHS=$epochs BENCH_CNN_STEPS=$cnn_steps BENCH_CNN_EPOCHS=$cnn_epochs \
	BENCH_THREADS=$threads BENCH_DATA=$data BENCH_MODELS=$models BENCH_PEERS=$peers \
	BENCH_CPU=$cpu BENCH_GO=$(go env GOVERSION) BENCH_TORCH=$torch_version BENCH_LIBBLAS=$libblas \
	BENCH_LOAD_BEFORE=$load_before BENCH_LOAD_AFTER=$load_after \
	python3 scripts/bench_report.py "$tmp" "$results"
