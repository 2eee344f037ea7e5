// The browser suite: drives the release build of the page in headless Chromium the way a user
// does, through the data-testid hooks of DESIGN.md. Usage: node tests/browser/run.mjs dist
// Ends with "N passed, M failed"; exit status 1 on any failure.
import path from "node:path";
import fs from "node:fs";
import { fileURLToPath } from "node:url";
import { serve, launch } from "./harness.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.resolve(process.argv[2] ?? "dist");
const screenshot = path.resolve(here, "../../docs/screenshot.png");
const tests = [];
const test = (name, fn) => tests.push({ name, fn });

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

/** Opens the page in a fresh tab and records console errors and foreign requests. */
async function open(ctx, url, suffix = "") {
  const page = await ctx.context.newPage();
  const problems = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") problems.push(`console error: ${msg.text()}`);
  });
  page.on("pageerror", (err) => problems.push(`page error: ${err.message}`));
  page.on("request", (req) => {
    const u = req.url();
    if (!u.startsWith(url) && !u.startsWith("data:") && !u.startsWith("blob:")) problems.push(`request outside the origin: ${u}`);
  });
  await page.goto(url + "/" + suffix);
  await page.waitForSelector('[data-testid="engine-ready"]', { timeout: 20000 });
  return { page, problems };
}

/** Replaces the console's text the way a paste does, then runs it with the button. */
async function runSql(page, sql) {
  await page.click('[data-testid="db-tab"]');
  await page.click('[data-testid="sql-console"] .cm-content');
  await page.keyboard.press("Control+A");
  await page.keyboard.insertText(sql);
  const runs = () => Number(document.querySelector('[data-testid="run-finished"]')?.dataset.run ?? 0);
  const before = await page.evaluate(runs);
  await page.click('[data-testid="sql-console-run"]');
  await page.waitForFunction(`(${runs})() > ${before}`, null, { timeout: 10000 });
}

async function resultTexts(page) {
  return page.$$eval('[data-testid="console-result"]', (items) => items.map((i) => i.innerText));
}

test("the page loads with every stable hook and no console error", async (ctx, url) => {
  const { page, problems } = await open(ctx, url);
  const hooks = ["models-editor", "script-editor", "run", "output", "sql-log", "lens-tab", "diagram",
    "migrations-tab", "db-tab", "sql-console", "share", "engine-ready"];
  for (const id of hooks) {
    assert((await page.locator(`[data-testid="${id}"]`).count()) === 1, `missing data-testid=${id}`);
  }
  assert((await page.locator('[role="tab"]').count()) === 6, "six ARIA tabs");
  await page.waitForTimeout(300);
  assert(problems.length === 0, problems.join("\n"));
  await page.close();
});

test("SELECT sqlite_version() shows SQLite's version", async (ctx, url) => {
  const { page, problems } = await open(ctx, url);
  await runSql(page, "SELECT sqlite_version() AS v;");
  const cell = await page.locator('[data-testid="console-result"] td').first().innerText();
  assert(/^3\.\d+\.\d+$/.test(cell), `version cell: ${cell}`);
  const finished = page.locator('[data-testid="run-finished"]');
  assert((await finished.getAttribute("data-query-count")) === "1", "data-query-count");
  assert(Number(await finished.getAttribute("data-ms")) >= 0, "data-ms");
  assert(problems.length === 0, problems.join("\n"));
  await page.close();
});

test("CREATE, INSERT and SELECT round-trip typed values; Ctrl+Enter runs", async (ctx, url) => {
  const { page, problems } = await open(ctx, url);
  await runSql(page, "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, score REAL);\nINSERT INTO t (name, score) VALUES ('ann', 1.5), ('<b>bob</b>', NULL);\nSELECT id, name, score FROM t ORDER BY id;");
  const results = await resultTexts(page);
  assert(results.length === 3, `three results, got ${results.length}`);
  assert(results[1].includes("2 rows changed"), results[1]);
  const cells = await page.locator('[data-testid="console-result"]').nth(2).locator("td").allInnerTexts();
  assert(JSON.stringify(cells) === JSON.stringify(["1", "ann", "1.5", "2", "<b>bob</b>", "NULL"]), `cells ${JSON.stringify(cells)}`);
  assert((await page.locator('[data-testid="console-result"] b').count()) === 0, "markup in a cell must render as text");
  // The table persists into the next run, started from the keyboard.
  await page.click('[data-testid="sql-console"] .cm-content');
  await page.keyboard.press("Control+A");
  await page.keyboard.insertText("SELECT count(*) FROM t;");
  await page.keyboard.press("Control+Enter");
  await page.waitForFunction(() => document.querySelector('[data-testid="console-result"] td')?.innerText === "2");
  assert((await page.locator('[data-testid="sql-statement"]').count()) === 1, "SQL tab lists the statement");
  assert(problems.length === 0, problems.join("\n"));
  await page.close();
});

test("a syntax error shows SQLite's message and the next query still works", async (ctx, url) => {
  const { page, problems } = await open(ctx, url);
  await runSql(page, "SELECT 1;\nSELEC 2;\nSELECT 3;");
  const error = await page.locator('[data-testid="console-result"] [data-testid="error"]').innerText();
  assert(error === 'near "SELEC": syntax error', `error: ${error}`);
  assert((await page.locator(".console-results").innerText()).includes("1 statement after the error not run"), "not-run note");
  await runSql(page, "SELECT 40 + 2;");
  assert((await page.locator('[data-testid="console-result"] td').innerText()) === "42", "next query");
  assert(problems.length === 0, problems.join("\n"));
  await page.close();
});

test("the engine conformance suite passes on sql.js", async (ctx, url) => {
  const { page, problems } = await open(ctx, url, "?selftest");
  const report = await page.locator('[data-testid="selftest"]').innerText({ timeout: 10000 });
  const lines = report.split("\n");
  assert(lines.length >= 10, `checks: ${lines.length}`);
  const failed = lines.filter((l) => !l.startsWith("ok "));
  assert(failed.length === 0, failed.join("\n"));
  assert(problems.length === 0, problems.join("\n"));
  await page.close();
});

test("a runaway query is stopped within 2 s and the database is rebuilt", async (ctx, url) => {
  const { page, problems } = await open(ctx, url);
  await runSql(page, "CREATE TABLE kept (v INTEGER); INSERT INTO kept VALUES (7);");
  const started = Date.now();
  await page.click('[data-testid="sql-console"] .cm-content');
  await page.keyboard.press("Control+A");
  await page.keyboard.insertText("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT count(*) FROM c;");
  await page.click('[data-testid="sql-console-run"]');
  const message = await page.locator('.console [data-testid="error"]').innerText({ timeout: 5000 });
  const elapsed = Date.now() - started;
  assert(message.startsWith("Stopped after 2 s"), message);
  assert(elapsed < 3500, `stopped after ${elapsed} ms`);
  // The page stayed responsive: the tabs still switch while the engine restarts.
  await page.click('[data-testid="lens-tab"]');
  assert((await page.locator('[data-testid="lens-tab"]').getAttribute("aria-selected")) === "true", "tab switch");
  await page.waitForSelector('[data-testid="engine-ready"]', { timeout: 10000 });
  await runSql(page, "SELECT v FROM kept;");
  assert((await page.locator('[data-testid="console-result"] td').innerText()) === "7", "rows from before the run survive");
  assert(problems.length === 0, problems.join("\n"));
  await page.close();
});

test("a 390-wide phone gets stacked panes and no sideways scrolling", async (_ctx, url) => {
  const phone = await launch({ width: 390, height: 844 });
  try {
    const { page, problems } = await open(phone, url);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert(overflow <= 0, `page is ${overflow}px wider than the phone`);
    assert(problems.length === 0, problems.join("\n"));
  } finally {
    await phone.close();
  }
});

test("screenshot for the README", async (ctx, url) => {
  const { page } = await open(ctx, url);
  await runSql(page, "CREATE TABLE users (id INTEGER PRIMARY KEY, username TEXT NOT NULL UNIQUE);\nINSERT INTO users (username) VALUES ('ada'), ('linus'), ('grace');\nSELECT id, username FROM users ORDER BY username;");
  fs.mkdirSync(path.dirname(screenshot), { recursive: true });
  await page.screenshot({ path: screenshot });
  await page.close();
});

const server = await serve(dist);
const browser = await launch();
let passed = 0;
let failed = 0;
for (const { name, fn } of tests) {
  const started = Date.now();
  try {
    await fn(browser, server.url);
    passed += 1;
    console.log(`ok   ${name} (${Date.now() - started} ms)`);
  } catch (error) {
    failed += 1;
    console.log(`FAIL ${name}\n     ${String(error.stack ?? error).split("\n").join("\n     ")}`);
  }
}
await browser.close();
await server.close();
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
