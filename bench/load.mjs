// The load bench: bytes of every file of the release bundle (raw and gzip -9); the bytes the
// page fetched before its first query result (the budget: ≤ 1.0 MB gzip); then the median of 5
// cold loads (fresh profile each) from navigation to the first query result, beside a bare
// page that only loads sql.js and runs one query (the floor), and to the models' diagram drawn
// (the full engine, which loads after the console worker is ready).
// Usage: node bench/load.mjs dist
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { fileURLToPath } from "node:url";
import { serve, launch } from "../tests/browser/harness.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.resolve(process.argv[2] ?? "dist");
const RUNS = 5;
const BUDGET = 1_000_000;

function files(dir, prefix = "") {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const rel = path.join(prefix, entry.name);
    return entry.isDirectory() ? files(path.join(dir, entry.name), rel) : [rel];
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const kb = (n) => (n / 1000).toFixed(1).padStart(8);

// (a) bytes
let raw = 0;
let gz = 0;
console.log("file                                              raw KB   gzip KB");
for (const file of files(dist).sort()) {
  const body = fs.readFileSync(path.join(dist, file));
  const zipped = zlib.gzipSync(body, { level: 9 }).length;
  raw += body.length;
  gz += zipped;
  console.log(`${file.padEnd(48)} ${kb(body.length)}  ${kb(zipped)}`);
}
console.log(`${"total".padEnd(48)} ${kb(raw)}  ${kb(gz)}`);
const gzipOf = new Map(files(dist).map((file) => [file, zlib.gzipSync(fs.readFileSync(path.join(dist, file)), { level: 9 }).length]));

// (b) cold loads: the page clicks Run (the console's first query) the moment the engine is
// ready, and records when the result is in the DOM; all in-page, so no harness latency.
const recordFirstResult = () => {
  new MutationObserver((_, observer) => {
    const run = document.querySelector('[data-testid="sql-console-run"]');
    if (document.querySelector('[data-testid="engine-ready"]') && run && !window.__clicked) {
      window.__clicked = true;
      run.click();
    }
    if (document.querySelector('[data-testid="run-finished"]') && !window.__firstResult) {
      window.__firstResult = performance.now();
    }
    if (document.querySelector('[data-testid="diagram-table"]') && !window.__diagram) {
      window.__diagram = performance.now();
    }
    if (window.__firstResult && window.__diagram) observer.disconnect();
  }).observe(document, { childList: true, subtree: true, attributes: true });
};

// Each cold load: ms to the first result, ms to the diagram (page only), and the files served
// before the first result.
async function coldLoads(server, init) {
  const loads = [];
  for (let i = 0; i < RUNS; i += 1) {
    const browser = await launch();
    const page = await browser.context.newPage();
    if (init) await page.addInitScript(init);
    server.served.length = 0;
    await page.goto(server.url + "/");
    await page.waitForFunction((both) => window.__firstResult && (!both || window.__diagram), !!init, { timeout: 30000 });
    const [origin, first, diagram] = await page.evaluate(() => [performance.timeOrigin, window.__firstResult, window.__diagram]);
    const before = server.served.filter((s) => s.at <= origin + first).map((s) => s.path.replace(/^\//, "") || "index.html");
    loads.push({ first, diagram, before });
    await browser.close();
  }
  return loads;
}

const floorDir = fs.mkdtempSync(path.join(os.tmpdir(), "ormlab-floor-"));
fs.cpSync(path.join(dist, "sqljs"), path.join(floorDir, "sqljs"), { recursive: true });
fs.copyFileSync(path.join(here, "floor.html"), path.join(floorDir, "index.html"));

const page = await serve(dist);
const floor = await serve(floorDir);
const pageLoads = await coldLoads(page, recordFirstResult);
const floorLoads = await coldLoads(floor);
const pageTimes = pageLoads.map((l) => l.first);
const floorTimes = floorLoads.map((l) => l.first);
const diagramTimes = pageLoads.map((l) => l.diagram);
await page.close();
await floor.close();
fs.rmSync(floorDir, { recursive: true, force: true });

const fmt = (xs) => xs.map((x) => x.toFixed(0)).join(", ");
console.log(`\ncold load, navigation → first query result (ms, ${RUNS} runs, fresh profile each)`);
console.log(`ormlab page:          median ${median(pageTimes).toFixed(0)}  (${fmt(pageTimes)})`);
console.log(`floor (sql.js only):  median ${median(floorTimes).toFixed(0)}  (${fmt(floorTimes)})`);
console.log(`ratio: ${(median(pageTimes) / median(floorTimes)).toFixed(2)}× the floor`);
console.log(`ormlab page → models diagram (full engine): median ${median(diagramTimes).toFixed(0)}  (${fmt(diagramTimes)})`);

// (a') what the page fetched before its first result, in the slowest-fetching of the loads.
const heaviest = pageLoads
  .map((l) => ({ files: l.before, bytes: l.before.reduce((sum, f) => sum + (gzipOf.get(f) ?? 0), 0) }))
  .sort((a, b) => b.bytes - a.bytes)[0];
console.log(`\nfetched before the first result (gzip -9, the most of ${RUNS} loads):`);
for (const file of heaviest.files) console.log(`  ${file.padEnd(46)} ${kb(gzipOf.get(file) ?? 0)}`);
console.log(`  ${"total".padEnd(46)} ${kb(heaviest.bytes)}   (budget ${BUDGET / 1000} KB gzip: ${heaviest.bytes <= BUDGET ? "within" : "OVER"})`);
