#!/usr/bin/python3
"""Runs, checks and cleans the course notebooks (notebooks/*.ipynb) with the GoNB kernel.

Run it with the course's Python, "$PY" after `source scripts/env.sh`: the venv's (nbclient,
nbformat, nbstripout), else Debian's /usr/bin/python3 where the set-up fell back to it.

Modes
-----
  scripts/notebooks.py [NOTEBOOK|DIR ...]                 execute and check (default: notebooks/*.ipynb)
      --fast            pass GOMLXNET_FAST=1 to the kernel (notebooks shrink data and epochs)
      --full            remove GOMLXNET_FAST from the kernel's environment
                        (neither: GOMLXNET_FAST is passed through from this environment as it is)
      --timeout S       per-cell timeout in seconds (default 600; 0 = none)
      --output-dir DIR  also write the executed notebooks there (atomically, even failed ones)
      --results DIR     let the notebooks record the figures the lessons show in DIR (e.g. results):
                        sets GOMLXNET_RESULTS_DIR (DIR made absolute), GOMLXNET_RESULTS_COMMAND (this
                        command) and GOMLXNET_RESULTS_START (each notebook's start, Unix time) for
                        the kernel; course.Record writes them (notebook 10: DIR/gomlx.json)
      -v, --verbose     print each code cell's time
  scripts/notebooks.py --check-clean [NOTEBOOK ...]       fail unless committed clean (see below)
  scripts/notebooks.py --strip [NOTEBOOK ...]             make notebooks clean, in place
(The handouts, a site and PDFs of the lessons and executed notebooks: scripts/handouts.py.)

Every mode prints one line per notebook and ends with a line "N passed, M failed";
the exit status is 0 when M is 0, 1 when some notebook failed, 2 for bad usage.

A notebook fails when
  - a cell's execution fails: a compile error or a panic (GoNB replies with an error), a program
    that exits with a non-zero status, a timeout, the kernel dying;
  - a cell writes "exit status N" to stderr: that is how GoNB reports a failed shell command
    (`!cmd` or `!*cmd`), which it does NOT report as an error;
  - a cell's declared expectations (below) are not met.
The message names the notebook and the cell and shows the cell's error output (GoNB's HTML error
reports are turned into text). Cells tagged "raises-exception" (nbclient's convention) may fail:
for a notebook that shows an error on purpose.

Expectations: cell metadata "check"
-----------------------------------
A code cell declares what its output must show with a "check" key in its metadata: one
expectation object or a list of them. Also give the cell the tag "check" so that authors see it in
the notebook's tag bar (View > Cell Toolbar > Tags); a cell tagged "check" without a "check" key
is an error. In Classic Notebook edit it with View > Cell Toolbar > Edit Metadata:

    "metadata": {
      "tags": ["check"],
      "check": [
        {"contains": "Total params: 23,860"},
        {"regex": "test accuracy: (0\\.\\d+)", "min": 0.9, "when": "full"},
        {"regex": "test accuracy: (0\\.\\d+)", "min": 0.5, "when": "fast"},
        {"image": true}
      ]
    }

Keys of one expectation (several keys in one object must all hold):
  "contains": "text" or ["text", ...]   each text appears in the cell's text output
  "not_contains": "text" or [...]       none of them appears (e.g. "NaN")
  "regex": "pattern"                    Python regex found in the text output (re.MULTILINE);
  "min": x, "max": y                    with min and/or max, the number captured by the pattern's
                                        first group (the whole match if it has none) of its LAST
                                        match (e.g. the last epoch) must be within [min, max]
  "image": true or N                    at least 1 (or N) pictures: outputs with image/png,
                                        image/jpeg or image/svg+xml data, or HTML with <img or <svg
  "when": "fast" or "full"              only check in that mode (default: always)
The cell's text output is its stdout and stderr streams plus the text/plain, text/markdown and
text/html (tags removed) data of its display and result outputs.

Clean notebooks (--check-clean, --strip)
----------------------------------------
A notebook is committed clean: nbstripout (NBSTRIPOUT below: outputs, execution counts, timing
and view metadata; cell ids and other metadata, e.g. "check", stay) would not change it. The
course's own checks: its first code cell contains the set-up line (SETUP_CELL below) so that it
finds this repository wherever it was cloned, and its "check" metadata is well-formed. --strip runs
nbstripout on the notebooks it would change, writing each atomically; clean files stay untouched.
Both need nbstripout importable by this Python (the course's venv has it; Debian has no package):
without it they stop with exit status 2 and say so.

Environment: GOMLX_BACKEND and the rest of this environment are passed to the kernel unchanged.
"""

import argparse
import html
import math
import html.parser
import os
import re
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

REPO = Path(__file__).resolve().parent.parent
NOTEBOOKS_DIR = REPO / "notebooks"
KERNEL = "gonb"
FAST_ENV = "GOMLXNET_FAST"
# --results: course.ResultsEnv, ResultsCommandEnv and ResultsStartEnv (course/record.go)
RESULTS_ENV, RESULTS_COMMAND_ENV, RESULTS_START_ENV = \
    "GOMLXNET_RESULTS_DIR", "GOMLXNET_RESULTS_COMMAND", "GOMLXNET_RESULTS_START"

# The first code cell of every notebook. Jupyter starts the kernel in the notebook's directory
# (GONB_DIR), notebooks/, so the repository is its parent: the go.work file in GoNB's temporary
# module ("!*" runs there) puts this repository's module, with its go.mod and go.sum, in the build.
# %noautoget: no `go get` before each build (0.3-0.6 s a cell; the course's imports are all in
# go.mod, and it would need the network). %goflags -ldflags=-w: no DWARF, links twice as fast.
SETUP_LINE = '!*rm -f go.work && go work init . "$GONB_DIR/.."'
SETUP_CELL = (
    "// Setup: lets this notebook import the course packages (gomlxnet). Run it first.\n"
    + SETUP_LINE + "\n%noautoget\n%goflags -ldflags=-w"
)
# Notebooks one folder further down (notebooks/exercises/) reach the repository with one more "..".
SETUP_LINES = (SETUP_LINE, SETUP_LINE.replace('/.."', '/../.."'))

IMAGE_MIMES = ("image/png", "image/jpeg", "image/svg+xml")
EXIT_STATUS_RE = re.compile(r"^exit status (\d+)\s*$", re.MULTILINE)
ANSI_RE = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


# ---------------------------------------------------------------------------------------------
# Small helpers.

def rel(path):
    """Path relative to the repository when inside it, for messages."""
    try:
        return str(Path(path).resolve().relative_to(REPO))
    except ValueError:
        return str(path)


def atomic_write(path, data):
    """Writes data (str or bytes) to path through a temporary file in the same directory."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    fd, tmp = tempfile.mkstemp(prefix="." + path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def write_notebook(nb, path):
    atomic_write(path, nbformat.writes(nb) + "\n")


def find_notebooks(args):
    """The notebooks named (files or directories), or all of notebooks/."""
    if not args:
        args = [NOTEBOOKS_DIR]
    found = []
    for a in args:
        p = Path(a)
        if p.is_dir():
            found += sorted(x for x in p.glob("*.ipynb") if not x.name.startswith("."))
        elif p.suffix == ".ipynb" and p.is_file():
            found.append(p)
        else:
            raise SystemExit(f"notebooks: {a}: not a notebook (.ipynb) nor a directory")
    return found


def cell_label(nb, index):
    """'cell 3 (code cell 2: "first line")', 1-based, as a reader counts them in the notebook."""
    cell = nb.cells[index]
    code_no = sum(1 for c in nb.cells[: index + 1] if c.cell_type == "code")
    first = next((ln.strip() for ln in cell.source.splitlines() if ln.strip()), "")
    if len(first) > 60:
        first = first[:57] + "..."
    return f'cell {index + 1} (code cell {code_no}: "{first}")'


def source_of(text):
    return "".join(text) if isinstance(text, list) else (text or "")


class _HTMLText(html.parser.HTMLParser):
    """Text of an HTML fragment; drops <style>/<script> and GoNB's hidden error-context boxes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.skip = [], 0
        self.stack = []

    def handle_starttag(self, tag, attrs):
        if tag in ("br", "img", "hr", "meta", "link", "input"):
            if tag == "br":
                self.parts.append("\n")
            return
        cls = dict(attrs).get("class") or ""
        hidden = tag in ("style", "script") or "gonb-err-context" in cls
        self.stack.append(hidden)
        if hidden:
            self.skip += 1
        if tag in ("div", "p", "tr", "li", "pre") and not self.skip:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in ("br", "img", "hr", "meta", "link", "input"):
            return
        if self.stack and self.stack.pop():
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def html_to_text(s):
    p = _HTMLText()
    p.feed(s)
    p.close()
    text = "".join(p.parts)
    return re.sub(r"\n\s*\n+", "\n", text).strip()


def output_text(cell, streams=("stdout", "stderr")):
    """The text output of a cell: streams plus text/plain, text/markdown and text/html data."""
    parts = []
    for out in cell.get("outputs", []):
        kind = out.get("output_type")
        if kind == "stream" and out.get("name") in streams:
            parts.append(source_of(out.get("text")))
        elif kind in ("display_data", "execute_result"):
            data = out.get("data", {})
            for mime in ("text/plain", "text/markdown"):
                if mime in data:
                    parts.append(source_of(data[mime]) + "\n")
            if "text/html" in data:
                parts.append(html_to_text(source_of(data["text/html"])) + "\n")
        elif kind == "error":
            parts.append("\n".join(out.get("traceback", [])) + "\n")
    return ANSI_RE.sub("", "".join(parts))


def count_images(cell):
    n = 0
    for out in cell.get("outputs", []):
        data = out.get("data", {}) if out.get("output_type") in ("display_data", "execute_result") else {}
        if any(m in data for m in IMAGE_MIMES):
            n += 1
        elif "text/html" in data and re.search(r"<(img|svg)\b", source_of(data["text/html"]), re.I):
            n += 1
    return n


def error_report(cell, limit=4000):
    """The error-ish output of a cell for a failure message: stderr, errors, HTML error reports."""
    parts = []
    for out in cell.get("outputs", []):
        kind = out.get("output_type")
        if kind == "stream":
            parts.append(source_of(out.get("text")))
        elif kind == "error":
            parts.append(f"{out.get('ename')}: {out.get('evalue')}\n")
        elif kind in ("display_data", "execute_result"):
            data = out.get("data", {})
            if "text/html" in data:
                parts.append(html_to_text(source_of(data["text/html"])) + "\n")
            elif "text/plain" in data:
                parts.append(source_of(data["text/plain"]) + "\n")
    text = ANSI_RE.sub("", "".join(parts)).strip()
    if len(text) > limit:
        text = "...\n" + text[-limit:]
    return text


# ---------------------------------------------------------------------------------------------
# Expectations.

def cell_checks(cell):
    """The expectations of a cell, as a list, and a problem string if they are malformed."""
    meta = cell.get("metadata", {})
    spec = meta.get("check")
    tags = meta.get("tags", [])
    if spec is None:
        return [], ("tagged \"check\" but has no \"check\" metadata" if "check" in tags else None)
    specs = spec if isinstance(spec, list) else [spec]
    known = {"contains", "not_contains", "regex", "min", "max", "image", "when"}
    for s in specs:
        if not isinstance(s, dict) or not s:
            return [], f"\"check\" metadata must be an object or a list of objects, got {s!r}"
        bad = set(s) - known
        if bad:
            return [], f"unknown \"check\" key(s) {sorted(bad)} (known: {sorted(known)})"
        if ("min" in s or "max" in s) and "regex" not in s:
            return [], "\"min\"/\"max\" need a \"regex\""
        if s.get("when", "fast") not in ("fast", "full"):
            return [], f"\"when\" must be \"fast\" or \"full\", got {s['when']!r}"
        if "regex" in s:
            try:
                re.compile(s["regex"])
            except re.error as e:
                return [], f"bad regex {s['regex']!r}: {e}"
    return specs, None


def check_cell(cell, fast):
    """Problems (strings) with a cell's expectations; also returns how many were checked."""
    specs, problem = cell_checks(cell)
    if problem:
        return [problem], 0
    text = output_text(cell)
    problems, checked = [], 0
    for s in specs:
        if "when" in s and (s["when"] == "fast") != fast:
            continue
        checked += 1
        for want in ([s["contains"]] if isinstance(s.get("contains"), str) else s.get("contains", [])):
            if want not in text:
                problems.append(f"output does not contain {want!r}")
        nots = s.get("not_contains", [])
        for bad in ([nots] if isinstance(nots, str) else nots):
            if bad in text:
                problems.append(f"output contains {bad!r}")
        if "regex" in s:
            matches = list(re.finditer(s["regex"], text, re.MULTILINE))
            if not matches:
                problems.append(f"output has no match for regex {s['regex']!r}")
            elif "min" in s or "max" in s:
                m = matches[-1]
                raw = m.group(1) if m.re.groups else m.group(0)
                try:
                    value = float(raw.replace(",", ""))
                except (TypeError, ValueError):
                    problems.append(f"regex {s['regex']!r} matched {raw!r}, not a number")
                else:
                    if "min" in s and value < s["min"]:
                        problems.append(f"{m.group(0).strip()!r}: {value} < min {s['min']}")
                    if "max" in s and value > s["max"]:
                        problems.append(f"{m.group(0).strip()!r}: {value} > max {s['max']}")
        if s.get("image"):
            want = 1 if s["image"] is True else int(s["image"])
            got = count_images(cell)
            if got < want:
                problems.append(f"{got} picture(s) in the output, want at least {want}")
    return problems, checked


# ---------------------------------------------------------------------------------------------
# Execution.

class Result:
    def __init__(self, path):
        self.path = path
        self.ok = False
        self.seconds = 0.0
        self.failure = None  # "cell ...: reason", then the output, for the message
        self.details = ""
        self.cells = 0
        self.checks = 0
        self.cell_times = []  # (label, seconds)
        self.nb = None


def kernel_env(fast, results=None):
    """The kernel's environment: this one, with GOMLXNET_FAST as fast asks (None: as it is) and,
    with results a (directory, command) pair, the variables of --results."""
    env = os.environ.copy()
    if fast is True:
        env[FAST_ENV] = "1"
    elif fast is False:
        env.pop(FAST_ENV, None)
    if results:
        directory, command = results
        env[RESULTS_ENV] = str(Path(directory).resolve())
        env[RESULTS_COMMAND_ENV] = command
        env[RESULTS_START_ENV] = str(int(time.time()))
    return env


def execute_notebook(path, timeout, fast, kernel=KERNEL, results=None):
    """Executes the notebook at path in a fresh kernel started in its directory, cell by cell,
    stopping at the first failing cell. Returns a Result (with the executed notebook in .nb).
    results: None, or (directory, command) for --results (kernel_env)."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    res = Result(path)
    try:
        nb = nbformat.read(str(path), as_version=4)
    except Exception as e:
        res.failure = f"cannot read the notebook: {type(e).__name__}: {e}"
        return res
    res.nb = nb
    env = kernel_env(fast, results)
    is_fast = env.get(FAST_ENV) == "1"
    timeout = int(math.ceil(timeout)) if timeout and timeout > 0 else None
    client = NotebookClient(
        nb,
        kernel_name=kernel,
        timeout=timeout,
        startup_timeout=120,
        interrupt_on_timeout=True,  # GoNB kills the cell's program, then we report the timeout
        error_on_timeout={"ename": "Timeout", "evalue": f"cell timed out after {timeout} s",
                          "traceback": [f"cell timed out after {timeout} s (--timeout)"]},
        resources={"metadata": {"path": str(Path(path).resolve().parent)}},
        shutdown_kernel="graceful",
    )
    client.reset_execution_trackers()
    helpers = []
    start = time.monotonic()
    with tempfile.TemporaryFile(mode="w+", prefix="gonb-kernel-", suffix=".log") as klog:
        try:
            with client.setup_kernel(env=env, stderr=klog, stdout=klog):
                info = client.wait_for_reply(client.kc.kernel_info())
                helpers = gonb_helpers(getattr(client.km.provisioner, "pid", None))
                if info and "language_info" in info["content"]:
                    # GoNB's reply leaves pygments_lexer and codemirror_mode empty: keep the
                    # notebook's own ("go"), which nbconvert would otherwise replace by ipython3.
                    got = {k: v for k, v in info["content"]["language_info"].items() if v}
                    nb.metadata["language_info"] = {**nb.metadata.get("language_info", {}), **got}
                for index, cell in enumerate(nb.cells):
                    if cell.cell_type != "code":
                        continue
                    _, problem = cell_checks(cell)
                    if problem:
                        res.failure = f"{cell_label(nb, index)}: {problem}"
                        break
                    if not cell.source.strip():
                        continue
                    label = cell_label(nb, index)
                    t0 = time.monotonic()
                    reason = None
                    try:
                        client.execute_cell(cell, index, execution_count=client.code_cells_executed + 1)
                    except CellExecutionError as e:
                        timed_out = any(o.get("ename") == "Timeout" for o in cell.get("outputs", []))
                        reason = f"timed out after {timeout} s" if timed_out or "timed out" in str(e) \
                            else "execution failed (compile error, panic or non-zero exit)"
                    except CellTimeoutError:
                        reason = f"timed out after {timeout} s"
                    except DeadKernelError:
                        reason = "the kernel died"
                    dt = time.monotonic() - t0
                    res.cell_times.append((label, dt))
                    res.cells += 1
                    allowed = "raises-exception" in cell.metadata.get("tags", [])
                    if reason is None and not allowed:
                        stderr = output_text(cell, streams=("stderr",))
                        m = EXIT_STATUS_RE.search(stderr)
                        if m:
                            reason = f"a command failed with exit status {m.group(1)}"
                    if reason and allowed:
                        reason = None
                    if reason is None:
                        problems, n = check_cell(cell, is_fast)
                        res.checks += n
                        if problems:
                            reason = "expectation not met: " + "; ".join(problems)
                            res.details = output_text(cell).strip()[-4000:]
                    if reason:
                        res.failure = f"{label}: {reason}"
                        if not res.details:
                            res.details = error_report(cell)
                        break
                helpers += gonb_helpers(getattr(client.km.provisioner, "pid", None))
        except Exception as e:  # kernel start-up failures and the like
            res.failure = f"kernel error: {type(e).__name__}: {e}"
            klog.seek(0)
            res.details = klog.read()[-3000:]
        finally:
            clean_gonb_leftovers(helpers)
    res.seconds = time.monotonic() - start
    res.ok = res.failure is None
    return res


GOPLS_SOCKET_RE = re.compile(r"unix;(/.*/gonb_[0-9a-f]{8})/gopls_socket$")


def gonb_helpers(kernel_pid):
    """The gopls processes the GoNB kernel kernel_pid started, with GoNB's temporary directory:
    [(pid, cmdline, dir)]. gopls runs in its own process group, so a kernel that is killed (not
    shut down) leaves it running, and its /tmp/gonb_* directory (a 30 MB binary) behind."""
    found = []
    if not kernel_pid:
        return found
    for d in Path("/proc").glob("[0-9]*"):
        try:
            ppid = int((d / "stat").read_text().rsplit(")", 1)[1].split()[1])
            cmd = (d / "cmdline").read_bytes().replace(b"\0", b" ").decode().strip()
        except (OSError, ValueError, IndexError):
            continue
        m = GOPLS_SOCKET_RE.search(cmd)
        if ppid == kernel_pid and m:
            found.append((int(d.name), cmd, m.group(1)))
    return found


def clean_gonb_leftovers(helpers):
    """After the kernel is gone: ends its gopls (checked by pid and command line) and removes its
    temporary directory if GoNB could not."""
    import shutil
    import signal

    for pid, cmd, tmpdir in helpers:
        try:
            if Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode().strip() == cmd:
                os.kill(pid, signal.SIGTERM)
        except (OSError, ValueError):
            pass
        shutil.rmtree(tmpdir, ignore_errors=True)


def print_result(res, verbose):
    mode = f"{res.cells} cells, {res.checks} checks"
    if res.ok:
        print(f"PASS  {rel(res.path)}  {res.seconds:.1f}s  ({mode})", flush=True)
    else:
        print(f"FAIL  {rel(res.path)}  {res.seconds:.1f}s  {res.failure}", flush=True)
        if res.details:
            print("      | " + "\n      | ".join(res.details.splitlines()), flush=True)
    if verbose:
        for label, dt in res.cell_times:
            print(f"      {dt:6.2f}s  {label}", flush=True)


def summary(passed, failed):
    print(f"{passed} passed, {failed} failed", flush=True)
    return 0 if failed == 0 else 1


# ---------------------------------------------------------------------------------------------
# Clean notebooks.

# nbstripout's command line, with the course's options: cell ids are kept (they name the cells).
NBSTRIPOUT = [sys.executable, "-m", "nbstripout", "--keep-id"]


def nbstripout(args, paths=()):
    """Runs NBSTRIPOUT with args on paths; returns its standard output. Exits with status 2 when
    nbstripout cannot be imported, and raises RuntimeError when it fails."""
    import importlib.util

    if importlib.util.find_spec("nbstripout") is None:
        print(f"notebooks: --strip and --check-clean need nbstripout, which {sys.executable} cannot "
              "import: run them with the course's venv python (scripts/setup.sh installs it) or "
              "`pip install nbstripout==0.9.0`", file=sys.stderr)
        raise SystemExit(2)
    p = subprocess.run([*NBSTRIPOUT, *args, *map(str, paths)], capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError(f"{' '.join(NBSTRIPOUT[2:] + args)} failed ({p.returncode}): {p.stderr.strip()}")
    return p.stdout


def unstripped(paths):
    """The notebooks among paths that nbstripout would change."""
    if not paths:
        return set()
    out = nbstripout(["--dry-run"], paths)
    return {Path(ln.split("would have stripped ", 1)[1]) for ln in out.splitlines() if "would have stripped " in ln}


def course_problems(nb):
    """The course's own checks of a committed notebook: the set-up cell, well-formed "check" metadata."""
    problems = []
    code_cells = [(i, c) for i, c in enumerate(nb.cells) if c.cell_type == "code"]
    for i, c in code_cells:
        _, bad = cell_checks(c)
        if bad:
            problems.append(f"{cell_label(nb, i)}: {bad}")
    if not code_cells or not any(line in code_cells[0][1].source for line in SETUP_LINES):
        problems.append("the first code cell is not the set-up cell; it must contain:\n"
                        + "\n".join("          " + ln for ln in SETUP_CELL.splitlines()))
    return problems


def read_all(paths):
    """{path: notebook} for the readable notebooks, {path: problem} for the others."""
    nbs, bad = {}, {}
    for p in paths:
        try:
            nbs[p] = nbformat.read(str(p), as_version=4)
        except Exception as e:
            bad[p] = f"cannot read the notebook: {type(e).__name__}: {e}"
    return nbs, bad


def mode_check_clean(paths):
    nbs, bad = read_all(paths)
    dirty = unstripped(list(nbs))
    passed = failed = 0
    for p in paths:
        problems = [bad[p]] if p in bad else course_problems(nbs[p])
        if p in dirty:
            problems.insert(0, "has outputs, execution counts or run metadata (nbstripout would strip it)")
        if problems:
            failed += 1
            print(f"FAIL  {rel(p)}  not clean (run scripts/notebooks.py --strip):")
            for pr in problems:
                print(f"      - {pr}")
        else:
            passed += 1
            print(f"PASS  {rel(p)}  clean")
    return summary(passed, failed)


def mode_strip(paths):
    nbs, bad = read_all(paths)
    dirty = unstripped(list(nbs))
    for p in paths:
        if p in bad:
            print(f"FAIL  {rel(p)}  {bad[p]}")
        elif p in dirty:
            atomic_write(p, nbstripout(["--textconv"], [p]))
            print(f"STRIPPED  {rel(p)}")
        else:
            print(f"PASS  {rel(p)}  already clean")
    return summary(len(paths) - len(bad), len(bad))


# ---------------------------------------------------------------------------------------------

def main(argv=None):
    ap = argparse.ArgumentParser(
        description="Execute, check, clean or render the course notebooks (see the top of this file).",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("notebooks", nargs="*", help="notebooks or directories (default: notebooks/)")
    modes = ap.add_mutually_exclusive_group()
    modes.add_argument("--check-clean", action="store_true", help="check notebooks have no outputs")
    modes.add_argument("--strip", action="store_true", help="remove outputs in place")
    speed = ap.add_mutually_exclusive_group()
    speed.add_argument("--fast", action="store_true", help=f"set {FAST_ENV}=1 for the kernel")
    speed.add_argument("--full", action="store_true", help=f"unset {FAST_ENV} for the kernel")
    ap.add_argument("--timeout", type=int, default=600, help="per-cell timeout, seconds (0: none)")
    ap.add_argument("--output-dir", type=Path, help="write executed notebooks there")
    ap.add_argument("--results", type=Path, help="let the notebooks record their figures there")
    ap.add_argument("--kernel", default=KERNEL, help="Jupyter kernel name (default gonb)")
    ap.add_argument("-v", "--verbose", action="store_true", help="print each cell's time")
    args = ap.parse_args(argv)

    paths = find_notebooks(args.notebooks)
    if not paths:
        print("notebooks: no notebooks found", file=sys.stderr)
        return summary(0, 0)
    if args.check_clean:
        return mode_check_clean(paths)
    if args.strip:
        return mode_strip(paths)

    fast = True if args.fast else False if args.full else None
    argv = sys.argv[1:] if argv is None else argv
    results = (args.results, shlex.join([Path(sys.argv[0]).as_posix(), *argv])) if args.results else None
    passed = failed = 0
    for p in paths:
        res = execute_notebook(p, args.timeout, fast, kernel=args.kernel, results=results)
        if args.output_dir and res.nb is not None:
            write_notebook(res.nb, args.output_dir / p.name)
        print_result(res, args.verbose)
        passed, failed = (passed + 1, failed) if res.ok else (passed, failed + 1)
    return summary(passed, failed)


if __name__ == "__main__":
    sys.exit(main())
