"""The handouts' HTML (used by scripts/handouts.py): lessons' Markdown and executed notebooks as
HTML fragments, with the repository's links pointed at the site's pages and pictures embedded,
and a repository file as a highlighted listing."""
import base64
import html
import re
import sys

import nbformat

import handouts_exercises as hx
import notebooks  # the runner: source_of, rel

REPO = notebooks.REPO
# Cells with one of these tags are left out of the handouts (the set-up cell, plumbing).
HIDE_TAGS = {"remove-cell"}


def markdown_html(source):
    """Markdown to HTML with nbconvert's renderer, which leaves $...$ math for MathJax."""
    from nbconvert.filters.markdown import markdown2html
    return markdown2html(source)


def notebook_html(nb):
    """The notebook's cells as HTML (nbconvert's "basic" template, prompts left out), without
    cells tagged remove-cell, Go highlighted as Go."""
    from nbconvert import HTMLExporter

    nb = nbformat.from_dict(nb)
    nb.cells = [c for c in nb.cells if not HIDE_TAGS & set(c.get("metadata", {}).get("tags", []))]
    for c in nb.cells:
        if c.cell_type == "code":
            c.outputs = tidy_outputs(c.outputs)
    info = nb.metadata.setdefault("language_info", {})
    if not info.get("pygments_lexer"):  # GoNB's kernel_info leaves it empty: "ipython3" then
        info["pygments_lexer"] = info.get("name") or "go"
    exporter = HTMLExporter(template_name="basic", exclude_input_prompt=True,
                            exclude_output_prompt=True)
    body, _ = exporter.from_notebook_node(nb)
    return body


def tidy_outputs(outputs):
    """Outputs as a reader should see them: the lines a program printed one by one in one box
    (consecutive stream outputs of the same stream joined, as Jupyter shows them), and without
    the empty HTML that an in-place progress line or widget leaves when it is cleared, nor the
    script GoNB sends to open its connection to the browser for a widget (a transient output that
    GoNB clears in a browser but nbclient keeps; in a page it would try to reach a kernel)."""
    tidy = []
    for o in outputs:
        data = o.get("data", {})
        html = notebooks.source_of(data.get("text/html", "")).strip()
        if o.get("output_type") == "display_data" and set(data) == {"text/html"} and \
                (not html or html.startswith("<script>") and "gonb_comm" in html):
            continue
        prev = tidy[-1] if tidy else None
        if o.get("output_type") == "stream" and prev is not None and \
                prev.get("output_type") == "stream" and prev.get("name") == o.get("name"):
            prev["text"] = notebooks.source_of(prev["text"]) + notebooks.source_of(o.get("text"))
            continue
        tidy.append(nbformat.from_dict(dict(o)))
    return tidy


def rewrite_links(fragment, base, chapters, sources):
    """Points the fragment's relative links (relative to the repository folder base) at the
    site's pages: a lesson or notebook at its chapter, lessons/README.md at the home page, any
    other file of the repository at a page showing it (collected in sources)."""
    by_file = {}
    for ch in chapters:
        for p, anchor in ((ch.lesson, "#lesson"), (ch.notebook, "#notebook"), (ch.exercises, "#exercises")):
            if p:
                by_file[p.resolve()] = ch.page + anchor
    by_file[(REPO / "lessons" / "README.md").resolve()] = "index.html"

    def fix(m):
        attr, url = m.group(1), html.unescape(m.group(2))
        if re.match(r"^([a-z][a-z0-9+.-]*:|#|//)", url, re.I):
            return m.group(0)
        path, _, frag = url.partition("#")
        target = (base / path).resolve()
        if target in by_file:
            new = by_file[target]
        elif target.is_file() and REPO in target.parents and not hx.hidden(target):
            name = source_page_name(target)
            sources[name] = target
            new = name
        elif hx.hidden(target) or (target.is_dir() and REPO in target.parents):
            # The solutions in the student build, or a folder (which has no page): plain text.
            return f'{attr}="#"'
        else:
            print(f"handouts: warning: link {url!r} in {notebooks.rel(base)} leads nowhere",
                  file=sys.stderr)
            return f'{attr}="#"'
        if frag and "#" not in new:
            new += "#" + frag
        return f'{attr}="{html.escape(new)}"'

    return embed_images(re.sub(r'\b(href)="([^"]*)"', fix, fragment), base)


# The picture types a lesson may show, by file extension.
IMAGE_TYPES = {".png": "image/png", ".svg": "image/svg+xml", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}


def embed_images(fragment, base):
    """Embeds the fragment's pictures that are repository files (relative to base) as data: URIs,
    so that a page shows them wherever the site is copied; others are left as they are."""
    def fix(m):
        url = html.unescape(m.group(1))
        target = (base / url).resolve()
        kind = IMAGE_TYPES.get(target.suffix.lower())
        if re.match(r"^[a-z][a-z0-9+.-]*:", url, re.I) or not kind or not target.is_file() or REPO not in target.parents:
            return m.group(0)
        data = base64.b64encode(target.read_bytes()).decode()
        return f'src="data:{kind};base64,{data}"'

    return re.sub(r'\bsrc="([^"]*)"', fix, fragment)


def source_page_name(path):
    return "src-" + str(path.relative_to(REPO)).replace("/", "-") + ".html"


def source_html(path):
    """A repository file as a highlighted listing."""
    from pygments import highlight
    from pygments.formatters import HtmlFormatter
    from pygments.lexers import TextLexer, get_lexer_for_filename
    from pygments.util import ClassNotFound

    try:
        lexer = get_lexer_for_filename(path.name)
    except ClassNotFound:
        lexer = TextLexer()
    rel = html.escape(str(path.relative_to(REPO)))
    name = lexer.aliases[0] if lexer.aliases else "text"
    listing = highlight(path.read_text(), lexer, HtmlFormatter(cssclass=f"highlight hl-{name}"))
    return (f"<h1><code>{rel}</code></h1>\n<p>This file of the course's repository, as it was when "
            f"these handouts were built.</p>\n{listing}")
