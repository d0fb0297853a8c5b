#!/usr/bin/env python3
"""Tests the handouts as a student gets them: every page in headless Chromium, offline, and the PDFs.

    handouts_test.py                      build the handouts in fast mode in a temporary folder
                                          (notebooks run through the Go kernel), then check them
    handouts_test.py --executed DIR       build from executed notebooks (scripts/notebooks.py
                                          --output-dir DIR) instead of running them
    handouts_test.py --site DIR           check a site already built (e.g. handouts/)
        --teacher-chapters N,M            also build the teacher's handouts of these chapters (default
                                          1; "" for none) and check them
        --screenshots DIR                 also save the home page, a chapter and a PDF page as PNG

Needs playwright for Python (the project's virtual environment has it), Debian's chromium (used
through playwright, with no download) and poppler-utils (pdfinfo, pdftotext, pdftoppm).

Each page is opened from its file with every request that is not file:// or data: recorded and
refused, and the test fails on any of them. On every page: no raw TeX left outside code ($...$,
$$...$$, \\(...\\), \\[...\\]), math rendered wherever MathJax is loaded and no MathJax error; no
code highlighted as Python, and every "//" in Go code inside a comment (or a string); every <img>
loaded (natural width > 0) and every inline <svg> drawn; no standard error output in a cell that did
not fail; no failed request, no script error; every local link resolves (file and #anchor),
previous/next links lead both ways; and with the print style on an A4 page, no code block, table
or picture wider than the text. The PDFs: one per chapter and pdf/course.pdf, page counts within
[1, 40] per chapter and the course's equal to the chapters' sum plus the home page's (1 to 3);
pdftotext finds each chapter's title in its PDF and in the course's, and every "test accuracy:"
line the chapter's page shows.

The exercises: no solution (the code between "// begin exercise ID" and "// end exercise ID" in
solutions/*.go, whitespace aside) in any page or PDF of the students' handouts, and each chapter
with an exercise notebook shows it with its blanks ("// TODO"); the teacher's build shows every
solution of its chapters and a PASS verdict for every check of their exercise notebooks, no FAIL.
"""

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import unquote, urlparse

import nbformat

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))
import exercises  # noqa: E402  (BEGIN_RE, EXERCISES_DIR, check_ids)
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
PAGE_RANGE = (1, 40)
HOME_RANGE = (1, 3)
A4_TEXT_PX = round((210 - 2 * 14) / 25.4 * 96)  # the print style's text width, CSS px

# Runs in each page: the problems found, as strings.
PAGE_CHECKS_JS = r"""
() => {
  const problems = [];
  const skip = el => el.closest('pre, code, script, style, textarea, .MathJax_CHTML, ' +
                                '.MathJax_Preview, .MJX_Assistive_MathML, .mjx-chtml');
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const raw = /\$\$[\s\S]+?\$\$|\$[^$\s][^$]*?\$|\\\([\s\S]+?\\\)|\\\[[\s\S]+?\\\]/;
  let text = '';
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (!skip(n.parentElement)) text += n.data; else text += ' ';
  }
  const m = text.match(raw);
  if (m) problems.push('raw TeX left: ' + JSON.stringify(m[0].slice(0, 80)));
  const loadsMath = !!document.querySelector('script[src*="MathJax.js"]');
  const rendered = document.querySelectorAll('.MathJax_CHTML').length;
  if (loadsMath && rendered === 0) problems.push('MathJax loaded but no formula rendered');
  if (document.querySelector('.mjx-merror, .MathJax_Error'))
    problems.push('MathJax error: ' +
                  document.querySelector('.mjx-merror, .MathJax_Error').textContent.slice(0, 80));
  if (document.querySelector('.hl-ipython3, .hl-python, .hl-ipython'))
    problems.push('code highlighted as Python');
  const comment = /^(c|c1|cm|cs|ch|cpf)$/;
  const string = /^(s|s1|s2|sa|sb|sc|sd|se|sh|si|sx|sr|ss|dl)$/;
  let goComments = 0;
  for (const pre of document.querySelectorAll('.hl-go pre')) {
    const w = document.createTreeWalker(pre, NodeFilter.SHOW_TEXT);
    for (let n = w.nextNode(); n; n = w.nextNode()) {
      if (!n.data.includes('//')) continue;
      const cls = n.parentElement === pre ? '' : n.parentElement.className;
      if (comment.test(cls)) { goComments++; continue; }
      if (string.test(cls)) continue;
      problems.push('"//" in Go code outside a comment (class "' + cls + '"): ' +
                    JSON.stringify(n.data.slice(0, 60)));
    }
  }
  for (const img of document.images)
    if (!img.complete || img.naturalWidth === 0) problems.push('picture not loaded: ' + img.src.slice(0, 80));
  for (const svg of document.querySelectorAll('.output_area svg, main > svg'))
    if (svg.getBoundingClientRect().width === 0) problems.push('inline SVG not drawn');
  for (const cell of document.querySelectorAll('.cell'))
    if (cell.querySelector('.output_stderr') && !cell.querySelector('.output_error'))
      problems.push('standard error in a cell that did not fail: ' +
                    JSON.stringify(cell.querySelector('.output_stderr').textContent.trim().slice(0, 120)));
  return {problems, goComments, text: document.body.textContent, rendered, images: document.images.length,
          svgs: document.querySelectorAll('.output_area svg').length,
          ids: Array.from(document.querySelectorAll('[id]'), e => e.id),
          links: Array.from(document.querySelectorAll('a[href]'), a => [a.getAttribute('href'), a.rel || ''])};
}
"""

# Runs with the print style on an A4-wide page: what sticks out of the text column.
PRINT_CHECKS_JS = r"""
(width) => {
  const problems = [];
  for (const el of document.querySelectorAll('pre, table, img, svg, .MathJax_CHTML')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || el.closest('.MJX_Assistive_MathML')) continue;
    const over = Math.max(r.right - width, el.scrollWidth - el.clientWidth);
    if (over > 2 && el.tagName !== 'svg' || r.right > width + 2)
      problems.push(el.tagName.toLowerCase() + ' sticks out of the A4 text by ' +
                    Math.round(Math.max(over, r.right - width)) + ' px: ' +
                    JSON.stringify(el.textContent.trim().slice(0, 50)));
  }
  return problems;
}
"""


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, stdout=subprocess.PIPE, text=True, **kw).stdout


def build(args, out, extra=()):
    cmd = [sys.executable, str(REPO / "scripts" / "handouts.py"), "--out", str(out), "--fast", *extra]
    if args.executed:
        cmd += ["--executed", str(args.executed)]
    print("==", " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True)


def open_browser(p):
    launch = ["--disable-background-networking", "--disable-component-update", "--no-first-run",
              "--disable-sync", "--disable-quic", "--disable-gpu",
              # The site's own pages, offline: see handouts_pdf.py on the sandbox.
              "--no-sandbox"]
    return p.chromium.launch(executable_path=CHROMIUM, args=launch)


def check_page(context, page_file, site):
    """Opens page_file, returns (problems, facts) for it."""
    page = context.new_page()
    requests, problems = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url[:100]} ({r.failure})"))
    page.on("pageerror", lambda e: problems.append(f"script error: {e}"))
    page.goto(page_file.as_uri(), wait_until="load")
    if page.query_selector('script[src*="MathJax.js"]'):
        page.wait_for_function("document.documentElement.dataset.math === 'done'", timeout=120_000)
    page.evaluate("document.fonts.ready.then(() => true)")
    facts = page.evaluate(PAGE_CHECKS_JS)
    problems += facts["problems"]
    for url in requests:
        if not url.startswith(("file://", "data:", "about:")):
            problems.append(f"request to a non-local address: {url[:100]}")
    problems += sorted(set(check_links(page_file, site, facts)))  # header and footer share links
    page.emulate_media(media="print")
    page.set_viewport_size({"width": A4_TEXT_PX, "height": 1000})
    problems += page.evaluate(PRINT_CHECKS_JS, A4_TEXT_PX)
    page.close()
    return problems, facts


def check_links(page_file, site, facts):
    problems = []
    for href, rel in facts["links"]:
        if re.match(r"^[a-z][a-z0-9+.-]*:", href, re.I):
            continue  # links out are fine: a link is not a request
        path, _, frag = href.partition("#")
        path = unquote(path)
        target = (page_file.parent / path).resolve() if path else page_file
        frags = {frag, unquote(frag)}  # a browser tries the fragment as it is, then decoded
        if not target.is_file():
            problems.append(f"link {href!r} leads to no file")
        elif site not in target.parents:
            problems.append(f"link {href!r} leaves the site's folder")
        elif frag and target == page_file and not frags & set(facts["ids"]):
            problems.append(f"link {href!r}: no element with that id")
        elif frag and target.suffix == ".html" and \
                not any(f'id="{f}"' in target.read_text() for f in frags):
            problems.append(f"link {href!r}: no element with that id in {target.name}")
        if rel in ("prev", "next"):
            back = "next" if rel == "prev" else "prev"
            if f'rel="{back}" href="{page_file.name}"' not in target.read_text():
                problems.append(f"{rel} link {href!r} does not lead back here")
    return problems


def pdf_pages(pdf):
    m = re.search(r"^Pages:\s+(\d+)", run(["pdfinfo", str(pdf)]), re.M)
    return int(m.group(1))


def pdf_text(pdf):
    return " ".join(run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"]).split())


def chapter_pages(site):
    return sorted(p for p in site.glob("[0-9][0-9]_*.html"))


def check_pdfs(site):
    problems, total = [], 0
    course = site / "pdf" / "course.pdf"
    if not course.exists():
        return ["pdf/course.pdf missing"]
    course_text = pdf_text(course)
    for page in chapter_pages(site):
        pdf = site / "pdf" / (page.stem + ".pdf")
        if not pdf.exists():
            problems.append(f"{pdf.name} missing")
            continue
        n = pdf_pages(pdf)
        total += n
        if not PAGE_RANGE[0] <= n <= PAGE_RANGE[1]:
            problems.append(f"{pdf.name}: {n} pages, want {PAGE_RANGE[0]} to {PAGE_RANGE[1]}")
        html_text = page.read_text()
        title = re.search(r"<h1>(.*?)</h1>", html_text).group(1)
        title = " ".join(re.sub(r"<[^>]+>", "", title).replace("&#x27;", "'").replace("&amp;", "&").split())
        text = pdf_text(pdf)
        for where, t in ((pdf.name, text), ("course.pdf", course_text)):
            if title not in t:
                problems.append(f"{where}: chapter title {title!r} not found by pdftotext")
        for acc in sorted(set(re.findall(r"test accuracy: 0\.\d+", html_text))):
            if acc not in text:
                problems.append(f"{pdf.name}: {acc!r} shown on the page but not in the PDF")
        print(f"PDF   {pdf.name}: {n} pages, title found, "
              f"{len(set(re.findall(r'test accuracy: 0[.][0-9]+', html_text)))} accuracy line(s)", flush=True)
    n = pdf_pages(course)
    if not total + HOME_RANGE[0] <= n <= total + HOME_RANGE[1]:
        problems.append(f"course.pdf: {n} pages, want the chapters' {total} "
                        f"plus {HOME_RANGE[0]} to {HOME_RANGE[1]}")
    print(f"PDF   course.pdf: {n} pages (chapters: {total})", flush=True)
    return problems


def screenshots(context, site, out):
    out.mkdir(parents=True, exist_ok=True)
    page = context.new_page()
    page.set_viewport_size({"width": 1100, "height": 1400})
    chapter = next((p for p in chapter_pages(site) if p.name.startswith("06_")), chapter_pages(site)[0])
    for name, f, anchor in (("home", site / "index.html", ""), ("chapter", chapter, "#notebook")):
        page.goto(f.as_uri() + anchor)
        if page.query_selector('script[src*="MathJax.js"]'):
            page.wait_for_function("document.documentElement.dataset.math === 'done'", timeout=120_000)
        page.screenshot(path=str(out / f"handouts_{name}.png"))
    page.close()
    pdf = site / "pdf" / (chapter.stem + ".pdf")
    run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "3", str(pdf), str(out / "handouts_pdf")])
    print(f"screenshots in {out}", flush=True)


def squash(text):
    return re.sub(r"\s+", "", text)


def solution_bodies(files=None):
    """{exercise ID: its solution's code, whitespace removed} from solutions/*.go (or files)."""
    bodies = {}
    for path in files or sorted((REPO / "solutions").glob("[0-9][0-9]_*.go")):
        for m in exercises.BEGIN_RE.finditer(path.read_text()):
            bodies[m.group(1)] = squash(m.group(2))
    return bodies


def check_no_solutions(texts, bodies):
    """Problems: a solution found in one of texts ({where: text, whitespace removed})."""
    return [f"{where}: shows the solution of exercise {eid}"
            for where, text in texts.items() for eid, body in bodies.items() if body in text]


def check_student_exercises(site):
    """Problems: a chapter with an exercise notebook whose page does not show it, blanks and all."""
    problems = []
    for nb in sorted(exercises.EXERCISES_DIR.glob("[0-9][0-9]_*.ipynb")):
        for page in site.glob(nb.name[:3] + "*.html"):
            text = page.read_text()
            if 'id="exercises"' not in text or "TODO" not in text:
                problems.append(f"{page.name}: no exercises section with its blanks ({nb.name})")
    return problems


def check_teacher(context, args, tmp):
    """Builds the teacher's handouts of --teacher-chapters and checks them; returns the failures."""
    site = Path(tmp) / "handouts-teacher"
    build(args, site, ["--teacher", "--chapters", args.teacher_chapters])
    failures, texts = check_pages(context, site)
    nums = [int(n) for n in args.teacher_chapters.split(",")]
    problems = []
    files = [p for n in nums for p in (REPO / "solutions").glob(f"{n:02d}_*.go")]
    everything = "".join(texts.values())
    problems += [f"teacher's build: no solution of exercise {eid}"
                 for eid, body in solution_bodies(files).items() if body not in everything]
    for n in nums:
        ids = []
        for nb in exercises.EXERCISES_DIR.glob(f"{n:02d}_*.ipynb"):
            ids = exercises.check_ids(nbformat.read(str(nb), as_version=4), nb.name)
            text = next((t for name, t in texts.items() if name.startswith(nb.name[:3])), "")
            problems += [f"teacher's build: no PASS verdict of exercise {eid}" for eid in ids
                         if squash(f"PASS  exercise {eid}") not in text]
            if re.search(r"FAILexercise\d", text):
                problems.append(f"teacher's build: a FAIL verdict in chapter {n}")
        if not files or not ids:
            problems.append(f"teacher's build: chapter {n} has no exercises to check")
    for pr in problems:
        print(f"FAIL  {pr}", flush=True)
    print(f"teacher's build (chapters {args.teacher_chapters}): {len(files)} solution file(s) checked", flush=True)
    return failures + len(problems)


def check_pages(context, site):
    """Checks every page of site; returns (pages failed, {page name: its text, whitespace removed})."""
    failures, texts = 0, {}
    pages = [site / "index.html"] + chapter_pages(site) + sorted(site.glob("src-*.html"))
    for f in pages:
        problems, facts = check_page(context, f, site)
        texts[f.name] = squash(facts["text"])
        failures += bool(problems)
        status = "FAIL" if problems else "PASS"
        print(f"{status}  {f.name}: {facts['rendered']} formulas, "
              f"{facts['goComments']} Go comments, "
              f"{facts['images']} pictures + {facts['svgs']} SVG, {len(facts['links'])} links", flush=True)
        for pr in problems:
            print(f"      - {pr}", flush=True)
    return failures, texts


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--site", type=Path, help="check this built site instead of building one")
    ap.add_argument("--executed", type=Path, help="build from these executed notebooks")
    ap.add_argument("--screenshots", type=Path, help="save PNGs of the home page, a chapter, a PDF page")
    ap.add_argument("--teacher-chapters", default="1", metavar="N,M",
                    help='the teacher\'s build\'s chapters to build and check (default 1; "": none)')
    args = ap.parse_args(argv)
    from playwright.sync_api import sync_playwright

    tmp = tempfile.mkdtemp(prefix="handouts-test-")
    if args.site:
        site = args.site.resolve()
    else:
        site = Path(tmp) / "handouts"
        build(args, site)
    failures = 0
    try:
        with sync_playwright() as p:
            browser = open_browser(p)
            context = browser.new_context(offline=True)
            context.route(re.compile(r"^(https?|wss?|ftp)://"), lambda route: route.abort())
            failures, texts = check_pages(context, site)
            if args.screenshots:
                screenshots(context, site, args.screenshots)
            if args.teacher_chapters:
                failures += check_teacher(context, args, tmp)
            browser.close()
        bodies = solution_bodies()
        texts.update({p.name: squash(pdf_text(p)) for p in sorted(site.glob("pdf/*.pdf"))})
        problems = check_no_solutions(texts, bodies) + check_student_exercises(site)
        print(f"exercises: {len(bodies)} solutions looked for in {len(texts)} pages and PDFs", flush=True)
        problems += check_pdfs(site)
        for pr in problems:
            print(f"FAIL  {pr}", flush=True)
        failures += len(problems)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("handouts test: " + ("passed" if failures == 0 else f"{failures} problem(s)"), flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
