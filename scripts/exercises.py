#!/usr/bin/python3
"""Runs every exercise check through the Go kernel twice: against the solutions, then against the
blank answers the exercise notebooks ship with (notebooks/exercises/*.ipynb).

  scripts/exercises.py [--full] [-v] [NOTEBOOK ...]   both runs; the last two lines are
        solutions: N passed, 0 failed
        blanks: N failed as expected, 0 passed
      and the exit status is 0 only when every check printed its verdict and the verdicts were these.
      --pass solutions or --pass blanks runs only one of the two (and prints only its line);
      --jobs 2 runs the two side by side, each in its own kernel.
  scripts/exercises.py --write-solved DIR [NOTEBOOK ...]
      writes the solved notebooks (answers filled in, not executed) to DIR and exits. To execute
      them, DIR must lie two folders below the repository root, as notebooks/exercises does (e.g.
      notebooks/.solved), since their set-up cell finds the repository at "$GONB_DIR/../..".

An exercise notebook has, for each exercise ID, an answer cell (metadata "exercise": ID) whose
blank body compiles, and a check cell (metadata "exercise_check": ID) that calls
exercises.Verdict(ID, ...), which prints "PASS  exercise ID" or "FAIL  exercise ID: ...". The
solved notebook replaces each answer cell with the code between the lines "// begin exercise ID"
and "// end exercise ID" of solutions/*.go, preceded by that file's imports.

Fast mode (GOMLXNET_FAST=1, the default here) makes exercise 8.2 train on a tenth of MNIST;
--full checks it at the full budget. Uses scripts/notebooks.py to run the notebooks.
"""

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
import notebooks as nbrun  # noqa: E402

REPO = nbrun.REPO
EXERCISES_DIR = REPO / "notebooks" / "exercises"
SOLUTIONS_DIR = REPO / "solutions"
VERDICT_RE = re.compile(r"^(PASS|FAIL)  exercise (\S+?):?(?:\s|$)", re.MULTILINE)
BEGIN_RE = re.compile(r"^// begin exercise (\S+)\n(.*?)^// end exercise \1$", re.MULTILINE | re.DOTALL)
IMPORT_RE = re.compile(r"^import (?:\([^)]*\)|\"[^\"]*\")", re.MULTILINE)


def solutions():
    """{exercise ID: cell source} from solutions/*.go: the file's imports, then the snippet."""
    found = {}
    for path in sorted(SOLUTIONS_DIR.glob("*.go")):
        if path.name.endswith("_test.go"):
            continue
        text = path.read_text()
        paths = [p for block in IMPORT_RE.findall(text) for p in re.findall(r'"([^"]+)"', block)]
        for m in BEGIN_RE.finditer(text):
            if m.group(1) in found:
                raise SystemExit(f"exercises: exercise {m.group(1)} solved twice (second in {nbrun.rel(path)})")
            code = m.group(2).strip()
            used = [p for p in paths if re.search(r"\b" + re.escape(p.rsplit("/", 1)[-1]) + r"\.", code)]
            imports = "".join(f'import "{p}"\n' for p in used)
            head = f"// Exercise {m.group(1)}: a solution ({nbrun.rel(path)}).\n"
            found[m.group(1)] = head + (imports + "\n" if imports else "") + code + "\n"
    return found


def solve(nb, sols, name):
    """The notebook with every answer cell replaced by its solution; fails on a missing one."""
    nb = nbformat.from_dict(nb)
    for cell in nb.cells:
        eid = cell.get("metadata", {}).get("exercise")
        if eid is None:
            continue
        if eid not in sols:
            raise SystemExit(f"exercises: {name}: exercise {eid} has no solution in solutions/*.go")
        cell.source = sols[eid]
    return nb


def check_ids(nb, name):
    """The exercise IDs of the notebook's check cells, in order; each needs an answer cell."""
    answers = {c.metadata.get("exercise") for c in nb.cells if c.cell_type == "code"}
    ids = [c.metadata["exercise_check"] for c in nb.cells
           if c.cell_type == "code" and "exercise_check" in c.get("metadata", {})]
    for eid in ids:
        if eid not in answers:
            raise SystemExit(f"exercises: {name}: check of exercise {eid} has no answer cell")
    return ids


def verdicts(res):
    """{exercise ID: (PASS or FAIL, the verdict's text)} from the executed check cells."""
    found = {}
    if res.nb is None:
        return found
    for cell in res.nb.cells:
        eid = cell.get("metadata", {}).get("exercise_check")
        if eid is None:
            continue
        text = nbrun.output_text(cell)
        for m in VERDICT_RE.finditer(text):
            if m.group(2) == eid:
                line = text[m.start():].strip()
                found[eid] = (m.group(1), line)
    return found


def run_pass(label, paths, want, fast, timeout, verbose):
    """Runs the notebooks; returns (as expected, not as expected, without a verdict)."""
    good = bad = missing = 0
    for path in paths:
        nb = nbformat.read(str(path), as_version=4)
        ids = check_ids(nb, nbrun.rel(path))
        res = nbrun.execute_notebook(path, timeout, fast)
        got = verdicts(res)
        for eid in ids:
            if eid not in got:
                missing += 1
                print(f"  {label}: exercise {eid}: NO VERDICT ({res.failure or 'the check printed none'})")
                continue
            verdict, text = got[eid]
            if verdict == want:
                good += 1
                if verbose:
                    print(f"  {label}: {text.splitlines()[0]}")
            else:
                bad += 1
                print(f"  {label}: exercise {eid}: {verdict}, want {want}:\n      "
                      + "\n      ".join(text.splitlines()))
        if res.failure:
            print(f"  {label}: {nbrun.rel(path)}: {res.failure}\n      | "
                  + "\n      | ".join(res.details.splitlines()[-20:]))
        print(f"  {label}: {nbrun.rel(path)}: {len(ids)} checks, {res.seconds:.1f}s", flush=True)
    return good, bad, missing


def main(argv=None):
    ap = argparse.ArgumentParser(description="Check the exercises against their solutions and blanks.",
                                 formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    ap.add_argument("notebooks", nargs="*", help="exercise notebooks (default: notebooks/exercises/)")
    ap.add_argument("--full", action="store_true", help="exercise 8.2 at the full budget (minutes)")
    ap.add_argument("--timeout", type=int, default=600, help="per-cell timeout, seconds")
    ap.add_argument("--write-solved", type=Path, metavar="DIR", help="write solved notebooks to DIR and exit")
    ap.add_argument("--pass", dest="which", choices=("both", "solutions", "blanks"), default="both",
                    help="run only the checks against the solutions or only those against the blanks")
    ap.add_argument("-j", "--jobs", type=int, default=1, choices=(1, 2),
                    help="2: run the two passes side by side, in two kernels (default 1)")
    ap.add_argument("-v", "--verbose", action="store_true", help="print every verdict")
    args = ap.parse_args(argv)

    paths = nbrun.find_notebooks(args.notebooks or [EXERCISES_DIR])
    sols = solutions()
    solved = {p: solve(nbformat.read(str(p), as_version=4), sols, nbrun.rel(p)) for p in paths}
    if args.write_solved:
        for p, nb in solved.items():
            nbrun.write_notebook(nb, args.write_solved / p.name)
        print(f"exercises: {len(solved)} solved notebooks written to {args.write_solved}")
        return 0

    fast = not args.full
    total = sum(len(check_ids(nbformat.read(str(p), as_version=4), p.name)) for p in paths)
    ok = total > 0
    child = None
    if args.jobs == 2 and args.which == "both":
        # The blanks in a second process (its own kernel), its output shown after ours.
        argv = [sys.executable, __file__, "--pass", "blanks", "--timeout", str(args.timeout)]
        argv += (["--full"] if args.full else []) + (["-v"] if args.verbose else []) + [str(p) for p in paths]
        child = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        args.which = "solutions"
    if args.which in ("both", "solutions"):
        # The solved notebooks run from a temporary folder beside notebooks/exercises, so that
        # their set-up cell ("$GONB_DIR/../..") finds the repository the same way.
        tmp = Path(tempfile.mkdtemp(prefix=".solved-", dir=EXERCISES_DIR.parent))
        try:
            solved_paths = []
            for p, nb in solved.items():
                nbrun.write_notebook(nb, tmp / p.name)
                solved_paths.append(tmp / p.name)
            print("== exercises: checks against the solutions", flush=True)
            good, bad, missing = run_pass("solutions", solved_paths, "PASS", fast, args.timeout, args.verbose)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        s_line = f"solutions: {good} passed, {bad} failed" + (f", {missing} without a verdict" if missing else "")
        ok = ok and good == total and not (bad or missing)
    if args.which in ("both", "blanks"):
        print("== exercises: checks against the blank answers", flush=True)
        good, bad, missing = run_pass("blanks", paths, "FAIL", fast, args.timeout, args.verbose)
        b_line = f"blanks: {good} failed as expected, {bad} passed" + (
            f", {missing} without a verdict" if missing else "")
        ok = ok and good == total and not (bad or missing)
    if child is not None:
        out, _ = child.communicate()
        lines = out.rstrip("\n").splitlines()
        print("\n".join(lines[:-1]), flush=True)
        b_line = lines[-1] if lines else "blanks: no result"
        ok = ok and child.returncode == 0
        args.which = "both"
    if args.which in ("both", "solutions"):
        print(s_line)
    if args.which in ("both", "blanks"):
        print(b_line)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
