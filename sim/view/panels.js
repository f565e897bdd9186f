// sim/view/panels.js: the text panels. A chosen frame's headers decoded
// layer by layer from its packets.csv row (Ethernet or PPP, ARP, IP, ICMP,
// UDP, TCP) with its fate and its datagram's other hops; the failed calls
// on the time line and in a list, each with its --explain paragraph and
// the frames of its socket (clicking one marks them and jumps there); the
// processes' output, the lines up to V.t in black.
"use strict";
const Panels = {};
const ICMP_TYPES = { 0: "echo reply", 3: "destination unreachable", 4: "source quench", 5: "redirect",
  8: "echo request", 11: "time exceeded", 12: "parameter problem" };
const UNREACH = { 0: "net unreachable", 1: "host unreachable", 2: "protocol unreachable", 3: "port unreachable",
  4: "fragmentation needed", 5: "source route failed" };
const TCP_FLAGS = { S: "SYN", F: "FIN", R: "RST", P: "PSH", U: "URG", A: "ACK" };

function esc(s) { return String(s).replace(/[&<>"]/g, c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]); }
function fmtS(t) { return isNaN(t) ? "-" : t.toFixed(9) + " s"; }

Panels.frame = function (k) {
  const R = View.R, P = R.P, el = document.getElementById("frame");
  if (k < 0) { el.textContent = "No frame chosen."; return; }
  const i = P.ord[k], rows = [], m = R.topo.media[P.medium.str(i)];
  const h = t => rows.push(`<tr class="h"><td colspan="2">${esc(t)}</td></tr>`);
  const f = (a, b) => rows.push(`<tr><td class="k">${esc(a)}</td><td>${b}</td></tr>`);
  const fate = P.fate.str(i), ether = !m || m.kind === "ethernet";
  h(P.label.str(i) || "frame");
  f("fate", fate === "delivered" ? "delivered at " + fmtS(P.rxe[k])
    : `<span class="fate-bad">${esc(fate)}: ${esc(CAUSE[fate] || fate)}</span>`);
  f("on", `${esc(P.medium.str(i))} (${ether ? "Ethernet" : "point-to-point link"}), ${esc(P.from.str(i))} &rarr; ${esc(P.to.str(i))}`);
  f("times", `tx ${fmtS(P.tx[k])} .. ${fmtS(P.txe[k])}<br>rx ${fmtS(P.rx[k])} .. ${fmtS(P.rxe[k])}`);
  f("class", CATS[P.cat[k]]);
  const et = P.ethertype.str(i);
  h(ether ? "Ethernet (DIX)" : "PPP (RFC 1661/1662)");
  const hex = /^\d+$/.test(et) ? "0x" + (+et).toString(16).padStart(4, "0") : et;
  f(ether ? "type" : "protocol", et === "ip" ? (ether ? "0x0800 IP" : "0x0021 IP") : et === "arp" ? "0x0806 ARP" : esc(hex));
  f("length", P.bytes.str(i) + " bytes on the wire");
  if (et === "arp") { h("ARP"); f("operation", esc(P.arpop.str(i))); f("target", esc(P.arpt.str(i))); }
  if (et !== "ip") { document.getElementById("frame").innerHTML = "<table>" + rows.join("") + "</table>"; return; }
  h("IP");
  f("source", esc(P.src.str(i))); f("destination", esc(P.dst.str(i)));
  f("id", esc(P.id.str(i))); f("protocol", esc(P.proto.str(i)));
  if (P.frag.str(i)) f("fragment", esc(P.frag.str(i)));
  const proto = P.proto.str(i);
  if (proto === "tcp") {
    h("TCP");
    f("ports", `${esc(P.sport.str(i))} &rarr; ${esc(P.dport.str(i))}`);
    const fl = P.flags.str(i);
    f("flags", esc(fl === "." ? "ACK" : [...fl].map(c => TCP_FLAGS[c] || c).join(" ")) + ` (${esc(fl)})`);
    f("seq", esc(P.seq.str(i))); f("ack", esc(P.ack.str(i)));
    f("data", esc(P.len.str(i)) + " bytes"); f("window", esc(P.win.str(i)));
  } else if (proto === "udp") {
    h("UDP"); f("ports", `${esc(P.sport.str(i))} &rarr; ${esc(P.dport.str(i))}`);
  } else if (proto === "icmp") {
    const ty = P.itype.str(i), co = P.icode.str(i);
    h("ICMP"); f("type", esc(ty + " " + (ICMP_TYPES[ty] || "")));
    f("code", esc(co + (ty === "3" ? " " + (UNREACH[co] || "") : "")));
  }
  const hops = hopsOf(k);
  if (hops.length > 1) {
    h("this datagram's hops");
    for (const q of hops) f(q === k ? "&#9656;" : "", `<a href="#" data-k="${q}">${esc(P.medium.str(P.ord[q]))} ${esc(P.from.str(P.ord[q]))} &rarr; ${esc(P.to.str(P.ord[q]))}</a> ${esc(P.fate.str(P.ord[q]))}`);
  }
  el.innerHTML = "<table>" + rows.join("") + "</table>";
  for (const a of el.querySelectorAll("a[data-k]")) a.onclick = e => { e.preventDefault(); View.selectFrame(+a.dataset.k, true); };
};

// The k of every hop of frame k's datagram (same ip_src, ip_id, protocol).
function hopsOf(k) {
  const P = View.R.P, i = P.ord[k], src = P.src.str(i), id = P.id.str(i), pr = P.proto.str(i), out = [];
  const lo = lowerBound(P.tx, P.tx[k] - 60), hi = lowerBound(P.tx, P.tx[k] + 60);
  for (let j = lo; j < hi; j++) {
    const q = P.ord[j];
    if (P.ethertype.str(q) === "ip" && P.src.str(q) === src && P.id.str(q) === id && P.proto.str(q) === pr) out.push(j);
  }
  return out;
}

Panels.initCalls = function (R) {
  const C = R.calls, el = document.getElementById("calls");
  Panels.callT = times(C.c("t"), C.n);
  if (!C.n) { el.innerHTML = '<span class="empty">No socket call failed in this run.</span>'; return; }
  // The list grows as it is scrolled: 100 rows at a time, 2,000 at most
  // (the time line shows them all).
  Panels.callsShown = 0;
  Panels.moreCalls(100);
  el.addEventListener("scroll", () => { if (el.scrollTop + el.clientHeight > el.scrollHeight - 200) Panels.moreCalls(100); });
};

Panels.moreCalls = function (count) {
  const C = View.R.calls, el = document.getElementById("calls"), most = Math.min(C.n, 2000);
  const from = Panels.callsShown, to = Math.min(most, from + count), part = document.createDocumentFragment();
  if (from >= to) return;
  const host = C.c("host"), pid = C.c("pid"), proc = C.c("proc"), call = C.c("call"), errno = C.c("errno"), num = C.c("errno_num");
  for (let i = from; i < to; i++) {
    const d = document.createElement("div");
    d.className = "call"; d.dataset.i = i;
    d.textContent = `${Panels.callT[i].toFixed(6)} ${host.str(i)} pid ${pid.str(i)} ${proc.str(i)}: ` +
      `${call.str(i)}() ${errno.str(i)} (${num.str(i)})`;
    d.onclick = () => Panels.chooseCall(i);
    part.append(d);
  }
  Panels.callsShown = to;
  if (Panels.callsMore) Panels.callsMore.remove();
  if (to === most && most < C.n) part.append(`... and ${C.n - most} more (calls.csv; click the red ticks on the time line)`);
  else if (to < most) { Panels.callsMore = document.createElement("div"); Panels.callsMore.className = "empty"; Panels.callsMore.textContent = `${most - to} more: scroll`; part.append(Panels.callsMore); }
  el.append(part);
};

Panels.chooseCall = function (i) {
  const R = View.R, C = R.calls;
  for (const d of document.querySelectorAll(".call.sel")) d.classList.remove("sel");
  const row = document.querySelector(`.call[data-i="${i}"]`);
  if (row) row.classList.add("sel");
  const text = R.explain[i];
  const ks = framesOfCall(i);
  document.getElementById("explain").textContent = (text || `${C.c("errno").str(i)}: no explanation (--explain explains ETIMEDOUT, ECONNREFUSED, ECONNRESET, EHOSTUNREACH, EHOSTDOWN and ENETUNREACH).`) +
    `\n\n${ks.length} frame${ks.length === 1 ? "" : "s"} of this socket marked in the ladder (orange).`;
  V.marked = new Set(ks);
  const P = R.P, cols = [...Ladder.cols];
  for (const k of ks) for (const h of [P.from.str(P.ord[k]), P.to.str(P.ord[k])]) if (h !== "*" && !cols.includes(h)) cols.push(h);
  Ladder.cols = cols;
  const t1 = Panels.callT[i], t0 = ks.length ? P.tx[ks[0]] : t1;
  Ladder.span = Math.max((t1 - t0) * 1.5, Ladder.span / 4, 1e-5);
  View.pause();
  if (ks.length) View.selectFrame(ks[0], true); else View.setTime(t1);
  Ladder.setCols(cols);
};

// The frames a failed call's paragraph speaks of: those of its socket's
// address pair (both ways) up to the call, the ARP requests for the
// peer's address and their replies, and ICMP between the two hosts.
function framesOfCall(i) {
  const R = View.R, P = R.P, C = R.calls, t = Panels.callT[i];
  const [la, lp] = C.c("local").str(i).split(":"), [ra, rp] = C.c("remote").str(i).split(":");
  const out = [], hi = lowerBound(P.tx, t + 1e-9);
  for (let k = 0; k < hi; k++) {
    const q = P.ord[k], s = P.src.str(q), d = P.dst.str(q), sp = P.sport.str(q), dp = P.dport.str(q);
    const et = P.ethertype.str(q), pr = P.proto.str(q);
    const pair = ra ? (s === la && sp === lp && d === ra && dp === rp) || (s === ra && sp === rp && d === la && dp === lp)
      : (s === la && sp === lp) || (d === la && dp === lp);
    const arp = et === "arp" && ra && (P.arpt.str(q) === ra || P.label.str(q).startsWith("ARP reply " + ra + " "));
    const icmp = pr === "icmp" && ra && (d === la || s === la) && (s === ra || d === ra || P.itype.str(q) === "3");
    if (pair || arp || icmp) out.push(k);
  }
  return out;
}

Panels.initOutput = function (R) {
  const O = R.output, el = document.getElementById("output");
  Panels.outT = times(O.c("t"), O.n); Panels.outEls = [];
  if (!O.n) { el.innerHTML = '<span class="empty">Nothing was printed.</span>'; return; }
  for (let i = 0; i < O.n; i++) {
    const d = document.createElement("div"), who = O.c("who").str(i);
    d.className = "out";
    d.innerHTML = `<span class="t">${Panels.outT[i].toFixed(6)}</span>${esc(who ? who + ": " : "")}${esc(O.c("text").str(i))}`;
    d.onclick = () => { View.pause(); View.setTime(Panels.outT[i]); };
    el.append(d); Panels.outEls.push(d);
  }
  Panels.outNow = -2;
};

Panels.drawOutput = function () {
  if (!Panels.outEls.length) return;
  const n = lowerBound(Panels.outT, V.t + 1e-12);
  if (n - 1 === Panels.outNow) return;
  Panels.outEls.forEach((d, i) => { d.classList.toggle("past", i < n); d.classList.toggle("now", i === n - 1); });
  Panels.outNow = n - 1;
  const cur = Panels.outEls[Math.max(0, n - 1)], box = document.getElementById("output");
  box.scrollTop = Math.max(0, cur.offsetTop - box.offsetTop - box.clientHeight / 2);
};

// The strip under the slider: frames per pixel, failed calls as red
// ticks (click one to choose it), output as blue ticks, and the cursor.
Panels.drawTimeline = function () {
  const cv = document.getElementById("timeline"), r = cv.getBoundingClientRect(), dpr = window.devicePixelRatio || 1;
  if (cv.width !== Math.round(r.width * dpr) || !Panels.strip) {
    cv.width = Math.round(r.width * dpr); cv.height = Math.round(r.height * dpr);
    Panels.strip = stripImage(cv.width, cv.height, dpr, r.width, r.height);
  }
  const ctx = cv.getContext("2d"), x = V.t / View.R.end * r.width;
  ctx.setTransform(1, 0, 0, 1, 0, 0); ctx.drawImage(Panels.strip, 0, 0);
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.fillStyle = "#000"; ctx.fillRect(x - 1, 0, 2, r.height);
};

// The strip without the cursor, drawn once per size.
function stripImage(pw, ph, dpr, W, H) {
  const img = document.createElement("canvas");
  img.width = pw; img.height = ph;
  const ctx = img.getContext("2d"), R = View.R, x = t => t / R.end * W;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  const bins = new Float64Array(Math.max(1, Math.floor(W)));
  for (let k = 0; k < R.P.n; k++) bins[Math.min(bins.length - 1, Math.floor(x(R.P.tx[k])))]++;
  let most = 1;
  for (const v of bins) most = Math.max(most, v);
  ctx.fillStyle = "#dfe3e8"; ctx.fillRect(0, 0, W, H);
  ctx.fillStyle = "#8fa7c4";
  bins.forEach((v, j) => { if (v) { const h = 3 + (H - 6) * Math.log1p(v) / Math.log1p(most); ctx.fillRect(j, H - h, 1, h); } });
  ctx.fillStyle = "#2f6fb3";
  for (const t of Panels.outT || []) ctx.fillRect(x(t), 0, 1.5, 6);
  ctx.fillStyle = "#c62828";
  const ct = Panels.callT || [], few = ct.length < 200;
  if (few) for (const t of ct) ctx.fillRect(x(t) - 1.5, 0, 3, H);
  else {                           // one tick per pixel that has calls
    const has = new Uint8Array(bins.length);
    for (const t of ct) has[Math.min(has.length - 1, Math.max(0, Math.floor(x(t))))] = 1;
    has.forEach((v, j) => { if (v) ctx.fillRect(j, 0, 1, H / 3); });
  }
  return img;
}
