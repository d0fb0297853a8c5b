// The controls of plots.Sliders: sends {"seq", "kind": "ready" | "values" | "done", "values"} as
// JSON strings to the Go program through GoNB's comms (globalThis.gonb_comm).
(() => {
  const root = document.getElementById(ROOT_ID);
  if (!root) return;
  const inputs = [...root.querySelectorAll("input[type=range]")];
  const status = root.querySelector(".gomlxnet-status");
  const done = root.querySelector(".gomlxnet-done");
  let seq = 0;
  const send = (kind, extra) => {
    seq += 1;
    globalThis.gonb_comm.send(ADDRESS, JSON.stringify(Object.assign({seq, kind}, extra || {})));
  };
  const values = () => Object.fromEntries(inputs.map(i => [i.dataset.name, Number(i.value)]));
  const start = (tries) => {
    if (!globalThis.gonb_comm) {
      if (tries > 0) setTimeout(() => start(tries - 1), 100);
      else status.textContent = "no connection to the Go kernel";
      return;
    }
    send("ready");
    inputs.forEach(i => i.addEventListener("input", () => {
      i.nextElementSibling.textContent = i.value;
      send("values", {values: values()});
    }));
    done.addEventListener("click", () => {
      inputs.forEach(i => { i.disabled = true; });
      done.disabled = true;
      status.textContent = "finished: the last picture stays below";
      send("done");
    });
  };
  start(100);
})();
