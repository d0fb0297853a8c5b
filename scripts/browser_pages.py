"""The front ends' pages as scripts/browser_test.py sees them: URL, menus and page scripts.

Each front end gives the same answers to the test: READY (the kernel's name once the notebook is
open and its kernel connected and idle), STATE ({"busy": bool, "cells": [...]}, one entry per non-empty code
cell: n (1-based index among all cells), line (its first line), count (execution count or null),
running, errors ("ename: evalue" of error outputs), text (the outputs' text as shown), pics (the
outputs' pictures: tag, natural width, laid-out width and height)), SCROLLER (the element that
scrolls the notebook) and the menu clicks that run all cells.
"""

# Per cell, from its output area element `out`: the text as shown and the top-level pictures in
# its outputs (PICS: the front end's selector; not the icons of its output area's own buttons).
_OUTPUT_JS = """
  const outputInfo = (out) => {
    const pics = [...out.querySelectorAll(PICS)].filter(p => !p.parentElement.closest("svg"));
    return {
      text: out.innerText,
      pics: pics.map(p => {
        const r = p.getBoundingClientRect();
        return {tag: p.tagName.toLowerCase(), natural: p.tagName.toLowerCase() === "img" ?
                  (p.complete ? p.naturalWidth : 0) : Math.round(r.width), w: r.width, h: r.height};
      }),
    };
  };
"""

# The share of dark pixels of each output picture, drawn on a canvas in the page (inline SVG
# serialized and loaded as an image first). A list, in the order of STATE's pictures.
DARKNESS = """(async () => {
  const pics = [...document.querySelectorAll(PICS)].filter(p => !p.parentElement.closest("svg"));
  const load = (p) => new Promise((ok, bad) => {
    if (p.tagName.toLowerCase() === "img") return ok(p);
    const img = new Image();
    img.onload = () => ok(img);
    img.onerror = () => bad(new Error("an inline <svg> does not load as an image"));
    const svg = p.cloneNode(true);
    if (!svg.getAttribute("xmlns")) svg.setAttribute("xmlns", "http://www.w3.org/2000/svg");
    img.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(new XMLSerializer().serializeToString(svg));
  });
  const out = [];
  for (const p of pics) {
    const img = await load(p);
    const r = p.getBoundingClientRect();
    const w = Math.max(1, Math.round(r.width)), h = Math.max(1, Math.round(r.height));
    const c = document.createElement("canvas");
    c.width = w; c.height = h;
    const ctx = c.getContext("2d");
    ctx.drawImage(img, 0, 0, w, h);
    const d = ctx.getImageData(0, 0, w, h).data;
    let dark = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 128 && d[i] + d[i + 1] + d[i + 2] < 384) dark++;
    out.push(dark / (w * h));
  }
  return out;
})()"""


class Lab:
    """JupyterLab 4, started with --LabApp.expose_app_in_browser (window.jupyterapp)."""
    name = "jupyterlab"
    PICS = '".jp-OutputArea-output img, .jp-OutputArea-output svg"'

    @staticmethod
    def url(base, rel_path, token):
        return f"{base}/lab/tree/{rel_path}?token={token}"

    READY = """(() => {
  const app = window.jupyterapp, w = app && app.shell.currentWidget;
  const s = w && w.sessionContext, k = s && s.session && s.session.kernel;
  // GoNB sends no status message until its first request: "unknown" until then.
  const ok = !!(w && w.content && w.context && w.context.isReady && k
                && k.connectionStatus === "connected" && ["idle", "unknown"].includes(k.status));
  return ok && k.name;
})()"""

    STATE = """(() => {""" + _OUTPUT_JS.replace("PICS", PICS) + """
  const w = jupyterapp.shell.currentWidget, k = w.sessionContext.session.kernel;
  const cells = w.content.widgets.map((c, i) => [c, i + 1])
    .filter(([c]) => c.model.type === "code" && c.model.sharedModel.getSource().trim());
  return {
    busy: !k || !["idle", "unknown"].includes(k.status),
    cells: cells.map(([c, n]) => Object.assign({
      n, line: c.model.sharedModel.getSource().trim().split("\\n")[0],
      count: c.model.executionCount,
      running: c.model.executionState === "running",
      errors: c.model.outputs.toJSON().filter(o => o.output_type === "error").map(o => o.ename + ": " + o.evalue),
    }, outputInfo(c.outputArea.node))),
  };
})()"""

    SCROLLER = """(() => {
  const w = jupyterapp.shell.currentWidget;
  const all = [w.content.node, ...w.content.node.querySelectorAll(".jp-WindowedPanel-outer")];
  return all.reduce((a, b) => (b.scrollHeight - b.clientHeight > a.scrollHeight - a.clientHeight ? b : a));
})()"""

    @staticmethod
    def run_all(driver):
        driver.click(".lm-MenuBar-itemLabel", "Run")
        driver.click(".lm-Menu-itemLabel", "Run All Cells")


    # A new code cell under the last one, in edit mode (what a student gets with Esc B Enter).
    NEW_CELL = """(async () => {
  const app = jupyterapp, nb = app.shell.currentWidget.content;
  nb.activeCellIndex = nb.widgets.length - 1;
  await app.commands.execute("notebook:insert-cell-below");
  await app.commands.execute("notebook:change-cell-to-code");
  await app.commands.execute("notebook:enter-edit-mode");
  return nb.activeCellIndex;
})()"""
    # The completer's matches once it is shown, else null.
    COMPLETER = """(() => {
  const c = document.querySelector(".jp-Completer");
  if (!c || c.classList.contains("lm-mod-hidden") || !c.getBoundingClientRect().height) return null;
  return [...c.querySelectorAll(".jp-Completer-item .jp-Completer-match")].map(m => m.innerText.trim());
})()"""
    # The contextual help's (tooltip's) text once it is shown, else null.
    TOOLTIP = """(() => {
  const t = document.querySelector(".jp-Tooltip");
  return t && t.getBoundingClientRect().height ? t.innerText : null;
})()"""
    # The page's box around the active cell and the popup (completer or tooltip).
    CLIP = """(() => {
  const cell = jupyterapp.shell.currentWidget.content.activeCell.node.getBoundingClientRect();
  const pop = document.querySelector(".jp-Completer:not(.lm-mod-hidden), .jp-Tooltip");
  const p = pop ? pop.getBoundingClientRect() : cell;
  const top = Math.max(0, Math.min(cell.top, p.top) - 20), bottom = Math.max(cell.bottom, p.bottom) + 20;
  return {x: 0, y: top + window.scrollY, width: window.innerWidth, height: bottom - top};
})()"""


class Classic:
    """The classic Notebook 6 (Debian's jupyter-notebook): window.Jupyter."""
    name = "classic"
    PICS = '".output_subarea img, .output_subarea svg"'

    @staticmethod
    def url(base, rel_path, token):
        return f"{base}/notebooks/{rel_path}?token={token}"

    READY = """(() => {
  const nb = window.Jupyter && Jupyter.notebook;
  const ok = !!(nb && nb._fully_loaded && nb.kernel && nb.kernel.is_connected() && !nb.kernel_busy);
  if (ok) { nb.set_autosave_interval(0); nb.writable = false; }
  return ok && nb.kernel.name;
})()"""

    STATE = """(() => {""" + _OUTPUT_JS.replace("PICS", PICS) + """
  const nb = Jupyter.notebook;
  const cells = nb.get_cells().map((c, i) => [c, i + 1])
    .filter(([c]) => c.cell_type === "code" && c.get_text().trim());
  return {
    busy: nb.kernel_busy === true || document.body.classList.contains("notebook_running")
          || !!document.querySelector("#kernel_indicator_icon.kernel_busy_icon"),
    cells: cells.map(([c, n]) => Object.assign({
      n, line: c.get_text().trim().split("\\n")[0],
      count: typeof c.input_prompt_number === "number" ? c.input_prompt_number : null,
      running: c.input_prompt_number === "*",
      errors: c.output_area.outputs.filter(o => o.output_type === "error").map(o => o.ename + ": " + o.evalue),
    }, outputInfo(c.output_area.element[0]))),
  };
})()"""

    SCROLLER = """document.getElementById("site")"""

    @staticmethod
    def run_all(driver):
        driver.click("#menus a.dropdown-toggle", "Cell")
        driver.click("#run_all_cells > a", "Run All")


FRONTENDS = {"lab": Lab, "classic": Classic}


def darkness(frontend):
    return DARKNESS.replace("PICS", frontend.PICS)


def overflow(frontend):
    """A JavaScript expression that scrolls the notebook to its top and returns how many pixels of
    it are out of the window."""
    return f"(() => {{ const s = {frontend.SCROLLER}; s.scrollTop = 0; return s.scrollHeight - s.clientHeight; }})()"
