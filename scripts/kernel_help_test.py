#!/usr/bin/env python3
"""Kernel help test: the Go kernel's completion and inspection, as JupyterLab asks for them.

    $PY scripts/kernel_help_test.py            (the project's venv python: jupyter_client)

Starts the gonb kernel in notebooks/ (as Jupyter does for a notebook there; gopls must be on its
PATH: the kernel spec that scripts/setup.sh writes puts go's and GOPATH's bin there), runs the notebooks' set-up cell and a cell importing gomlxnet, then sends what
JupyterLab sends while a student types in a cell:
  - complete_request (Tab) at the end of `layer := gomlxnet.De`: the matches must offer `Dense`;
  - inspect_request (Shift+Tab, the contextual help) at the end of `gomlxnet.Dense`: the reply
    must show the first sentence of Dense's doc comment (read from the source with `go doc`).
The first request of each kind warms gopls up (it loads the packages: 10-20 s) and its time is
only reported; then each request is sent ROUNDS times and its median time must be under LIMIT
seconds, the wait a student accepts. Prints "N passed, M failed" last.

GoNB v0.11.4 completes and inspects only cells that parse as Go: the code is in a `%%` cell (or a
function body), as students write it. A bare `gomlxnet.De` line at a cell's top level is not a
declaration, so GoNB gets no answer from gopls for it.
Environment: KERNEL_HELP_LIMIT (seconds, default 3), KERNEL_HELP_ROUNDS (default 3).
"""

import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import notebooks  # noqa: E402  (the set-up cell, the kernel's helper processes)

REPO = notebooks.REPO
IMPORT_CELL = 'import "github.com/gonb-courses/neuralnets/gomlxnet"'
# Cells as a student types them: each request's cell differs (a new variable name), as it does
# while typing; GoNB answers a repeated, unchanged cell much faster.
COMPLETE_CODE = "%%\nlayer{} := gomlxnet.De"
INSPECT_CODE = "%%\nlayer{} := gomlxnet.Dense"
LIMIT = float(os.environ.get("KERNEL_HELP_LIMIT", "3"))
ROUNDS = int(os.environ.get("KERNEL_HELP_ROUNDS", "3"))


def doc_sentence():
    """The first sentence of gomlxnet.Dense's doc comment, from `go doc`."""
    out = subprocess.run(["go", "doc", "./gomlxnet", "Dense"], cwd=REPO, capture_output=True,
                         text=True, check=True).stdout
    lines = out.split("func Dense(", 1)[1].splitlines()[1:]
    doc = " ".join(ln.strip() for ln in lines if ln.startswith("    ") and ln.strip())
    return doc.split(". ")[0]


def plain(markdown):
    """Markdown as text: escapes removed, whitespace collapsed."""
    return " ".join(re.sub(r"\\(.)", r"\1", markdown).split())


def execute(kc, code):
    reply = kc.execute_interactive(code, timeout=300, output_hook=lambda msg: None)
    if reply["content"]["status"] != "ok":
        raise RuntimeError(f"the cell {code!r} failed: {reply['content'].get('evalue', reply['content'])}")


def timed(request):
    t0 = time.monotonic()
    reply = request()
    return reply["content"], time.monotonic() - t0


def check_request(request, verdict):
    """Sends request(0) to warm up, then request(1..ROUNDS); returns the problems (a reply that
    fails verdict, a slow median) and the times."""
    content, cold = timed(lambda: request(0))
    times, problems = [], []
    for i in range(1, ROUNDS + 1):
        content, secs = timed(lambda: request(i))
        times.append(secs)
        bad = verdict(content, i)
        if bad:
            problems.append(bad)
    med = statistics.median(times)
    if med >= LIMIT:
        problems.append(f"median {med:.2f}s, want under {LIMIT:g}s")
    figures = f"first {cold:.2f}s, then {', '.join(f'{t:.2f}' for t in times)}s (median {med:.2f}s)"
    return problems, figures


def check_completion(kc):
    """Tab: the matches at the end of `gomlxnet.De` offer Dense, replacing "De". Returns
    (name, problems, figures)."""
    def complete(i):
        code = COMPLETE_CODE.format(i)
        return kc.complete(code, len(code), reply=True, timeout=60)

    def completion(c, i):
        code = COMPLETE_CODE.format(i)
        if c["status"] != "ok" or "Dense" not in c["matches"]:
            return f"Dense not offered: {c.get('status')} {c.get('matches')}"
        if code[c["cursor_start"]:c["cursor_end"]] != "De":
            return f"the replaced text is {code[c['cursor_start']:c['cursor_end']]!r}, want 'De'"
        return None
    name = f"complete {COMPLETE_CODE.format('N').splitlines()[-1]!r} offers Dense"
    return (name, *check_request(complete, completion))


def check_inspection(kc, sentence):
    """Shift+Tab: the help at the end of `gomlxnet.Dense` shows sentence. Returns (name, problems, figures)."""
    def inspect(i):
        code = INSPECT_CODE.format(i)
        return kc.inspect(code, len(code), reply=True, timeout=60)

    def inspection(c, i):
        text = plain(c.get("data", {}).get("text/markdown", ""))
        if c["status"] != "ok" or not c.get("found") or sentence not in text:
            return f"no {sentence!r} in the reply: {c.get('status')} {str(c.get('data'))[:300]}"
        return None
    name = f"inspect {INSPECT_CODE.format('N').splitlines()[-1]!r} shows the doc comment"
    return (name, *check_request(inspect, inspection))


def main():
    from jupyter_client.manager import start_new_kernel

    t0 = time.monotonic()
    sentence = doc_sentence()
    klog = tempfile.TemporaryFile(mode="w+", prefix="gonb-kernel-", suffix=".log")
    km, kc = start_new_kernel(kernel_name="gonb", cwd=str(REPO / "notebooks"), startup_timeout=120,
                              stdout=klog, stderr=klog)
    helpers, results = [], []
    try:
        helpers = notebooks.gonb_helpers(getattr(km.provisioner, "pid", None))
        execute(kc, notebooks.SETUP_CELL)
        execute(kc, IMPORT_CELL)
        helpers += notebooks.gonb_helpers(getattr(km.provisioner, "pid", None))
        print(f"      kernel started and warmed up in {time.monotonic() - t0:.1f}s", flush=True)
        for check in (lambda: check_completion(kc), lambda: check_inspection(kc, sentence)):
            name, problems, figures = check()
            results.append(not problems)
            if problems:
                print(f"FAIL  {name}  {figures}: " + "; ".join(dict.fromkeys(problems)), flush=True)
            else:
                print(f"PASS  {name}  {figures}", flush=True)
    finally:
        kc.stop_channels()
        km.shutdown_kernel()
        notebooks.clean_gonb_leftovers(helpers)
        if not all(results) or len(results) < 2:
            klog.seek(0)
            print("      the kernel's log:\n      | " + "\n      | ".join(klog.read()[-3000:].splitlines()))
        klog.close()
    passed = sum(results)
    print(f"      {time.monotonic() - t0:.1f}s in all", flush=True)
    print(f"{passed} passed, {len(results) - passed} failed")
    return 0 if passed == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())
