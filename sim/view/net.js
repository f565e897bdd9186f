// sim/view/net.js: the network view. Graphviz drew the network (the SVG
// inlined in the page); this draws over it, on a canvas, what is on the
// wire at V.t: each frame on a link as a stroke from its last bit to its
// first bit (their distance is the transmission time, their speed the
// propagation delay), on an Ethernet the signal spreading along the cable
// from the sender's tap, drops as a cross with their cause, queue lengths
// as badges at the sending end, and the collision count of the moment.
"use strict";
const Net = {};

Net.init = function (R) {
  const svg = document.querySelector("#net svg");
  Net.svg = svg; Net.R = R; Net.hits = [];
  // Fit the pane: grow a small drawing up to 1.5 times Graphviz's size,
  // shrink a big one down to 0.6 of it (the pane then scrolls); in CSS,
  // so that nothing here waits for a layout.
  const natural = svg.width.baseVal.value || 400;      // in px
  svg.style.width = natural * 1.5 + "px"; svg.style.maxWidth = "100%"; svg.style.minWidth = natural * 0.6 + "px";
  Net.graph = svg.querySelector("g.graph") || svg;
  Net.canvas = document.getElementById("net-canvas");
  for (const g of svg.querySelectorAll('g.edge[id^="link:"]')) clearOfPath(g);
  // The boxes of the drawing's own text (host addresses, link rates and
  // delays, segment names), in graph coordinates: what is drawn over the
  // drawing keeps off them.
  Net.statics = [];
  for (const tx of svg.querySelectorAll("text")) { const b = tx.getBBox(); if (b.width) Net.statics.push(b); }
  Net.hostAt = {};
  for (const h in R.topo.hosts) {
    const g = document.getElementById("host:" + h);
    if (!g) continue;
    const b = g.getBBox();
    Net.hostAt[h] = { x: b.x + b.width / 2, y: b.y + b.height / 2, w: b.width, h: b.height };
  }
  Net.media = {};
  for (const name in R.topo.media) {
    const m = R.topo.media[name];
    if (m.kind === "link") {
      const g = document.getElementById("link:" + name), path = g && g.querySelector("path");
      if (!path || m.stations.length !== 2) continue;
      const L = path.getTotalLength(), p0 = path.getPointAtLength(0);
      const a = m.stations.find(s => s.end === "a").host, ha = Net.hostAt[a];
      const b = m.stations.find(s => s.end === "b").host, hb = Net.hostAt[b];
      const da = Math.hypot(p0.x - ha.x, p0.y - ha.y), db = Math.hypot(p0.x - hb.x, p0.y - hb.y);
      Net.media[name] = { m, path, L, a, b, rev: db < da };
    } else {
      const g = document.getElementById("seg:" + name), poly = g && g.querySelector("polygon");
      if (!poly) continue;
      const bb = poly.getBBox(), taps = [];
      for (const s of m.stations) {
        const tg = document.getElementById("tap:" + name + ":" + s.host);
        const tp = tg && tg.querySelector("path");
        let x = Net.hostAt[s.host] ? Net.hostAt[s.host].x : bb.x;
        if (tp) {
          const q0 = tp.getPointAtLength(0), q1 = tp.getPointAtLength(tp.getTotalLength());
          const edge = bb.y + bb.height;            // the bar's lower side
          x = Math.abs(q0.y - edge) < Math.abs(q1.y - edge) ? q0.x : q1.x;
        }
        taps.push({ host: s.host, pos: s.pos, x: Math.min(Math.max(x, bb.x), bb.x + bb.width), tap: tp });
      }
      taps.sort((p, q) => p.pos - q.pos);
      Net.media[name] = { m, bb, taps };
    }
  }
  Net.canvas.addEventListener("click", e => {
    const r = Net.canvas.getBoundingClientRect(), k = hitTest(Net.hits, e.clientX - r.left, e.clientY - r.top);
    if (k >= 0) View.selectFrame(k);
  });
  Net.queues = seriesBy(R.queues, ["medium", "port"], "qlen");
  Net.coll = seriesBy(R.coll, ["medium"], "collisions");
};

// Moves a link's label (rate and delay, which Graphviz writes beside the
// middle of the line, sometimes across it) sideways until it is clear of
// the line and of the frames drawn along it, on a white ground.
function clearOfPath(g) {
  const path = g.querySelector("path"), texts = [...g.querySelectorAll("text")];
  if (!path || !texts.length) return;
  const box = () => { let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (const t of texts) { const b = t.getBBox(); x0 = Math.min(x0, b.x); y0 = Math.min(y0, b.y); x1 = Math.max(x1, b.x + b.width); y1 = Math.max(y1, b.y + b.height); }
    return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 }; };
  const L = path.getTotalLength(), pts = [];
  for (let j = 0; j <= 40; j++) pts.push(path.getPointAtLength(L * j / 40));
  const b = box(), pad = 7;                // half the widest frame stroke, and a margin
  const hits = dx => pts.some(p => p.x > b.x + dx - pad && p.x < b.x + dx + b.w + pad && p.y > b.y - pad && p.y < b.y + b.h + pad);
  let dx = 0;
  for (let step = 1; step <= 200 && hits(dx); step++) {
    const mid = pts[20].x, right = b.x + b.w / 2 >= mid ? 1 : -1;
    dx = (step % 2 ? right : -right) * Math.ceil(step / 2);   // its own side first
    if (!hits(dx)) break;
    dx = right * Math.ceil(step / 2);
  }
  for (const t of texts) t.setAttribute("x", +t.getAttribute("x") + dx);
  const nb = box(), r = document.createElementNS("http://www.w3.org/2000/svg", "rect");
  for (const [k, v] of Object.entries({ x: nb.x - 2, y: nb.y - 1, width: nb.w + 4, height: nb.h + 2, rx: 3, fill: "#fff", "fill-opacity": 0.85, class: "label-ground" }))
    r.setAttribute(k, v);
  texts[0].before(r);
}

// Rows of a time series grouped by the values of columns keys (joined by
// "/"): { key: { t: Float64Array, v: Float64Array } }. Rows are grouped
// by their dictionary indexes where the columns have them.
function seriesBy(T, keys, vcol) {
  const out = {}, t = times(T.c("t"), T.n), v = T.c(vcol), cs = keys.map(k => T.c(k));
  const code = cs.every(c => c.idx && c.dict.length < 65536)
    ? i => cs.reduce((a, c) => a * 65536 + c.idx[i], 0) : i => cs.map(c => c.str(i)).join("/");
  const rows = new Map();
  for (let i = 0; i < T.n; i++) {
    const k = code(i), r = rows.get(k);
    if (r) r.push(i); else rows.set(k, [i]);
  }
  for (const r of rows.values()) {
    const s = out[cs.map(c => c.str(r[0])).join("/")] = { t: new Float64Array(r.length), v: new Float64Array(r.length) };
    r.forEach((i, j) => { s.t[j] = t[i]; s.v[j] = v.num(i); });
  }
  return out;
}

// The value of series s at time t (the last change at or before t).
function valueAt(s, t) {
  const i = lowerBound(s.t, t + 1e-12) - 1;
  return i >= 0 ? s.v[i] : 0;
}

// The k of the hit nearest (x, y) within 9 px, else -1.
function hitTest(hits, x, y) {
  let best = -1, bd = 9;
  for (const h of hits)
    for (let j = 0; j + 1 < h.pts.length; j += 2) {
      const d = segDist(x, y, h.pts[j], h.pts[j + 1]);
      if (d < bd) { bd = d; best = h.k; }
    }
  return best;
}

function segDist(x, y, a, b) {
  const dx = b[0] - a[0], dy = b[1] - a[1], l = dx * dx + dy * dy;
  let u = l ? ((x - a[0]) * dx + (y - a[1]) * dy) / l : 0;
  u = Math.max(0, Math.min(1, u));
  return Math.hypot(x - a[0] - u * dx, y - a[1] - u * dy);
}

Net.resize = function () {
  const r = Net.svg.getBoundingClientRect(), dpr = window.devicePixelRatio || 1;
  Net.canvas.width = Math.round(r.width * dpr); Net.canvas.height = Math.round(r.height * dpr);
  Net.canvas.style.width = r.width + "px"; Net.canvas.style.height = r.height + "px";
};

// Graph coordinates (Graphviz's) to canvas pixels.
function toCanvas() {
  const M = Net.graph.getScreenCTM(), r = Net.canvas.getBoundingClientRect();
  return (x, y) => [M.a * x + M.c * y + M.e - r.left, M.b * x + M.d * y + M.f - r.top];
}

// How long a dropped frame's cross stays up: 0.6 s of wall time.
function linger() { return Math.max(View.speed * 0.6, Net.R.P.maxHop * 0.5); }

Net.draw = function () {
  const R = Net.R, P = R.P, t = V.t, ctx = Net.canvas.getContext("2d"), dpr = window.devicePixelRatio || 1;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, Net.canvas.width, Net.canvas.height);
  const T = toCanvas();
  Net.hits = []; Net.labels = []; Net.pending = [];
  Net.placed = Net.statics.map(b => { const [x0, y0] = T(b.x, b.y), [x1, y1] = T(b.x + b.width, b.y + b.height);
    return [Math.min(x0, x1), Math.min(y0, y1), Math.abs(x1 - x0), Math.abs(y1 - y0)]; });
  drawQueues(ctx, T, t);
  drawCollisions(ctx, T, t);
  const lo = lowerBound(P.tx, t - P.maxHop - linger()), hi = lowerBound(P.tx, t + 1e-12);
  let labels = 0;
  for (let k = lo; k < hi && Net.hits.length < 400; k++) {
    const i = P.ord[k], nm = Net.media[P.medium.str(i)];
    if (!nm) continue;
    const drawn = nm.path ? drawOnLink(ctx, T, nm, k, i, t) : drawOnCable(ctx, T, nm, k, i, t);
    if (drawn && labels < 10 && (k === V.sel || labels < 6)) {
      netLabel(ctx, drawn, P.label.str(i), "11px DejaVu Sans, sans-serif", "rgba(255,255,255,0.85)", "#111");
      labels++;
    }
  }
  for (const write of Net.pending) write();     // the labels over every stroke
};

// Writes text on a ground near the point p once every frame is drawn,
// in the first place that covers no text of the drawing and no label or
// badge already written (above right, below right, above left, below
// left, then further out), inside the canvas; where there is none it is
// left out.
function netLabel(ctx, p, text, font, ground, ink) {
  Net.pending.push(() => placeText(ctx, p, text, font, ground, ink));
}

function placeText(ctx, p, text, font, ground, ink) {
  ctx.font = font;
  const w = ctx.measureText(text).width + 4, h = 14, dpr = window.devicePixelRatio || 1;
  const W = Net.canvas.width / dpr, H = Net.canvas.height / dpr;
  for (const [dx, dy] of [[4, -17], [4, 3], [-w - 4, -17], [-w - 4, 3], [4, -33], [4, 19], [-w - 4, -33], [-w - 4, 19], [-w / 2, -40], [-w / 2, 26]]) {
    const b = [p[0] + dx, p[1] + dy, w, h];
    if (b[0] < 0 || b[1] < 0 || b[0] + w > W || b[1] + h > H) continue;
    if (Net.placed.some(q => b[0] < q[0] + q[2] && q[0] < b[0] + b[2] && b[1] < q[1] + q[3] && q[1] < b[1] + b[3])) continue;
    Net.placed.push(b); Net.labels.push(b);
    ctx.fillStyle = ground; ctx.fillRect(b[0], b[1], w, h);
    ctx.fillStyle = ink; ctx.fillText(text, b[0] + 2, b[1] + 11);
    return true;
  }
  return false;
}

// A frame on a link; returns where to write its label, or null.
function drawOnLink(ctx, T, nm, k, i, t) {
  const P = Net.R.P, tx = P.tx[k], txe = isNaN(P.txe[k]) ? tx : P.txe[k];
  const prop = isNaN(P.rx[k]) ? nm.m.delay : P.rx[k] - tx, fate = P.fate.str(i);
  const bad = fate !== "delivered" && fate !== "corrupted";
  const end = bad ? txe + prop / 2 + linger() : P.rxe[k];
  if (t < tx || t > end) return null;
  const fwd = (P.from.str(i) === nm.a) !== nm.rev;
  const frac = x => (prop > 0 ? x / prop : x >= 0 ? 1 : 0);
  let head = Math.min(1, frac(t - tx)), tail = Math.max(0, Math.min(1, frac(t - txe)));
  const stop = fate === "queue" ? 0 : bad ? 0.5 : 1;
  head = Math.min(head, stop); tail = Math.min(tail, stop);
  const at = f => { const p = nm.path.getPointAtLength((fwd ? f : 1 - f) * nm.L); return T(p.x, p.y); };
  const pts = [];
  for (let s = 0; s <= 6; s++) pts.push(at(tail + (head - tail) * s / 6));
  strokePts(ctx, pts, CAT_COLOUR[P.cat[k]], k === V.sel ? 10 : 7, k);
  if (bad && (fate === "queue" || frac(t - tx) >= stop)) cross(ctx, at(stop), CAUSE[fate] || fate);
  return pts[pts.length - 1];
}

// A frame on an Ethernet: the signal on the cable between the sender's
// tap and how far its first and last bits have gone.
function drawOnCable(ctx, T, nm, k, i, t) {
  const P = Net.R.P, m = nm.m, tx = P.tx[k], txe = isNaN(P.txe[k]) ? tx : P.txe[k];
  const fate = P.fate.str(i), bad = fate !== "delivered" && fate !== "corrupted";
  const v = m.delay > 0 ? m.length / m.delay : Infinity;
  const end = bad ? txe + linger() : Math.max(P.rxe[k], txe + m.delay);
  if (t < tx || t > end) return null;
  const src = nm.taps.find(s => s.host === P.from.str(i));
  if (!src) return null;
  const r1 = Math.min((t - tx) * v, m.length), r0 = Math.max(0, (t - txe) * v);
  const y = nm.bb.y + nm.bb.height * 0.75, col = bad ? "#c62828" : CAT_COLOUR[P.cat[k]];
  const xOf = pos => cableX(nm, pos), pts = [];
  for (const [a, b] of [[src.pos - r1, src.pos - r0], [src.pos + r0, src.pos + r1]]) {
    const lo = Math.max(0, Math.min(a, b)), hi = Math.min(m.length, Math.max(a, b));
    if (hi > lo || (hi === lo && r0 === 0)) pts.push(T(xOf(lo), y), T(xOf(hi), y));
  }
  for (let j = 0; j < pts.length; j += 2) strokePts(ctx, [pts[j], pts[j + 1]], col, k === V.sel ? 12 : 9, -1);
  Net.hits.push({ k, pts });
  const yb = nm.bb.y + nm.bb.height;
  const tap = (s, c) => {           // along Graphviz's own tap line
    const L = s.tap ? s.tap.getTotalLength() : 0, h = Net.hostAt[s.host], pts = [];
    for (let j = 0; L && j <= 8; j++) { const q = s.tap.getPointAtLength(L * j / 8); pts.push(T(q.x, q.y)); }
    if (!L && h) pts.push(T(s.x, yb), T(h.x, h.y - h.h / 2));
    if (pts.length) strokePts(ctx, pts, c, 4, -1);
  };
  if (t <= txe) tap(src, col);
  const to = P.to.str(i);
  for (const s of nm.taps)
    if (s !== src && (to === "*" || s.host === to) && t >= P.rx[k] && t <= P.rxe[k]) tap(s, col);
  if (bad && t >= txe) cross(ctx, T(src.x, y), CAUSE[fate] || fate);
  return T(src.x, y - 4);
}

// Metres along the cable to graph x, through the stations' taps.
function cableX(nm, pos) {
  const ts = nm.taps, bb = nm.bb, L = nm.m.length;
  const xs = [[0, bb.x], ...ts.map(s => [s.pos, s.x]), [L, bb.x + bb.width]];
  for (let j = 0; j + 1 < xs.length; j++)
    if (pos <= xs[j + 1][0]) {
      const [p0, x0] = xs[j], [p1, x1] = xs[j + 1];
      return p1 > p0 ? x0 + (x1 - x0) * (pos - p0) / (p1 - p0) : x1;
    }
  return bb.x + bb.width;
}

function strokePts(ctx, pts, colour, width, k) {
  ctx.strokeStyle = colour; ctx.lineWidth = width; ctx.lineCap = "round";
  ctx.beginPath(); ctx.moveTo(pts[0][0], pts[0][1]);
  for (const p of pts.slice(1)) ctx.lineTo(p[0], p[1]);
  ctx.stroke();
  if (k >= 0) {
    const seg = [];
    for (let j = 0; j + 1 < pts.length; j++) seg.push(pts[j], pts[j + 1]);
    Net.hits.push({ k, pts: seg.length ? seg : [pts[0], pts[0]] });
  }
}

function cross(ctx, p, why) {
  const [x, y] = p;
  ctx.strokeStyle = "#c62828"; ctx.lineWidth = 3;
  ctx.beginPath(); ctx.moveTo(x - 7, y - 7); ctx.lineTo(x + 7, y + 7); ctx.moveTo(x + 7, y - 7); ctx.lineTo(x - 7, y + 7); ctx.stroke();
  netLabel(ctx, [x + 4, y + 20], why, "bold 11px DejaVu Sans, sans-serif", "rgba(255,255,255,0.9)", "#c62828");
}

function drawQueues(ctx, T, t) {
  for (const key in Net.queues) {
    const q = valueAt(Net.queues[key], t);
    if (!(q > 0)) continue;
    const [medium, port] = key.split("/"), nm = Net.media[medium];
    if (!nm) continue;
    let p;
    if (nm.path) {
      const f = (port === "a") !== nm.rev ? 0.12 : 0.88, g = nm.path.getPointAtLength(f * nm.L);
      p = T(g.x, g.y);
    } else {
      const h = Net.hostAt[port];
      if (!h) continue;
      p = T(h.x + h.w / 2, h.y - h.h / 2);
    }
    badge(ctx, p, "queue " + q, "#b45309");
  }
}

function drawCollisions(ctx, T, t) {
  for (const medium in Net.coll) {
    const nm = Net.media[medium], s = Net.coll[medium];
    if (!nm || !nm.bb) continue;
    const i = lowerBound(s.t, t);        // the interval ending at or after t
    if (i >= s.t.length || !(s.v[i] > 0)) continue;
    const [x, y] = T(nm.bb.x + nm.bb.width, nm.bb.y), text = s.v[i] + " collisions in this interval";
    ctx.font = "bold 11px DejaVu Sans, sans-serif";
    badge(ctx, [x - ctx.measureText(text).width / 2 - 8, y + 16], text, "#c62828");
  }
}

// A badge centred above p, or (netLabel's places) near it.
function badge(ctx, p, text, colour) {
  ctx.font = "bold 11px DejaVu Sans, sans-serif";
  const w = ctx.measureText(text).width;
  netLabel(ctx, [p[0] - w / 2 - 6, p[1] + 1], text, ctx.font, colour, "#fff");
}
