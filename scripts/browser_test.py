#!/usr/bin/env python3
"""Browser test: a notebook run in JupyterLab 4 (or the classic Notebook) through the Go kernel.

    $PY scripts/browser_test.py [--frontend lab|classic] [--driver auto|playwright|selenium]
                                [--expect REGEX ...] [--no-kernel-help] [notebooks/NAME.ipynb]

Starts the front end's server on 127.0.0.1 (a free port, a random token, private config, runtime,
settings and workspace folders; GOMLXNET_FAST=1 for its kernels), opens the notebook in headless
Chromium, clicks Run > Run All Cells (classic: Cell > Run All), waits until the kernel is idle and
every code cell has an execution count, then checks what the page shows:
  - the notebook's kernel is gonb; no cell has an error output (cells tagged "raises-exception"
    may) nor a failed shell command ("exit status N");
  - every picture (<img>, or inline <svg>) in an output is loaded (naturalWidth > 0), laid out with
    a size, and not blank (drawn on a canvas in the page: enough dark pixels);
  - each cell's "check" metadata (scripts/notebooks.py's expectations, fast mode) holds for the
    cell's output as shown: its text and its pictures;
  - each --expect regex matches the outputs' text (default for notebook 05: the progress lines
    "Epoch 1/N", "Epoch N/N ... accuracy" and "test accuracy: 0.x").
Writes a full-page screenshot (the window made as tall as the notebook) to
out/screenshots/{jupyterlab|classic}_NAME.png (on failure also the page's state, NAME.state.json).
JupyterLab only, unless --no-kernel-help: in a new cell (never saved), Tab after `gomlxnet.De` must
show a completer offering Dense, and Shift+Tab after `gomlxnet.Dense` its doc comment, each within
3 s of a key press (screenshots jupyterlab_completion.png, jupyterlab_inspection.png).
Prints "1 passed, 0 failed" (or "0 passed, 1 failed") last.

Front ends: lab = `jupyter lab` next to this Python (the project's venv: JupyterLab 4); classic =
Debian's Notebook 6 (/usr/bin/python3 -m notebook), the set-up's fallback without PyPI.
Drivers: playwright (the venv) or selenium with chromium-driver (Debian's python3-selenium); auto
takes playwright when it can be imported. Both drive Debian's Chromium (CHROMIUM to override).
The notebook is never saved (autosave off); the test fails, and puts the file back, if it changed.
Environment: CHROMIUM, BROWSER_TEST_TIMEOUT (seconds for the run of the cells, default 600).
"""

import argparse
import json
import os
import re
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import browser_pages  # noqa: E402  (the front ends' page scripts)
from browser_drivers import HEIGHT, WIDTH, Failure, wait_for  # noqa: E402
from browser_servers import browser_session  # noqa: E402
import kernel_help_test  # noqa: E402  (Dense's doc comment)
import notebooks  # noqa: E402  (the course's "check" expectations)

REPO = notebooks.REPO
KERNEL = notebooks.KERNEL
HELP_PATIENCE = 3  # seconds a student waits for the completer or the help after a key press
HELP_WAIT = 90  # seconds until the test gives up (gopls loads the packages first)
SHOTS = REPO / "out" / "screenshots"
DEFAULT_NOTEBOOK = REPO / "notebooks" / "05_training.ipynb"
DEFAULT_EXPECT = [r"^Epoch 1/(\d+) ", r"^Epoch (\d+)/\1 .*accuracy: 0\.\d+", r"^test accuracy: 0\.\d+"]

# ---------------------------------------------------------------------------------------------
# The test.

def allowed_errors(nb_cells, n):
    """Whether cell n (1-based) may fail: tagged "raises-exception", as in scripts/notebooks.py."""
    return "raises-exception" in nb_cells[n - 1].get("metadata", {}).get("tags", [])


def cell_problems(state, nb_cells, fast=True):
    """Problems with the shown outputs: a failed shell command ("exit status N", which GoNB does not
    report as an error), pictures not loaded, the cells' "check" metadata unmet."""
    problems = []
    for c in state["cells"]:
        where = f'cell {c["n"]} ("{c["line"][:50]}")'
        failed = notebooks.EXIT_STATUS_RE.search(c["text"])
        if failed and not allowed_errors(nb_cells, c["n"]):
            problems.append(f"{where}: a command failed with {failed.group(0).strip()}")
        for p in c["pics"]:
            if not (p["natural"] > 0 and p["w"] > 0 and p["h"] > 0):
                problems.append(f"{where}: a picture <{p['tag']}> is not loaded or has no size: {p}")
        # notebooks.check_cell on the browser's view: its text, one image output per picture.
        shown = {"metadata": nb_cells[c["n"] - 1].get("metadata", {}),
                 "outputs": [{"output_type": "stream", "name": "stdout", "text": c["text"]}]
                 + [{"output_type": "display_data", "data": {"image/png": ""}} for _ in c["pics"]]}
        found, _ = notebooks.check_cell(shown, fast)
        problems += [f"{where}: {p}" for p in found]
    return problems


def page_problems(driver, page, nb_cells, expect):
    """Checks the page after the run: the cells' outputs (cell_problems), every picture not blank,
    the expected lines. Returns the page's state (with each picture's "dark" share), the problems
    and a summary of the pictures."""
    state = driver.js(page.STATE)
    problems = cell_problems(state, nb_cells)
    pics = [p for c in state["cells"] for p in c["pics"]]
    dark = driver.js(browser_pages.darkness(page))
    if len(dark) != len(pics):
        problems.append(f"{len(pics)} pictures in the cells' outputs but {len(dark)} on the page")
    for i, (p, d) in enumerate(zip(pics, dark)):
        p["dark"] = d
        if d < 0.005:
            problems.append(f"picture {i + 1} (<{p['tag']}>) is blank: {d:.2%} dark pixels")
    text = "\n".join(c["text"] for c in state["cells"])
    problems += [f"no output line matches {rx!r}" for rx in expect if not re.search(rx, text, re.MULTILINE)]
    shown = ", ".join("<%s> %.0fx%.0f %.1f%% dark" % (p["tag"], p["w"], p["h"], 100 * p.get("dark", 0))
                      for p in pics)
    return state, problems, f"{len(pics)} picture(s) ({shown})"


def full_height(driver, page):
    """Makes the window as tall as the notebook (at most 16000 px) and returns its height."""
    height = HEIGHT
    for _ in range(4):
        extra = driver.js(browser_pages.overflow(page))  # also scrolls it to the top
        if extra <= 1 or height >= 16000:
            break
        height = min(16000, height + extra)
        driver.resize(WIDTH, height)
        time.sleep(1)
    return height


def run_cells(driver, page, nb_cells, timeout):
    """Runs all cells from the menu; returns the final state and the run's seconds."""
    before = driver.js(page.STATE)
    if any(c["count"] is not None or c["pics"] for c in before["cells"]):
        raise Failure("the notebook was not clean before the run (execution counts or pictures)")
    t0 = time.monotonic()
    page.run_all(driver)

    def finished():
        s = driver.js(page.STATE)
        errors = [f'cell {c["n"]} ("{c["line"][:50]}"): {"; ".join(c["errors"])}' for c in s["cells"]
                  if c["errors"] and not allowed_errors(nb_cells, c["n"])]
        if errors:
            raise Failure("error output(s): " + " | ".join(errors))
        ran = all(c["count"] is not None and not c["running"] for c in s["cells"])
        return s if ran and not s["busy"] else None
    try:
        state = wait_for("all cells to run", finished, timeout, interval=1)
    except Failure as e:
        if "timed out" in str(e):
            s = driver.js(page.STATE)
            left = [c["n"] for c in s["cells"] if c["count"] is None or c["running"]]
            raise Failure(f"{e}; cells not done: {left}, kernel busy: {s['busy']}")
        raise
    return state, time.monotonic() - t0


def press_until(driver, key, probe, patience, total):
    """Presses key, as a student does, until probe (JavaScript) shows something within patience
    seconds of a press; gives up after total seconds. Returns (what it showed, presses, seconds)."""
    deadline, presses = time.monotonic() + total, 0
    while time.monotonic() < deadline:
        presses += 1
        t0 = time.monotonic()
        driver.press(key)
        while time.monotonic() - t0 < patience:
            shown = driver.js(probe)
            if shown:
                return shown, presses, time.monotonic() - t0
            time.sleep(0.1)
    raise Failure(f"nothing shown after {presses} presses of {key} in {total:.0f}s")


def help_check(driver, page, shots):
    """In a new cell (never saved): Tab after `gomlxnet.De` must show a completer offering Dense,
    Shift+Tab after `gomlxnet.Dense` its doc comment, each within HELP_PATIENCE seconds of a key
    press. JupyterLab drops a completion the kernel answers after 1 s (its completer's
    providerTimeout), so the first Tab, while gopls loads the packages, may show nothing: the
    student presses Tab again. Returns (info, problems)."""
    sentence = kernel_help_test.doc_sentence()
    driver.js(page.NEW_CELL)
    driver.type("%%")
    driver.press("Enter")
    driver.type("layer := gomlxnet.De")
    try:
        matches, tabs, complete_secs = press_until(driver, "Tab", page.COMPLETER, HELP_PATIENCE, HELP_WAIT)
    except Failure as e:
        driver.screenshot(shots[0], clip=driver.js(page.CLIP))
        return "", [f"Tab after gomlxnet.De: {e} ({rel(shots[0])})"]
    driver.screenshot(shots[0], clip=driver.js(page.CLIP))
    problems = [] if "Dense" in matches else [f"the completer offers {matches}, not Dense"]
    driver.press("Escape")
    driver.type("nse")
    try:
        tip, _, inspect_secs = press_until(driver, "Shift+Tab", page.TOOLTIP, HELP_PATIENCE, HELP_WAIT)
    except Failure as e:
        driver.screenshot(shots[1], clip=driver.js(page.CLIP))
        return "", problems + [f"Shift+Tab after gomlxnet.Dense: {e} ({rel(shots[1])})"]
    driver.screenshot(shots[1], clip=driver.js(page.CLIP))
    if sentence not in kernel_help_test.plain(tip):
        problems.append(f"the contextual help lacks {sentence!r}: {tip[:300]!r}")
    return (f"completer {matches} {complete_secs:.1f}s after Tab number {tabs}, contextual help "
            f"{inspect_secs:.1f}s after Shift+Tab ({', '.join(rel(p) for p in shots)})"), problems


def run_test(frontend, driver_name, nb_path, expect, timeout, kernel_help):
    page = browser_pages.FRONTENDS[frontend]
    nb_path = nb_path.resolve()
    rel_path = nb_path.relative_to(REPO).as_posix()
    nb_cells = json.loads(nb_path.read_text())["cells"]
    original = nb_path.read_bytes()
    checkpoints = nb_path.parent / ".ipynb_checkpoints"
    had_checkpoints = checkpoints.exists()
    chromium = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        raise Failure("chromium is not installed (scripts/setup.sh --test)")
    SHOTS.mkdir(parents=True, exist_ok=True)
    shot = SHOTS / f"{page.name}_{nb_path.stem}.png"

    try:
        with browser_session(frontend, driver_name, chromium, "browser-test-") as (driver, base, token):
            driver.open(page.url(base, rel_path, token))
            kernel = wait_for("the notebook page and its kernel", lambda: driver.js(page.READY), 180)
            if kernel != KERNEL:
                raise Failure(f"the notebook runs in the kernel {kernel!r}, want {KERNEL!r}")
            state, run_secs = run_cells(driver, page, nb_cells, timeout)

            time.sleep(1)  # the last outputs laid out
            height = full_height(driver, page)
            state, problems, shown = page_problems(driver, page, nb_cells, expect)
            driver.screenshot(shot)
            help_info = ""
            if kernel_help:
                shots = [SHOTS / f"{page.name}_completion.png", SHOTS / f"{page.name}_inspection.png"]
                help_info, found = help_check(driver, page, shots)
                problems += found
            if problems:
                dump = shot.with_suffix(".state.json")
                dump.write_text(json.dumps(state, indent=1))
                raise Failure("; ".join(problems) + f" (screenshot: {rel(shot)}, page state: {rel(dump)})")
            return (f"{len(state['cells'])} code cells ran in {run_secs:.1f}s; {shown}; "
                    f"{len(expect)} expected line(s) found; screenshot {rel(shot)} ({WIDTH}x{height})"
                    + (f"; {help_info}" if help_info else ""))
    finally:
        if not had_checkpoints:  # the server may make it: leave the folder as it was
            shutil.rmtree(checkpoints, ignore_errors=True)
        if nb_path.read_bytes() != original:
            nb_path.write_bytes(original)
            raise Failure(f"{nb_path.name} was modified during the test (restored)")


def rel(path):
    return notebooks.rel(path)


def main():
    ap = argparse.ArgumentParser(description="Runs a notebook in a browser and checks what it shows "
                                 "(see the top of this file).")
    ap.add_argument("notebook", nargs="?", type=Path, default=DEFAULT_NOTEBOOK)
    ap.add_argument("--frontend", choices=sorted(browser_pages.FRONTENDS), default="lab")
    ap.add_argument("--driver", choices=["auto", "playwright", "selenium"], default="auto")
    ap.add_argument("--expect", action="append", metavar="REGEX",
                    help="a regex the outputs' text must match (repeatable; default for notebook 05: "
                         "the progress and accuracy lines)")
    ap.add_argument("--no-kernel-help", action="store_true",
                    help="JupyterLab: skip the completion and contextual-help check after the run")
    args = ap.parse_args()
    expect = args.expect if args.expect is not None else \
        DEFAULT_EXPECT if args.notebook.resolve() == DEFAULT_NOTEBOOK else []
    timeout = float(os.environ.get("BROWSER_TEST_TIMEOUT", "600"))
    name = f"{args.frontend} {notebooks.rel(args.notebook)}"
    t0 = time.monotonic()
    try:
        if not args.notebook.is_file():
            raise Failure(f"{args.notebook}: no such notebook")
        kernel_help = args.frontend == "lab" and not args.no_kernel_help
        info = run_test(args.frontend, args.driver, args.notebook, expect, timeout, kernel_help)
    except Failure as e:
        print(f"FAIL  {name}  {time.monotonic() - t0:.1f}s  {e}")
        print("0 passed, 1 failed")
        return 1
    print(f"PASS  {name}  {time.monotonic() - t0:.1f}s  {info}")
    print("1 passed, 0 failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
