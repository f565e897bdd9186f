// sim/view/tests/bench.js CHROMIUM PAGE [RUNS]: opens a run's page RUNS
// times (default 3) in a fresh headless Chromium each and prints, per
// run and as the median: the wall time from navigation to the page being
// ready (data parsed, every view drawn once), when the file was read,
// when the script started and the script's own steps (parse, rows, net,
// ...). Prints figures; it is a benchmark, not a test (scripts/bench/view).
"use strict";
const { launch, evaluate, open } = require("./cdp.js");
const [chromium, page_, runs_] = process.argv.slice(2);

async function once() {
  const page = await launch(chromium, 1400, 1500);
  try {
    const ms = await open(page, "file://" + require("path").resolve(page_), 120000);
    const s = await evaluate(page, "ipcsimView.state()");
    const nav = await evaluate(page, "performance.getEntriesByType('navigation')[0].responseEnd");
    return { ms, read: Math.round(nav), prof: s.prof, frames: s.frames };
  } finally { page.close(); }
}

(async () => {
  const all = [];
  for (let i = 0; i < (+runs_ || 3); i++) {
    const r = await once();
    all.push(r);
    console.log(`run ${i + 1}: ready in ${r.ms} ms (${r.frames} frames; file read by ${r.read} ms; script ${JSON.stringify(r.prof)})`);
  }
  const ms = all.map(r => r.ms).sort((a, b) => a - b);
  console.log(`median: ${ms[ms.length >> 1]} ms to ready`);
  process.exit(0);
})().catch(e => { console.error(e.message); process.exit(1); });
