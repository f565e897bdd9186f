// sim/view/main.js: the page's clock and controls. V.t is the simulated
// time shown; play advances it by the wall time elapsed times the speed
// (simulated seconds per second), skipping idle stretches when asked;
// step goes to the next or previous time something starts or ends; the
// slider and every view set it. window.ipcsimView is the handle the
// browser tests drive (play, step, setTime, selectFrame, chooseCall) and
// read (state, netLabels, ladderHit).
"use strict";
const View = { speed: 1e-3 };
const SPEEDS = [1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 0.1, 1, 10];

function speedName(s) { return s >= 1 ? s + " s/s" : s >= 1e-3 ? s * 1e3 + " ms/s" : s * 1e6 + " \u00b5s/s"; }

View.init = async function () {
  const t0 = performance.now(), prof = View.prof = { start: Math.round(t0) };
  const mark = (what, fn) => { const a = performance.now(); const v = fn(); prof[what] = Math.round(performance.now() - a); return v; };
  let a = performance.now();
  const { raw, bin } = await unpack(document.getElementById("run-data").textContent);
  prof.unpack = Math.round(performance.now() - a);
  const R = View.R = mark("rows", () => loadRun(raw, bin));
  mark("net", () => Net.init(R)); mark("ladder", () => Ladder.init(R));
  mark("panels", () => { Panels.initCalls(R); Panels.initOutput(R); }); mark("graphs", () => Graphs.init(R));
  const sp = document.getElementById("speed");
  const hop = Ladder.span / 12;
  View.speed = SPEEDS.find(s => s >= hop * 2) || 10;
  for (const s of SPEEDS) { const o = document.createElement("option"); o.value = s; o.textContent = speedName(s); o.selected = s === View.speed; sp.append(o); }
  sp.onchange = () => { View.speed = +sp.value; };
  const sl = document.getElementById("slider");
  sl.oninput = () => { View.pause(); View.setTime(sl.value / 1e6 * R.end); };
  document.getElementById("timeline").onclick = e => {
    const r = e.target.getBoundingClientRect(), t = (e.clientX - r.left) / r.width * R.end;
    const ct = Panels.callT, j = ct.length ? nearest(ct, t) : -1;
    if (j >= 0 && Math.abs(ct[j] - t) / R.end * r.width < 4) Panels.chooseCall(j);
    else { View.pause(); View.setTime(t); }
  };
  document.getElementById("b-play").onclick = () => (V.playing ? View.pause() : View.play());
  document.getElementById("b-next").onclick = () => View.step(1);
  document.getElementById("b-prev").onclick = () => View.step(-1);
  document.getElementById("b-start").onclick = () => { View.pause(); View.setTime(0); };
  document.addEventListener("keydown", e => {
    if (e.target.tagName === "SELECT" || e.target.tagName === "INPUT" && e.target.type !== "range") return;
    if (e.key === " ") { e.preventDefault(); V.playing ? View.pause() : View.play(); }
    else if (e.key === "ArrowRight") { e.preventDefault(); View.step(1); }
    else if (e.key === "ArrowLeft") { e.preventDefault(); View.step(-1); }
    else if (e.key === "+" || e.key === "=") Ladder.zoom(0.5);
    else if (e.key === "-") Ladder.zoom(2);
    else if (e.key === "Home") View.setTime(0);
  });
  window.addEventListener("resize", () => { Net.resize(); Panels.strip = null; View.redraw(); });
  Net.resize();
  View.setTime(R.P.n ? Math.max(0, R.P.tx[0]) : 0);
  View.loadMs = performance.now() - t0;
  document.body.dataset.ready = "1";
};

function nearest(a, t) {
  const i = lowerBound(a, t);
  if (i >= a.length) return a.length - 1;
  return i > 0 && t - a[i - 1] < a[i] - t ? i - 1 : i;
}

View.setTime = function (t) {
  V.t = Math.min(Math.max(t, 0), View.R.end);
  document.getElementById("slider").value = Math.round(V.t / View.R.end * 1e6);
  View.redraw();
};

View.redraw = function () {
  if (View.pending) return;
  View.pending = true;
  requestAnimationFrame(() => { View.pending = false; View.drawNow(); });
};

View.drawNow = function () {
  document.getElementById("clock").textContent = "t = " + V.t.toFixed(9) + " s";
  Net.draw(); Ladder.draw(); Panels.drawOutput(); Panels.drawTimeline(); Graphs.draw();
};

// The next (dir 1) or previous (-1) time something starts or ends.
View.step = function (dir) {
  View.pause();
  const eps = 1e-12;
  let best = dir > 0 ? Infinity : -Infinity;
  for (const s of View.R.stepLists) {
    const i = dir > 0 ? lowerBound(s, V.t + eps) : lowerBound(s, V.t - eps) - 1;
    if (i >= 0 && i < s.length && !isNaN(s[i])) best = dir > 0 ? Math.min(best, s[i]) : Math.max(best, s[i]);
  }
  if (isFinite(best)) View.setTime(best);
};

View.play = function () {
  if (V.playing) return;
  if (V.t >= View.R.end) V.t = 0;
  V.playing = true;
  document.getElementById("b-play").textContent = "||";
  let last = performance.now();
  const tick = now => {
    if (!V.playing) return;
    let t = V.t + (now - last) / 1000 * View.speed;
    last = now;
    if (document.getElementById("skip").checked) t = skipIdle(t);
    View.setTime(t);
    View.drawNow(); View.pending = false;
    if (V.t >= View.R.end) { View.pause(); return; }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
};

// With nothing on the wire, jump to just before the next frame starts
// when it is more than a second of wall time away.
function skipIdle(t) {
  const P = View.R.P, k = lowerBound(P.tx, t);
  if (k >= P.n) return t;
  const lo = lowerBound(P.tx, t - P.maxHop);
  for (let j = lo; j < k; j++) if (P.rxe[j] > t || P.txe[j] > t) return t;
  const gap = P.tx[k] - t;
  return gap > View.speed ? P.tx[k] - View.speed * 0.25 : t;
}

View.pause = function () {
  V.playing = false;
  document.getElementById("b-play").innerHTML = "&#x25B6;";
};

// Chooses frame k: its details, and (jump) the cursor at its start.
View.selectFrame = function (k, jump) {
  V.sel = k;
  Panels.frame(k);
  const P = View.R.P, i = P.ord[k], cols = [...Ladder.cols];
  if (jump) {
    for (const h of [P.from.str(i), P.to.str(i)]) if (h !== "*" && !cols.includes(h)) cols.push(h);
    if (cols.length !== Ladder.cols.length) Ladder.setCols(cols);
    View.setTime(P.tx[k]);
  } else View.redraw();
};

window.ipcsimView = {
  play: () => View.play(), pause: () => View.pause(), step: d => View.step(d),
  setTime: t => { View.setTime(t); View.drawNow(); }, selectFrame: k => View.selectFrame(k, true),
  chooseCall: i => Panels.chooseCall(i),
  state: () => ({ t: V.t, playing: V.playing, sel: V.sel, frames: View.R.P.n, calls: View.R.calls.n,
    marked: V.marked ? V.marked.size : 0, loadMs: View.loadMs, prof: View.prof, cols: Ladder.cols.slice(),
    netHits: Net.hits.length, ladderHits: Ladder.hits.length, end: View.R.end }),
  netLabels: () => { const r = Net.canvas.getBoundingClientRect();     // what Net.draw wrote, in client px
    return Net.labels.map(b => [b[0] + r.left, b[1] + r.top, b[2], b[3]]); },
  ladderHit: j => { const h = Ladder.hits[j]; if (!h) return null; const r = Ladder.canvas.getBoundingClientRect();
    const [a, b] = h.pts; return { k: h.k, x: r.left + (a[0] + b[0]) / 2, y: r.top + (a[1] + b[1]) / 2 }; },
};

View.init().catch(e => { console.error(e); document.body.dataset.failed = String(e); });
