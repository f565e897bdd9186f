// sim/view/graphs.js: the time-sequence, cwnd and throughput graphs of the
// run (tcp.csv and throughput.csv, as `ipcsim plot` draws them), with the
// time cursor V.t as a red line; a click on a graph moves the cursor.
// The connection end is chosen in the menu; by default the first end
// that sent data.
"use strict";
const Graphs = {};

Graphs.init = function (R) {
  const T = R.tcp, n = T.n, sel = document.getElementById("conn");
  const t = times(T.c("t"), n), host = T.c("host"), conn = T.c("conn"), ev = T.c("event");
  const len = T.c("len"), ends = [], byKey = {};
  for (let i = 0; i < n; i++) {
    const key = host.str(i) + " " + conn.str(i);
    if (!byKey[key]) { byKey[key] = { key, rows: [], data: false }; ends.push(byKey[key]); }
    byKey[key].rows.push(i);
    if (ev.str(i) === "send" && len.num(i) > 0) byKey[key].data = true;
  }
  ends.sort((a, b) => b.data - a.data);
  Graphs.ends = ends; Graphs.t = t;
  for (const e of ends) { const o = document.createElement("option"); o.value = e.key; o.textContent = e.key + (e.data ? "" : " (no data)"); sel.append(o); }
  if (!ends.length) { const o = document.createElement("option"); o.textContent = "no TCP connection"; sel.append(o); }
  Graphs.end = ends[0] || null;
  sel.onchange = () => { Graphs.end = byKey[sel.value]; Graphs.prepare(); View.redraw(); };
  for (const id of ["g-tseq", "g-cwnd", "g-thr"]) {
    const cv = document.getElementById(id);
    cv.addEventListener("click", e => {
      const g = cv.geom; if (!g) return;
      const r = cv.getBoundingClientRect();
      View.pause(); View.setTime(g.x0 + (e.clientX - r.left - g.l) / g.w * (g.x1 - g.x0));
    });
  }
  Graphs.prepare();
};

// The chosen end's series, for drawing.
Graphs.prepare = function () {
  const R = View.R, T = R.tcp, e = Graphs.end, t = Graphs.t;
  const g = { sends: [], acks: [], cwnd: [], ssth: [], wnd: [] };
  if (e) {
    const ev = T.c("event"), det = T.c("detail"), seq = T.c("seq"), len = T.c("len"), ack = T.c("ack");
    const cw = T.c("cwnd"), ss = T.c("ssthresh"), wn = T.c("snd_wnd");
    for (const i of e.rows) {
      const kind = ev.str(i);
      if (kind === "send") g.sends.push([t[i], seq.num(i), seq.num(i) + Math.max(len.num(i), 0.5), det.str(i) === "rexmit"]);
      if (kind === "recv" && !isNaN(ack.num(i))) g.acks.push([t[i], ack.num(i)]);
      const lim = v => (v >= 1e9 ? NaN : v);      // 4.4BSD's "no limit yet"
      if (!isNaN(cw.num(i))) { g.cwnd.push([t[i], lim(cw.num(i))]); g.ssth.push([t[i], lim(ss.num(i))]); g.wnd.push([t[i], lim(wn.num(i))]); }
    }
  }
  const H = R.thr, tt = times(H.c("t"), H.n), c = H.c("conn"), mb = H.c("mbps"), flows = {};
  for (let i = 0; i < H.n; i++) (flows[c.str(i)] = flows[c.str(i)] || []).push([tt[i], mb.num(i)]);
  g.flows = flows;
  Graphs.g = g;
};

function frame(cv, x0, x1, y0, y1) {
  const dpr = window.devicePixelRatio || 1, r = cv.getBoundingClientRect();
  if (cv.width !== Math.round(r.width * dpr)) { cv.width = Math.round(r.width * dpr); cv.height = Math.round(r.height * dpr); }
  const ctx = cv.getContext("2d"), l = 62, b = 22, W = r.width, H = r.height;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.fillStyle = "#fff"; ctx.fillRect(0, 0, W, H);
  if (!(y1 > y0)) y1 = y0 + 1;
  const geom = { l, w: W - l - 8, x0, x1, h: H - b - 6 };
  cv.geom = geom;
  const X = x => l + (x - x0) / (x1 - x0) * geom.w, Y = y => 6 + (1 - (y - y0) / (y1 - y0)) * geom.h;
  ctx.strokeStyle = "#9aa3ad"; ctx.lineWidth = 1; ctx.strokeRect(l, 6, geom.w, geom.h);
  ctx.font = "10px monospace"; ctx.fillStyle = "#68717c";
  const sx = niceStep(x1 - x0, 5), sy = niceStep(y1 - y0, 4);
  for (let x = Math.ceil(x0 / sx) * sx; x <= x1; x += sx) ctx.fillText(fmtTime(x, sx), X(x) - 14, H - 6);
  for (let y = Math.ceil(y0 / sy) * sy; y <= y1; y += sy) ctx.fillText(y >= 1e4 ? (y / 1e3) + "k" : +y.toPrecision(4), 2, Y(y) + 3);
  return { ctx, X, Y, W, H };
}

function cursor(f) {
  const x = f.X(V.t);
  f.ctx.strokeStyle = "#e53935"; f.ctx.lineWidth = 2;
  f.ctx.beginPath(); f.ctx.moveTo(x, 6); f.ctx.lineTo(x, f.H - 22); f.ctx.stroke();
}

function line(f, pts, colour, step, dash) {
  const c = f.ctx;
  c.strokeStyle = colour; c.lineWidth = 1.5; c.setLineDash(dash || []);
  c.beginPath();
  let on = false, py = 0;
  for (const [x, y] of pts) {
    if (isNaN(y)) { on = false; continue; }
    if (!on) c.moveTo(f.X(x), f.Y(y)); else { if (step) c.lineTo(f.X(x), f.Y(py)); c.lineTo(f.X(x), f.Y(y)); }
    on = true; py = y;
  }
  c.stroke(); c.setLineDash([]);
}

function empty(cv, text) {
  const f = frame(cv, 0, View.R.end, 0, 1);
  f.ctx.fillStyle = "#8a929b"; f.ctx.font = "italic 12px DejaVu Sans, sans-serif"; f.ctx.fillText(text, 80, 60);
  cursor(f);
}

function extent(arrs, col) {
  let lo = Infinity, hi = -Infinity;
  for (const a of arrs) for (const p of a) for (const c of col) if (!isNaN(p[c])) { lo = Math.min(lo, p[c]); hi = Math.max(hi, p[c]); }
  return [lo, hi];
}

Graphs.draw = function () {
  const g = Graphs.g, end = View.R.end;
  const tseq = document.getElementById("g-tseq"), cw = document.getElementById("g-cwnd"), thr = document.getElementById("g-thr");
  if (g.sends.length) {
    const [x0, x1] = extent([g.sends, g.acks], [0]), [y0, y1] = extent([g.sends], [1, 2]);
    const f = frame(tseq, x0, Math.max(x1, x0 + 1e-6), y0, y1 * 1.02);
    const acks = g.acks.filter(p => p[1] >= y0 && p[1] <= y1 * 1.05);   // not a RST's stray ack
    for (const [t, a, b, re] of g.sends) {
      f.ctx.strokeStyle = re ? "#d32f2f" : "#1f6fd1"; f.ctx.lineWidth = 2;
      f.ctx.beginPath(); f.ctx.moveTo(f.X(t), f.Y(a)); f.ctx.lineTo(f.X(t), Math.min(f.Y(b), f.Y(a) - 1.5)); f.ctx.stroke();
    }
    line(f, acks, "#2e9d4f", true);
    cursor(f);
  } else empty(tseq, "no segment sent by this end");
  if (g.cwnd.length) {
    const [x0, x1] = extent([g.cwnd], [0]), [, y1] = extent([g.cwnd, g.ssth, g.wnd], [1]);
    const f = frame(cw, x0, Math.max(x1, x0 + 1e-6), 0, Math.min(y1, 1e9));
    line(f, g.wnd, "#9aa3ad", true, [4, 3]); line(f, g.ssth, "#e69500", true); line(f, g.cwnd, "#1f6fd1", true);
    cursor(f);
  } else empty(cw, "no TCP rows");
  const names = Object.keys(g.flows);
  if (names.length) {
    const [, y1] = extent(Object.values(g.flows), [1]), [, x1] = extent(Object.values(g.flows), [0]);
    const f = frame(thr, 0, x1 > 0 ? x1 : end, 0, y1 > 0 ? y1 : 1);
    names.forEach((n, j) => line(f, g.flows[n], CAT_COLOUR[j % CAT_COLOUR.length], true));
    cursor(f);
  } else empty(thr, "no TCP data delivered");
};
