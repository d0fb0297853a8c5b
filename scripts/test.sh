#!/usr/bin/env bash
# test.sh: the project's whole test suite, set-up included (the README's test command).
#   1. scripts/setup.sh --test: Go, Jupyter, the Go kernel, tools, data, Chromium
#   2. go vet and go test ./...: the packages, the real MNIST files included
#   3. notebooks committed clean; the notebook runner's and the log checker's own tests
#   4. the Go kernel's completion and help; notebook 05 run in JupyterLab 4 in a browser
#      (pictures, progress, completion and help checked); the set-up's fallback to the classic
#      Notebook when the Python package index cannot be reached, and the same browser test there
#   5. every notebook executed through the Go kernel in fast mode, checked for errors and the
#      outputs its cells declare; every exercise check against the solutions and the blanks;
#      the handouts built from the executed notebooks and checked offline in a browser, PDFs
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

clean_check() {
	if "$PY" -c 'import nbstripout' 2>/dev/null; then
		"$PY" scripts/notebooks.py --check-clean
	else
		echo "skipped: $PY has no nbstripout (the fallback without PyPI)"
	fi
}
browser() {
	if [ "$PY" = /usr/bin/python3 ]; then
		"$PY" scripts/browser_test.py --frontend classic
	else
		"$PY" scripts/browser_test.py --frontend lab
	fi
}

step vet "go vet ./..." go vet ./...
step gotest "go test ./..." go test -count=1 ./...
step clean "notebooks committed clean, with the set-up cell" clean_check
step runner "the notebook runner's own tests" "$PY" scripts/test_notebooks.py
step logcheck "the first-contact log checks' own tests" "$PY" scripts/test_fresh_log_check.py
step benchsummary "the benchmark report and summary lines' own tests" "$PY" scripts/test_bench_summary.py
step help "the Go kernel's completion and help (gopls)" "$PY" scripts/kernel_help_test.py
step browser "notebook 05 in a browser ($([ "$PY" = /usr/bin/python3 ] && echo classic Notebook || echo JupyterLab 4))" browser
if [ "$PY" != /usr/bin/python3 ]; then
	step fallback "set-up without the package index: classic Notebook" bash scripts/fallback_test.sh
fi
step notebooks "every notebook through the Go kernel (fast mode)" "$PY" scripts/notebooks.py --fast --output-dir out/executed
step exercises "exercises: solutions pass, blanks fail" scripts/exercises.sh
step handouts "handouts from those notebooks, offline, PDFs" "$PY" scripts/handouts_test.py --executed out/executed
[ $failed -eq 0 ] || echo "test: failed: ${failures[*]} (logs in $logs/)"
echo "tests: $passed passed, $failed failed"
[ $failed -eq 0 ]
