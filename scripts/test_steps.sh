# test_steps.sh: the steps of the test suite, sourced by scripts/test.sh after the set-up (which
# defines `step NAME WHAT COMMAND...`, $PY and the environment). In order:
#   1. go vet and go test ./...: the packages, the real MNIST files included
#   2. notebooks committed clean; the notebook runner's and the log checker's own tests
#   3. the Go kernel's completion and help; notebook 05 run in JupyterLab 4 in a browser
#      (pictures, progress, completion and help checked); the set-up's fallback to the classic
#      Notebook when the Python package index cannot be reached, and the same browser test there;
#      the widgets (notebooks 01, 02, 05, 06) driven in a browser through the Go kernel
#   4. every notebook executed through the Go kernel in fast mode, checked for errors and the
#      outputs its cells declare; notebook 10 (GoMLX written directly) also at full size, where
#      its checks compare the GoMLX-trained network's accuracy with gomlxnet's
#   5. every exercise check against the solutions and the blanks; the handouts built from the
#      executed notebooks and checked offline in a browser, PDFs
# The list is apart from test.sh, which is an input of the first-contact test
# (scripts/fresh_machine_test.sh: the set-up on fresh machines): these steps run in every CI run.

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
widgets() {
	if [ "$PY" = /usr/bin/python3 ]; then
		"$PY" scripts/widgets_test.py --frontend classic
	else
		"$PY" scripts/widgets_test.py --frontend lab
	fi
}
step widgets "widgets in a browser: sliders, a drawn 1 and 7, live curves" widgets
step notebooks "every notebook through the Go kernel (fast mode)" "$PY" scripts/notebooks.py --fast --output-dir out/executed
step gomlx_full "notebook 10 (GoMLX under the hood) in full mode" "$PY" scripts/notebooks.py --full notebooks/10_gomlx_under_the_hood.ipynb
step exercises "exercises: solutions pass, blanks fail" scripts/exercises.sh
step handouts "handouts from those notebooks, offline, PDFs" "$PY" scripts/handouts_test.py --executed out/executed
