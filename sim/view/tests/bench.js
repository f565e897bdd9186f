// sim/view/tests/bench.js CHROMIUM PAGE [RUNS]: opens a run's page RUNS
// times (default 3) in a fresh headless Chromium each and prints, per
// run and as the median: the wall time from navigation to the page being
// ready (data parsed, every view drawn once), when the file was read,
// when the script started and the script's own steps (parse, rows, net,
// ...), and the CPU time (user + system) all of Chromium's processes
// spent meanwhile, and of that the renderer's (the page's own process):
// on a busy shared machine the wall time mostly measures the wait for a
// core, the CPU time what the page costs. Prints figures;
// it is a benchmark, not a test (scripts/bench/view).
"use strict";
const { launch, evaluate, open } = require("./cdp.js");
const [chromium, page_, runs_] = process.argv.slice(2);

// CPU seconds used so far by process pid and its descendants (Linux /proc);
// with renderer, only by those that are Chromium renderers.
function treeCpu(pid, renderer) {
  const fs = require("fs"), kids = new Map(), cpu = new Map();
  for (const d of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    let st;
    try { st = fs.readFileSync(`/proc/${d}/stat`, "utf8"); } catch (e) { continue; }
    const f = st.slice(st.lastIndexOf(")") + 2).split(" ");
    const ppid = +f[1];
    let cmd = "";
    if (renderer) try { cmd = fs.readFileSync(`/proc/${d}/cmdline`, "utf8"); } catch (e) { continue; }
    cpu.set(+d, renderer && !cmd.includes("--type=renderer") ? 0 : (+f[11] + +f[12]) / 100);
    if (!kids.has(ppid)) kids.set(ppid, []);
    kids.get(ppid).push(+d);
  }
  let sum = 0;
  const walk = p => { sum += cpu.get(p) || 0; for (const k of kids.get(p) || []) walk(k); };
  walk(pid);
  return sum;
}

async function once() {
  const page = await launch(chromium, 1400, 1500);
  try {
    const c0 = treeCpu(page.pid), r0 = treeCpu(page.pid, true);
    const ms = await open(page, "file://" + require("path").resolve(page_), 120000);
    const cpu = treeCpu(page.pid) - c0, rcpu = treeCpu(page.pid, true) - r0;
    const s = await evaluate(page, "ipcsimView.state()");
    const nav = await evaluate(page, "performance.getEntriesByType('navigation')[0].responseEnd");
    return { ms, cpu, rcpu, read: Math.round(nav), prof: s.prof, frames: s.frames };
  } finally { page.close(); }
}

(async () => {
  const all = [];
  for (let i = 0; i < (+runs_ || 3); i++) {
    const r = await once();
    all.push(r);
    console.log(`run ${i + 1}: ready in ${r.ms} ms wall, ${Math.round(r.cpu * 1000)} ms CPU, renderer ${Math.round(r.rcpu * 1000)} ms (${r.frames} frames; file read by ${r.read} ms; script ${JSON.stringify(r.prof)})`);
  }
  const med = xs => xs.sort((a, b) => a - b)[xs.length >> 1];
  console.log(`median: ${med(all.map(r => r.ms))} ms wall, ${Math.round(med(all.map(r => r.cpu)) * 1000)} ms CPU, renderer ${Math.round(med(all.map(r => r.rcpu)) * 1000)} ms CPU to ready`);
  process.exit(0);
})().catch(e => { console.error(e.message); process.exit(1); });
