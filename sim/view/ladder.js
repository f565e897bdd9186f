// sim/view/ladder.js: the live ladder diagram. One column per chosen host,
// time running down; the window follows V.t (marked by the red line) and
// its span is the zoom. Each frame between two columns is a band from the
// sender at t_tx..t_tx_end to the receiver at t_rx..t_rx_end, coloured by
// class; a dropped frame stops half-way at a cross with its cause. Labels
// are placed first come, first placed, and one that would overlap a
// placed one is left out (zoom in to see it). Frames are found by binary
// search on t_tx, so only the window is drawn.
"use strict";
const Ladder = { span: 0.1, cols: [], hits: [] };

Ladder.init = function (R) {
  Ladder.R = R; Ladder.canvas = document.getElementById("ladder");
  const names = R.topo.order.length ? R.topo.order : hostsSeen(R.P);
  Ladder.cols = defaultColumns(R, names);
  const box = document.getElementById("ladder-hosts");
  for (const h of names) {
    const l = document.createElement("label"), c = document.createElement("input");
    c.type = "checkbox"; c.checked = Ladder.cols.includes(h); c.dataset.host = h;
    c.addEventListener("change", () => { Ladder.setCols(names.filter(x => box.querySelector(`[data-host="${x}"]`).checked)); });
    l.append(c, " " + h); box.append(l);
  }
  Ladder.names = names;
  Ladder.span = defaultSpan(R);
  Ladder.canvas.addEventListener("click", e => {
    const r = Ladder.canvas.getBoundingClientRect(), k = hitTest(Ladder.hits, e.clientX - r.left, e.clientY - r.top);
    if (k >= 0) View.selectFrame(k);
  });
  Ladder.canvas.addEventListener("wheel", e => {
    e.preventDefault();
    if (e.ctrlKey || e.metaKey) Ladder.zoom(e.deltaY > 0 ? 1.25 : 0.8);
    else View.setTime(V.t + Math.sign(e.deltaY) * Ladder.span * 0.1);
  }, { passive: false });
  document.getElementById("z-in").onclick = () => Ladder.zoom(0.5);
  document.getElementById("z-out").onclick = () => Ladder.zoom(2);
};

Ladder.setCols = function (cols) {
  Ladder.cols = cols;
  for (const c of document.querySelectorAll("#ladder-hosts input")) c.checked = cols.includes(c.dataset.host);
  View.redraw();
};

Ladder.zoom = function (f) {
  Ladder.span = Math.min(Math.max(Ladder.span * f, 1e-7), Ladder.R.end * 2);
  View.redraw();
};

function hostsSeen(P) {
  const s = new Set();
  for (let i = 0; i < P.n; i++) { s.add(P.from.str(i)); if (P.to.str(i) !== "*") s.add(P.to.str(i)); }
  return [...s];
}

// Every host when there are four at most; else the hosts of the first TCP
// datagram's hops (else the first IP one's), in path order; else the
// ends of the first frames (four hosts at most).
function defaultColumns(R, names) {
  const P = R.P;
  if (names.length <= 4) return names.slice();
  for (const want of ["tcp", null])
    for (let k = 0; k < P.n; k++) {
      const i = P.ord[k];
      if (P.ethertype.str(i) !== "ip" || (want && P.proto.str(i) !== want)) continue;
      const cols = [], src = P.src.str(i), id = P.id.str(i);
      for (let j = k; j < P.n && P.tx[j] <= P.tx[k] + 10; j++) {
        const q = P.ord[j];
        if (P.src.str(q) !== src || P.id.str(q) !== id || P.ethertype.str(q) !== "ip") continue;
        for (const h of [P.from.str(q), P.to.str(q)]) if (h !== "*" && !cols.includes(h)) cols.push(h);
      }
      if (cols.length >= 2) return cols;
    }
  const cols = [];
  for (let k = 0; k < P.n && cols.length < 4; k++)
    for (const h of [P.from.str(P.ord[k]), P.to.str(P.ord[k])]) if (h !== "*" && !cols.includes(h)) cols.push(h);
  return cols.length >= 2 ? cols : names.slice(0, 6);
}

// A span that shows the first exchange: ten times the median hop.
function defaultSpan(R) {
  const P = R.P, d = [];
  for (let k = 0; k < P.n && d.length < 2000; k++) if (!isNaN(P.rxe[k])) d.push(P.rxe[k] - P.tx[k]);
  d.sort((a, b) => a - b);
  const med = d.length ? d[d.length >> 1] : R.end / 10;
  return Math.min(Math.max(med * 12, 1e-5), R.end * 1.05);
}

function niceStep(span, n) {
  const raw = span / n, p = Math.pow(10, Math.floor(Math.log10(raw)));
  for (const m of [1, 2, 5, 10]) if (p * m >= raw) return p * m;
  return p * 10;
}

function fmtTime(t, step) {
  const d = Math.max(0, Math.min(9, -Math.floor(Math.log10(step))));
  return t.toFixed(d) + " s";
}

Ladder.draw = function () {
  const cv = Ladder.canvas, dpr = window.devicePixelRatio || 1, r = cv.getBoundingClientRect();
  if (cv.width !== Math.round(r.width * dpr) || cv.height !== Math.round(r.height * dpr)) {
    cv.width = Math.round(r.width * dpr); cv.height = Math.round(r.height * dpr);
  }
  const ctx = cv.getContext("2d"), W = r.width, H = r.height;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.fillStyle = "#fff"; ctx.fillRect(0, 0, W, H);
  const top = 34, left = 92, right = 40, cols = Ladder.cols, P = Ladder.R.P;
  const t0 = V.t - Ladder.span * 0.3, t1 = t0 + Ladder.span;
  const y = t => top + (t - t0) / Ladder.span * (H - top - 8);
  const colX = {};
  cols.forEach((h, j) => { colX[h] = left + (cols.length > 1 ? j * (W - left - right) / (cols.length - 1) : (W - left - right) / 2); });
  drawAxis(ctx, t0, t1, y, W, H, left);
  ctx.font = "bold 12px DejaVu Sans, sans-serif"; ctx.textAlign = "center";
  for (const h of cols) {
    ctx.fillStyle = "#26303c"; ctx.fillText(h, colX[h], 16);
    ctx.strokeStyle = "#9aa3ad"; ctx.lineWidth = 1.5;
    ctx.beginPath(); ctx.moveTo(colX[h], top - 6); ctx.lineTo(colX[h], H); ctx.stroke();
  }
  ctx.textAlign = "left";
  Ladder.hits = [];
  const lo = lowerBound(P.tx, t0 - P.maxHop), hi = lowerBound(P.tx, t1);
  const many = hi - lo > 3000, placed = [];
  ctx.save();
  ctx.beginPath(); ctx.rect(0, top - 8, W, H); ctx.clip();   // not over the names
  for (let k = lo; k < hi; k++) drawFrame(ctx, k, colX, y, many, placed);
  ctx.restore();
  ctx.strokeStyle = "#e53935"; ctx.lineWidth = 2;
  const yc = y(V.t);
  ctx.beginPath(); ctx.moveTo(left - 6, yc); ctx.lineTo(W, yc); ctx.stroke();
  ctx.font = "bold 11px monospace";
  const now = V.t.toFixed(9) + " s", tw = ctx.measureText(now).width;
  ctx.fillStyle = "#fff"; ctx.fillRect(W - tw - 8, yc - 15, tw + 6, 13);
  ctx.fillStyle = "#e53935"; ctx.fillText(now, W - tw - 5, yc - 5);
  document.getElementById("z-span").textContent = "window " + fmtTime(Ladder.span, Ladder.span / 10);
};

function drawAxis(ctx, t0, t1, y, W, H, left) {
  const step = niceStep(t1 - t0, 8);
  ctx.font = "10px monospace"; ctx.fillStyle = "#68717c"; ctx.strokeStyle = "#eef0f3"; ctx.lineWidth = 1;
  for (let t = Math.ceil(t0 / step) * step; t <= t1; t += step) {
    if (t < 0) continue;
    ctx.beginPath(); ctx.moveTo(left - 4, y(t)); ctx.lineTo(W, y(t)); ctx.stroke();
    ctx.fillText(fmtTime(t, step), 4, y(t) + 3);
  }
}

// The columns a frame goes to: its addressee, or for a broadcast every
// chosen host on its medium.
function targets(i, colX) {
  const P = Ladder.R.P, to = P.to.str(i);
  if (to !== "*") return colX[to] !== undefined ? [to] : [];
  const m = Ladder.R.topo.media[P.medium.str(i)];
  return m ? m.stations.map(s => s.host).filter(h => h !== P.from.str(i) && colX[h] !== undefined) : [];
}

function drawFrame(ctx, k, colX, y, many, placed) {
  const P = Ladder.R.P, i = P.ord[k], from = P.from.str(i);
  if (colX[from] === undefined) return;
  const fate = P.fate.str(i), bad = fate !== "delivered" && fate !== "corrupted";
  const m = Ladder.R.topo.media[P.medium.str(i)];
  const tx = P.tx[k], txe = isNaN(P.txe[k]) ? tx : P.txe[k];
  const col = CAT_COLOUR[P.cat[k]], marked = V.marked && V.marked.has(k);
  for (const to of targets(i, colX)) {
    const x0 = colX[from], x1 = colX[to];
    const prop = isNaN(P.rx[k]) ? (m ? m.delay : 0) : P.rx[k] - tx;
    const rx = tx + prop, rxe = isNaN(P.rxe[k]) ? txe + prop : P.rxe[k];
    const f = bad ? 0.5 : 1, xm = x0 + (x1 - x0) * f;
    const ya = y(tx), yb = y(txe), yc = y(tx + (rx - tx) * f), yd = y(txe + (rxe - txe) * f);
    ctx.fillStyle = col; ctx.strokeStyle = col; ctx.globalAlpha = marked || k === V.sel ? 1 : 0.75;
    ctx.beginPath(); ctx.moveTo(x0, ya); ctx.lineTo(x0, yb); ctx.lineTo(xm, yd); ctx.lineTo(xm, yc); ctx.closePath(); ctx.fill();
    ctx.lineWidth = k === V.sel ? 3 : marked ? 2 : 1;
    if (k === V.sel || marked) { ctx.strokeStyle = k === V.sel ? "#000" : "#ff9800"; ctx.stroke(); }
    ctx.beginPath(); ctx.moveTo(x0, ya); ctx.lineTo(xm, yc); ctx.strokeStyle = col; ctx.lineWidth = 1; ctx.stroke();
    ctx.globalAlpha = 1;
    Ladder.hits.push({ k, pts: [[x0, (ya + yb) / 2], [xm, (yc + yd) / 2]] });
    if (bad) ladderCross(ctx, xm, (yc + yd) / 2, CAUSE[fate] || fate, x1 < x0, placed);
    if (!many) placeLabel(ctx, P.label.str(i), (x0 + xm) / 2, (ya + yd) / 2, placed, bad ? "#c62828" : "#1d232b");
  }
}

// A cross where a dropped frame ends, its cause beside it (left out, as
// labels are, where it would overlap one already written).
function ladderCross(ctx, x, y, why, leftward, placed) {
  ctx.strokeStyle = "#c62828"; ctx.lineWidth = 2.5;
  ctx.beginPath(); ctx.moveTo(x - 5, y - 5); ctx.lineTo(x + 5, y + 5); ctx.moveTo(x + 5, y - 5); ctx.lineTo(x - 5, y + 5); ctx.stroke();
  ctx.font = "11px DejaVu Sans, sans-serif";
  const w = ctx.measureText(why).width;
  placeLabel(ctx, why, x + (leftward ? -12 - w / 2 : 12 + w / 2), y + 12, placed, "#c62828");
}

// Writes text centred at (x, y) on a white ground unless it would overlap
// a label already placed.
function placeLabel(ctx, text, x, y, placed, colour) {
  ctx.font = "11px DejaVu Sans, sans-serif";
  const w = ctx.measureText(text).width + 6, h = 14, bx = x - w / 2, by = y - h / 2;
  for (const p of placed) if (bx < p[0] + p[2] && p[0] < bx + w && by < p[1] + p[3] && p[1] < by + h) return;
  placed.push([bx, by, w, h]);
  ctx.fillStyle = "rgba(255,255,255,0.88)"; ctx.fillRect(bx, by, w, h);
  ctx.fillStyle = colour; ctx.fillText(text, bx + 3, by + 11);
}
