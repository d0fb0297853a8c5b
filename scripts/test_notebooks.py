#!/usr/bin/python3
"""Tests of scripts/notebooks.py: it must catch what it promises to catch.

    $PY scripts/test_notebooks.py        (about 40 s; needs the gonb kernel)

Builds small notebooks in a temporary directory (std-only Go, no set-up cell, so they do not
depend on gomlxnet), runs the runner on each and checks its verdict, message and exit status.
Prints "N passed, M failed" last, like the runner.
"""

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
RUNNER = HERE / "notebooks.py"
PY = sys.executable  # the runner runs with the Python that runs these tests
SETUP = ('// Setup: lets this notebook import the course packages (gomlxnet). Run it first.\n'
         '!*rm -f go.work && go work init . "$GONB_DIR/.."\n%noautoget\n%goflags -ldflags=-w')


def notebook(*cells, setup=True):
    """cells: source strings, or (source, metadata) pairs; a source starting with '#md ' is markdown.
    The set-up cell comes first unless setup is False."""
    out = []
    for i, c in enumerate(((SETUP,) if setup else ()) + cells):
        src, meta = (c, {}) if isinstance(c, str) else c
        if src.startswith("#md "):
            out.append({"cell_type": "markdown", "id": f"c{i}", "metadata": meta, "source": src[4:]})
        else:
            out.append({"cell_type": "code", "id": f"c{i}", "metadata": meta, "source": src,
                        "execution_count": None, "outputs": []})
    return {"cells": out, "nbformat": 4, "nbformat_minor": 5,
            "metadata": {"kernelspec": {"name": "gonb", "display_name": "Go (gonb)", "language": "go"}}}


def check(c):
    return {"tags": ["check"], "check": c}



# name: (notebook, runner arguments, expected exit status, texts the output must contain)
RUN_CASES = {
    "pass_checks": (notebook(
        "#md # A title",
        ('%%\nfmt.Println("Total params: 23,860")\nfmt.Println("test accuracy: 0.42")\n'
         'fmt.Println("test accuracy: 0.97")',
         check([{"contains": "Total params: 23,860"},
                {"regex": r"test accuracy: (0\.\d+)", "min": 0.9, "max": 1},
                {"not_contains": "NaN"}])),
        ('%%\nfmt.Println("fast:", os.Getenv("GOMLXNET_FAST"))',
         check([{"contains": "fast: 1", "when": "fast"}, {"contains": "fast: \n", "when": "full"}])),
    ), ["--fast"], 0, ["PASS", "(3 cells, 4 checks)", "1 passed, 0 failed"]),
    "full_mode": (notebook(
        ('%%\nfmt.Println("fast:", os.Getenv("GOMLXNET_FAST"))',
         check([{"contains": "fast: 1", "when": "fast"}, {"regex": "^fast: $", "when": "full"}])),
    ), ["--full"], 0, ["PASS", "1 passed, 0 failed"]),
    "results_env": (notebook(
        ('%%\nfmt.Println("dir:", filepath.Base(os.Getenv("GOMLXNET_RESULTS_DIR")), os.Getenv("GOMLXNET_RESULTS_START") != "")\n'
         'fmt.Println("command:", os.Getenv("GOMLXNET_RESULTS_COMMAND"))',
         check({"contains": ["dir: nbtest-figures true", "notebooks.py --results nbtest-figures "]})),
    ), ["--results", "nbtest-figures"], 0, ["PASS", "1 passed, 0 failed"]),
    "compile_error": (notebook(
        '%%\nfmt.Println("ok")',
        '%%\nx := 1',
        '%%\nfmt.Println("never runs")',
    ), [], 1, ['FAIL', 'cell 3 (code cell 3: "%%")', "execution failed", "declared and not used: x",
               "0 passed, 1 failed"]),
    "dot_import_pitfall": (notebook(
        'import . "strings"\n\n%%\nfmt.Println(ToUpper("a"))',
        '%%\nfmt.Println("a later cell that does not use strings")',
    ), [], 1, ['cell 3 (code cell 3: "%%")', '"strings" imported and not used', "0 passed, 1 failed"]),
    "panic": (notebook('%%\npanic("boom")'), [], 1, ["execution failed", "panic: boom"]),
    "failed_shell_command": (notebook('!ls /nonexistent-dir-for-test'), [], 1,
                             ["a command failed with exit status 2", "No such file or directory"]),
    "raises_exception_allowed": (notebook(
        ('%%\npanic("on purpose")', {"tags": ["raises-exception"]}),
        ('!false', {"tags": ["raises-exception"]}),
        '%%\nfmt.Println("after")',
    ), [], 0, ["PASS", "(4 cells, 0 checks)"]),
    "contains_missing": (notebook(('%%\nfmt.Println("Total params: 1")', check({"contains": "Total params: 23,860"}))),
                         [], 1, ["expectation not met: output does not contain 'Total params: 23,860'",
                                 "| Total params: 1"]),
    "regex_below_min": (notebook(('%%\nfmt.Println("test accuracy: 0.31")',
                                  check({"regex": r"test accuracy: (0\.\d+)", "min": 0.5}))),
                        [], 1, ["'test accuracy: 0.31': 0.31 < min 0.5"]),
    "regex_no_match": (notebook(('%%\nfmt.Println("nothing")', check({"regex": "accuracy: (\\d)"}))),
                       [], 1, ["no match for regex"]),
    "image_missing": (notebook(('%%\nfmt.Println("no picture")', check({"image": True}))),
                      [], 1, ["0 picture(s) in the output, want at least 1"]),
    "image_present": (notebook((
        'import "github.com/janpfeifer/gonb/gonbui"\n\n%%\n'
        'gonbui.DisplaySVG(`<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        '<rect width="10" height="10"/></svg>`)', check({"image": True}))),
        [], 0, ["PASS"]),
    "tag_without_check": (notebook(('%%\nfmt.Println(1)', {"tags": ["check"]})), [], 1,
                          ['tagged "check" but has no "check" metadata']),
    "bad_check_key": (notebook(('%%\nfmt.Println(1)', check({"contain": "1"}))), [], 1,
                      ["unknown \"check\" key(s) ['contain']"]),
    # The sleeping program gets a positional argument that names it on its command line, so that
    # the check below finds it and not another kernel's program running on the same machine.
    "timeout": (notebook('%% nbtest-sleeper\ntime.Sleep(60 * time.Second)', '%%\nfmt.Println("never")'),
                ["--timeout", "4"], 1, ["timed out after 4 s"]),
    "kernel_dies": (notebook('!kill -9 $PPID'), [], 1, ['cell 2 (code cell 2: "!kill -9 $PPID"): the kernel died']),
}


def has_nbstripout():
    import importlib.util
    return importlib.util.find_spec("nbstripout") is not None


def orphan_gopls():
    """gopls processes of GoNB kernels that are gone (re-parented to init)."""
    out = subprocess.run(["ps", "-eo", "pid=,ppid=,args="], capture_output=True, text=True).stdout
    return {ln.split()[0] for ln in out.splitlines()
            if ln.split()[1] == "1" and "gopls -listen unix;/tmp/gonb_" in ln}


def run(args, cwd=None):
    t0 = time.monotonic()
    p = subprocess.run([PY, str(RUNNER), *args], capture_output=True, text=True, cwd=cwd)
    return p.returncode, p.stdout + p.stderr, time.monotonic() - t0


def main():
    only = sys.argv[1:]
    passed = failed = 0

    def verdict(name, ok, why, out):
        nonlocal passed, failed
        if ok:
            passed += 1
            print(f"ok    {name}", flush=True)
        else:
            failed += 1
            print(f"FAIL  {name}: {why}\n" + "\n".join("      > " + ln for ln in out.splitlines()), flush=True)

    with tempfile.TemporaryDirectory(prefix="test-notebooks-") as root:
        # A stand-in for a clone of the repository elsewhere: its go.mod and go.sum, notebooks in
        # a subdirectory, so that the set-up cell's "$GONB_DIR/.." finds the module (gonbui etc.).
        root = Path(root)
        for f in ("go.mod", "go.sum"):
            (root / f).symlink_to(HERE.parent / f)
        tmp = root / "nbs"
        tmp.mkdir()
        for name, (nb, args, want_rc, wants) in RUN_CASES.items():
            if only and name not in only:
                continue
            path = tmp / f"{name}.ipynb"
            path.write_text(json.dumps(nb, indent=1))
            orphans = orphan_gopls()
            rc, out, secs = run([*args, "--output-dir", str(tmp / "executed"), str(path)])
            missing = [w for w in wants if w not in out]
            why = f"exit status {rc}, want {want_rc}" if rc != want_rc else f"output lacks {missing}"
            verdict(f"{name} ({secs:.1f}s)", rc == want_rc and not missing, why, out)
            if os.environ.get("SHOW"):
                print("\n".join("      > " + ln for ln in out.splitlines()))
            if name in ("timeout", "kernel_dies"):
                time.sleep(0.5)
                new = orphan_gopls() - orphans
                verdict(f"{name}: no gopls left behind", not new, f"orphaned gopls {new}", out)
            if name == "timeout":
                # The sleeping program must be gone with its kernel, not left running.
                left = subprocess.run(["pgrep", "-f", "gonb_.*/gonb_.* nbtest-sleeper"], capture_output=True,
                                      text=True).stdout
                ps = subprocess.run(["ps", "-o", "pid,etimes,args", "-p", ",".join(left.split()) or "0"],
                                    capture_output=True, text=True).stdout if left.strip() else ""
                young = [ln for ln in ps.splitlines()[1:] if int(ln.split()[1]) < secs + 5]
                verdict("timeout leaves no running cell program", not young, "still running", ps)
            if rc == 1 and name != "timeout":
                executed = tmp / "executed" / path.name
                verdict(f"{name}: executed copy written", executed.exists(), "no executed copy", out)

        if (not only or "clean" in only) and not has_nbstripout():
            d = tmp / "clean"
            d.mkdir()
            (d / "clean.ipynb").write_text(json.dumps(notebook('%%\nfmt.Println(1)'), indent=1))
            for mode in ("--check-clean", "--strip"):
                rc, out, _ = run([mode, str(d)])
                verdict(f"{mode} without nbstripout", rc == 2 and "need nbstripout" in out, f"rc {rc}", out)
        elif not only or "clean" in only:
            dirty = notebook('%%\nfmt.Println(1)')
            dirty["cells"][1]["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "1\n"}]
            dirty["cells"][1]["execution_count"] = 3
            dirty["cells"][1]["metadata"] = {"execution": {"iopub.status.idle": "x"}, "tags": ["keep"]}
            clean = notebook('%%\nfmt.Println(1)')
            nosetup = notebook('%%\nfmt.Println(1)', setup=False)
            d = tmp / "clean"
            d.mkdir()
            for n, nb in (("dirty", dirty), ("clean", clean), ("nosetup", nosetup)):
                (d / f"{n}.ipynb").write_text(json.dumps(nb, indent=1))
            rc, out, _ = run(["--check-clean", str(d)])
            wants = ["PASS  ", "clean.ipynb  clean", "dirty.ipynb  not clean", "(nbstripout would strip it)",
                     "the first code cell is not the set-up cell", "1 passed, 2 failed"]
            missing = [w for w in wants if w not in out]
            verdict("check-clean", rc == 1 and not missing, f"rc {rc}, lacks {missing}", out)
            before = (d / "clean.ipynb").stat().st_mtime_ns
            rc, out, _ = run(["--strip", str(d / "dirty.ipynb"), str(d / "clean.ipynb")])
            verdict("strip", rc == 0 and "STRIPPED" in out and "already clean" in out, f"rc {rc}", out)
            verdict("strip leaves clean files untouched", (d / "clean.ipynb").stat().st_mtime_ns == before,
                    "clean.ipynb rewritten", out)
            rc, out, _ = run(["--check-clean", str(d / "dirty.ipynb")])
            cell = json.loads((d / "dirty.ipynb").read_text())["cells"][1]
            kept = (cell["metadata"], cell["id"], cell["outputs"], cell["execution_count"])
            verdict("check-clean after strip", rc == 0 and "1 passed, 0 failed" in out
                    and kept == ({"tags": ["keep"]}, "c1", [], None), f"rc {rc}, metadata, id, outputs, count {kept}", out)
            nosetup_only = [ln for ln in run(["--check-clean", str(d / "nosetup.ipynb")])[1].splitlines()
                            if ln.startswith("      - ")]
            verdict("a stripped notebook without the set-up cell: only that problem", len(nosetup_only) == 1
                    and "set-up cell" in nosetup_only[0], f"problems {nosetup_only}", "\n".join(nosetup_only))
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
