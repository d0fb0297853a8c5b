#!/usr/bin/env python3
"""Browser test of the interactive cells, through the real Go kernel, in JupyterLab 4 or the classic
Notebook.

    $PY scripts/widgets_test.py [--frontend lab|classic] [--driver auto|playwright|selenium]
                                [--notebook CASE=PATH ...] [CASE ...]

Cases (all by default):
  neuron    notebook 01's neuron (plots.Sliders): moves the w slider 8 steps right and the b slider 6
            left, a step every 30 ms with the "input" event a dragged slider sends, and sees the
            picture redrawn for the last values within 0.5 s of the last move; then Done: the last
            picture stays as an ordinary output.
  gradient  notebook 02's gradient descent: the same with the learning rate, the start and the steps.
  draw      notebook 06's canvas (plots.DrawDigit), with the lecture's trained network (full mode:
            out/lecture-model-scale1.gmlx; when it is missing, notebook 5 is run first to save it): replays
            test digit 0 (a 7, as mouse pointer events) and test digit 2 (a 1, as touch pointer events),
            each one horizontal stroke per run of ink per row of the 28x28 digit, drawn at 8 screen
            pixels per MNIST pixel away from the canvas' centre; the bars must update while drawing
            (2 or more updates before the last stroke ends) and name the digit after it. Clear between.
  curves    notebook 05 in fast mode (plots.LiveHistory): the in-place curves must show 2 or more
            different epochs during Fit; after the run the notebook is saved (a copy: every case runs
            on a copy of its notebook, deleted afterwards) and the saved Fit cell must hold the final
            picture and no in-place one.
Each case runs all cells of its notebook from the menu; the widget is the last code cell. Screenshots
of each widget go to out/screenshots/widgets_{jupyterlab|classic}_CASE*.png. Prints one line per case
and "N passed, M failed" last.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import browser_pages  # noqa: E402
from browser_drivers import Failure, wait_for  # noqa: E402
from browser_servers import browser_session  # noqa: E402
import notebooks  # noqa: E402
from widgets_pages import REPLAY, WATCH, WIDGET, strokes_of, test_digit  # noqa: E402

REPO = notebooks.REPO
SHOTS = REPO / "out" / "screenshots"
REDRAW_LIMIT = 0.5  # seconds from the last move to the new picture
CASES = {
    "neuron": ("notebooks/01_neurons.ipynb", True),
    "gradient": ("notebooks/02_gradient_descent.ipynb", True),
    "draw": ("notebooks/06_evaluating.ipynb", False),
    "curves": ("notebooks/05_training.ipynb", True),
}

# The lecture's trained network, as notebook 5 saves it (course.ModelFile() at input scale 1,
# outside fast mode); the draw case needs it.
TRAINED_MODEL = REPO / "out" / "lecture-model-scale1.gmlx"


def ensure_trained_model():
    """Runs notebook 5 at the lecture's settings when its saved network is missing, as a student
    does before notebook 6: notebook 6 would otherwise train it inside the browser session, and its
    widget then got no "ready" from the page in time (seen on a fresh clone; cause not found)."""
    if TRAINED_MODEL.exists():
        return
    cmd = [sys.executable, str(REPO / "scripts" / "notebooks.py"), "--full", "notebooks/05_training.ipynb"]
    print(f"widgets_test: {TRAINED_MODEL.relative_to(REPO)} missing: running notebook 5 (about 2 minutes)", flush=True)
    done = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=1800)
    if done.returncode != 0 or not TRAINED_MODEL.exists():
        raise Failure(f"notebook 5 did not save {TRAINED_MODEL.relative_to(REPO)} "
                      f"(exit {done.returncode}): {(done.stdout + done.stderr)[-600:]}")


def pictures(driver):
    return driver.js("window.__w.pictures")


# ---------------------------------------------------------------------------------------------
# The cases.

def move_slider(driver, name, steps):
    """Moves the slider by steps of its step (negative: to the left), one step every 30 ms, each
    with the "input" event a browser sends while a slider is dragged."""
    driver.js("""(async ([name, steps]) => {
  const i = document.querySelector(`.gomlxnet-sliders input[data-name="${name}"]`);
  for (let k = 0; k < Math.abs(steps); k++) {
    if (steps > 0) i.stepUp(); else i.stepDown();
    i.dispatchEvent(new Event("input", {bubbles: true}));
    await new Promise(ok => setTimeout(ok, 30));
  }
})""" + f"({json.dumps([name, steps])})")


def slider_case(driver, shot, moves):
    """Moves the sliders (name, key, times); the picture must show the last values within
    REDRAW_LIMIT seconds of the last move. Returns what was measured."""
    n0 = len(pictures(driver))
    for name, steps in moves:
        move_slider(driver, name, steps)
    values = driver.js("""Object.fromEntries([...document.querySelectorAll('.gomlxnet-sliders input')]
                          .map(i => [i.dataset.name, i.value]))""")
    want = " ".join(f"{k}={float(v):g}" for k, v in sorted(values.items()))
    last = wait_for(f"the picture for {want}", lambda: next(
        (p for p in pictures(driver)[n0:] if p["alt"] == want), None), 10, interval=0.05)
    lag = (last["t"] - driver.js("window.__w.lastInput")) / 1000
    redraws = len(pictures(driver)) - n0
    driver.screenshot(shot)
    if lag > REDRAW_LIMIT:
        raise Failure(f"the picture for {want} came {lag:.2f}s after the last move, want at most {REDRAW_LIMIT}s")
    return f"{redraws} redraws for {sum(abs(m[1]) for m in moves)} moves, the last values ({want}) {lag * 1000:.0f} ms after the last one"


def neuron(driver, shots):
    return slider_case(driver, shots("moved"), [("w", 8), ("b", -6)])


def gradient(driver, shots):
    return slider_case(driver, shots("moved"), [("eta", 45), ("w0", -4), ("steps", -3)])


def draw(driver, shots):
    found = []
    for index, pointer in ((0, "mouse"), (2, "touch")):
        pix, label = test_digit(index)
        strokes = strokes_of(pix)
        n0 = len(driver.js("window.__w.predictions"))
        during = driver.js(REPLAY + f"({json.dumps([strokes, pointer])})")
        want = f"prediction: {label}"

        def predicted():
            ps = driver.js("window.__w.predictions")[n0:]
            return ps and ps[-1]["text"] == want and ps[-1]

        try:
            wait_for(f"{want!r} after drawing test digit {index}", predicted, 10, interval=0.1)
        except Failure:
            driver.screenshot(shots(f"digit{label}_failed"))
            shown = driver.js("window.__w.predictions")[n0:]
            raise Failure(f"test digit {index} (a {label}) drawn with {pointer} events: the page shows "
                          f"{shown[-1]['text'] if shown else 'no prediction'!r}, want {want!r}")
        driver.screenshot(shots(f"digit{label}"))
        if during < 2:
            raise Failure(f"test digit {index}: {during} update(s) of the bars while drawing, want 2 or more")
        found.append(f"a {label} ({len(strokes)} {pointer} strokes, {during} updates while drawing)")
        if index == 0:  # the last digit stays for Done's picture
            driver.click(".gomlxnet-draw button", "Clear")
            wait_for("the cleared canvas", lambda: driver.js("window.__w.predictions")[-1]["text"] == "draw a digit", 10)
    return "predicted " + " and ".join(found)


def curves_seen(driver):
    return sorted({p["alt"] for p in pictures(driver) if p["alt"].startswith("training curves after epoch")},
                  key=lambda a: int(a.rsplit(" ", 1)[1]))


# ---------------------------------------------------------------------------------------------
# Running a case.

def fit_cell_outputs(path):
    nb = json.loads(path.read_text())
    cells = [c for c in nb["cells"] if c["cell_type"] == "code" and "NewLiveHistory" in "".join(c["source"])]
    if not cells:
        raise Failure(f"{path.name} has no cell calling plots.NewLiveHistory")
    return ["".join(v) if isinstance(v, list) else v for o in cells[0].get("outputs", [])
            for v in o.get("data", {}).values()]


def save(driver, frontend):
    if frontend == "lab":
        driver.js('jupyterapp.commands.execute("docmanager:save")')
    else:
        driver.js("(() => { Jupyter.notebook.writable = true; return Jupyter.notebook.save_notebook(); })()")


def kernel_idle_all_ran(driver, page):
    s = driver.js(page.STATE)
    errors = [f'cell {c["n"]} ("{c["line"][:40]}"): {"; ".join(c["errors"])} {c["text"][-300:]}'
              for c in s["cells"] if c["errors"] or notebooks.EXIT_STATUS_RE.search(c["text"])]
    if errors:
        raise Failure("a cell failed: " + " | ".join(errors))
    return not s["busy"] and all(c["count"] is not None and not c["running"] for c in s["cells"])


def widget_shown(driver, page):
    """The widget's state (WIDGET) once shown; fails when a cell failed or all ran without it."""
    state = driver.js(WIDGET)
    if not state and kernel_idle_all_ran(driver, page):
        raise Failure("every cell ran and no widget was shown")
    return state


def curves(driver, page, frontend, copy, shots, t0):
    """The curves case: the live training curves during Fit, and the picture the saved cell keeps."""
    wait_for("the live curves", lambda: curves_seen(driver) or kernel_idle_all_ran(driver, page), 900,
             interval=0.05)
    driver.js("document.querySelector('img.gomlxnet-picture')?.scrollIntoView()")
    driver.screenshot(shots("live"))  # while Fit runs, unless it was over first
    wait_for("all cells to run", lambda: kernel_idle_all_ran(driver, page), 900, interval=1)
    seen = curves_seen(driver)
    save(driver, frontend)
    time.sleep(3)
    outs = fit_cell_outputs(copy)
    driver.js(f"document.querySelector('{page.PICS[1:-1].split(',')[0]}')?.scrollIntoView()")
    driver.screenshot(shots("after"))
    if len(seen) < 2:
        raise Failure(f"the live curves showed {len(seen)} epoch(s) during Fit ({seen}), want 2 or more")
    if not any("<svg" in o for o in outs) or any("training curves after epoch" in o for o in outs):
        raise Failure("the saved Fit cell lacks the final picture (an SVG) or keeps an in-place one")
    return f"curves shown for {len(seen)} epochs during Fit ({seen[0]} ... {seen[-1]}); " \
           f"the saved Fit cell holds the final picture ({time.monotonic() - t0:.0f}s)"


def drive(name, frontend, page, driver, url, copy, shots):
    """Opens the notebook copy at url, runs all its cells and drives the case's widget."""
    driver.resize(1280, 1400)
    driver.open(url)
    wait_for("the notebook page and its kernel", lambda: driver.js(page.READY), 180)
    driver.js(WATCH)
    t0 = time.monotonic()
    page.run_all(driver)
    if name == "curves":
        return curves(driver, page, frontend, copy, shots, t0)
    state = wait_for("the widget", lambda: widget_shown(driver, page), 900, interval=1)
    if state == "no connection":
        raise Failure("the widget says it has no connection to the Go kernel")
    def first_picture():
        if pictures(driver) or driver.js("window.__w.predictions.length"):
            return True
        if kernel_idle_all_ran(driver, page):
            raise Failure("the cell ended with its static picture: the widget got no \"ready\" from "
                          "the browser in time (GoNB's connection to the page not opened)")
    wait_for("the widget's first picture", first_picture, 60, interval=0.2)
    driver.js('document.querySelector(".gomlxnet-widget").scrollIntoView()')
    time.sleep(0.5)
    driver.screenshot(shots("start"))
    info = {"neuron": neuron, "gradient": gradient, "draw": draw}[name](driver, shots)
    driver.click(".gomlxnet-widget button", "Done")
    wait_for("the cell to end after Done", lambda: kernel_idle_all_ran(driver, page), 60, interval=0.5)
    left = driver.js("""(() => ({widgets: document.querySelectorAll('.gomlxnet-widget').length,
                                 svgs: document.querySelectorAll('svg').length}))()""")
    if left["widgets"]:
        raise Failure("the widget's controls are still shown after Done")
    time.sleep(0.5)
    driver.screenshot(shots("done"))
    return info + f"; Done left the last picture ({time.monotonic() - t0:.0f}s)"


def run_case(name, frontend, driver_name, nb_rel, fast, chromium):
    page = browser_pages.FRONTENDS[frontend]
    src = REPO / nb_rel
    copy = src.with_name(f"widgets_test_{name}_{src.name}")
    shutil.copyfile(src, copy)
    checkpoints = src.parent / ".ipynb_checkpoints"
    had_checkpoints = checkpoints.exists()
    shots = lambda what: SHOTS / f"widgets_{page.name}_{name}_{what}.png"  # noqa: E731
    try:
        with browser_session(frontend, driver_name, chromium, "widgets-test-", fast=fast) as (driver, base, token):
            try:
                url = page.url(base, copy.relative_to(REPO).as_posix(), token)
                return drive(name, frontend, page, driver, url, copy, shots)
            except Failure:
                driver.screenshot(shots("failed"))
                raise
    finally:
        copy.unlink(missing_ok=True)
        if had_checkpoints:
            for cp in checkpoints.glob(f"{copy.stem}-checkpoint.ipynb"):
                cp.unlink()
        else:  # the server may make it: leave the folder as it was
            shutil.rmtree(checkpoints, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description="Drives the notebooks' widgets in a browser (see the top of this file).")
    ap.add_argument("cases", nargs="*", metavar="CASE", help="neuron, gradient, draw, curves (default: all)")
    ap.add_argument("--frontend", choices=sorted(browser_pages.FRONTENDS), default="lab")
    ap.add_argument("--driver", choices=["auto", "playwright", "selenium"], default="auto")
    ap.add_argument("--notebook", action="append", default=[], metavar="CASE=PATH",
                    help="run a case on another notebook (its widget the last code cell)")
    args = ap.parse_args()
    cases = dict(CASES)
    unknown = [c for c in args.cases if c not in CASES]
    if unknown:
        ap.error(f"unknown case(s) {unknown}: want {', '.join(CASES)}")
    for spec in args.notebook:
        case, _, path = spec.partition("=")
        cases[case] = (path, cases[case][1])
    chromium = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    SHOTS.mkdir(parents=True, exist_ok=True)
    passed = failed = 0
    for name in args.cases or list(CASES):
        nb_rel, fast = cases[name]
        t0 = time.monotonic()
        try:
            if not chromium:
                raise Failure("chromium is not installed (scripts/setup.sh --test)")
            if name == "draw" and not fast:
                ensure_trained_model()
            info = run_case(name, args.frontend, args.driver, nb_rel, fast, chromium)
            print(f"PASS  {args.frontend} {name} ({nb_rel})  {time.monotonic() - t0:.1f}s  {info}", flush=True)
            passed += 1
        except Failure as e:
            print(f"FAIL  {args.frontend} {name} ({nb_rel})  {time.monotonic() - t0:.1f}s  {e}", flush=True)
            failed += 1
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
