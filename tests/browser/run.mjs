// The browser suite: drives the release build of the page in headless Chromium the way a user
// does, through the data-testid hooks of DESIGN.md. Usage: node tests/browser/run.mjs dist
// Ends with "N passed, M failed"; exit status 1 on any failure.
import path from "node:path";
import fs from "node:fs";
import os from "node:os";
import zlib from "node:zlib";
import { execFileSync } from "node:child_process";
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
  // Every test starts with empty storage (the profile is shared); reloads in a tab keep it.
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
    if (!sessionStorage.getItem("ormlab-test-tab")) {
      localStorage.clear();
      sessionStorage.setItem("ormlab-test-tab", "1");
    }
  });
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
  // A function, not a string: the page's CSP forbids eval.
  await page.waitForFunction((n) => Number(document.querySelector('[data-testid="run-finished"]')?.dataset.run ?? 0) > n, before, { timeout: 10000 });
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

test("the page runs under a strict Content-Security-Policy", async (ctx, url) => {
  const { page, problems } = await open(ctx, url);
  const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute("content");
  for (const part of ["default-src 'self'", "connect-src 'self'", "object-src 'none'"]) {
    assert(policy.includes(part), `policy lacks ${part}: ${policy}`);
  }
  assert(!/script-src[^;]*'unsafe-inline'/.test(policy), "inline scripts must not be allowed");
  assert(!/'sha256-|'nonce-/.test(policy), `no inline script is allowed, not even by hash: ${policy}`);
  assert((await page.locator("script:not([src])").count()) === 0, "the built page has an inline script");
  // An injected inline script is refused (and reported, which counts as a problem here).
  const ran = await page.evaluate(() => {
    window.__injected = false;
    const s = document.createElement("script");
    s.textContent = "window.__injected = true";
    document.body.appendChild(s);
    return window.__injected;
  });
  assert(ran === false, "an injected inline script ran");
  for (const part of ["worker-src 'self'", "base-uri 'none'", "form-action 'none'"]) {
    assert(policy.includes(part), `policy lacks ${part}: ${policy}`);
  }
  assert(!/script-src[^;]*'unsafe-eval'/.test(policy), "eval must not be allowed");
  // Everything works under it: the console, a script run on the ORM, the diagram.
  await runSql(page, "SELECT 1;");
  await setScript(page, 'db.session.add(User(username="csp"))\ndb.session.commit()\nprint(User.query.count())\n');
  await page.click('[data-testid="run"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="output"] .stdout')?.innerText.trim() === "1", null, { timeout: 10000 });
  await page.click("#tab-diagram");
  await page.waitForSelector('[data-testid="diagram-table"]', { timeout: 10000 });
  // Another origin (a second server on loopback) gets nothing, whatever the page tries.
  const elsewhere = await serve(dist);
  await page.evaluate(async (other) => {
    await fetch(other + "/x.json").catch(() => null);
    try { new Worker(other + "/w.js"); } catch { /* refused */ }
    const img = document.createElement("img");
    img.src = other + "/i.png";
    document.body.appendChild(img);
    img.remove();
  }, elsewhere.url);
  await page.waitForTimeout(500);
  assert(elsewhere.requests.length === 0, `requests reached another origin: ${elsewhere.requests}`);
  await elsewhere.close();
  const csp = (p) => p.includes("Content Security Policy") || p.includes("CSP violation") || p.includes("request outside the origin: " + elsewhere.url);
  assert(problems.length > 0 && problems.every(csp), problems.join("\n"));
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

/** Milliseconds the main thread takes to paint a frame and answer: a frozen tab never does. */
async function frameLatency(page) {
  return page.evaluate(() => new Promise((resolve) => {
    const t0 = performance.now();
    requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t0), 0));
  }));
}

test("a runaway query is stopped within 2 s and the database is rebuilt", async (ctx, url) => {
  const { page, problems } = await open(ctx, url);
  await runSql(page, "CREATE TABLE kept (v INTEGER); INSERT INTO kept VALUES (7);");
  await page.click('[data-testid="sql-console"] .cm-content');
  await page.keyboard.press("Control+A");
  // The INSERT before the runaway statement belongs to the stopped run: it must not survive.
  await page.keyboard.insertText("INSERT INTO kept VALUES (8);\nWITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT count(*) FROM c;");
  const started = Date.now();
  await page.click('[data-testid="sql-console-run"]');
  // The page stays responsive while the worker spins: frames paint and the tabs still switch.
  const latency = await frameLatency(page);
  assert(latency < 250, `a frame took ${latency.toFixed(0)} ms during the run`);
  await page.click('[data-testid="lens-tab"]');
  assert((await page.locator('[data-testid="lens-tab"]').getAttribute("aria-selected")) === "true", "tab switch");
  const message = await page.locator('.console [data-testid="error"]').innerText({ timeout: 5000 });
  const elapsed = Date.now() - started;
  assert(message.startsWith("Stopped after 2 s") && message.includes("back to its state before this run"), message);
  assert(elapsed < 2600, `stopped after ${elapsed} ms`);
  await page.waitForSelector('[data-testid="engine-ready"]', { timeout: 10000 });
  await runSql(page, "SELECT group_concat(v) FROM kept;");
  assert((await page.locator('[data-testid="console-result"] td').innerText()) === "7", "the database is as it was before the run");
  assert(problems.length === 0, problems.join("\n"));
  await page.close();
});

test("the console answers before the full engine has loaded; Run waits for it and then works", async (_ctx, url) => {
  // A fresh profile: no service worker that would serve the wasm from its cache.
  const ctx = await launch();
  // Hold the full worker's wasm back: the console worker alone must give the first result.
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  const pattern = "**/ormlab_worker_bg.wasm";
  await ctx.context.route(pattern, async (route) => { await held; await route.continue(); });
  try {
    const { page, problems } = await open(ctx, url);
    await runSql(page, "SELECT 'first' AS answer;");
    assert((await resultTexts(page)).some((t) => t.includes("first")), "the console answered");
    assert((await page.locator('[data-testid="diagram-table"]').count()) === 0, "the models were read before the full engine loaded");
    await page.click('[data-testid="run"]');
    await page.waitForTimeout(300);
    release();
    await page.waitForSelector('[data-testid="diagram-table"]', { state: "attached", timeout: 10000 });
    await page.waitForFunction(() => document.querySelector('[data-testid="run-finished"]')?.dataset.queryCount !== undefined
      && document.querySelectorAll('[data-testid="sql-statement"]').length > 0, null, { timeout: 10000 });
    await runSql(page, "SELECT 'second' AS answer;");
    assert((await resultTexts(page)).some((t) => t.includes("second")), "the console still answers after the hand-over");
    assert(problems.length === 0, problems.join("\n"));
    await page.close();
  } finally {
    release();
    await ctx.close();
  }
});

for (const [kind, loop, expected] of [
  // Cheap steps: the interpreter's step budget ends it, inside the worker.
  ["while True: pass", "while True:\n    pass\n", /^StepLimitExceeded: .*endless loop|^Stopped: the script ran longer than 2 s/],
  // Steps too costly for the budget to end it in time: the page replaces the worker.
  ["a loop of heavy steps", "while True:\n    s = sum(range(200000))\n", /^Stopped: the script ran longer than 2 s and was stopped \(an endless loop\?\)\. The database is back to its state before this run\.$/],
]) {
  test(`a script running ${kind} is stopped within 2 s with a clear message, the page responsive`, async (ctx, url) => {
    const { page, problems } = await open(ctx, url);
    await runSql(page, "CREATE TABLE kept (v INTEGER); INSERT INTO kept VALUES (7);");
    await setScript(page, loop);
    const started = Date.now();
    await page.click('[data-testid="run"]');
    const latency = await frameLatency(page);
    assert(latency < 250, `a frame took ${latency.toFixed(0)} ms during the run`);
    await page.click('[data-testid="db-tab"]');
    assert((await page.locator('[data-testid="db-tab"]').getAttribute("aria-selected")) === "true", "tab switch");
    await page.click("#tab-output");
    const message = await page.locator('[data-testid="output"] [data-testid="error"]').innerText({ timeout: 5000 });
    const elapsed = Date.now() - started;
    assert(expected.test(message), message);
    assert(elapsed < 2600, `stopped after ${elapsed} ms`);
    await page.waitForSelector('[data-testid="engine-ready"]', { timeout: 10000 });
    // Nothing was lost: the console's database and the script are as before; Run works again.
    await runSql(page, "SELECT group_concat(v) FROM kept;");
    assert((await page.locator('[data-testid="console-result"] td').innerText()) === "7", "the console database survived");
    assert((await page.locator('[data-testid="script-editor"] .cm-content').innerText()).includes("while True:"), "the script survived");
    await setScript(page, "print(6 * 7)\n");
    await page.click('[data-testid="run"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="output"] .stdout')?.innerText.trim() === "42", null, { timeout: 10000 });
    assert(problems.length === 0, problems.join("\n"));
    await page.close();
  });
}

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

/** Replaces the models editor's text the way a paste does and waits for the worker's reading. */
async function setModels(page, text) {
  await page.click('[data-testid="models-editor"] .cm-content');
  await page.keyboard.press("Control+A");
  await page.keyboard.insertText(text);
}

import { BLOG_MODELS, BLOG_SCRIPT } from "./blog.mjs";

test("pasted blog models draw the ER diagram and show create_all's DDL", async (ctx, url) => {
  const { page, problems } = await open(ctx, url);
  await setModels(page, BLOG_MODELS);
  await page.click("#tab-diagram");
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="diagram-table"]').length === 4, null, { timeout: 10000 });
  const tables = await page.$$eval('[data-testid="diagram-table"]', (gs) => gs.map((g) => g.dataset.table).sort());
  assert(JSON.stringify(tables) === JSON.stringify(["post", "post_tags", "tag", "user"]), `tables ${tables}`);
  const edges = await page.$$eval('[data-testid="diagram-edge"]', (gs) => gs.map((g) => g.textContent));
  assert(edges.length === 3, `edges ${JSON.stringify(edges)}`);
  const labels = edges.join(" | ");
  for (const expected of ["User.posts 1→many", "Post.author many→1", "Post.tags many↔many"]) {
    assert(labels.includes(expected), `missing edge label ${expected} in ${labels}`);
  }
  await page.click('[data-testid="db-tab"]');
  const ddl = await page.locator('[data-testid="ddl"]').innerText();
  assert(ddl.includes("CREATE TABLE post_tags ("), ddl);
  assert(ddl.includes("FOREIGN KEY(user_id) REFERENCES user (id)"), ddl);
  assert(problems.length === 0, problems.join("\n"));
  await page.close();
});

test("an error in the models shows at its line and column", async (ctx, url) => {
  const { page, problems } = await open(ctx, url);
  await setModels(page, "class User(db.Model):\n    id = db.Column(db.Integer, primary_key=True)\n\n    name = db.Column(db.String(80)\n");
  const item = page.locator('.problems [data-testid="error"]').first();
  await item.waitFor({ timeout: 10000 });
  const text = await item.innerText();
  assert(/^Line [45], column \d+: /.test(text), text);
  await page.waitForSelector('[data-testid="models-editor"] :is(.cm-lintRange-error, .cm-lintPoint-error)', { state: "attached", timeout: 5000 });
  // Fixing the code clears the error.
  await setModels(page, "class User(db.Model):\n    id = db.Column(db.Integer, primary_key=True)\n");
  await page.waitForFunction(() => !document.querySelector('.problems [data-testid="error"]'), null, { timeout: 10000 });
  assert(problems.length === 0, problems.join("\n"));
  await page.close();
});

test("a hostile table name renders as text and runs nothing", async (ctx, url) => {
  const { page, problems } = await open(ctx, url);
  const dialogs = [];
  page.on("dialog", (d) => { dialogs.push(d.message()); d.dismiss(); });
  const hostile = '<img src=x onerror=alert(1)>';
  await setModels(page, `class Evil(db.Model):\n    __tablename__ = "${hostile}"\n    id = db.Column(db.Integer, primary_key=True)\n    note = db.Column("<b>col</b>", db.String(20), default="<script>alert(2)</script>")\n`);
  await page.click("#tab-diagram");
  // Wait for the pasted models' diagram (one table), not the starter's.
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="diagram-table"]').length === 1, null, { timeout: 10000 });
  const title = await page.locator('[data-testid="diagram-table"] .title').textContent();
  assert(title.includes(hostile), `title ${title}`);
  await page.click('[data-testid="db-tab"]');
  assert((await page.locator('[data-testid="ddl"]').innerText()).includes(hostile), "DDL shows the name as text");
  await page.waitForTimeout(300);
  assert((await page.locator("img, b").count()) === 0, "markup was created from a user string");
  assert(await page.evaluate(() => [...document.scripts].every((s) => !s.textContent.includes("alert"))), "a script was created from a user string");
  assert(dialogs.length === 0, `dialogs: ${dialogs}`);
  assert(problems.length === 0, problems.join("\n"));
  await page.close();
});

test("markup in every user string stays text: names, cells, output, errors, diagram labels, SQL, migrations", async (ctx, url) => {
  const { page, problems } = await open(ctx, url);
  const dialogs = [];
  page.on("dialog", (d) => { dialogs.push(d.message()); d.dismiss(); });
  const tag = (n) => `<img src=x onerror=alert(${n})><ormlab-x>${n}</ormlab-x>`;
  const created = () => page.evaluate(() => document.querySelectorAll("img, ormlab-x, svg img, svg ormlab-x").length);
  // Table and column names, and a relationship (diagram edge label) named by a backref string.
  await setModels(page, `class Owner(db.Model):
    __tablename__ = "${tag(1)}"
    id = db.Column(db.Integer, primary_key=True)
    pets = db.relationship("Pet", backref="${tag(2)}")


class Pet(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column("${tag(3)}", db.String(40))
    owner_id = db.Column(db.Integer, db.ForeignKey(Owner.id))
`);
  await page.click("#tab-diagram");
  // The blog example's diagram also has two tables: wait for these models' one.
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="diagram-table"]').length === 2 && document.querySelector('[data-testid="diagram"]').textContent.includes("Pet"), null, { timeout: 10000 });
  const diagram = await page.locator('[data-testid="diagram"]').textContent();
  for (const n of [1, 2, 3]) assert(diagram.includes(tag(n)), `diagram lacks ${tag(n)} as text: ${diagram}`);
  // Printed output, parameters in the SQL tab, an exception's message.
  await setScript(page, `db.session.add(Pet(name="${tag(4)}"))
db.session.commit()
print("${tag(5)}", Pet.query.first().name)
raise ValueError("${tag(6)}")
`);
  await page.click('[data-testid="run"]');
  await page.waitForSelector('[data-testid="run-finished"]', { state: "attached", timeout: 10000 });
  const output = await page.locator('[data-testid="output"]').innerText();
  assert(output.includes(`${tag(5)} ${tag(4)}`) && output.includes(`ValueError: ${tag(6)}`), output);
  await page.click("#tab-sql");
  assert((await page.locator('[data-testid="sql-log"]').innerText()).includes(tag(4)), "the parameter as text in the SQL tab");
  // A console error naming a hostile table, and cells.
  await runSql(page, `SELECT '${tag(7)}' AS "${tag(8)}";\nSELECT * FROM "${tag(9)}";`);
  const consoleText = await page.locator(".console-results").innerText();
  for (const n of [7, 8]) assert(consoleText.includes(tag(n)), `console lacks ${tag(n)}: ${consoleText}`);
  assert((await page.locator('.console [data-testid="error"]').innerText()) === `no such table: ${tag(9)}`, "console error");
  // Migration messages: the revision message and the hostile table in the timeline, the file and history.
  await page.click('[data-testid="migrations-tab"]');
  await page.fill('[data-testid="autogenerate-message"]', tag(10));
  await migrate(page, "autogenerate");
  assert((await page.inputValue('[data-testid="revision-editor"]')).includes(tag(1)), "revision file names the table");
  await migrate(page, "upgrade");
  await migrate(page, "migration-history");
  assert((await page.locator('[data-testid="migration-output"]').innerText()).includes(tag(10)), "history shows the message");
  assert((await page.locator(".migrations").innerText()).includes(tag(10)), "timeline shows the message");
  // A models error quoting the user's string.
  await setModels(page, `class Bad(db.Model):\n    id = db.Column(db.Integer, primary_key=True)\n    x = db.Column(db.Integer, db.ForeignKey("${tag(11)}.id"))\n`);
  await page.waitForFunction((t) => [...document.querySelectorAll('.problems [data-testid="error"], .ddl [data-testid="error"]')].some((e) => e.textContent.includes(t)), tag(11), { timeout: 10000 });
  await page.waitForTimeout(300);
  assert((await created()) === 0, "an element was created from a user string");
  assert(await page.evaluate(() => [...document.scripts].every((s) => !s.textContent.includes("alert"))), "a script was created from a user string");
  assert(dialogs.length === 0, `dialogs: ${dialogs}`);
  assert(problems.length === 0, problems.join("\n"));
  await page.close();
});

/** A fragment made the way the codec makes one (deflate-raw + base64url), for hostile variants. */
function fragmentOf(bytes, version = "v1") {
  return version + "." + zlib.deflateRawSync(bytes, { level: 9 }).toString("base64url");
}

/** The native CLI, from the shared target dir when CARGO_TARGET_DIR is set. */
function cliBinary() {
  const dir = process.env.CARGO_TARGET_DIR ? path.resolve(process.env.CARGO_TARGET_DIR) : path.resolve(here, "../../target");
  return path.join(dir, "debug", "ormlab");
}

test("a share link reproduces the workspace and its last run", async (ctx, url) => {
  const { page, problems } = await open(ctx, url);
  await setModels(page, "class Author(db.Model):\n    id = db.Column(db.Integer, primary_key=True)\n    name = db.Column(db.String(40))\n");
  await runSql(page, "CREATE TABLE pets (name TEXT);\nINSERT INTO pets VALUES ('rex'), ('tom');");
  await runSql(page, "SELECT name FROM pets ORDER BY name;");
  await page.click('[data-testid="share"]');
  const link = await page.locator('[data-testid="share-link"]').inputValue({ timeout: 5000 });
  assert(link.startsWith(url + "/#v2.") && link.endsWith("&run"), link);
  assert(link.length < 2000, `link length ${link.length}`);
  await page.close();
  // A fresh page, as a colleague opening the link.
  const other = await open(ctx, url, link.slice(url.length + 1));
  await other.page.waitForFunction(() => document.querySelectorAll('[data-testid="console-result"] td').length === 2, null, { timeout: 10000 });
  const cells = await other.page.locator('[data-testid="console-result"] td').allInnerTexts();
  assert(JSON.stringify(cells) === JSON.stringify(["rex", "tom"]), `cells ${cells}`);
  const models = await other.page.locator('[data-testid="models-editor"] .cm-content').innerText();
  assert(models.includes("class Author(db.Model):"), models);
  await other.page.click("#tab-diagram");
  await other.page.waitForSelector('[data-testid="diagram-table"][data-table="author"]', { timeout: 10000 });
  assert(problems.length + other.problems.length === 0, [...problems, ...other.problems].join("\n"));
  await other.page.close();
});

test("hostile links open with a clear message and change nothing", async (ctx, url) => {
  const markup = JSON.stringify({ models: "x = 1\n", script: "", console: ["SELECT '<img src=x onerror=alert(1)>' AS a;"] });
  const valid = fragmentOf(Buffer.from(markup));
  const cases = {
    malformed: "v1.%%%not-base64%%%",
    truncated: valid.slice(0, Math.floor(valid.length / 2)),
    "unknown version": "v7.AAAA",
    oversized: "v1." + "A".repeat(70000),
    "decompression bomb": fragmentOf(Buffer.alloc(8 * 1024 * 1024, 32)),
    "not a workspace": fragmentOf(Buffer.from("<script>alert(1)</script>")),
  };
  for (const [name, fragment] of Object.entries(cases)) {
    const { page, problems } = await open(ctx, url, "#" + fragment);
    const dialogs = [];
    page.on("dialog", (d) => { dialogs.push(d.message()); d.dismiss(); });
    const message = await page.locator('.share-popover [data-testid="error"]').innerText({ timeout: 10000 });
    assert(message.startsWith("Could not open the link:") && message.endsWith("Your workspace was not changed."), `${name}: ${message}`);
    const models = await page.locator('[data-testid="models-editor"] .cm-content').innerText();
    assert(models.includes("class User(db.Model):"), `${name}: the starter models were replaced`);
    assert((await page.locator('[data-testid="run-finished"]').count()) === 0, `${name}: something ran`);
    assert(dialogs.length === 0 && problems.length === 0, `${name}: ${dialogs} ${problems.join("\n")}`);
    await page.close();
  }
  // Markup inside a valid link stays text, even when the link runs.
  const { page, problems } = await open(ctx, url, "#" + valid + "&run");
  await page.waitForSelector('[data-testid="run-finished"]', { state: "attached", timeout: 10000 });
  assert((await page.locator('[data-testid="console-result"] td').innerText()) === "<img src=x onerror=alert(1)>", "cell text");
  assert((await page.locator("img").count()) === 0, "an img element was created");
  assert(problems.length === 0, problems.join("\n"));
  await page.close();
});

test("a link made by `ormlab share encode --run` opens and runs", async (ctx, url) => {
  const bin = cliBinary();
  if (!fs.existsSync(bin)) throw new Error(`${bin} missing: run cargo test first (scripts/test.sh does)`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ormlab-link-"));
  fs.writeFileSync(path.join(dir, "models.py"), "class Course(db.Model):\n    id = db.Column(db.Integer, primary_key=True)\n");
  fs.writeFileSync(path.join(dir, "lesson.sql"), "SELECT 6 * 7 AS answer;");
  const fragment = execFileSync(bin, ["share", "encode", "--models", path.join(dir, "models.py"), "--sql", path.join(dir, "lesson.sql"), "--run"], { encoding: "utf8" }).trim();
  fs.rmSync(dir, { recursive: true, force: true });
  const { page, problems } = await open(ctx, url, "#" + fragment);
  await page.waitForSelector('[data-testid="run-finished"]', { state: "attached", timeout: 10000 });
  assert((await page.locator('[data-testid="console-result"] td').innerText()) === "42", "the lesson's query ran");
  assert(problems.length === 0, problems.join("\n"));
  await page.close();
});

test("autosave brings the workspace back after a reload", async (ctx, url) => {
  const { page, problems } = await open(ctx, url);
  await setModels(page, "class Saved(db.Model):\n    id = db.Column(db.Integer, primary_key=True)\n");
  await runSql(page, "CREATE TABLE notes (body TEXT);");
  await page.click('[data-testid="sql-console"] .cm-content');
  await page.keyboard.press("Control+A");
  await page.keyboard.insertText("SELECT 'not run yet';");
  await page.waitForTimeout(700);
  await page.reload();
  await page.waitForSelector('[data-testid="engine-ready"]', { timeout: 20000 });
  const models = await page.locator('[data-testid="models-editor"] .cm-content').innerText();
  assert(models.includes("class Saved(db.Model):"), `models after reload: ${models}`);
  await page.click('[data-testid="db-tab"]');
  const consoleText = await page.locator('[data-testid="sql-console"] .cm-content').innerText();
  assert(consoleText.includes("SELECT 'not run yet';"), `console after reload: ${consoleText}`);
  // The console history came back too: the table made before the reload is rebuilt.
  await runSql(page, "SELECT count(*) FROM notes;");
  assert((await page.locator('[data-testid="console-result"] td').innerText()) === "0", "table from before the reload");
  assert(problems.length === 0, problems.join("\n"));
  await page.close();
});

test("a link over different saved work asks first and keeps that work restorable", async (ctx, url) => {
  const { page, problems } = await open(ctx, url);
  await setModels(page, "class Mine(db.Model):\n    id = db.Column(db.Integer, primary_key=True)\n");
  await page.waitForTimeout(700);
  const link = fragmentOf(Buffer.from(JSON.stringify({ models: "class Theirs(db.Model):\n    id = db.Column(db.Integer, primary_key=True)\n", script: "", console: [] })));
  await page.goto(url + "/#" + link);
  await page.reload();
  await page.waitForSelector('[data-testid="link-consent"]', { timeout: 20000 });
  const modelsText = () => page.locator('[data-testid="models-editor"] .cm-content').innerText();
  assert((await modelsText()).includes("class Mine"), "nothing replaced before the user says yes");
  await page.click('[data-testid="link-open"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="models-editor"] .cm-content').innerText.includes("class Theirs"));
  await page.click('[data-testid="restore-backup"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="models-editor"] .cm-content').innerText.includes("class Mine"));
  assert(problems.length === 0, problems.join("\n"));
  await page.close();
});

/** Replaces the script editor's text the way a paste does. */
async function setScript(page, text) {
  await page.click('[data-testid="script-editor"] .cm-content');
  await page.keyboard.press("Control+A");
  await page.keyboard.insertText(text);
}

test("Run runs the script on sql.js and matches `ormlab run` on rusqlite statement for statement", async (ctx, url) => {
  const script = `for name in ["ada", "linus", "grace"]:
    db.session.add(User(username=name))
db.session.commit()
post = Post(title="Hello", user_id=1)
db.session.add(post)
db.session.commit()
print(User.query.count(), post)
for user in User.query.order_by(User.username).all():
    print(user.username, len(user.posts))
`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ormlab-run-"));
  fs.writeFileSync(path.join(dir, "models.py"), BLOG_MODELS);
  fs.writeFileSync(path.join(dir, "script.py"), script);
  const bin = cliBinary();
  const native = JSON.parse(execFileSync(bin, ["run", "--models", "models.py", "--script", "script.py", "--json"], { cwd: dir, encoding: "utf8" }));
  fs.rmSync(dir, { recursive: true, force: true });
  assert(native.error === null, `native run failed: ${JSON.stringify(native.error)}`);

  const { page, problems } = await open(ctx, url);
  await setModels(page, BLOG_MODELS);
  await setScript(page, script);
  await page.click('[data-testid="run"]');
  await page.waitForSelector('[data-testid="run-finished"]', { state: "attached", timeout: 10000 });
  const stdout = await page.locator('[data-testid="output"] .stdout').innerText();
  assert(stdout.trim() === native.stdout.trim(), `stdout ${JSON.stringify(stdout)} vs ${JSON.stringify(native.stdout)}`);
  await page.click("#tab-sql");
  const count = Number(await page.locator('[data-testid="query-count"]').innerText());
  assert(count === native.query_count, `query-count ${count} vs ${native.query_count}`);
  const sqls = await page.$$eval('[data-testid="sql-statement"] code.sql', (cs) => cs.map((c) => c.textContent));
  assert(JSON.stringify(sqls) === JSON.stringify(native.statements.map((s) => s.sql)), "statements differ between sql.js and rusqlite");
  const finished = page.locator('[data-testid="run-finished"]');
  assert(Number(await finished.getAttribute("data-query-count")) === native.query_count, "run-finished count");
  // Ctrl+Enter in the script editor runs it again; an exception shows as Python's last line.
  await setScript(page, "print(1)\nUser.query.get_or_none()\n");
  await page.keyboard.press("Control+Enter");
  await page.click("#tab-output");
  const error = await page.locator('[data-testid="output"] [data-testid="error"]').innerText({ timeout: 10000 });
  assert(error.endsWith("(line 2)"), error);
  assert(problems.length === 0, problems.join("\n"));
  await page.close();
});

test("the lens finds the N+1 of a lazy loop with the count the emulation sent", async (ctx, url) => {
  const script = BLOG_SCRIPT;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ormlab-lens-"));
  fs.writeFileSync(path.join(dir, "models.py"), BLOG_MODELS);
  fs.writeFileSync(path.join(dir, "script.py"), script);
  const bin = cliBinary();
  const native = JSON.parse(execFileSync(bin, ["run", "--models", "models.py", "--script", "script.py", "--json"], { cwd: dir, encoding: "utf8" }));
  fs.rmSync(dir, { recursive: true, force: true });
  assert(native.error === null, `native run failed: ${JSON.stringify(native.error)}`);
  const lazy = native.statements.filter((s) => s.line === 8 && /^SELECT/.test(s.sql)).length;
  assert(lazy === 3, `native lazy loads on line 8: ${lazy}`);

  const { page, problems } = await open(ctx, url);
  await setModels(page, BLOG_MODELS);
  await setScript(page, script);
  await page.click('[data-testid="run"]');
  await page.waitForSelector('[data-testid="run-finished"]', { state: "attached", timeout: 10000 });
  // The gutter shows ×3 beside the loop body that lazy-loads.
  const badges = await page.$$eval('[data-testid="script-editor"] .cm-count', (bs) => bs.map((b) => b.textContent));
  assert(badges.includes("×3"), `gutter badges ${badges}`);
  await page.click('[data-testid="lens-tab"]');
  const finding = page.locator('[data-testid="lens-finding"][data-kind="n_plus_one"]');
  assert((await finding.count()) === 1, `findings: ${await finding.count()}`);
  assert((await finding.getAttribute("data-count")) === String(lazy), "count equals the lazy loads sent");
  assert((await finding.getAttribute("data-line")) === "8", "line of the loop body");
  const text = await finding.innerText();
  assert(text.includes("User.posts") && text.includes("selectinload(User.posts)") && text.includes("line 6"), text);
  assert((await page.locator('[data-testid="lens-finding"][data-kind="raise_would_stop"]').count()) === 1, "the raise hint");
  assert(problems.length === 0, problems.join("\n"));
  await page.close();
});

test("Compare draws every strategy with the counts `ormlab lens` sends; Apply fixes the N+1 and Undo restores", async (ctx, url) => {
  const script = `for name in ["ada", "linus", "grace", "alan"]:
    user = User(username=name)
    db.session.add(user)
    db.session.add(Post(title="Hi " + name, author=user))
db.session.commit()
users = User.query.all()
for user in users:
    print(user.username, len(user.posts))
`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ormlab-lens-"));
  fs.writeFileSync(path.join(dir, "models.py"), BLOG_MODELS);
  fs.writeFileSync(path.join(dir, "script.py"), script);
  const bin = cliBinary();
  const native = JSON.parse(execFileSync(bin, ["lens", "--models", "models.py", "--script", "script.py", "--json"], { cwd: dir, encoding: "utf8" }));
  fs.rmSync(dir, { recursive: true, force: true });
  const expected = native.compare.map((c) => [c.strategy, c.select_count]);
  assert(JSON.stringify(expected.map((e) => e[0])) === JSON.stringify(["lazy", "joined", "selectin", "subquery", "raise"]), JSON.stringify(expected));
  assert(expected[0][1] === 5 && expected[2][1] === 2, `native counts ${JSON.stringify(expected)}`);

  const { page, problems } = await open(ctx, url);
  await page.setViewportSize({ width: 1280, height: 800 });
  await setModels(page, BLOG_MODELS);
  await setScript(page, script);
  await page.click('[data-testid="run"]');
  await page.waitForSelector('[data-testid="run-finished"]', { state: "attached", timeout: 10000 });
  await page.click('[data-testid="lens-tab"]');
  await page.click('[data-testid="lens-compare"]');
  await page.waitForSelector('[data-testid="lens-chart"]', { timeout: 15000 });
  const bars = await page.$$eval('[data-testid="lens-bar"]', (bs) => bs.map((b) => [b.dataset.strategy, Number(b.dataset.queries)]));
  assert(JSON.stringify(bars) === JSON.stringify(expected), `chart ${JSON.stringify(bars)} vs native ${JSON.stringify(expected)}`);
  assert((await page.locator('[data-testid="lens-bar"].best').getAttribute("data-strategy")) === "joined", "fewest queries marked");
  assert((await page.locator('[data-testid="lens-bar"][data-fastest="true"]').count()) === 1, "one strategy marked fastest");
  await page.locator('[data-testid="lens-bar"][data-strategy="lazy"]').click();
  assert((await page.locator('[data-testid="lens-timeline"]').getAttribute("data-strategy")) === "lazy", "timeline follows the selected bar");
  await page.screenshot({ path: path.resolve(here, "../../docs/lens-chart.png") });
  await page.setViewportSize({ width: 390, height: 844 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert(overflow <= 0, `sideways scrolling on a phone: ${overflow}px`);
  await page.locator('[data-testid="lens-chart"]').scrollIntoViewIfNeeded();
  fs.mkdirSync(path.resolve(here, "out"), { recursive: true });
  await page.screenshot({ path: path.resolve(here, "out/lens-chart-phone.png") });
  await page.setViewportSize({ width: 1280, height: 800 });

  // Apply: the script gets the loader option, re-runs, the loop line's badge is gone.
  const runs = () => Number(document.querySelector('[data-testid="run-finished"]')?.dataset.run ?? 0);
  let before = await page.evaluate(runs);
  await page.click('[data-testid="lens-apply-fix"]');
  await page.waitForFunction((n) => Number(document.querySelector('[data-testid="run-finished"]')?.dataset.run ?? 0) > n, before, { timeout: 10000 });
  const fixed = await page.locator('[data-testid="script-editor"] .cm-content').innerText();
  assert(fixed.includes("User.query.options(selectinload(User.posts)).all()"), fixed);
  const badges = await page.$$eval('[data-testid="script-editor"] .cm-count', (bs) => bs.map((b) => b.textContent));
  assert(badges.includes("×2") && !badges.includes("×4"), `badges after the fix ${badges}`);
  assert((await page.locator('[data-testid="lens-finding"][data-kind="n_plus_one"]').count()) === 0, "no N+1 after the fix");
  before = await page.evaluate(runs);
  await page.click('[data-testid="lens-undo"]');
  await page.waitForFunction((n) => Number(document.querySelector('[data-testid="run-finished"]')?.dataset.run ?? 0) > n, before, { timeout: 10000 });
  const restored = await page.locator('[data-testid="script-editor"] .cm-content').innerText();
  assert(restored.includes("users = User.query.all()"), restored);
  assert(problems.length === 0, problems.join("\n"));
  await page.close();
});

test("the SQL tab marks loading statements: the blog N+1 sends 1 + N, selectinload sends 2", async (ctx, url) => {
  const setup = `for name in ["ada", "linus", "grace"]:
    user = User(username=name)
    db.session.add(user)
    db.session.add(Post(title="Hi " + name, author=user))
db.session.commit()
db.session.expunge_all()
`;
  const { page, problems } = await open(ctx, url);
  await setModels(page, BLOG_MODELS);
  const selects = async (query) => {
    await setScript(page, setup + `for user in ${query}:\n    print(user.username, len(user.posts))\n`);
    const runs = () => Number(document.querySelector('[data-testid="run-finished"]')?.dataset.run ?? 0);
    const before = await page.evaluate(runs);
    await page.click('[data-testid="run"]');
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid="run-finished"]')?.dataset.run ?? 0) > n, before, { timeout: 10000 });
    await page.click("#tab-sql");
    return page.$$eval('[data-testid="sql-statement"]', (items) =>
      items.filter((i) => i.querySelector("code.sql").textContent.startsWith("SELECT")).map((i) => i.dataset.strategy ?? "query"));
  };
  const lazy = await selects("User.query.all()");
  assert(JSON.stringify(lazy) === JSON.stringify(["query", "lazy", "lazy", "lazy"]), `N+1: ${lazy}`);
  const eager = await selects("User.query.options(selectinload(User.posts)).all()");
  assert(JSON.stringify(eager) === JSON.stringify(["query", "selectin"]), `selectinload: ${eager}`);
  const badge = await page.locator('[data-testid="sql-statement"][data-strategy="selectin"] .load-badge').innerText();
  assert(badge === "selectin · User.posts", badge);
  // Each statement shows its parameters; a click selects the script line that sent it.
  const params = await page.locator('[data-testid="sql-statement"][data-strategy="selectin"] .params').innerText();
  assert(params === "[1, 2, 3]", `selectin parameters ${params}`);
  await page.locator('[data-testid="sql-statement"][data-strategy="selectin"]').click();
  const selected = await page.evaluate(() => window.getSelection().toString());
  assert(selected.includes("User.query.options(selectinload(User.posts)).all()"), `selected ${JSON.stringify(selected)}`);
  // Hovering a gutter badge lists the statements of that line.
  const title = await page.locator('[data-testid="script-editor"] .cm-count').last().getAttribute("title");
  assert(title.includes("selectin load of User.posts") && title.includes("SELECT"), `badge title ${title}`);
  assert(problems.length === 0, problems.join("\n"));
  await page.close();
});

const MIGRATION_V1 = `class User(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(80), nullable=False)
`;

/** Presses a Migrations-tab button and waits for the worker's report. */
async function migrate(page, testid) {
  const reports = () => Number(document.querySelector(".migrations")?.dataset.reports ?? 0);
  const before = await page.evaluate(reports);
  await page.click(`[data-testid="${testid}"]`);
  await page.waitForFunction((n) => Number(document.querySelector(".migrations")?.dataset.reports ?? 0) > n, before, { timeout: 10000 });
}

async function dbTable(page, name) {
  await page.click('[data-testid="db-tab"]');
  return page.$eval(`[data-testid="db-table"][data-table="${name}"] table`, (t) => ({
    columns: [...t.querySelectorAll("th")].map((th) => th.innerText),
    rows: [...t.querySelectorAll("tbody tr")].map((tr) => [...tr.querySelectorAll("td")].map((td) => td.innerText)),
  }));
}

test("migrations: add a column, autogenerate, upgrade keeps the rows, downgrade removes it", async (ctx, url) => {
  const { page, problems } = await open(ctx, url);
  await setModels(page, MIGRATION_V1);
  await page.click('[data-testid="migrations-tab"]');
  await page.fill('[data-testid="autogenerate-message"]', "create users");
  await migrate(page, "autogenerate");
  const first = await page.inputValue('[data-testid="revision-editor"]');
  assert(first.startsWith('"""create users') && first.includes("op.create_table('user',"), first);
  await migrate(page, "upgrade");
  await runSql(page, "INSERT INTO user (name) VALUES ('ada');");
  await setModels(page, MIGRATION_V1 + "    bio = db.Column(db.Text)\n");
  await page.click('[data-testid="migrations-tab"]');
  await page.fill('[data-testid="autogenerate-message"]', "add bio");
  await migrate(page, "autogenerate");
  const second = await page.inputValue('[data-testid="revision-editor"]');
  assert(second.includes("batch_op.add_column(sa.Column('bio', sa.Text(), nullable=True))"), second);
  await migrate(page, "upgrade");
  const current = await page.$$eval('[data-testid="migration-revision"][data-current="true"]', (li) => li.map((l) => l.innerText));
  assert(current.length === 1 && current[0].includes("add bio") && current[0].includes("(current)"), JSON.stringify(current));
  let users = await dbTable(page, "user");
  assert(JSON.stringify(users.columns) === JSON.stringify(["id", "name", "bio"]), JSON.stringify(users));
  assert(JSON.stringify(users.rows) === JSON.stringify([["1", "ada", "NULL"]]), JSON.stringify(users));
  await page.click('[data-testid="migrations-tab"]');
  await migrate(page, "downgrade");
  users = await dbTable(page, "user");
  assert(JSON.stringify(users.columns) === JSON.stringify(["id", "name"]), JSON.stringify(users));
  assert(JSON.stringify(users.rows) === JSON.stringify([["1", "ada"]]), JSON.stringify(users));
  // Back to the head through the timeline, then Alembic's history with the current one marked.
  await page.click('[data-testid="migrations-tab"]');
  await migrate(page, "migrate-to");
  await migrate(page, "migration-history");
  const history = await page.locator('[data-testid="migration-output"]').innerText();
  assert(/-> [0-9a-f]{12} \(head\) \(current\), add bio\n<base> -> [0-9a-f]{12}, create users/.test(history), history);
  assert(problems.length === 0, problems.join("\n"));
  await page.close();
});

test("migrations: a drop+add flagged as a rename, applied as the edit, keeps the values", async (ctx, url) => {
  const { page, problems } = await open(ctx, url);
  const v1 = "class City(db.Model):\n    id = db.Column(db.Integer, primary_key=True)\n    nm = db.Column(db.String(60), nullable=False)\n";
  await setModels(page, v1);
  await page.click('[data-testid="migrations-tab"]');
  await migrate(page, "autogenerate");
  await migrate(page, "upgrade");
  await runSql(page, "INSERT INTO city (nm) VALUES ('Oslo');");
  await setModels(page, v1.replace("nm = db.Column(db.String(60), nullable=False)", "name = db.Column(db.String(60))"));
  await page.click('[data-testid="migrations-tab"]');
  await page.fill('[data-testid="autogenerate-message"]', "rename nm");
  await migrate(page, "autogenerate");
  const warnings = await page.$$eval('[data-testid="migration-warning"]', (li) => li.map((l) => l.innerText).join("\n"));
  assert(warnings.includes("destroys 1 non-NULL value") && warnings.includes("new_column_name='name'"), warnings);
  await page.click('[data-testid="apply-rename"]');
  const edited = await page.inputValue('[data-testid="revision-editor"]');
  assert(edited.includes("batch_op.alter_column('nm', new_column_name='name'") && !edited.includes("drop_column"), edited);
  await migrate(page, "upgrade");
  const city = await dbTable(page, "city");
  assert(JSON.stringify(city) === JSON.stringify({ columns: ["id", "name"], rows: [["1", "Oslo"]] }), JSON.stringify(city));
  assert(problems.length === 0, problems.join("\n"));
  await page.close();
});

test("migrations: a failing upgrade says why, restores the database and shows what Alembic leaves", async (ctx, url) => {
  const { page, problems } = await open(ctx, url);
  await setModels(page, MIGRATION_V1.replace(", nullable=False", ""));
  await page.click('[data-testid="migrations-tab"]');
  await migrate(page, "autogenerate");
  await migrate(page, "upgrade");
  await runSql(page, "INSERT INTO user (name) VALUES (NULL);");
  await setModels(page, MIGRATION_V1);
  await page.click('[data-testid="migrations-tab"]');
  await migrate(page, "autogenerate");
  await migrate(page, "upgrade");
  const error = await page.locator('.migrations [data-testid="error"]').innerText();
  assert(error.includes("NOT NULL constraint failed") && error.includes("put the database back"), error);
  const left = await page.$$eval('[data-testid="left-behind"] [data-testid="db-table"]', (ts) => ts.map((t) => t.dataset.table));
  assert(left.includes("_alembic_tmp_user"), JSON.stringify(left));
  await page.click('[data-testid="db-tab"]');
  const now = await page.$$eval('.db-tables [data-testid="db-table"]', (ts) => ts.map((t) => t.dataset.table));
  assert(JSON.stringify(now) === JSON.stringify(["alembic_version", "user"]), JSON.stringify(now));
  assert(problems.length === 0, problems.join("\n"));
  await page.close();
});


/** Waits for a download started by clicking `testid` (inside the Export menu when `menu`). */
async function download(page, testid, menu = true) {
  if (menu) await page.click('[data-testid="export"]');
  const [file] = await Promise.all([page.waitForEvent("download", { timeout: 10000 }), page.click(`[data-testid="${testid}"]`)]);
  return { name: file.suggestedFilename(), bytes: fs.readFileSync(await file.path()) };
}

const statementsOf = (page) => page.$$eval('[data-testid="sql-statement"] code.sql', (cs) => cs.map((c) => c.textContent));

test("a v2 link reproduces the output, the statements, the revisions and which are applied", async (ctx, url) => {
  const { page, problems } = await open(ctx, url);
  await setModels(page, MIGRATION_V1);
  await page.click('[data-testid="migrations-tab"]');
  await page.fill('[data-testid="autogenerate-message"]', "create users");
  await migrate(page, "autogenerate");
  await migrate(page, "upgrade");
  await setModels(page, BLOG_MODELS);
  await setScript(page, `for name in ["ada", "linus"]:\n    user = User(username=name)\n    db.session.add(user)\n    db.session.add(Post(title="<b>" + name + "</b>", author=user))\ndb.session.commit()\nfor user in User.query.all():\n    print(user.username, [p.title for p in user.posts], user.posts[0].created_at)\n`);
  await page.click('[data-testid="run"]');
  await page.waitForSelector('[data-testid="run-finished"]', { state: "attached", timeout: 10000 });
  const output = await page.locator('[data-testid="output"]').innerText();
  await page.click("#tab-sql");
  const statements = await statementsOf(page);
  assert(output.includes("2026-01-01") && statements.length > 4, `${output} ${statements.length}`);
  await page.click('[data-testid="share"]');
  const link = await page.locator('[data-testid="share-link"]').inputValue({ timeout: 5000 });
  assert(link.startsWith(url + "/#v2.") && link.length < 2000, `${link.length}: ${link.slice(0, 60)}`);
  await page.close();
  const other = await open(ctx, url, link.slice(url.length + 1));
  await other.page.waitForSelector('[data-testid="run-finished"]', { state: "attached", timeout: 10000 });
  await other.page.waitForFunction(() => document.querySelector('[data-testid="output"]')?.innerText.includes("linus"), null, { timeout: 10000 });
  assert((await other.page.locator('[data-testid="output"]').innerText()) === output, "same output");
  await other.page.click("#tab-sql");
  assert(JSON.stringify(await statementsOf(other.page)) === JSON.stringify(statements), "same statements");
  assert((await other.page.locator('[data-testid="output"] b').count()) === 0, "markup in output stays text");
  await other.page.click('[data-testid="migrations-tab"]');
  await other.page.waitForSelector('[data-testid="migration-revision"][data-current="true"]', { timeout: 10000 });
  assert((await other.page.locator('[data-testid="migration-revision"]').count()) === 1, "one revision");
  assert(problems.length + other.problems.length === 0, [...problems, ...other.problems].join("\n"));
  await other.page.close();
});

test("hostile v2 links: a clear message, no script, no request, saved work kept", async (ctx, url) => {
  const markup = { models: 'class Evil(db.Model):\n    __tablename__ = "<img src=x onerror=alert(1)>"\n    id = db.Column(db.Integer, primary_key=True)\n', script: 'print("<script>alert(2)</script>")\n' };
  const valid = fragmentOf(Buffer.from(JSON.stringify(markup)), "v2");
  const cases = {
    "unknown field": fragmentOf(Buffer.from(JSON.stringify({ ...markup, onload: "alert(1)" })), "v2"),
    "wrong type": fragmentOf(Buffer.from(JSON.stringify({ models: ["<script>"] })), "v2"),
    "bad threshold": fragmentOf(Buffer.from(JSON.stringify({ models: "", lens_threshold: -1 })), "v2"),
    "too many revisions": fragmentOf(Buffer.from(JSON.stringify({ models: "", revisions: Array(201).fill("") })), "v2"),
    truncated: valid.slice(0, valid.length - 9),
    "decompression bomb": fragmentOf(Buffer.from(JSON.stringify({ models: " ".repeat(4 * 1024 * 1024) })), "v2"),
    "script in the fragment": "v2.<script>alert(1)</script>",
    "javascript url": "javascript:alert(1)",
  };
  for (const [name, fragment] of Object.entries(cases)) {
    const { page, problems } = await open(ctx, url);
    await setModels(page, "class Mine(db.Model):\n    id = db.Column(db.Integer, primary_key=True)\n");
    await page.waitForTimeout(600);
    const saved = await page.evaluate(() => localStorage.getItem("ormlab:workspace"));
    const dialogs = [];
    page.on("dialog", (d) => { dialogs.push(d.message()); d.dismiss(); });
    await page.goto(url + "/#" + fragment);
    await page.reload();
    const message = await page.locator('.share-popover [data-testid="error"]').innerText({ timeout: 15000 });
    assert(message.startsWith("Could not open the link:") && message.endsWith("Your workspace was not changed."), `${name}: ${message}`);
    assert((await page.locator('[data-testid="models-editor"] .cm-content').innerText()).includes("class Mine"), `${name}: models replaced`);
    await page.waitForTimeout(600);
    assert((await page.evaluate(() => localStorage.getItem("ormlab:workspace"))) === saved, `${name}: saved work changed`);
    assert(await page.evaluate(() => !window.__pwned), `${name}: script ran`);
    assert(dialogs.length === 0 && problems.length === 0, `${name}: ${dialogs} ${problems.join("\n")}`);
    await page.close();
  }
  // The markup link is valid: over saved work it asks; opened and run, its strings stay text.
  const { page, problems } = await open(ctx, url, "#" + valid + "&run");
  await page.waitForSelector('[data-testid="run-finished"]', { state: "attached", timeout: 10000 });
  await page.waitForFunction(() => document.querySelector('[data-testid="output"]')?.innerText.includes("<script>alert(2)</script>"), null, { timeout: 10000 });
  assert((await page.locator("[data-testid=output] script, img").count()) === 0, "markup became elements");
  assert(problems.length === 0, problems.join("\n"));
  await page.close();
});

test("autosave restores the revisions and which are applied after a reload", async (ctx, url) => {
  const { page, problems } = await open(ctx, url);
  await setModels(page, MIGRATION_V1);
  await page.click('[data-testid="migrations-tab"]');
  await page.fill('[data-testid="autogenerate-message"]', "create users");
  await migrate(page, "autogenerate");
  const file = await page.inputValue('[data-testid="revision-editor"]');
  await migrate(page, "upgrade");
  await runSql(page, "INSERT INTO user (name) VALUES ('ada');");
  await page.waitForTimeout(700);
  await page.reload();
  await page.waitForSelector('[data-testid="engine-ready"]', { timeout: 20000 });
  await page.click('[data-testid="migrations-tab"]');
  await page.waitForSelector('[data-testid="migration-revision"][data-current="true"]', { timeout: 10000 });
  await page.click('[data-testid="migration-revision"] button.link');
  assert((await page.inputValue('[data-testid="revision-editor"]')) === file, "the revision file came back byte for byte");
  const users = await dbTable(page, "user");
  assert(JSON.stringify(users.rows) === JSON.stringify([["1", "ada"]]), JSON.stringify(users));
  assert(problems.length === 0, problems.join("\n"));
  await page.close();
});

test("named workspaces: create, rename, switch, delete; each keeps its own work", async (ctx, url) => {
  const { page, problems } = await open(ctx, url);
  const models = () => page.locator('[data-testid="models-editor"] .cm-content').innerText();
  await setModels(page, "class First(db.Model):\n    id = db.Column(db.Integer, primary_key=True)\n");
  await page.click('[data-testid="workspace-new"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="models-editor"] .cm-content').innerText.includes("class User"));
  await setModels(page, "class Second(db.Model):\n    id = db.Column(db.Integer, primary_key=True)\n");
  await page.fill('[data-testid="workspace-name"]', "Blog <b>demo</b>");
  await page.press('[data-testid="workspace-name"]', "Enter");
  const names = () => page.$$eval('[data-testid="workspace-picker"] option', (os) => os.map((o) => o.textContent));
  assert(JSON.stringify(await names()) === JSON.stringify(["My workspace", "Blog <b>demo</b>"]), JSON.stringify(await names()));
  await page.selectOption('[data-testid="workspace-picker"]', { label: "My workspace" });
  await page.waitForFunction(() => document.querySelector('[data-testid="models-editor"] .cm-content').innerText.includes("class First"));
  await page.waitForTimeout(700);
  await page.reload();
  await page.waitForSelector('[data-testid="engine-ready"]', { timeout: 20000 });
  assert((await models()).includes("class First"), "the active workspace survives a reload");
  await page.selectOption('[data-testid="workspace-picker"]', { label: "Blog <b>demo</b>" });
  await page.waitForFunction(() => document.querySelector('[data-testid="models-editor"] .cm-content').innerText.includes("class Second"));
  await page.click('[data-testid="workspace-delete"]');
  await page.click('[data-testid="workspace-delete-confirm"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="models-editor"] .cm-content').innerText.includes("class First"));
  assert(JSON.stringify(await names()) === JSON.stringify(["My workspace"]), JSON.stringify(await names()));
  assert(await page.locator('[data-testid="workspace-delete"]').isDisabled(), "the last workspace cannot be deleted");
  assert(problems.length === 0, problems.join("\n"));
  await page.close();
});

test("export: the database opens in SQLite, the workspace file and models.py; a workspace file opens", async (ctx, url) => {
  const { page, problems } = await open(ctx, url);
  await runSql(page, "CREATE TABLE pets (name TEXT, age INTEGER);\nINSERT INTO pets VALUES ('rex', 3), ('<b>tom</b>', NULL);");
  const db = await download(page, "export-sqlite");
  assert(db.name === "ormlab.sqlite" && db.bytes.subarray(0, 16).toString("latin1") === "SQLite format 3\0", `${db.name} ${db.bytes.subarray(0, 16)}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ormlab-export-"));
  fs.writeFileSync(path.join(dir, "x.sqlite"), db.bytes);
  const rows = execFileSync("python3", ["-c", "import sqlite3,sys,json; print(json.dumps(sqlite3.connect(sys.argv[1]).execute('SELECT name, age FROM pets ORDER BY rowid').fetchall()))", path.join(dir, "x.sqlite")], { encoding: "utf8" });
  assert(rows.trim() === '[["rex", 3], ["<b>tom</b>", null]]', rows);
  await setModels(page, "class Exported(db.Model):\n    id = db.Column(db.Integer, primary_key=True)\n");
  const models = await download(page, "export-models");
  assert(models.name === "models.py" && models.bytes.toString().startsWith("from flask_sqlalchemy import SQLAlchemy\n\ndb = SQLAlchemy()\n\nclass Exported(db.Model):"), models.bytes.toString());
  const file = await download(page, "export-workspace");
  const json = JSON.parse(file.bytes.toString());
  assert(json.format === "ormlab-workspace" && json.version === 2 && json.workspace.models.includes("class Exported"), file.bytes.toString());
  fs.writeFileSync(path.join(dir, "w.json"), file.bytes);
  fs.writeFileSync(path.join(dir, "bad.json"), '{"format": "ormlab-workspace", "version": 2, "workspace": {"models": 1}}');
  await page.close();
  // A fresh browser tab: the file opens (asking first over different work), a hostile one does not.
  const other = await open(ctx, url);
  await setModels(other.page, "class Mine(db.Model):\n    id = db.Column(db.Integer, primary_key=True)\n");
  await other.page.click('[data-testid="export"]');
  await other.page.setInputFiles('[data-testid="import-workspace"]', path.join(dir, "bad.json"));
  const message = await other.page.locator('.share-popover [data-testid="error"]').innerText({ timeout: 10000 });
  assert(message.startsWith("Could not open the file:"), message);
  await other.page.click('[data-testid="export"]');
  await other.page.setInputFiles('[data-testid="import-workspace"]', path.join(dir, "w.json"));
  await other.page.click('[data-testid="link-open"]', { timeout: 10000 });
  await other.page.waitForFunction(() => document.querySelector('[data-testid="models-editor"] .cm-content').innerText.includes("class Exported"));
  await runSql(other.page, "SELECT count(*) FROM pets;");
  assert((await other.page.locator('[data-testid="console-result"] td').innerText()) === "2", "the file's database came along");
  fs.rmSync(dir, { recursive: true, force: true });
  assert(problems.length + other.problems.length === 0, [...problems, ...other.problems].join("\n"));
  await other.page.close();
});

test("import a .sqlite file: its schema shows, the console queries it; a non-database is refused", async (ctx, url) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ormlab-import-"));
  const file = path.join(dir, "shop.sqlite");
  execFileSync("python3", ["-c", "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.executescript(\"CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT NOT NULL, price REAL); INSERT INTO item (name, price) VALUES ('<img src=x onerror=alert(1)>', 2.5), ('pen', 1.0); CREATE INDEX ix_item_name ON item (name);\"); c.commit()", file]);
  fs.writeFileSync(path.join(dir, "fake.sqlite"), "<html>not a database</html>".repeat(40));
  const { page, problems } = await open(ctx, url);
  await page.click('[data-testid="export"]');
  await page.setInputFiles('[data-testid="import-sqlite"]', path.join(dir, "fake.sqlite"));
  const message = await page.locator('.share-popover [data-testid="error"]').innerText({ timeout: 10000 });
  assert(message.startsWith("Could not import: this is not a SQLite database"), message);
  await page.click('[data-testid="export"]');
  await page.setInputFiles('[data-testid="import-sqlite"]', file);
  await page.click('[data-testid="db-tab"]');
  const schema = await page.locator('[data-testid="imported-schema"]').innerText({ timeout: 10000 });
  assert(schema.includes("CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT NOT NULL, price REAL)") && schema.includes("CREATE INDEX ix_item_name"), schema);
  await runSql(page, "SELECT name, price, typeof(price) FROM item ORDER BY id;");
  const cells = await page.locator('[data-testid="console-result"] td').allInnerTexts();
  assert(JSON.stringify(cells) === JSON.stringify(["<img src=x onerror=alert(1)>", "2.5", "real", "pen", "1.0", "real"]), JSON.stringify(cells));
  assert((await page.locator("img").count()) === 0, "markup from the file became an element");
  fs.rmSync(dir, { recursive: true, force: true });
  assert(problems.length === 0, problems.join("\n"));
  await page.close();
});

test("export the migrations as Alembic revision files in a zip", async (ctx, url) => {
  const { page, problems } = await open(ctx, url);
  await setModels(page, MIGRATION_V1);
  await page.click('[data-testid="migrations-tab"]');
  await page.fill('[data-testid="autogenerate-message"]', "create users");
  await migrate(page, "autogenerate");
  const revision = await page.inputValue('[data-testid="revision-editor"]');
  const id = /^revision = '([0-9a-f]+)'/m.exec(revision)[1];
  const zip = await download(page, "export-migrations");
  assert(zip.name === "migrations.zip" && zip.bytes.subarray(0, 4).toString("latin1") === "PK\x03\x04", zip.name);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ormlab-zip-"));
  fs.writeFileSync(path.join(dir, "m.zip"), zip.bytes);
  const listed = JSON.parse(execFileSync("python3", ["-c", "import zipfile,sys,json; z=zipfile.ZipFile(sys.argv[1]); print(json.dumps({n: z.read(n).decode() for n in z.namelist()}))", path.join(dir, "m.zip")], { encoding: "utf8" }));
  fs.rmSync(dir, { recursive: true, force: true });
  assert(JSON.stringify(Object.keys(listed)) === JSON.stringify([`migrations/versions/${id}_create_users.py`]), JSON.stringify(Object.keys(listed)));
  assert(Object.values(listed)[0] === revision, "the file is the revision byte for byte");
  assert(problems.length === 0, problems.join("\n"));
  await page.close();
});

test("a workspace too large for a link: a clear message and a workspace file instead", async (ctx, url) => {
  const { page, problems } = await open(ctx, url);
  // Lines that do not compress: the link would pass the 16 KB limit.
  let text = "";
  for (let i = 0; i < 2500; i += 1) text += `x${(i * 2654435761) % 4294967296} = ${(i * 40503) % 65536}\n`;
  await setModels(page, text);
  await page.click('[data-testid="share"]');
  const message = await page.locator('.share-popover [data-testid="error"]').innerText({ timeout: 10000 });
  assert(message.includes("the limit is 16384") && message.includes("workspace file"), message);
  const file = await download(page, "download-workspace", false);
  const json = JSON.parse(file.bytes.toString());
  assert(file.name === "workspace.ormlab.json" && json.format === "ormlab-workspace" && json.workspace.models === text, file.name);
  assert(problems.length === 0, problems.join("\n"));
  await page.close();
});

test("a lesson position in a link survives into the workspace file", async (ctx, url) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ormlab-lesson-"));
  fs.writeFileSync(path.join(dir, "models.py"), "class Course(db.Model):\n    id = db.Column(db.Integer, primary_key=True)\n");
  const fragment = execFileSync(cliBinary(), ["share", "encode", "--models", path.join(dir, "models.py"), "--lesson", "n-plus-one:3"], { encoding: "utf8" }).trim();
  fs.rmSync(dir, { recursive: true, force: true });
  const { page, problems } = await open(ctx, url, "#" + fragment);
  await page.waitForFunction(() => document.querySelector('[data-testid="models-editor"] .cm-content').innerText.includes("class Course"), null, { timeout: 10000 });
  const file = JSON.parse((await download(page, "export-workspace")).bytes.toString());
  assert(JSON.stringify(file.workspace.lesson) === JSON.stringify({ id: "n-plus-one", step: 3 }), JSON.stringify(file));
  assert(problems.length === 0, problems.join("\n"));
  await page.close();
});

test("?embed shows a link's workspace compactly and never touches saved work", async (ctx, url) => {
  const { page, problems } = await open(ctx, url);
  await setModels(page, "class Mine(db.Model):\n    id = db.Column(db.Integer, primary_key=True)\n");
  await page.waitForTimeout(700);
  const saved = await page.evaluate(() => localStorage.getItem("ormlab:workspace"));
  const link = fragmentOf(Buffer.from(JSON.stringify({ models: "class Slide(db.Model):\n    id = db.Column(db.Integer, primary_key=True)\n", script: "print('from the slide')\n" })), "v2");
  await page.goto(url + "/?embed#" + link + "&run");
  await page.waitForSelector('[data-testid="embed"]', { timeout: 20000 });
  await page.waitForFunction(() => document.querySelector('[data-testid="output"]')?.innerText.includes("from the slide"), null, { timeout: 15000 });
  assert((await page.locator('[data-testid="link-consent"]').count()) === 0, "an embed does not ask: it saves nothing");
  assert(!(await page.locator('[data-testid="share"]').isVisible()) && !(await page.locator('[data-testid="export"]').isVisible()), "compact: no Share or Export");
  const href = await page.locator('[data-testid="embed-open"]').getAttribute("href");
  assert(!href.includes("embed") && href.includes("#" + link), href);
  await setModels(page, "class Edited(db.Model):\n    id = db.Column(db.Integer, primary_key=True)\n");
  await page.waitForTimeout(700);
  assert((await page.evaluate(() => localStorage.getItem("ormlab:workspace"))) === saved, "the embed wrote to storage");
  assert(problems.length === 0, problems.join("\n"));
  await page.close();
});

test("offline: after one visit the service worker serves the app and a query runs", async (_ctx, url) => {
  const fresh = await launch();
  try {
    const { page, problems } = await open(fresh, url);
    await page.evaluate(() => navigator.serviceWorker.ready);
    await page.waitForFunction(() => caches.keys().then((k) => k.length === 1), null, { timeout: 15000 });
    await fresh.context.setOffline(true);
    await page.reload();
    await page.waitForSelector('[data-testid="engine-ready"]', { timeout: 20000 });
    await runSql(page, "SELECT 6 * 7;");
    assert((await page.locator('[data-testid="console-result"] td').innerText()) === "42", "query offline");
    assert(problems.length === 0, problems.join("\n"));
  } finally {
    await fresh.context.setOffline(false);
    await fresh.close();
  }
});

test("dist/ works from a sub-path of a static host", async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "ormlab-host-"));
  fs.mkdirSync(path.join(root, "course"));
  fs.symlinkSync(dist, path.join(root, "course", "ormlab"));
  const host = await serve(root);
  const fresh = await launch();
  try {
    const { page, problems } = await open(fresh, host.url + "/course/ormlab", "");
    await runSql(page, "SELECT 'sub-path';");
    assert((await page.locator('[data-testid="console-result"] td').innerText()) === "sub-path", "query");
    assert(host.requests.every((p) => p.startsWith("/course/ormlab/")), host.requests.filter((p) => !p.startsWith("/course/ormlab/")).join(" "));
    assert(problems.length === 0, problems.join("\n"));
  } finally {
    await fresh.close();
    await host.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test("screenshot for the README", async (ctx, url) => {
  const { page } = await open(ctx, url);
  await setModels(page, BLOG_MODELS);
  await setScript(page, BLOG_SCRIPT);
  await page.click('[data-testid="run"]');
  await page.waitForSelector('[data-testid="run-finished"]', { state: "attached", timeout: 10000 });
  await page.click('[data-testid="lens-tab"]');
  await page.click('[data-testid="lens-compare"]');
  await page.waitForSelector('[data-testid="lens-chart"]', { timeout: 15000 });
  fs.mkdirSync(path.dirname(screenshot), { recursive: true });
  await page.screenshot({ path: screenshot });
  await page.close();
});

/** A section of the first step of `lesson` in the built-in pack, read from the pack itself. */
function packSection(lesson, section) {
  const text = fs.readFileSync(path.resolve(here, "../../crates/ormlab_core/src/lessons/builtin.lessons"), "utf8");
  const start = text.indexOf(`=== lesson ${lesson}:`);
  const body = text.slice(start).split("\n").slice(1);
  const at = body.indexOf(`--- ${section}`);
  assert(at >= 0, `no ${section} in ${lesson}`);
  const lines = [];
  for (const line of body.slice(at + 1)) {
    if (line.startsWith("--- ") || line.startsWith("=== ")) break;
    lines.push(line);
  }
  return lines.join("\n").trimEnd() + "\n";
}

async function checkResults(page) {
  await page.click('[data-testid="lesson-check"]');
  await page.waitForSelector('[data-testid="lesson-check-summary"]', { timeout: 10000 });
  return page.$$eval('[data-testid="lesson-check-result"]', (items) => items.map((i) => ({ pass: i.dataset.pass === "true", text: i.innerText })));
}

test("a lesson: pick it, the starting code fails Check, the reference passes", async (ctx, url) => {
  const { page, problems } = await open(ctx, url);
  await page.focus('[data-testid="lesson-picker"]');
  await page.waitForSelector('[data-testid="lesson-picker"] option[value="first-model"]', { state: "attached", timeout: 10000 });
  await page.selectOption('[data-testid="lesson-picker"]', "first-model");
  await page.waitForSelector('[data-testid="lesson-step"][data-step="1"]');
  const heading = await page.$eval('[data-testid="lesson-instructions"]', (e) => e.querySelector("p code")?.textContent);
  assert(heading === "db.Model", `instructions render Markdown as elements: ${heading}`);
  const start = await checkResults(page);
  assert(start.some((r) => !r.pass), `the starting code must fail: ${JSON.stringify(start)}`);
  await setModels(page, packSection("first-model", "solution models"));
  await setScript(page, packSection("first-model", "solution script"));
  const typed = await page.$eval('[data-testid="models-editor"] .cm-content', (e) => e.innerText);
  assert(typed.includes("primary_key=True"), `the models editor holds the reference: ${typed}`);
  await page.waitForFunction(() => !document.querySelector('[data-testid="lesson-check"]').disabled);
  const done = await checkResults(page);
  assert(done.length === 4 && done.every((r) => r.pass), `the reference passes every check: ${JSON.stringify(done)}`);
  assert((await page.$eval('[data-testid="lesson-check-summary"]', (e) => e.dataset.pass)) === "true", "summary passes");
  assert(problems.length === 0, problems.join("\n"));
  await page.close();
});

test("a migration lesson step: the tab starts with its revision, Check upgrades the learner's revisions", async (ctx, url) => {
  const { page, problems } = await open(ctx, url, "#lesson=migrations/1");
  await page.waitForSelector('[data-testid="lesson-step"][data-lesson="migrations"][data-step="1"]', { timeout: 10000 });
  await page.waitForFunction(() => !document.querySelector('[data-testid="lesson-check"]').disabled);
  const start = await checkResults(page);
  assert(start.some((r) => !r.pass), `the starting revisions must fail: ${JSON.stringify(start)}`);
  await page.click('[data-testid="migrations-tab"]');
  const timeline = await page.$$eval('[data-testid="migration-revision"]', (li) => li.map((l) => l.innerText).join("\n"));
  assert(timeline.includes("create users"), `the step's starting revision is in the tab: ${timeline}`);
  await migrate(page, "upgrade");
  await setModels(page, packSection("migrations", "solution models"));
  await page.click('[data-testid="migrations-tab"]');
  await page.fill('[data-testid="autogenerate-message"]', "add user email");
  await migrate(page, "autogenerate");
  const made = await page.inputValue('[data-testid="revision-editor"]');
  assert(made.includes("batch_op.add_column(sa.Column('email', sa.String(length=120), nullable=True))"), made);
  await page.waitForFunction(() => !document.querySelector('[data-testid="lesson-check"]').disabled);
  const done = await checkResults(page);
  assert(done.length === 4 && done.every((r) => r.pass), `the autogenerated revision passes: ${JSON.stringify(done)}`);
  assert(problems.length === 0, problems.join("\n"));
  await page.close();
});

test("a lesson link opens at its step; Prev goes back; the step survives a reload; a bad link says so", async (ctx, url) => {
  const { page, problems } = await open(ctx, url, "#lesson=n-plus-one/2");
  await page.waitForSelector('[data-testid="lesson-step"][data-lesson="n-plus-one"][data-step="2"]', { timeout: 10000 });
  const step = await page.$eval('[data-testid="lesson-step"]', (e) => e.textContent);
  assert(step.includes("selectinload"), step);
  const script = await page.$eval('[data-testid="script-editor"] .cm-content', (e) => e.innerText);
  assert(script.includes("for user in users:"), `the step's starting script is loaded: ${script}`);
  assert((await page.$eval('[data-testid="lesson-picker"]', (e) => e.value)) === "n-plus-one", "the picker shows the lesson");
  await page.click('[data-testid="lesson-prev"]');
  await page.waitForSelector('[data-testid="lesson-step"][data-step="1"]');
  // The step travels with the workspace: after a reload (autosave) the pane is back at step 1
  // and the attendee's own edit is kept.
  await page.click('[data-testid="script-editor"] .cm-content');
  await page.keyboard.press("Control+End");
  await page.keyboard.insertText("\n# my note");
  await page.waitForTimeout(700);
  await page.goto(url + "/");
  await page.waitForSelector('[data-testid="lesson-step"][data-lesson="n-plus-one"][data-step="1"]', { timeout: 10000 });
  const kept = await page.$eval('[data-testid="script-editor"] .cm-content', (e) => e.innerText);
  assert(kept.includes("# my note"), `the edit survived the reload: ${kept}`);
  assert(problems.length === 0, problems.join("\n"));
  await page.close();
  const bad = await open(ctx, url, "#lesson=<img src=x onerror=alert(1)>/9");
  await bad.page.waitForSelector('[data-testid="lesson-problem"]', { timeout: 10000 });
  assert((await bad.page.$$('img')).length === 0, "a hostile link renders no markup");
  await bad.page.close();
});

const server = await serve(dist);
const browser = await launch();
let passed = 0;
let failed = 0;
// ORMLAB_BROWSER_ONLY=word (or a second argument) runs only the tests whose name contains it.
const only = process.env.ORMLAB_BROWSER_ONLY ?? process.argv[3];
for (const { name, fn } of tests.filter((t) => !only || t.name.includes(only))) {
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
