#!/usr/bin/python3
"""Builds the course handouts: one static site and printable PDFs, in handouts/.

    scripts/handouts.py [--teacher] [--out DIR] [--fast | --full | --fast-from N] [--executed DIR]
                        [--save-executed DIR] [--chapters N,M] [--no-pdf] [--timeout S] [-v]

Each chapter NN is lessons/NN_*.md and notebooks/NN_*.ipynb (either may be missing: lesson 9
has no notebook). The page DIR/NN_name.html holds the lesson, then the notebook executed through
the Go kernel (scripts/notebooks.py runs and checks it), with its pictures embedded. DIR/index.html
is the home page. A chapter with notebooks/exercises/NN_*.ipynb ends with its exercises, blank
(the student runs them); --teacher builds instead, in handouts-teacher/, the teacher's handouts:
the exercises solved and run, with the solutions' source (scripts/handouts_exercises.py). Cells tagged "remove-cell" (the set-up cell, the import of the course package) are left
out. Formulas are typeset by MathJax 2 from Debian's libjs-mathjax, copied into DIR/assets/, so
the folder works offline and from anywhere it is copied to; so is Liberation Serif, the font the
pictures' text is laid out in. DIR/pdf/ gets one PDF per chapter
and DIR/pdf/course.pdf (the home page and every chapter), printed by headless Chromium on A4
(scripts/handouts_pdf.py). --chapters builds only the chapters named (a quick look, a test).

Speed: notebooks numbered below --fast-from (default 8) run at the lecture's settings, the
others in fast mode (GOMLXNET_FAST=1: notebook 8 takes about 15 minutes in full), and their page
says so. --fast runs every notebook in fast mode (also when GOMLXNET_FAST=1 is set), --full none.
--executed DIR takes executed notebooks from DIR (scripts/notebooks.py --output-dir) instead of
running them (their mode, for the pages' notes, is what --fast, --full or --fast-from say).

Exit status: 0 when every notebook ran and every page and PDF was written, 1 otherwise.
"""

import argparse
import datetime
import html
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
import handouts_exercises as hx  # noqa: E402
from handouts_pdf import build_pdfs  # noqa: E402
from handouts_render import (markdown_html, notebook_html, rewrite_links,  # noqa: E402
                             source_html, source_page_name)
import notebooks  # noqa: E402  (the runner: execute_notebook, atomic_write)

REPO = notebooks.REPO
TEMPLATES = REPO / "scripts" / "handouts"
COURSE = "Neural networks in Go"
MATHJAX = Path("/usr/share/javascript/mathjax")
# What the pages need of MathJax 2: the TeX-to-CommonHTML combined configuration, what it loads
# on demand (extensions, font data) and the TeX web fonts (about 1.6 MB in all).
MATHJAX_PARTS = ["MathJax.js", "config/TeX-AMS_CHTML.js", "jax/input/TeX", "jax/output/CommonHTML",
                 "jax/element", "extensions", "localization/en", "fonts/HTML-CSS/TeX/woff"]
ACCURACY_RE = re.compile(r"test accuracy: 0\.\d+")
# gonum/plot's default font, which the plots package's SVG names (Liberation Serif, regular).
FONT_MODULE = "codeberg.org/go-fonts/liberation"
FONTS = [("Liberation Serif", "liberationserifregular/LiberationSerif-Regular.ttf")]


class Chapter:
    """One chapter: its number, lesson and notebook (either may be None) and what was built."""

    def __init__(self, num, slug):
        self.num, self.slug = num, slug
        self.lesson = self.notebook = None
        self.title = slug
        self.what = ""           # one line from lessons/README.md's table
        self.mode = None         # "full" or "fast" for a notebook that ran
        self.failure = None      # why the notebook did not run
        self.nb = None           # the executed notebook

    @property
    def page(self):
        return self.slug + ".html"

    @property
    def pdf(self):
        return f"pdf/{self.slug}.pdf"


def find_chapters():
    """Chapters by number, from lessons/NN_*.md and notebooks/NN_*.ipynb, in order."""
    found = {}
    for path in sorted((REPO / "lessons").glob("[0-9][0-9]_*.md")) + \
            sorted((REPO / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        num = int(path.name[:2])
        ch = found.setdefault(num, Chapter(num, path.stem))
        if path.suffix == ".md":
            ch.lesson = path
            ch.slug = path.stem  # the lesson names the page when both exist
        else:
            ch.notebook = path
    chapters = [found[n] for n in sorted(found)]
    whats = lesson_table()
    hx.attach(chapters)
    for ch in chapters:
        ch.title = chapter_title(ch)
        ch.what = whats.get(ch.num, "")
    return chapters


def chapter_title(ch):
    """"5. Training with SGD": the lesson's heading without "Lesson 5:", else the notebook's."""
    if ch.lesson:
        m = re.search(r"^#\s+(?:Lesson\s+\d+\s*[:.]\s*)?(.+)$", ch.lesson.read_text(), re.M)
        if m:
            return f"{ch.num}. {m.group(1).strip()}"
    if ch.notebook:
        nb = nbformat.read(str(ch.notebook), as_version=4)
        for c in nb.cells:
            m = re.search(r"^#\s+(.+)$", c.source, re.M) if c.cell_type == "markdown" else None
            if m:
                return m.group(1).strip()
    return ch.slug


def lesson_table():
    """The "what" column of lessons/README.md's table, by chapter number."""
    readme = REPO / "lessons" / "README.md"
    whats = {}
    if readme.exists():
        for line in readme.read_text().splitlines():
            m = re.match(r"\|\s*\[(\d+)\.[^\]]*\]\([^)]*\)\s*\|[^|]*\|\s*(.+?)\s*\|\s*$", line)
            if m:
                whats[int(m.group(1))] = m.group(2)
    return whats


# ---------------------------------------------------------------------------------------------
# Running the notebooks.

def run_notebooks(chapters, args):
    """Executes (or, with --executed, loads) each chapter's notebook; records mode and failure."""
    for ch in chapters:
        if not ch.notebook:
            continue
        fast = args.fast or (not args.full and args.fast_from and ch.num >= args.fast_from)
        if args.executed:
            load_executed(ch, args.executed, fast)
        else:
            res = notebooks.execute_notebook(ch.notebook, args.timeout, bool(fast))
            notebooks.print_result(res, args.verbose)
            if args.save_executed and res.nb is not None:
                notebooks.write_notebook(res.nb, Path(args.save_executed) / ch.notebook.name)
            ch.nb, ch.mode = res.nb, "fast" if fast else "full"
            if not res.ok:
                ch.failure = res.failure


def load_executed(ch, directory, fast):
    path = Path(directory) / ch.notebook.name
    if not path.exists():
        ch.failure = f"no executed notebook {notebooks.rel(path)}"
        return
    ch.nb = nbformat.read(str(path), as_version=4)
    ch.mode = "fast" if fast else "full"
    for c in ch.nb.cells:
        if c.cell_type == "code" and any(o.get("output_type") == "error" for o in c.get("outputs", [])):
            if "raises-exception" not in c.metadata.get("tags", []):
                ch.failure = "a cell failed: " + notebooks.error_report(c, 600)
    print(f"LOADED  {notebooks.rel(path)}  ({ch.mode} mode)", flush=True)


# ---------------------------------------------------------------------------------------------
# Pages.

def mode_note(ch):
    if ch.failure:
        return (f'<p class="note failed">The notebook did not run to the end when these handouts '
                f'were built: {html.escape(ch.failure)}</p>')
    if ch.mode == "fast":
        return ('<p class="note">This chapter\'s notebook ran in <b>fast mode</b> '
                '(<code>GOMLXNET_FAST=1</code>: a subset of the data and a few epochs) so that the '
                'handouts build in minutes; its figures are smaller than the lesson\'s. Run '
                f'<code>notebooks/{html.escape(ch.notebook.name)}</code> yourself for the full ones.</p>')
    return ""


def chapter_body(ch, chapters, sources):
    parts = [f'<p class="chapter-no">Chapter {ch.num}</p>', f"<h1>{html.escape(ch.title)}</h1>"]
    links = []
    if ch.notebook:
        links.append('<a href="#notebook">the notebook, run</a>')
    if ch.exercises:
        links.append('<a href="#exercises">the exercises</a>')
    links.append(f'<a href="{ch.pdf}">this chapter as a PDF</a>')
    parts.append(f'<p class="downloads">In this chapter: '
                 + (f'<a href="#lesson">the lesson</a>, ' if ch.lesson else "")
                 + ", ".join(links) + ".</p>")
    if ch.lesson:
        text = re.sub(r"\A\s*#\s+.*\n", "", ch.lesson.read_text(), count=1)
        lesson = rewrite_links(markdown_html(text), ch.lesson.parent, chapters, sources)
        parts.append(f'<section id="lesson">\n{lesson}\n</section>')
    if ch.notebook:
        parts.append(f'<section id="notebook">\n<h2 class="part">The notebook, run: '
                     f'<code>{html.escape(ch.notebook.name)}</code></h2>\n{mode_note(ch)}')
        if ch.nb is not None:
            parts.append(rewrite_links(notebook_html(ch.nb), ch.notebook.parent, chapters, sources))
        parts.append("</section>")
    parts.append(hx.section(ch, lambda nb, base: rewrite_links(notebook_html(nb), base, chapters, sources),
                            lambda path: sources.setdefault(source_page_name(path), path) and
                            source_page_name(path)))
    return "\n".join(parts)


def chapter_meta(ch):
    ex = (", exercises" + (" solved" if hx.teacher else "")) if ch.exercises else ""
    if not ch.notebook:
        return "lesson" + ex if ex else "lesson only"
    if ch.failure:
        return "lesson; the notebook failed when these handouts were built" + ex
    return "lesson, notebook" + (" (run in fast mode)" if ch.mode == "fast" else "") + ex


def test_accuracy(ch):
    """The last "test accuracy: 0.xxxx" a chapter's notebook printed, or None."""
    found = []
    for c in (ch.nb.cells if ch.nb is not None else []):
        if c.cell_type == "code":
            found += ACCURACY_RE.findall(notebooks.output_text(c))
    return found[-1] if found else None


def home_body(env, chapters):
    for ch in chapters:
        ch.what_html = re.sub(r"^<p>|</p>\s*$", "", markdown_html(ch.what).strip()) if ch.what else ""
        ch.meta = chapter_meta(ch)
    lecture = next((ch for ch in chapters if ch.num == 5), None)
    accuracy = test_accuracy(lecture) if lecture else None
    accuracy = accuracy.split(": ")[1] if accuracy else None
    mode = "the lecture's settings: 200 epochs" if lecture and lecture.mode == "full" else \
        "fast mode: a subset of the data and a few epochs, not the lecture's figure"
    return env.get_template("home.html.j2").render(
        course=COURSE, chapters=chapters, accuracy=accuracy, accuracy_mode=mode, teacher=hx.teacher)


def has_math(body):
    text = re.sub(r"<(pre|code)\b.*?</\1>", "", body, flags=re.S)
    return bool(re.search(r"\$[^$\s][^$]*\$|\\\(|\\\[", text))


def write_page(env, out, name, title, body, kind, nav=None):
    built = f"Built {datetime.date.today().isoformat()} by scripts/handouts.py."
    page = env.get_template("page.html.j2").render(
        course=COURSE, title=title, body=body, kind=kind, nav=nav, built=built, math=has_math(body))
    notebooks.atomic_write(out / name, page)


def copy_assets(out):
    """The style sheets and MathJax into out/assets (MathJax replaced whole, atomically enough:
    a new copy next to the old, then renamed)."""
    from pygments.formatters import HtmlFormatter

    assets = out / "assets"
    assets.mkdir(parents=True, exist_ok=True)
    for name in ("style.css", "mathjax-config.js"):
        notebooks.atomic_write(assets / name, (TEMPLATES / name).read_bytes())
    css = HtmlFormatter(style="default").get_style_defs(".highlight")
    notebooks.atomic_write(assets / "pygments.css", css)
    notebooks.atomic_write(assets / "fonts.css", copy_fonts(assets))
    if not (MATHJAX / "MathJax.js").exists():
        raise SystemExit(f"handouts: MathJax not found in {MATHJAX}: install Debian's libjs-mathjax "
                         "(scripts/setup.sh does)")
    tmp = Path(tempfile.mkdtemp(prefix=".mathjax.", dir=assets))
    for part in MATHJAX_PARTS:
        src, dst = MATHJAX / part, tmp / part
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, dst, symlinks=False)
        else:
            shutil.copy(src, dst)
    old = assets / "mathjax"
    if old.exists():
        shutil.rmtree(old)
    tmp.rename(old)


def copy_fonts(assets):
    """Copies Liberation Serif, the font gonum/plot lays the pictures' text out with, from its Go
    module into assets/fonts and returns the CSS that makes the pages' inline SVG use it. Without
    it a browser draws that text in its own serif font, wider on Linux (DejaVu), and legends and
    titles run past the picture's edge. Without Go or the module: "" and a warning."""
    try:
        moddir = subprocess.run(["go", "list", "-m", "-f", "{{.Dir}}", FONT_MODULE], cwd=REPO, text=True,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError) as e:
        print(f"handouts: warning: no {FONT_MODULE} ({e}): the pictures' text falls back to the "
              "browser's fonts", file=sys.stderr)
        return ""
    fonts = assets / "fonts"
    fonts.mkdir(exist_ok=True)
    css = []
    for family, path in FONTS:
        src = Path(moddir) / path
        notebooks.atomic_write(fonts / src.name, src.read_bytes())
        css.append(f'@font-face {{ font-family: "{family}"; font-style: normal; font-weight: normal; '
                   f'src: url("fonts/{src.name}") format("truetype"); }}')
    notebooks.atomic_write(fonts / "LICENSE-SIL", (Path(moddir) / "LICENSE-SIL").read_bytes())
    return "/* The pictures' font (SIL Open Font License: fonts/LICENSE-SIL). */\n" + "\n".join(css) + "\n"


def build_site(chapters, out):
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=False,
                             keep_trailing_newline=True)
    copy_assets(out)
    sources = {}
    for i, ch in enumerate(chapters):
        nav = {"prev": chapters[i - 1] if i > 0 else None,
               "next": chapters[i + 1] if i + 1 < len(chapters) else None}
        write_page(env, out, ch.page, ch.title, chapter_body(ch, chapters, sources), "chapter", nav)
    for name, path in sorted(sources.items()):
        write_page(env, out, name, str(path.relative_to(REPO)), source_html(path), "source")
    write_page(env, out, "index.html", "Contents", home_body(env, chapters), "home")
    wanted = {"index.html"} | {ch.page for ch in chapters} | set(sources)
    for stale in out.glob("*.html"):
        if stale.name not in wanted:
            stale.unlink()


# ---------------------------------------------------------------------------------------------

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    ap.add_argument("--teacher", action="store_true", help="the teacher's build: exercises solved, run")
    ap.add_argument("--out", type=Path, help="where to write (default handouts/, handouts-teacher/)")
    ap.add_argument("--chapters", help="only these chapters (numbers, comma-separated)")
    speed = ap.add_mutually_exclusive_group()
    speed.add_argument("--fast", action="store_true", help="every notebook in fast mode")
    speed.add_argument("--full", action="store_true", help="every notebook at full settings")
    speed.add_argument("--fast-from", type=int, default=8, metavar="N",
                       help="notebooks numbered N and up in fast mode (default 8; 0: none)")
    ap.add_argument("--executed", type=Path, help="take executed notebooks from this folder")
    ap.add_argument("--save-executed", type=Path, metavar="DIR",
                    help="also write the executed notebooks there (for --executed later)")
    ap.add_argument("--no-pdf", action="store_true", help="the site only")
    ap.add_argument("--timeout", type=int, default=0, help="per-cell timeout, seconds (0: none)")
    ap.add_argument("-v", "--verbose", action="store_true", help="print each cell's time")
    args = ap.parse_args(argv)
    if os.environ.get(notebooks.FAST_ENV) == "1" and not args.full:
        args.fast = True

    hx.teacher = args.teacher
    chapters = find_chapters()
    if args.chapters:
        chapters = [ch for ch in chapters if str(ch.num) in args.chapters.split(",")]
    if not chapters:
        print("handouts: no lessons/NN_*.md nor notebooks/NN_*.ipynb found", file=sys.stderr)
        return 1
    run_notebooks(chapters, args)
    hx.prepare(chapters, args.timeout, args.verbose)
    out = args.out or REPO / ("handouts-teacher" if args.teacher else "handouts")
    build_site(chapters, out)
    print(f"handouts: {notebooks.rel(out / 'index.html')} ({len(chapters)} chapters)", flush=True)
    for ch in chapters:
        ch.failure = ch.failure or ch.ex_failure
    failed = [ch for ch in chapters if ch.failure]
    if not args.no_pdf:
        try:
            build_pdfs(chapters, out)
        except (RuntimeError, subprocess.SubprocessError, OSError) as e:
            print(f"handouts: PDFs: {e}", file=sys.stderr)
            return 1
    for ch in failed:
        print(f"handouts: chapter {ch.num}: {ch.failure}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
