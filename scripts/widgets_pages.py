"""The widgets' page scripts and strokes for scripts/widgets_test.py: the same in both front ends
(the widgets' own HTML), and MNIST test digits turned into pointer strokes."""

import gzip
import os
from pathlib import Path

# Watches the page: every picture the widgets show in place (img.gomlxnet-picture, by its alt
# text), every update of the drawn digit's bars and prediction, each with the time it appeared;
# and the time of the last "input" event (a slider moved).
WATCH = """(() => {
  if (window.__w) return true;
  const w = window.__w = {pictures: [], predictions: [], shown: new WeakSet(), lastInput: 0};
  const seen = () => {
    for (const img of document.querySelectorAll("img.gomlxnet-picture")) {
      const alt = img.getAttribute("alt");
      if (!w.pictures.length || w.pictures[w.pictures.length - 1].alt !== alt)
        w.pictures.push({alt, t: performance.now()});
    }
    for (const p of document.querySelectorAll(".gomlxnet-prediction")) {
      if (w.shown.has(p)) continue;  // each update of the bars is a new element
      w.shown.add(p);
      w.predictions.push({text: p.textContent, t: performance.now()});
    }
  };
  new MutationObserver(seen).observe(document.body, {subtree: true, childList: true, attributes: true,
                                                      characterData: true});
  document.addEventListener("input", () => { w.lastInput = performance.now(); }, true);
  return true;
})()"""

# The live widget: its controls shown and connected (not "no connection"), else null.
WIDGET = """(() => {
  const root = document.querySelector(".gomlxnet-widget");
  if (!root) return null;
  const status = root.querySelector(".gomlxnet-status");
  if (status && status.textContent.includes("no connection")) return "no connection";
  return root.className;
})()"""

# Replays strokes (lists of [x, y] in screen pixels from the canvas' top left) as pointer events of
# the given type, 20 ms between moves; returns the predictions seen before the last pointerup.
REPLAY = """(async ([strokes, type]) => {
  const canvas = document.querySelector(".gomlxnet-draw canvas");
  const r = canvas.getBoundingClientRect();
  const sleep = (ms) => new Promise(ok => setTimeout(ok, ms));
  const fire = (kind, [x, y]) => canvas.dispatchEvent(new PointerEvent(kind, {
    bubbles: true, cancelable: true, pointerId: type === "touch" ? 7 : 1, pointerType: type,
    isPrimary: true, clientX: r.left + x, clientY: r.top + y, buttons: kind === "pointerup" ? 0 : 1}));
  const before = window.__w.predictions.length;
  for (let i = 0; i < strokes.length; i++) {
    const s = strokes[i];
    fire("pointerdown", s[0]);
    for (const p of s.slice(1)) { fire("pointermove", p); await sleep(20); }
    if (i === strokes.length - 1) window.__w.whileDrawing = window.__w.predictions.length - before;
    fire("pointerup", s[s.length - 1]);
    await sleep(12);
  }
  return window.__w.whileDrawing;
})"""



def test_digit(index):
    """Test image index of MNIST (28x28 grey levels) and its label."""
    data = Path(os.environ.get("GOMLXNET_DATA") or Path.home() / ".cache" / "gomlxnet" / "mnist")
    with gzip.open(data / "t10k-images-idx3-ubyte.gz") as f:
        f.read(16 + 784 * index)
        pix = f.read(784)
    with gzip.open(data / "t10k-labels-idx1-ubyte.gz") as f:
        f.read(8 + index)
        label = f.read(1)[0]
    return pix, label


def strokes_of(pix, scale=8, off=(18, 12), step=4):
    """One horizontal stroke per run of ink (grey level 128 or more) per row of the digit, in screen
    pixels from the canvas' top left: the digit drawn at scale pixels per MNIST pixel, from off."""
    strokes = []
    for y in range(28):
        x = 0
        while x < 28:
            if pix[y * 28 + x] < 128:
                x += 1
                continue
            x0 = x
            while x < 28 and pix[y * 28 + x] >= 128:
                x += 1
            sy = off[1] + (y + 0.5) * scale
            xs = [off[0] + (x0 + 0.5) * scale]
            while xs[-1] < off[0] + (x - 0.5) * scale:
                xs.append(min(xs[-1] + step, off[0] + (x - 0.5) * scale))
            strokes.append([[sx, sy] for sx in xs])
    return strokes
