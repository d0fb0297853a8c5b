// The canvas of plots.DrawDigit: strokes with pointer events (mouse, pen, touch); sends
// {"seq", "kind": "ready" | "draw" | "clear" | "done", "width", "height", "pixels"} as JSON strings
// to the Go program through GoNB's comms, "pixels" the ink (the canvas' alpha) as base64, one byte
// per pixel. While drawing it sends at most every 150 ms, and always when a stroke ends.
(() => {
  const root = document.getElementById(ROOT_ID);
  if (!root) return;
  const canvas = root.querySelector("canvas");
  const ctx = canvas.getContext("2d", {willReadFrequently: true});
  const status = root.querySelector(".gomlxnet-status");
  const buttons = [...root.querySelectorAll("button")];
  let seq = 0, down = false, last = null, sentAt = 0, timer = null, finished = false;
  const send = (kind, extra) => {
    seq += 1;
    globalThis.gonb_comm.send(ADDRESS, JSON.stringify(Object.assign({seq, kind}, extra || {})));
  };
  const sendDrawing = () => {
    clearTimeout(timer); timer = null; sentAt = Date.now();
    const rgba = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    let bin = "";
    for (let i = 3; i < rgba.length; i += 4) bin += String.fromCharCode(rgba[i]);
    send("draw", {width: canvas.width, height: canvas.height, pixels: btoa(bin)});
  };
  const soon = () => {
    if (timer) return;
    timer = setTimeout(sendDrawing, Math.max(0, 150 - (Date.now() - sentAt)));
  };
  const at = (e) => {
    const r = canvas.getBoundingClientRect();
    return [(e.clientX - r.left) * canvas.width / r.width, (e.clientY - r.top) * canvas.height / r.height];
  };
  const line = (p, q) => {
    ctx.strokeStyle = "#000"; ctx.fillStyle = "#000";
    ctx.lineWidth = 9; ctx.lineCap = "round"; ctx.lineJoin = "round";
    ctx.beginPath(); ctx.moveTo(p[0], p[1]); ctx.lineTo(q[0], q[1]); ctx.stroke();
  };
  const start = (tries) => {
    if (!globalThis.gonb_comm) {
      if (tries > 0) setTimeout(() => start(tries - 1), 100);
      else status.textContent = "no connection to the Go kernel";
      return;
    }
    send("ready");
    canvas.addEventListener("pointerdown", (e) => {
      if (finished) return;
      down = true; last = at(e); line(last, last); soon();
      if (canvas.setPointerCapture && e.pointerId !== undefined) { try { canvas.setPointerCapture(e.pointerId); } catch (_) {} }
      e.preventDefault();
    });
    canvas.addEventListener("pointermove", (e) => {
      if (!down) return;
      const p = at(e); line(last, p); last = p; soon(); e.preventDefault();
    });
    const end = () => { if (down) { down = false; sendDrawing(); } };
    canvas.addEventListener("pointerup", end);
    canvas.addEventListener("pointercancel", end);
    buttons[0].addEventListener("click", () => {
      ctx.clearRect(0, 0, canvas.width, canvas.height); clearTimeout(timer); timer = null; send("clear");
    });
    buttons[1].addEventListener("click", () => {
      finished = true; buttons.forEach(b => { b.disabled = true; });
      status.textContent = "finished: the last drawing stays below"; send("done");
    });
  };
  start(100);
})();
