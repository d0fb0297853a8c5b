#!/usr/bin/env bash
# test.sh: the project's whole test suite, set-up included (the README's test command).
# It runs scripts/setup.sh --test (Go, Jupyter, the Go kernel, tools, data, Chromium), then the
# steps listed in scripts/test_steps.sh (vet and go test, the notebooks through the Go kernel,
# browser tests, exercises, handouts).
# It prints one line per step; each step's whole output is in out/test/<step>.log, and the last
# lines of a failing step's log are printed. Every step runs even when one fails; the last line
# counts them ("tests: N passed, M failed") and the exit status is 1 if any failed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/setup.sh --test
# shellcheck source=scripts/env.sh
source scripts/env.sh # again: the set-up may have just installed Go or the venv
# The pure-Go backend: what CI and most laptops have; the notebooks' figures are checked on it.
export GOMLX_BACKEND="${GOMLX_BACKEND:-go}"
export GOMLXNET_FAST=1

logs=out/test
rm -rf "$logs" && mkdir -p "$logs"
passed=0 failed=0 failures=()
# step NAME WHAT COMMAND...: runs COMMAND with its output in out/test/NAME.log, prints one line.
step() {
	local name=$1 what=$2 t0=$SECONDS rc=0
	shift 2
	"$@" >"$logs/$name.log" 2>&1 </dev/null || rc=$?
	local summary
	summary=$({ grep -E '^[0-9]+ passed, [0-9]+ failed|^(solutions|blanks): ' "$logs/$name.log" || true; } |
		tr '\n' ';' | sed 's/;$//; s/;/; /g')
	if [ $rc -eq 0 ]; then
		passed=$((passed + 1))
		printf 'test: %-58s ok (%s s)%s\n' "$what" $((SECONDS - t0)) "${summary:+: $summary}"
	else
		failed=$((failed + 1))
		failures+=("$name")
		printf 'test: %-58s FAILED (exit %s, %s s); last lines of %s:\n' "$what" $rc $((SECONDS - t0)) "$logs/$name.log"
		tail -n 30 "$logs/$name.log" | sed 's/^/    /'
	fi
}

# shellcheck source=scripts/test_steps.sh
source scripts/test_steps.sh
[ $failed -eq 0 ] || echo "test: failed: ${failures[*]} (logs in $logs/)"
echo "tests: $passed passed, $failed failed"
[ $failed -eq 0 ]
