// Bench (c): the N+1 workload (N users × 5 posts; the lazy loop, selectinload, joinedload, and
// the seeding alone as a baseline) timed four ways in one run, printed as one table:
//   browser  ormlab in headless Chromium (sql.js in the worker; the run-finished hook's data-ms,
//            the worker's own time for the run, so no message or render latency)
//   native   ormlab on rusqlite (crates/ormlab_cli/examples/nplus1.rs)
//   sqlite   the statements the native run sent (DDL, params and all) replayed on rusqlite, no ORM
//   sql.js   the same replay on sql.js in the same headless Chromium: the floor for any ORM
//            running on sql.js in the browser (each statement prepared once, as ormlab does)
//   sqla     real SQLAlchemy 2.0 + Flask-SQLAlchemy on CPython (bench/sqlalchemy_run.py)
// Each figure is the median of 5 runs of the whole script: models, create_all, seed, reads.
// Usage: node bench/nplus1.mjs DIST NPLUS1_BINARY PYTHON [N...]
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { serve, launch } from "../tests/browser/harness.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const [distArg, helper, python, ...sizes] = process.argv.slice(2);
const dist = path.resolve(distArg ?? "dist");
const NS = sizes.length ? sizes.map(Number) : [100, 1000];
const RUNS = 5;

const MODELS = `class User(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    username = db.Column(db.String(80), unique=True, nullable=False)
    posts = db.relationship("Post", backref="author", lazy=True)


class Post(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    title = db.Column(db.String(120), nullable=False)
    user_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=False)
`;

const seed = (n) => `for i in range(${n}):
    user = User(username=f"user{i}")
    db.session.add(user)
    for j in range(5):
        db.session.add(Post(title=f"post {i}-{j}", author=user))
db.session.commit()
db.session.expunge_all()
`;
const read = (query) => `total = 0
for user in ${query}:
    total += len(user.posts)
print(total)
`;
const WORKLOADS = {
  "seed only": () => "",
  "lazy loop": () => read("User.query.all()"),
  selectinload: () => read("User.query.options(selectinload(User.posts)).all()"),
  joinedload: () => read("User.query.options(joinedload(User.posts)).all()"),
};

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ormlab-nplus1-"));
fs.writeFileSync(path.join(dir, "models.py"), MODELS);
const cases = [];
for (const n of NS) {
  for (const [name, body] of Object.entries(WORKLOADS)) {
    const file = path.join(dir, `script_${n}_${name.replace(/\W/g, "")}.py`);
    fs.writeFileSync(file, seed(n) + body());
    cases.push({ n, name, file, script: seed(n) + body() });
  }
}

// Native and CPython first (no browser open to compete for the two cores).
for (const c of cases) {
  const native = JSON.parse(execFileSync(helper, [path.join(dir, "models.py"), c.file, String(RUNS)], { encoding: "utf8", maxBuffer: 1 << 26 }));
  const sqla = JSON.parse(execFileSync(python, [path.join(here, "sqlalchemy_run.py"), path.join(dir, "models.py"), c.file, String(RUNS)], { encoding: "utf8", maxBuffer: 1 << 26 }));
  if (native.stdout !== sqla.stdout) throw new Error(`${c.name} N=${c.n}: ormlab printed ${JSON.stringify(native.stdout)}, SQLAlchemy ${JSON.stringify(sqla.stdout)}`);
  Object.assign(c, { statements: native.statements, native: median(native.ormlab_ms), sqlite: median(native.sqlite_ms), sqla: median(sqla.sqlalchemy_ms), stdout: native.stdout, replay: native.replay });
}

// The browser: the page's own editors and Run button, data-ms of the run-finished hook.
const server = await serve(dist);
const browser = await launch();
const page = await browser.context.newPage();
await page.goto(server.url + "/");
await page.waitForSelector('[data-testid="engine-ready"]', { timeout: 30000 });
const paste = async (testid, text) => {
  await page.click(`[data-testid="${testid}"] .cm-content`);
  await page.keyboard.press("Control+A");
  await page.keyboard.insertText(text);
};
await paste("models-editor", MODELS);
for (const c of cases) {
  await paste("script-editor", c.script);
  const times = [];
  for (let i = 0; i < RUNS; i += 1) {
    const before = await page.evaluate(() => Number(document.querySelector('[data-testid="run-finished"]')?.dataset.run ?? 0));
    await page.click('[data-testid="run"]');
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid="run-finished"]')?.dataset.run ?? 0) > n, before, { timeout: 30000 });
    const error = page.locator('[data-testid="output"] [data-testid="error"]');
    if (await error.count()) {
      const message = await error.innerText();
      // The page stops any request at 2 s (the runaway guard): that is the figure then.
      if (!message.startsWith("Stopped:")) throw new Error(`${c.name} N=${c.n} failed in the browser: ${message}`);
      await page.waitForSelector('[data-testid="engine-ready"]', { timeout: 30000 });
      times.push(Infinity);
      break;
    }
    times.push(Number(await page.locator('[data-testid="run-finished"]').getAttribute("data-ms")));
  }
  if (times.includes(Infinity)) {
    c.browser = Infinity;
    continue;
  }
  const stdout = await page.locator('[data-testid="output"] .stdout').innerText();
  if (stdout.trim() !== c.stdout.trim()) throw new Error(`${c.name} N=${c.n}: the page printed ${JSON.stringify(stdout)}`);
  c.browser = median(times);
}
// The sql.js floor: a bare page with sql.js, replaying each case's statements in one transaction.
const floorDir = fs.mkdtempSync(path.join(os.tmpdir(), "ormlab-sqljs-"));
fs.cpSync(path.join(dist, "sqljs"), path.join(floorDir, "sqljs"), { recursive: true });
fs.writeFileSync(path.join(floorDir, "index.html"), '<!DOCTYPE html><meta charset="utf-8"><link rel="icon" href="data:,"><script src="sqljs/sql-wasm.js"></script>');
const floor = await serve(floorDir);
const floorPage = await browser.context.newPage();
await floorPage.goto(floor.url + "/");
for (const c of cases) {
  c.sqljs = median(await floorPage.evaluate(async ([replay, runs]) => {
    const SQL = await initSqlJs({ locateFile: (f) => "sqljs/" + f });
    const times = [];
    for (let run = 0; run < runs; run += 1) {
      const db = new SQL.Database();
      db.run("PRAGMA foreign_keys=ON");
      const started = performance.now();
      const cache = new Map();
      let ddl = true;
      for (const [sql, params] of replay) {
        if (ddl && !/^\s*CREATE/i.test(sql)) {
          db.run("BEGIN");
          ddl = false;
        }
        let statement = cache.get(sql);
        if (!statement) {
          statement = db.prepare(sql);
          cache.set(sql, statement);
        }
        statement.bind(params);
        while (statement.step()) statement.get(null, { useBigInt: true });
      }
      db.run("COMMIT");
      times.push(performance.now() - started);
      db.close();
    }
    return times;
  }, [c.replay, RUNS]));
}
await browser.close();
await server.close();
await floor.close();
fs.rmSync(dir, { recursive: true, force: true });
fs.rmSync(floorDir, { recursive: true, force: true });

const ms = (x) => (x === Infinity ? ">2000 stop" : x.toFixed(1)).padStart(9);
const ratio = (a, b) => (a === Infinity || b === Infinity ? "-" : `${(a / b).toFixed(2)}×`).padStart(9);
console.log(`\nN+1 workload, whole script (models, create_all, N users × 5 posts seeded, then the read); median of ${RUNS} runs, ms`);
const columns = ["browser", "native", "sqlite", "sql.js", "sqla", "brw/sqlt", "brw/sqljs", "nat/sqlt", "sqla/brw"];
console.log(`${"N".padStart(5)}  ${"workload".padEnd(13)} ${"stmts".padStart(6)} ${columns.map((h) => h.padStart(9)).join(" ")}`);
for (const c of cases) {
  const figures = [ms(c.browser), ms(c.native), ms(c.sqlite), ms(c.sqljs), ms(c.sqla), ratio(c.browser, c.sqlite), ratio(c.browser, c.sqljs), ratio(c.native, c.sqlite), ratio(c.sqla, c.browser)];
  console.log(`${String(c.n).padStart(5)}  ${c.name.padEnd(13)} ${String(c.statements).padStart(6)} ${figures.join(" ")}`);
}
console.log(">2000 stop: the page's runaway guard stopped the run at 2 s");
console.log("browser = ormlab on sql.js in the worker; native = ormlab on rusqlite; sqlite = the same statements replayed on rusqlite without the ORM; sql.js = that replay on sql.js in the same Chromium; sqla = SQLAlchemy 2.0 on CPython");
