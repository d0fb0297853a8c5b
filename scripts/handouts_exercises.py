"""The exercises in the handouts (used by scripts/handouts.py).

Each chapter NN whose notebooks/exercises/NN_*.ipynb exists gets a section "Exercises" after its
notebook. The student build (the default) shows that notebook as committed: not executed (the
student runs it), answers blank ("// TODO"), and no solution anywhere: links into solutions/ are
not followed. The teacher's build (scripts/handouts.py --teacher) shows instead the solved
notebook (scripts/exercises.py's solve: each answer cell replaced by its solution from
solutions/NN_*.go) executed in fast mode, every check's PASS verdict under it, and links to the
solutions' Go source. Either way the notebook's set-up cell (the one that runs "go work init") is
left out, as the set-up cells of the chapters' notebooks are.
"""

import html
import re
import shutil
import tempfile
from pathlib import Path

import nbformat

import exercises
import notebooks

REPO = notebooks.REPO
EXERCISES_DIR = exercises.EXERCISES_DIR
SOLUTIONS_DIR = exercises.SOLUTIONS_DIR
SETUP_RE = re.compile(r"go work init")
HIDE_TAG = "remove-cell"

teacher = False  # set by handouts.py from --teacher


def attach(chapters):
    """Sets ch.exercises (the exercise notebook's path, or None), ch.ex_nb, ch.ex_failure."""
    for ch in chapters:
        found = sorted(EXERCISES_DIR.glob(f"{ch.num:02d}_*.ipynb"))
        ch.exercises = found[0] if found else None
        ch.ex_nb = ch.ex_failure = None


def solution_file(ch):
    """solutions/NN_*.go for the chapter, or None."""
    found = sorted(SOLUTIONS_DIR.glob(f"{ch.num:02d}_*.go"))
    found = [p for p in found if not p.name.endswith("_test.go")]
    return found[0] if found else None


def hidden(path):
    """Whether a repository file must not be shown: the solutions, in the student build."""
    p, solutions = Path(path).resolve(), SOLUTIONS_DIR.resolve()
    return not teacher and (p == solutions or solutions in p.parents)


def prepare(chapters, timeout, verbose):
    """Loads each exercise notebook; in the teacher's build, solves and executes it (fast mode)
    in a folder beside notebooks/exercises (its set-up cell finds the repository at
    "$GONB_DIR/../.."), and records a failure when a cell fails or a check does not PASS."""
    todo = [ch for ch in chapters if ch.exercises]
    for ch in todo:
        ch.ex_nb = nbformat.read(str(ch.exercises), as_version=4)
    if not teacher or not todo:
        return
    sols = exercises.solutions()
    tmp = Path(tempfile.mkdtemp(prefix=".solved-handouts-", dir=EXERCISES_DIR.parent))
    try:
        for ch in todo:
            path = tmp / ch.exercises.name
            notebooks.write_notebook(exercises.solve(ch.ex_nb, sols, notebooks.rel(ch.exercises)), path)
            res = notebooks.execute_notebook(path, timeout, True)
            notebooks.print_result(res, verbose)
            ch.ex_nb = res.nb
            got = exercises.verdicts(res)
            ids = exercises.check_ids(ch.ex_nb, ch.exercises.name)
            bad = [f"{eid}: {got[eid][1] if eid in got else 'no verdict'}" for eid in ids
                   if got.get(eid, ("",))[0] != "PASS"]
            print(f"SOLVED  {notebooks.rel(ch.exercises)}: {len(ids) - len(bad)} of {len(ids)} "
                  "checks PASS", flush=True)
            if res.failure or bad:
                ch.ex_failure = res.failure or "solved exercise not passing: " + "; ".join(bad)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def hide_setup(nb):
    """A copy of the notebook with its set-up cell tagged remove-cell."""
    nb = nbformat.from_dict(nb)
    for c in nb.cells:
        if c.cell_type == "code" and SETUP_RE.search(c.source):
            tags = c.metadata.setdefault("tags", [])
            if HIDE_TAG not in tags:
                tags.append(HIDE_TAG)
    return nb


def note(ch, add_source):
    name = html.escape(ch.exercises.name)
    if ch.ex_failure:
        return (f'<p class="note failed">The solved exercises did not all pass when this teacher\'s '
                f'build was made: {html.escape(ch.ex_failure)}</p>')
    if teacher:
        sol = solution_file(ch)
        src = (f' (from <a href="{add_source(sol)}"><code>{html.escape(notebooks.rel(sol))}</code></a>)'
               if sol else "")
        return (f'<p class="note teacher">Teacher\'s build: the exercise notebook with every answer '
                f'replaced by its solution{src}, run in fast mode; each check printed its verdict. '
                f'The students\' handouts show the blank notebook.</p>')
    return (f'<p class="note">Open <code>notebooks/exercises/{name}</code> in Jupyter and run it: '
            'replace each <code>// TODO</code> with your answer, run its cell, then the check cell '
            'under it, which says PASS or what is wrong, with a hint.</p>')


def section(ch, render, add_source):
    """The chapter's exercises section, or "" without an exercise notebook. render(nb, base) is
    the notebook as HTML; add_source(path) the page name of a repository file's listing."""
    if not ch.exercises:
        return ""
    what = "solved and run" if teacher else "to do"
    parts = [f'<section id="exercises">\n<h2 class="part">The exercises, {what}: '
             f'<code>{html.escape(ch.exercises.name)}</code></h2>', note(ch, add_source)]
    if ch.ex_nb is not None:
        parts.append(render(hide_setup(ch.ex_nb), ch.exercises.parent))
    parts.append("</section>")
    return "\n".join(parts)
