// sim/view/tests/browser.js CHROMIUM PAGE SHOTDIR NAME [calls]: drives a
// run's page (ipcsim --view) in headless Chromium the way a user would:
// loads it, steps to the next and previous event, puts a frame in flight
// and checks that the network view draws it, shows a dropped frame's
// cross, plays, clicks a frame in
// the ladder (its headers must show), and with "calls" clicks the first
// failed call (its --explain text must show and its frames be marked;
// with "calls-local", calls that failed without a frame, the text only).
// Asserts on the DOM, on the canvases' pixels and on screenshots, which
// it leaves in SHOTDIR as NAME-<step>.png. Prints TAP; exit 1 on failure.
"use strict";
const fs = require("fs");
const path = require("path");
const { launch, evaluate, open, click, readPng, screenshot, sleep } = require("./cdp.js");

const [chromium, page_, shotdir, name, want] = process.argv.slice(2);
let n = 0, failed = 0;
function ok(cond, what) { n++; if (!cond) failed++; console.log(`${cond ? "ok" : "not ok"} ${n} - ${name}: ${what}`); }

// Pixels of canvas #id that are drawn (alpha) and not white.
const inked = id => `(() => { const c = document.getElementById("${id}"), d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
  let k = 0; for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && !(d[i] > 240 && d[i + 1] > 240 && d[i + 2] > 240)) k++; return k; })()`;

// Pixels of a screenshot inside element sel's box that are coloured
// (saturated) or, with dark, also grey or black (text, lines).
async function colouredIn(page, png, sel, dark) {
  const r = await evaluate(page, `(() => { const b = document.querySelector("${sel}").getBoundingClientRect(); return [b.left, b.top, b.width, b.height]; })()`);
  const img = readPng(png);
  let k = 0;
  for (let y = Math.max(0, r[1] | 0); y < Math.min(img.height, r[1] + r[3]); y++)
    for (let x = Math.max(0, r[0] | 0); x < Math.min(img.width, r[0] + r[2]); x++) {
      const [R, G, B] = img.px(x, y);
      if (Math.max(R, G, B) - Math.min(R, G, B) > 60 || (dark && Math.max(R, G, B) < 120)) k++;
    }
  return k;
}

// The network's own text (host addresses, link rates and delays, segment
// names) stays readable: a link's label is off its line, and at each of
// 150 times spread over the run (a frame half-way along its hop), no
// frame label, cause or badge drawn over the drawing covers a text of it
// or is cut by the canvas's edge.
// Screenshot NAME-labels.png: the moment with the most labels.
async function labelsClear(page) {
  const r = await evaluate(page, `(() => {
    const texts = [...document.querySelectorAll("#net svg text")].map(e => e.getBoundingClientRect()).filter(b => b.width > 0);
    const meets = (a, b) => a[0] < b.right - 0.5 && b.left + 0.5 < a[0] + a[2] && a[1] < b.bottom - 0.5 && b.top + 0.5 < a[1] + a[3];
    let onLine = 0;
    for (const g of document.querySelectorAll('#net svg g.edge[id^="link:"]')) {
      const path = g.querySelector("path"), M = path.getScreenCTM(), L = path.getTotalLength();
      const boxes = [...g.querySelectorAll("text")].map(e => e.getBoundingClientRect());
      for (let j = 0; j <= 60; j++) { const p = path.getPointAtLength(L * j / 60), x = M.a * p.x + M.c * p.y + M.e, y = M.b * p.x + M.d * p.y + M.f;
        if (boxes.some(b => x > b.left && x < b.right && y > b.top && y < b.bottom)) onLine++; }
    }
    const P = View.R.P, n = P.n, seen = [];
    let drawn = 0, over = [], most = -1, mostT = 0;
    for (let j = 0; j < 150; j++) {
      const k = Math.floor(j * n / 150), end = isNaN(P.rxe[k]) ? P.tx[k] : P.rxe[k], t = (P.tx[k] + end) / 2;
      ipcsimView.setTime(t);
      const ls = ipcsimView.netLabels(), c = document.getElementById("net-canvas").getBoundingClientRect();
      drawn += ls.length;
      for (const a of ls) if (a[0] < c.left - 0.5 || a[1] < c.top - 0.5 || a[0] + a[2] > c.right + 0.5 || a[1] + a[3] > c.bottom + 0.5) over.push([t, "outside the canvas", a.map(Math.round)]);
      if (ls.length > most) { most = ls.length; mostT = t; }
      for (const a of ls) for (const b of texts) if (meets(a, b)) over.push([t, a.map(Math.round), [b.left, b.top, b.width, b.height].map(Math.round)]);
    }
    ipcsimView.setTime(mostT);
    return { texts: texts.length, onLine, drawn, over: over.slice(0, 3), nOver: over.length, most, mostT };
  })()`);
  ok(r.onLine === 0, `every link's label is off its line (${r.onLine} points of a line inside one)`);
  ok(r.drawn > 0 && r.nOver === 0, `labels over the network cover none of its ${r.texts} texts (${r.drawn} labels at 150 times; ${r.nOver} overlaps ${JSON.stringify(r.over)})`);
  await shot(page, "labels");
}

// Whether the page decoded packets.csv (beside it) right: the row count,
// and a few rows (in t_tx order, file order where equal) field by field.
async function rowsMatch(page) {
  const lines = fs.readFileSync(path.join(path.dirname(page_), "packets.csv"), "utf8").trim().split("\n");
  const head = lines[0].split(","), rows = lines.slice(1).map(l => l.split(","));
  const col = name => head.indexOf(name), tx = col("t_tx");
  const ns = v => BigInt(v.replace(".", ""));
  rows.forEach((r, i) => { r.i = i; });
  rows.sort((a, b) => (ns(a[tx]) < ns(b[tx]) ? -1 : ns(a[tx]) > ns(b[tx]) ? 1 : a.i - b.i));
  if (await evaluate(page, "View.R.P.n") !== rows.length) return false;
  const names = ["t_tx", "t_tx_end", "t_rx", "t_rx_end", "from", "to", "fate", "bytes"];
  for (const k of [0, rows.length >> 1, rows.length - 1]) {
    const got = await evaluate(page, `(() => { const P = View.R.P, k = ${k}, i = P.ord[k], s = x => (isNaN(x) ? "" : x.toFixed(9));
      return [s(P.tx[k]), s(P.txe[k]), s(P.rx[k]), s(P.rxe[k]), P.from.str(i), P.to.str(i), P.fate.str(i), P.bytes.str(i)]; })()`);
    const want = names.map(n => rows[k][col(n)]);
    if (JSON.stringify(got) !== JSON.stringify(want)) { console.log(`# row ${k}: page ${JSON.stringify(got)}, csv ${JSON.stringify(want)}`); return false; }
  }
  return true;
}

async function shot(page, step) {
  const png = await screenshot(page);
  fs.writeFileSync(path.join(shotdir, `${name}-${step}.png`), png);
  return png;
}

async function main() {
  fs.mkdirSync(shotdir, { recursive: true });
  const page = await launch(chromium, 1400, 1500);
  const errors = [];
  page.on(m => {
    if (m.method === "Runtime.exceptionThrown") errors.push(m.params.exceptionDetails.exception ? m.params.exceptionDetails.exception.description : m.params.exceptionDetails.text);
    if (m.method === "Runtime.consoleAPICalled" && m.params.type === "error") errors.push(JSON.stringify(m.params.args));
  });
  try {
    const ms = await open(page, "file://" + path.resolve(page_), 20000);
    const S = () => evaluate(page, "ipcsimView.state()");
    let s = await S();
    ok(errors.length === 0, "loads without a script error " + errors.join("; "));
    ok(s.frames > 0, `has frames (${s.frames}, ready in ${ms} ms)`);
    ok(await evaluate(page, "document.querySelectorAll('#net svg g.node').length") >= 2, "the network is drawn (Graphviz nodes in the SVG)");
    ok(await rowsMatch(page), "the page's frames are packets.csv's rows (unpacked: times, hosts, fate)");
    await evaluate(page, "ipcsimView.setTime(ipcsimView.state().t)");
    ok(await evaluate(page, inked("ladder")) > 300, "the ladder canvas is drawn");
    let png = await shot(page, "load");
    ok(await colouredIn(page, png, "#ladder") > 100, "the ladder shows coloured frames in the screenshot");
    ok(await colouredIn(page, png, "#net", true) > 300, "the network shows in the screenshot");

    const t0 = s.t;
    await evaluate(page, "ipcsimView.step(1)");
    const t1 = (await S()).t;
    ok(t1 > t0, `step to the next event moves the time (${t0} -> ${t1})`);
    await evaluate(page, "ipcsimView.step(-1)");
    ok(Math.abs((await S()).t - t0) < 1e-9, "step back returns to it");

    // A frame half-way along its hop is drawn on the network.
    const k = await evaluate(page, `(() => { const P = View.R.P; for (let k = 0; k < P.n; k++) if (P.rxe[k] > P.tx[k]) return k; return -1; })()`);
    ok(k >= 0, "a frame that arrives exists");
    await evaluate(page, `ipcsimView.setTime((View.R.P.tx[${k}] + View.R.P.rxe[${k}]) / 2)`);
    s = await S();
    ok(s.netHits > 0 && await evaluate(page, inked("net-canvas")) > 20, `the frame in flight is drawn on the network (${s.netHits} drawn)`);
    await shot(page, "flight");
    await labelsClear(page);

    // A dropped frame: a red cross with its cause, on the network and the ladder.
    const d = await evaluate(page, `(() => { const P = View.R.P; for (let k = 0; k < P.n; k++) {
      const f = P.fate.str(P.ord[k]); if (f !== "delivered" && f !== "corrupted") return k; } return -1; })()`);
    if (d >= 0) {
      await evaluate(page, `(() => { const P = View.R.P, k = ${d}, m = View.R.topo.media[P.medium.str(P.ord[k])];
        const txe = isNaN(P.txe[k]) ? P.tx[k] : P.txe[k]; ipcsimView.setTime(txe + (m ? m.delay : 0) / 2 + 1e-9); })()`);
      const red = `(() => { const c = document.getElementById("net-canvas"), x = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
        let k = 0; for (let i = 0; i < x.length; i += 4) if (x[i] > 150 && x[i + 1] < 80 && x[i + 2] < 80 && x[i + 3] > 200) k++; return k; })()`;
      ok(await evaluate(page, red) > 30, "a dropped frame is a red cross on the network");
      const cause = await evaluate(page, `CAUSE[View.R.P.fate.str(View.R.P.ord[${d}])]`);
      ok(typeof cause === "string" && cause.length > 2, "with its cause: " + cause);
      await shot(page, "drop");
    }

    await evaluate(page, "ipcsimView.setTime(0); ipcsimView.play()");
    await sleep(1200);
    s = await S();
    ok(s.playing && s.t > 0, `play runs the clock (t = ${s.t})`);
    await evaluate(page, "ipcsimView.pause()");
    await sleep(100);
    const tp = (await S()).t;
    await sleep(300);
    ok((await S()).t === tp, "pause stops it");

    await evaluate(page, `ipcsimView.setTime(View.R.P.tx[${k}])`);
    const hit = await evaluate(page, "ipcsimView.ladderHit(0)");
    ok(hit !== null, "the ladder has a frame to click");
    if (hit) {
      await click(page, hit.x, hit.y);
      await sleep(150);
      s = await S();
      const text = await evaluate(page, "document.getElementById('frame').innerText");
      ok(s.sel === hit.k && /fate/.test(text) && /(Ethernet|PPP)/.test(text), "clicking it shows its decoded headers and fate");
      if (/TCP/.test(text)) ok(/flags/.test(text) && /window/.test(text) && /seq/.test(text), "TCP: flags, seq and window");
      await shot(page, "frame");
    }
    if (want === "calls" || want === "calls-local") {
      const r = await evaluate(page, "(() => { const e = document.querySelector('.call'); if (!e) return null; e.scrollIntoView(); const b = e.getBoundingClientRect(); return [b.left + 20, b.top + b.height / 2]; })()");
      ok(r !== null, "failed calls are listed");
      if (r) {
        await click(page, r[0], r[1]);
        await sleep(200);
        s = await S();
        const ex = await evaluate(page, "document.getElementById('explain').innerText");
        ok(ex.length > 40, "clicking one shows its --explain chain: " + ex.slice(0, 80).replace(/\n/g, " "));
        if (want === "calls")
          ok(s.marked > 0 && s.sel >= 0, `it marks the frames it names (${s.marked}) and jumps to the first`);
        await evaluate(page, "window.scrollTo(0, 0)");
        png = await shot(page, "call");
        ok(await colouredIn(page, png, "#ladder") > 100, "the ladder shows them");
      }
    }
    if (await evaluate(page, "View.R.tcp.n") > 0)
      ok(await evaluate(page, inked("g-tseq")) > 300 && await evaluate(page, inked("g-cwnd")) > 300, "the time-sequence and cwnd graphs are drawn");
    ok(errors.length === 0, "no script error while driven " + errors.join("; "));
  } catch (e) {
    ok(false, "driving the page: " + e.message);
  } finally {
    page.close();
  }
  console.log(`1..${n}`);
  process.exit(failed ? 1 : 0);
}
main();
