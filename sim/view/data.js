// sim/view/data.js: the run's rows (packed by sim/analysis/view_json.c
// and view_pack.c: deflated, in base64) inflated by the browser's own
// DecompressionStream and turned into typed arrays once, at load: packets
// sorted by t_tx so that "what is on the wire at t" is a binary search,
// each frame's colour class, the topology, and every event time for
// stepping. Nothing here draws. Column encodings: {t}, {int}, {dict,
// idx}, {same}, {num}, {str} (view_json.c).
"use strict";
const V = { t: 0, playing: false, sel: -1, marked: null };

// The page's data: { raw: the JSON header, bin: the binary columns }.
async function unpack(text) {
  const bytes = Uint8Array.fromBase64 ? Uint8Array.fromBase64(text.trim())
    : Uint8Array.from(atob(text.trim()), ch => ch.charCodeAt(0));
  const ds = new DecompressionStream("deflate-raw"), w = ds.writable.getWriter(), r = ds.readable.getReader();
  w.write(bytes); w.close();
  const parts = [];
  let size = 0;
  for (let p = await r.read(); !p.done; p = await r.read()) { parts.push(p.value); size += p.value.length; }
  const all = new Uint8Array(size), buf = all.buffer;
  size = 0;
  for (const p of parts) { all.set(p, size); size += p.length; }
  const n = (all[0] | all[1] << 8 | all[2] << 16 | all[3] << 24) >>> 0;
  const raw = JSON.parse(new TextDecoder().decode(all.subarray(4, 4 + n)));
  return { raw, bin: new Uint8Array(buf, (4 + n + 3) & ~3) };
}

// Varints (view_json.c): 7 bits a byte, low first, of a zigzagged
// integer plus one, 0 being an empty field; decoded inline below.

// n integers (NaN for empty) from bin[off..].
function integers(bin, off, n) {
  const a = new Float64Array(n);
  for (let i = 0, p = off; i < n; i++) {
    let b = bin[p++], z = b & 127;
    for (let m = 128; b >= 128; m *= 128) { b = bin[p++]; z += (b & 127) * m; }
    a[i] = z === 0 ? NaN : (z - 1) % 2 ? -z / 2 : (z - 1) / 2;
  }
  return a;
}

// n times from bin[off..] (view_json.c): each the ns from base[i] (the
// row's previous time column, in ns) when set, else from the last set
// time of this column. { ns, s: seconds }, NaN for empty.
function timesAt(bin, off, n, base) {
  const ns = new Float64Array(n), s = new Float64Array(n);
  let prev = 0;
  for (let i = 0, p = off; i < n; i++) {
    let b = bin[p++], z = b & 127;
    for (let m = 128; b >= 128; m *= 128) { b = bin[p++]; z += (b & 127) * m; }
    if (z === 0) { ns[i] = s[i] = NaN; continue; }
    const d = (z - 1) % 2 ? -z / 2 : (z - 1) / 2, from = base !== null && base[i] === base[i] ? base[i] : prev;
    prev = ns[i] = from + d; s[i] = prev / 1e9;
  }
  return { ns, s };
}

// A column as an accessor: num(i) and str(i), whatever its encoding.
function column(c, n, bin) {
  if (!c) return { num: () => NaN, str: () => "", arr: null };
  if ("same" in c) {
    const v = c.same === null ? "" : String(c.same), x = c.same === null ? NaN : parseFloat(v);
    return { num: () => x, str: () => v, arr: null };
  }
  if (c.secs) {
    const a = c.secs;
    return { arr: a, num: i => a[i], str: i => (isNaN(a[i]) ? "" : a[i].toFixed(9)) };
  }
  if (c.int) {
    const a = integers(bin, c.int[0], n);
    return { arr: a, num: i => a[i], str: i => (isNaN(a[i]) ? "" : String(a[i])) };
  }
  if (c.num) {
    const a = new Float64Array(n);
    for (let i = 0; i < n; i++) a[i] = c.num[i] === null ? NaN : c.num[i];
    return { arr: a, num: i => a[i], str: i => (isNaN(a[i]) ? "" : String(c.num[i])) };
  }
  if (c.dict) {
    const [off, w] = c.idx, at = bin.byteOffset + off;
    const idx = w === 1 ? new Uint8Array(bin.buffer, at, n) : w === 2 ? new Uint16Array(bin.buffer, at, n) : new Uint32Array(bin.buffer, at, n);
    const d = c.dict;
    return { idx, dict: d, num: i => parseFloat(d[idx[i]]), str: i => d[idx[i]] };
  }
  const s = c.str;
  return { num: i => parseFloat(s[i]), str: i => s[i] };
}

// A results file's columns; time columns are decoded at once, in order,
// since each may be relative to the one before it.
function table(tab, bin) {
  const n = tab ? tab.n : 0, t = { n };
  const cols = tab ? tab.cols : {}, made = {};
  let last = null;
  for (const name in cols) {
    const c = cols[name];
    if (!c.t) continue;
    const d = timesAt(bin, c.t[0], n, last);
    made[name] = column({ secs: d.s }, n, bin);
    last = d.ns;
  }
  t.c = name => made[name] || (made[name] = column(cols[name], n, bin));
  return t;
}

// Times of a column as a Float64Array (NaN for empty).
function times(col, n) {
  if (col.arr) return col.arr;
  const a = new Float64Array(n);
  for (let i = 0; i < n; i++) a[i] = col.num(i);
  return a;
}

// First index k of sorted a with a[k] >= x (a.length when none).
function lowerBound(a, x) {
  let lo = 0, hi = a.length;
  while (lo < hi) { const m = (lo + hi) >> 1; if (a[m] < x) lo = m + 1; else hi = m; }
  return lo;
}

const CATS = ["data", "retransmission", "ACK", "SYN/FIN/RST", "ARP", "ICMP", "UDP", "other"];
const CAT_COLOUR = ["#1f6fd1", "#d32f2f", "#2e9d4f", "#8e44ad", "#e69500", "#00838f", "#8d6e63", "#555"];
const CAUSE = { lost: "lost (the loss model)", queue: "queue full", down: "link or host down",
  collision: "16 collisions", mtu: "too big (MTU)", corrupted: "corrupted: the receiver's checksum drops it" };

// The frame classes, in t_tx order: a TCP segment that starts before the
// furthest point its flow reached is a retransmission, and every hop of a
// datagram keeps the class of its first.
function classify(P) {
  const n = P.n, cat = new Uint8Array(n), reach = new Map(), dgram = new Map();
  for (let k = 0; k < n; k++) {
    const i = P.ord[k], et = P.ethertype.str(i);
    if (et !== "ip") { cat[k] = et === "arp" ? 4 : 7; continue; }
    const proto = P.proto.str(i), key = P.src.str(i) + "/" + P.id.str(i) + "/" + proto;
    if (dgram.has(key)) { cat[k] = dgram.get(key); continue; }
    let c = 7;
    if (et === "arp") c = 4;
    else if (proto === "icmp") c = 5;
    else if (proto === "udp") c = 6;
    else if (proto === "tcp") {
      const fl = P.flags.str(i), seq = P.seq.num(i), len = P.len.num(i) || 0;
      const flow = P.src.str(i) + ":" + P.sport.str(i) + ">" + P.dst.str(i) + ":" + P.dport.str(i);
      const ctl = /[SFR]/.test(fl), span = len + (/[SF]/.test(fl) ? 1 : 0);
      const far = reach.get(flow);
      if (span > 0 && far !== undefined && seq < far && !/R/.test(fl)) c = 1;
      else c = ctl ? 3 : len > 0 ? 0 : 2;
      if (span > 0 && (far === undefined || seq + span > far)) reach.set(flow, seq + span);
    }
    cat[k] = c;
    if (et === "ip") dgram.set(key, c);
  }
  return cat;
}

function loadPackets(tab, bin) {
  const T = table(tab, bin), n = T.n, P = { n };
  for (const [k, name] of [["medium", "medium"], ["from", "from"], ["to", "to"], ["fate", "fate"],
    ["ethertype", "ethertype"], ["src", "ip_src"], ["dst", "ip_dst"], ["id", "ip_id"], ["proto", "ip_proto"],
    ["frag", "frag"], ["sport", "sport"], ["dport", "dport"], ["flags", "tcp_flags"], ["seq", "seq"],
    ["ack", "ack"], ["len", "len"], ["win", "win"], ["itype", "icmp_type"], ["icode", "icmp_code"],
    ["arpop", "arp_op"], ["arpt", "arp_target"], ["label", "label"], ["bytes", "bytes"]])
    P[k] = T.c(name);
  const tx = times(T.c("t_tx"), n), ord = new Int32Array(n);
  let sorted = true;
  for (let i = 0; i < n; i++) { ord[i] = i; if (i && tx[i] < tx[i - 1]) sorted = false; }
  // view_json.c writes the rows in t_tx order; a page of other rows is
  // sorted here (an insertion sort: nearly sorted, it does little work).
  for (let j = 1; !sorted && j < n; j++) {
    const v = ord[j], t = tx[v];
    let m = j - 1;
    while (m >= 0 && tx[ord[m]] > t) { ord[m + 1] = ord[m]; m--; }
    ord[m + 1] = v;
  }
  P.ord = ord;
  const cols = [tx, times(T.c("t_tx_end"), n), times(T.c("t_rx"), n), times(T.c("t_rx_end"), n)];
  [P.tx, P.txe, P.rx, P.rxe] = sorted ? cols : cols.map(a => { const b = new Float64Array(n); for (let k = 0; k < n; k++) b[k] = a[ord[k]]; return b; });
  let D = 0;
  for (let k = 0; k < n; k++) {
    const end = isNaN(P.rxe[k]) ? (isNaN(P.txe[k]) ? P.tx[k] : P.txe[k]) : P.rxe[k];
    if (end - P.tx[k] > D) D = end - P.tx[k];
  }
  P.maxHop = D;
  P.cat = classify(P);
  return P;
}

function loadTopology(tab, bin) {
  const T = table(tab, bin), media = {}, hosts = {}, order = [];
  const kind = T.c("kind"), name = T.c("name"), med = T.c("medium"), addr = T.c("addr");
  const rate = T.c("rate_bps"), delay = T.c("delay"), len = T.c("length_m"), pos = T.c("pos");
  for (let i = 0; i < T.n; i++) {
    const k = kind.str(i), nm = name.str(i);
    if (k === "ethernet" || k === "link")
      media[nm] = { kind: k, name: nm, rate: rate.num(i), delay: delay.num(i), length: len.num(i), stations: [] };
    else if (k === "host" || k === "gateway") { hosts[nm] = { name: nm, gw: k === "gateway", ifaces: [] }; order.push(nm); }
    else if (k === "iface" && hosts[nm] && media[med.str(i)]) {
      const m = media[med.str(i)], p = pos.str(i);
      hosts[nm].ifaces.push({ medium: m.name, addr: addr.str(i) });
      m.stations.push({ host: nm, pos: m.kind === "ethernet" ? parseFloat(p) : p === "a" ? 0 : 1, end: p });
    }
  }
  return { media, hosts, order };
}

function loadRun(raw, bin) {
  const R = { raw, scenario: raw.scenario };
  R.P = loadPackets(raw.packets, bin);
  R.topo = loadTopology(raw.topology, bin);
  const tab = name => table(raw[name], bin);
  R.tcp = tab("tcp"); R.calls = tab("calls"); R.output = tab("output");
  R.queues = tab("queues"); R.coll = tab("collisions"); R.thr = tab("throughput");
  R.events = tab("events");
  R.explain = raw.explain || [];
  // Every time worth stepping to: frames start and end, calls, output;
  // each list sorted (View.step looks in each).
  const P = R.P, sortedT = T => Float64Array.from(times(T.c("t"), T.n)).sort();
  R.stepLists = [P.tx, Float64Array.from(P.rxe).sort(), sortedT(R.calls), sortedT(R.output), sortedT(R.events)];
  let end = 1e-6;
  for (const a of R.stepLists) {
    let j = a.length - 1;
    while (j >= 0 && isNaN(a[j])) j--;
    if (j >= 0) end = Math.max(end, a[j]);
  }
  R.end = end;
  return R;
}
