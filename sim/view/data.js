// sim/view/data.js: the run's rows (the JSON that sim/analysis/view_json.c
// embeds) turned into typed arrays once, at load: packets sorted by t_tx
// so that "what is on the wire at t" is a binary search, each frame's
// colour class, the topology, and every event time for stepping. Nothing
// here draws. Column encodings: {dns}, {num}, {dict, idx}, {same}, {str}
// (view_json.c).
"use strict";
const V = { t: 0, playing: false, sel: -1, marked: null };

// A column as an accessor: num(i) and str(i), whatever its encoding.
function column(c, n) {
  if (!c) return { num: () => NaN, str: () => "", arr: null };
  if ("same" in c) {
    const v = c.same === null ? "" : String(c.same), x = c.same === null ? NaN : parseFloat(v);
    return { num: () => x, str: () => v, arr: typeof c.same === "number" || c.same === null ? new Float64Array(n).fill(x) : null };
  }
  if (c.dns) {                        // ns, each the step from the last
    const a = new Float64Array(n);
    let ns = 0;
    for (let i = 0; i < n; i++) { const d = c.dns[i]; if (d === null) a[i] = NaN; else { ns += d; a[i] = ns / 1e9; } }
    return { arr: a, num: i => a[i], str: i => (isNaN(a[i]) ? "" : a[i].toFixed(9)) };
  }
  if (c.num) {
    const a = new Float64Array(n);
    for (let i = 0; i < n; i++) a[i] = c.num[i] === null ? NaN : c.num[i];
    return { arr: a, num: i => a[i], str: i => (isNaN(a[i]) ? "" : String(c.num[i])) };
  }
  if (c.dict) {
    const idx = new Int32Array(c.idx), d = c.dict;
    return { idx, dict: d, num: i => parseFloat(d[idx[i]]), str: i => d[idx[i]] };
  }
  const s = c.str;
  return { num: i => parseFloat(s[i]), str: i => s[i] };
}

function table(tab) {
  const n = tab ? tab.n : 0, t = { n };
  const cols = tab ? tab.cols : {}, made = {};
  t.c = name => made[name] || (made[name] = column(cols[name], n));
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

function loadPackets(tab) {
  const T = table(tab), n = T.n, P = { n };
  for (const [k, name] of [["medium", "medium"], ["from", "from"], ["to", "to"], ["fate", "fate"],
    ["ethertype", "ethertype"], ["src", "ip_src"], ["dst", "ip_dst"], ["id", "ip_id"], ["proto", "ip_proto"],
    ["frag", "frag"], ["sport", "sport"], ["dport", "dport"], ["flags", "tcp_flags"], ["seq", "seq"],
    ["ack", "ack"], ["len", "len"], ["win", "win"], ["itype", "icmp_type"], ["icode", "icmp_code"],
    ["arpop", "arp_op"], ["arpt", "arp_target"], ["label", "label"], ["bytes", "bytes"]])
    P[k] = T.c(name);
  const tx = times(T.c("t_tx"), n), ord = new Int32Array(n);
  for (let i = 0; i < n; i++) ord[i] = i;
  // Rows are written when a frame's fate is known, so they are nearly in
  // t_tx order already: an insertion sort does little work (and is stable).
  for (let j = 1; j < n; j++) {
    const v = ord[j], t = tx[v];
    let m = j - 1;
    while (m >= 0 && tx[ord[m]] > t) { ord[m + 1] = ord[m]; m--; }
    ord[m + 1] = v;
  }
  P.ord = ord;
  const cols = [tx, times(T.c("t_tx_end"), n), times(T.c("t_rx"), n), times(T.c("t_rx_end"), n)];
  [P.tx, P.txe, P.rx, P.rxe] = cols.map(a => { const b = new Float64Array(n); for (let k = 0; k < n; k++) b[k] = a[ord[k]]; return b; });
  let D = 0;
  for (let k = 0; k < n; k++) {
    const end = isNaN(P.rxe[k]) ? (isNaN(P.txe[k]) ? P.tx[k] : P.txe[k]) : P.rxe[k];
    if (end - P.tx[k] > D) D = end - P.tx[k];
  }
  P.maxHop = D;
  P.cat = classify(P);
  return P;
}

function loadTopology(tab) {
  const T = table(tab), media = {}, hosts = {}, order = [];
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

function loadRun(raw) {
  const R = { raw, scenario: raw.scenario };
  R.P = loadPackets(raw.packets);
  R.topo = loadTopology(raw.topology);
  R.tcp = table(raw.tcp); R.calls = table(raw.calls); R.output = table(raw.output);
  R.queues = table(raw.queues); R.coll = table(raw.collisions); R.thr = table(raw.throughput);
  R.events = table(raw.events);
  R.explain = raw.explain || [];
  // Every time worth stepping to: frames start and end, calls, output.
  const P = R.P, more = [R.calls, R.output, R.events];
  const ts = new Float64Array(2 * P.n + more.reduce((a, t) => a + t.n, 0));
  let w = 0;
  const put = x => { if (!isNaN(x)) ts[w++] = x; };
  for (let k = 0; k < P.n; k++) { put(P.tx[k]); put(P.rxe[k]); }
  for (const t of more) for (const x of times(t.c("t"), t.n)) put(x);
  const all = ts.subarray(0, w).sort();
  let m = 0;
  for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[m - 1]) all[m++] = all[i];
  R.steps = all.subarray(0, m);
  R.end = Math.max(m ? R.steps[m - 1] : 0, 1e-6);
  return R;
}
