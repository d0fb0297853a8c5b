#!/usr/bin/python3
"""Screenshot test: a notebook run in the browser shows its picture.

    /usr/bin/python3 scripts/screenshot_test.py [notebooks/NAME.ipynb]

Starts the classic Jupyter Notebook server on 127.0.0.1 (a free port, a random token, notebook
directory notebooks/, GOMLXNET_FAST=1 for its kernels), opens the notebook in headless Chromium,
runs all its cells from the page (Jupyter.notebook.execute_all_cells(), through the Chrome DevTools
Protocol), waits for them to finish and checks, in the page:
  - no cell has an error output, and every code cell ran;
  - there was no picture before the run, and there is at least one after: an <img> or <svg> in an output
    area, loaded (naturalWidth > 0) and laid out with a non-zero size;
  - a screenshot of that picture's area is not blank (enough dark pixels: axes, lines, labels).
Saves the page's screenshot to out/screenshot-NAME.png and the picture's area to
out/screenshot-NAME-picture.png. Prints "1 passed, 0 failed" (or "0 passed, 1 failed") last.

Default notebook: the first of notebooks/*.ipynb with a cell checking {"image": true}.
The notebook file is never saved by the page (autosave is turned off as soon as it loads); the test
fails, and puts the file back, if it changed anyway.

Needs: chromium (scripts/setup.sh --test), the gonb kernel, jupyter-notebook (Debian), no network.
Only Python's standard library is used: a minimal WebSocket client and PNG decoder are below.
Environment: CHROMIUM (browser binary, default chromium), SCREENSHOT_TIMEOUT (seconds for the
whole run of the cells, default 300).
"""

import base64
import hashlib
import json
import os
import secrets
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
import urllib.request
import zlib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
NOTEBOOKS_DIR = REPO / "notebooks"
OUT = REPO / "out"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--hide-scrollbars", "--window-size=1200,1000"]


class Failure(Exception):
    pass


class Fatal(Failure):
    """A failure that waiting longer cannot fix (wait_for does not retry it)."""


# ---------------------------------------------------------------------------------------------
# Minimal WebSocket client (RFC 6455), enough for the DevTools protocol on localhost.

class WebSocket:
    def __init__(self, url, timeout=30):
        assert url.startswith("ws://")
        hostport, _, path = url[5:].partition("/")
        host, _, port = hostport.partition(":")
        self.sock = socket.create_connection((host, int(port or 80)), timeout=timeout)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((f"GET /{path} HTTP/1.1\r\nHost: {hostport}\r\nUpgrade: websocket\r\n"
                           f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
                           "Sec-WebSocket-Version: 13\r\n\r\n").encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise Failure("WebSocket handshake: connection closed")
            head += chunk
        head, self.buf = head.split(b"\r\n\r\n", 1)
        if b" 101 " not in head.split(b"\r\n", 1)[0]:
            raise Failure(f"WebSocket handshake refused: {head[:200]!r}")

    def _read(self, n):
        while len(self.buf) < n:
            chunk = self.sock.recv(1 << 20)
            if not chunk:
                raise Failure("WebSocket: connection closed")
            self.buf += chunk
        data, self.buf = self.buf[:n], self.buf[n:]
        return data

    def _send_frame(self, opcode, payload):
        head = bytes([0x80 | opcode])
        n = len(payload)
        if n < 126:
            head += bytes([0x80 | n])
        elif n < 1 << 16:
            head += bytes([0x80 | 126]) + struct.pack(">H", n)
        else:
            head += bytes([0x80 | 127]) + struct.pack(">Q", n)
        mask = os.urandom(4)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.sock.sendall(head + mask + masked)

    def send(self, text):
        self._send_frame(0x1, text.encode())

    def recv(self):
        message = b""
        while True:
            b0, b1 = self._read(2)
            opcode, n = b0 & 0x0F, b1 & 0x7F
            if n == 126:
                n = struct.unpack(">H", self._read(2))[0]
            elif n == 127:
                n = struct.unpack(">Q", self._read(8))[0]
            mask = self._read(4) if b1 & 0x80 else None
            payload = self._read(n)
            if mask:
                payload = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
            if opcode == 0x9:  # ping
                self._send_frame(0xA, payload)
                continue
            if opcode == 0x8:
                raise Failure("WebSocket closed by the browser")
            if opcode in (0x0, 0x1, 0x2):
                message += payload
                if b0 & 0x80:
                    return message.decode()

    def close(self):
        try:
            self._send_frame(0x8, b"")
        except OSError:
            pass
        self.sock.close()


class DevTools:
    """Calls DevTools protocol methods on one page target."""

    def __init__(self, ws_url):
        self.ws = WebSocket(ws_url)
        self.next_id = 0

    def call(self, method, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == self.next_id:
                if "error" in msg:
                    raise Failure(f"DevTools {method}: {msg['error']}")
                return msg.get("result", {})

    def eval(self, expression):
        """Evaluates a JavaScript expression in the page and returns its (JSON) value."""
        r = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in r:
            raise Failure(f"JavaScript error in {expression[:80]!r}: "
                          f"{r['exceptionDetails'].get('exception', {}).get('description', r['exceptionDetails'])}")
        return r.get("result", {}).get("value")


# ---------------------------------------------------------------------------------------------
# Minimal PNG decoder (8-bit RGB/RGBA, not interlaced: what Chromium writes).

def png_pixels(data):
    """Returns (width, height, channels, rows) with rows a list of bytes per scanline."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise Failure("screenshot is not a PNG")
    pos, idat, width = 8, b"", None
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        pos += 12 + n
        if kind == b"IHDR":
            width, height, depth, color, _, _, interlace = struct.unpack(">IIBBBBB", body)
            if depth != 8 or color not in (2, 6) or interlace:
                raise Failure(f"unsupported PNG (depth {depth}, color type {color}, interlace {interlace})")
            channels = 3 if color == 2 else 4
        elif kind == b"IDAT":
            idat += body
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, prev = [], bytearray(stride)
    for y in range(height):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b = prev[i]
            c = prev[i - channels] if i >= channels else 0
            if f == 1:
                line[i] = (line[i] + a) & 0xFF
            elif f == 2:
                line[i] = (line[i] + b) & 0xFF
            elif f == 3:
                line[i] = (line[i] + ((a + b) >> 1)) & 0xFF
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        rows.append(bytes(line))
        prev = line
    return width, height, channels, rows


def dark_fraction(png):
    width, height, ch, rows = png_pixels(png)
    dark = sum(1 for row in rows for x in range(0, width * ch, ch)
               if row[x] + row[x + 1] + row[x + 2] < 3 * 128)
    return dark / max(1, width * height), width, height


# ---------------------------------------------------------------------------------------------

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_json(url, method="GET", timeout=5):
    req = urllib.request.Request(url, method=method)
    with urllib.request.urlopen(req, timeout=timeout) as r:
        return json.loads(r.read() or b"null")


def wait_for(what, fn, timeout, interval=0.5):
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            v = fn()
            if v:
                return v
        except Fatal:
            raise
        except (OSError, ValueError, Failure) as e:
            last = e
        time.sleep(interval)
    raise Failure(f"timed out after {timeout:.0f}s waiting for {what}" + (f" (last error: {last})" if last else ""))


def default_notebook():
    for p in sorted(NOTEBOOKS_DIR.glob("*.ipynb")):
        nb = json.loads(p.read_text())
        for c in nb.get("cells", []):
            checks = c.get("metadata", {}).get("check")
            for chk in (checks if isinstance(checks, list) else [checks] if checks else []):
                if isinstance(chk, dict) and chk.get("image"):
                    return p
    raise Failure('no notebook in notebooks/ has a cell checking {"image": true}')


def stop(proc, name):
    """Stops a process this script started, with its process group (it was started in its own)."""
    if proc is None or proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=15)
    except (subprocess.TimeoutExpired, ProcessLookupError):
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(timeout=5)


# JavaScript run in the notebook page.
# Pictures in outputs: PNG outputs are <img> elements, SVG outputs inline <svg> elements.
PICTURES_SELECTOR = '".output_area img, .output_area svg"'
JS_READY = """(() => {
  const nb = window.Jupyter && Jupyter.notebook;
  return !!(nb && nb._fully_loaded && nb.kernel && nb.kernel.is_connected());
})()"""
JS_STATE = """(() => {
  const cells = Jupyter.notebook.get_cells().filter(c => c.cell_type === "code" && c.get_text().trim());
  const imgs = [...document.querySelectorAll(PICTURES)];
  return {
    cells: cells.length,
    done: cells.filter(c => typeof c.input_prompt_number === "number").length,
    running: cells.filter(c => c.input_prompt_number === "*").length,
    busy: Jupyter.notebook.kernel_busy === true || document.body.classList.contains("notebook_running")
          || !!document.querySelector("#kernel_indicator_icon.kernel_busy_icon"),
    errors: cells.map((c, i) => [i + 1, c.output_area.outputs.filter(o => o.output_type === "error")
                                   .map(o => o.ename + ": " + o.evalue).join("; ")]).filter(e => e[1]),
    images: imgs.length,
  };
})()""".replace("PICTURES", PICTURES_SELECTOR)
JS_PICTURE = """(() => {
  const pics = [...document.querySelectorAll(PICTURES)];
  const loaded = p => p.tagName.toLowerCase() !== "img" || (p.complete && p.naturalWidth > 0);
  const pic = pics.find(p => loaded(p) && p.getBoundingClientRect().width > 0);
  if (!pic) return {found: false, count: pics.length,
                    sizes: pics.map(p => [p.naturalWidth || 0, p.getBoundingClientRect().width])};
  pic.scrollIntoView({block: "center"});
  const r = pic.getBoundingClientRect();
  return {found: true, count: pics.length, kind: pic.tagName.toLowerCase(),
          x: r.x, y: r.y, width: r.width, height: r.height, dpr: window.devicePixelRatio};
})()""".replace("PICTURES", PICTURES_SELECTOR)


def run_test(nb_path):
    nb_path = nb_path.resolve()
    if nb_path.parent != NOTEBOOKS_DIR:
        raise Failure(f"{nb_path} is not in {NOTEBOOKS_DIR}")
    original = nb_path.read_bytes()
    checkpoints = NOTEBOOKS_DIR / ".ipynb_checkpoints"
    had_checkpoints = checkpoints.exists()
    chromium = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        raise Failure("chromium is not installed (scripts/setup.sh --test)")
    timeout = float(os.environ.get("SCREENSHOT_TIMEOUT", "300"))
    OUT.mkdir(exist_ok=True)
    shot = OUT / f"screenshot-{nb_path.stem}.png"
    shot_picture = OUT / f"screenshot-{nb_path.stem}-picture.png"

    tmp = Path(tempfile.mkdtemp(prefix="screenshot-test-"))
    server = browser = dt = None
    try:
        # 1. The notebook server, in its own process group, with private runtime/config dirs.
        port, token = free_port(), secrets.token_hex(16)
        env = dict(os.environ, GOMLXNET_FAST="1", JUPYTER_RUNTIME_DIR=str(tmp / "runtime"),
                   JUPYTER_CONFIG_DIR=str(tmp / "config"))
        server_log = open(tmp / "server.log", "w")
        server = subprocess.Popen(
            ["/usr/bin/python3", "-m", "notebook", "--no-browser", "--allow-root", "--ip=127.0.0.1",
             f"--port={port}", "--port-retries=0", f"--NotebookApp.token={token}",
             f"--notebook-dir={NOTEBOOKS_DIR}"],
            env=env, stdout=server_log, stderr=subprocess.STDOUT, start_new_session=True)
        base = f"http://127.0.0.1:{port}"

        def server_up():
            if server.poll() is not None:
                raise Fatal("the notebook server exited:\n" + (tmp / "server.log").read_text()[-2000:])
            return http_json(f"{base}/api/status?token={token}")
        wait_for("the notebook server", server_up, 60)

        # 2. Chromium, on the notebook's page, with a DevTools port.
        dport = free_port()
        url = f"{base}/notebooks/{nb_path.name}?token={token}"
        browser = subprocess.Popen(
            [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={tmp / 'chromium'}",
             f"--remote-debugging-port={dport}", "--remote-allow-origins=*", url],
            stdout=open(tmp / "chromium.log", "w"), stderr=subprocess.STDOUT, start_new_session=True)

        def page_target():
            if browser.poll() is not None:
                raise Fatal("chromium exited:\n" + (tmp / "chromium.log").read_text()[-2000:])
            return next((t for t in http_json(f"http://127.0.0.1:{dport}/json/list")
                         if t.get("type") == "page" and "/notebooks/" in t.get("url", "")), None)
        target = wait_for("chromium's page", page_target, 60)
        dt = DevTools(target["webSocketDebuggerUrl"])

        # 3. Wait for the notebook and its kernel, turn autosave off, check it starts clean, run all.
        wait_for("the notebook page and its kernel", lambda: dt.eval(JS_READY), 90)
        dt.eval("Jupyter.notebook.set_autosave_interval(0), Jupyter.notebook.writable = false, true")
        before = dt.eval(JS_STATE)
        if before["images"] or before["done"]:
            raise Failure(f"the notebook was not clean before the run: {before}")
        t0 = time.monotonic()
        dt.eval("Jupyter.notebook.execute_all_cells(), true")

        def finished():
            s = dt.eval(JS_STATE)
            if s["errors"]:
                raise Fatal("cell error(s): " + "; ".join(f"code cell {i}: {e}" for i, e in s["errors"]))
            return s if s["done"] == s["cells"] and not s["running"] and not s["busy"] else None
        try:
            state = wait_for("all cells to run", finished, timeout, interval=1)
        except Fatal:
            raise
        except Failure as e:
            raise Failure(f"{e}; state: {dt.eval(JS_STATE)}")
        run_secs = time.monotonic() - t0
        time.sleep(1)  # let the last outputs lay out

        # 4. The picture: loaded, laid out, visible in the screenshot.
        pic = dt.eval(JS_PICTURE)
        if not pic["found"]:
            raise Failure(f"no loaded, visible picture (<img> or <svg>) in the outputs ({pic['count']} found, sizes {pic.get('sizes')})")
        time.sleep(0.5)  # scrollIntoView
        pic = dt.eval(JS_PICTURE)
        shot.write_bytes(base64.b64decode(dt.call("Page.captureScreenshot", format="png")["data"]))
        clip = {"x": pic["x"], "y": pic["y"], "width": pic["width"], "height": pic["height"], "scale": 1}
        picture_png = base64.b64decode(dt.call("Page.captureScreenshot", format="png", clip=clip)["data"])
        shot_picture.write_bytes(picture_png)
        dark, w, h = dark_fraction(picture_png)
        if dark < 0.005:
            raise Failure(f"the picture's area in the screenshot is blank ({dark:.2%} dark pixels, {w}x{h})")

        # 5. Shut the kernel down through the server (GoNB then removes its temporary directory).
        for s in http_json(f"{base}/api/sessions?token={token}"):
            try:
                http_json(f"{base}/api/sessions/{s['id']}?token={token}", method="DELETE", timeout=15)
            except OSError:
                pass
        return (f"{state['cells']} code cells ran in {run_secs:.1f}s; picture (<{pic['kind']}>) "
                f"shown at {pic['width']:.0f}x{pic['height']:.0f} px, "
                f"{dark:.1%} dark pixels; screenshots: {shot.relative_to(REPO)}, {shot_picture.relative_to(REPO)}")
    finally:
        # Close the browser from inside first: it then reaps its own helper processes (killed
        # from outside they stay as zombies where PID 1 does not reap them, e.g. in containers).
        if dt is not None and browser.poll() is None:
            try:
                dt.call("Browser.close")
                browser.wait(timeout=15)
            except (Failure, OSError, subprocess.TimeoutExpired):
                pass
        stop(browser, "chromium")
        stop(server, "notebook server")
        shutil.rmtree(tmp, ignore_errors=True)
        if not had_checkpoints:  # the server made it: leave notebooks/ as it was
            shutil.rmtree(checkpoints, ignore_errors=True)
        if nb_path.read_bytes() != original:
            nb_path.write_bytes(original)
            raise Failure(f"{nb_path.name} was modified during the test (restored)")


def main():
    try:
        nb = Path(sys.argv[1]) if len(sys.argv) > 1 else default_notebook()
        t0 = time.monotonic()
        info = run_test(nb)
        print(f"PASS  screenshot {rel(nb)}  {time.monotonic() - t0:.1f}s  {info}")
        print("1 passed, 0 failed")
        return 0
    except Failure as e:
        print(f"FAIL  screenshot {rel(nb) if 'nb' in locals() else ''}: {e}")
        print("0 passed, 1 failed")
        return 1


def rel(p):
    try:
        return str(Path(p).resolve().relative_to(REPO))
    except ValueError:
        return str(p)


if __name__ == "__main__":
    sys.exit(main())
