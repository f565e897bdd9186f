// sim/view/tests/cdp.js: a headless Chromium driven over the DevTools
// protocol through a pipe (--remote-debugging-pipe: commands on fd 3,
// replies on fd 4, each a JSON text ended by NUL), with Node's own
// modules only, and a PNG reader for screenshots (8-bit RGB or RGBA, as
// Chromium writes them). Used by browser.js and bench.js.
"use strict";
const { spawn } = require("child_process");
const zlib = require("zlib");

// Starts the browser; resolves to { send(method, params), on(event, fn), close() }
// talking to one page target of size w x h.
async function launch(chromium, w, h) {
  const args = ["--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
    "--remote-debugging-pipe", "--no-first-run", "--disable-extensions", "--mute-audio",
    "--allow-file-access-from-files", `--window-size=${w},${h}`, "about:blank"];
  const proc = spawn(chromium, args, { stdio: ["ignore", "ignore", "pipe", "pipe", "pipe"] });
  let stderr = "";
  proc.stderr.on("data", d => { stderr += d; });
  const out = proc.stdio[3], inp = proc.stdio[4];
  let id = 0, buf = "";
  const waiting = new Map(), handlers = [];
  inp.on("data", d => {
    buf += d.toString("utf8");
    let z;
    while ((z = buf.indexOf("\0")) >= 0) {
      const msg = JSON.parse(buf.slice(0, z));
      buf = buf.slice(z + 1);
      if (msg.id && waiting.has(msg.id)) {
        const { ok, fail } = waiting.get(msg.id);
        waiting.delete(msg.id);
        msg.error ? fail(new Error(JSON.stringify(msg.error))) : ok(msg.result);
      } else if (msg.method) for (const fn of handlers) fn(msg);
    }
  });
  const died = new Promise((_, fail) => proc.on("exit", c => fail(new Error("chromium exited " + c + ": " + stderr.slice(-2000)))));
  died.catch(() => {});
  const raw = (method, params, sessionId) => {
    const m = { id: ++id, method, params: params || {} };
    if (sessionId) m.sessionId = sessionId;
    out.write(JSON.stringify(m) + "\0");
    return Promise.race([new Promise((ok, fail) => waiting.set(m.id, { ok, fail })), died]);
  };
  const { targetId } = await raw("Target.createTarget", { url: "about:blank" });
  const { sessionId } = await raw("Target.attachToTarget", { targetId, flatten: true });
  const page = {
    send: (method, params) => raw(method, params, sessionId),
    on: fn => handlers.push(m => { if (m.sessionId === sessionId) fn(m); }),
    pid: proc.pid,
    close: () => { try { raw("Browser.close"); } catch (e) { /* gone */ } setTimeout(() => proc.kill("SIGKILL"), 2000).unref(); },
  };
  await page.send("Page.enable");
  await page.send("Runtime.enable");
  await page.send("Emulation.setDeviceMetricsOverride", { width: w, height: h, deviceScaleFactor: 1, mobile: false });
  return page;
}

// Evaluates expr in the page; its value (JSON-able) or a thrown Error.
async function evaluate(page, expr) {
  const r = await page.send("Runtime.evaluate", { expression: expr, returnByValue: true, awaitPromise: true });
  if (r.exceptionDetails) throw new Error(expr + ": " + (r.exceptionDetails.exception ? r.exceptionDetails.exception.description : r.exceptionDetails.text));
  return r.result.value;
}

const sleep = ms => new Promise(ok => setTimeout(ok, ms));

// Loads url and waits for the page to say it is ready; the ms it took.
async function open(page, url, timeoutMs) {
  const t0 = Date.now();
  await page.send("Page.navigate", { url });
  while (Date.now() - t0 < timeoutMs) {
    const ready = await evaluate(page, "document.body && document.body.dataset.ready || ''").catch(() => "");
    if (ready === "1") return Date.now() - t0;
    await sleep(20);
  }
  throw new Error("the page did not get ready in " + timeoutMs + " ms: " + url);
}

async function click(page, x, y) {
  for (const type of ["mousePressed", "mouseReleased"])
    await page.send("Input.dispatchMouseEvent", { type, x, y, button: "left", clickCount: 1 });
}

// { width, height, px(x, y) -> [r, g, b] } of a PNG.
function readPng(buf) {
  let pos = 8, w = 0, h = 0, type = 0;
  const idat = [];
  while (pos < buf.length) {
    const len = buf.readUInt32BE(pos), kind = buf.toString("latin1", pos + 4, pos + 8), data = buf.subarray(pos + 8, pos + 8 + len);
    if (kind === "IHDR") { w = data.readUInt32BE(0); h = data.readUInt32BE(4); type = data[9]; if (data[8] !== 8) throw new Error("PNG: not 8-bit"); }
    if (kind === "IDAT") idat.push(data);
    pos += 12 + len;
  }
  const bpp = type === 6 ? 4 : type === 2 ? 3 : 0;
  if (!bpp) throw new Error("PNG: colour type " + type);
  const raw = zlib.inflateSync(Buffer.concat(idat)), stride = w * bpp, px = Buffer.alloc(h * stride);
  for (let y = 0; y < h; y++) {
    const f = raw[y * (stride + 1)], src = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= bpp ? px[y * stride + x - bpp] : 0, b = y ? px[(y - 1) * stride + x] : 0;
      const c = x >= bpp && y ? px[(y - 1) * stride + x - bpp] : 0;
      let v = src[x];
      if (f === 1) v += a; else if (f === 2) v += b; else if (f === 3) v += (a + b) >> 1;
      else if (f === 4) { const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c); v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c; }
      px[y * stride + x] = v & 255;
    }
  }
  return { width: w, height: h, px: (x, y) => { const o = y * stride + x * bpp; return [px[o], px[o + 1], px[o + 2]]; } };
}

async function screenshot(page) {
  const { data } = await page.send("Page.captureScreenshot", { format: "png" });
  return Buffer.from(data, "base64");
}

module.exports = { launch, evaluate, open, click, readPng, screenshot, sleep };
