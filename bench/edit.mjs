// Bench (d): edit → re-run → lens chart for the blog N+1 example the browser suite uses.
// Each round replaces the script (as a paste does), re-runs it with Ctrl+Enter, waits for the
// run, presses "Compare strategies" and waits for the chart its answer draws. The time is taken in the page,
// from the moment before the edit to the moment the new chart is in the DOM (so it includes
// the harness's key presses, a few ms each). Prints the median of 5.
// Usage: node bench/edit.mjs DIST
import path from "node:path";
import { serve, launch } from "../tests/browser/harness.mjs";
import { BLOG_MODELS } from "../tests/browser/blog.mjs";

const dist = path.resolve(process.argv[2] ?? "dist");
const ROUNDS = 5;
const script = (names) => `for name in ${JSON.stringify(names)}:
    user = User(username=name)
    db.session.add(user)
    db.session.add(Post(title="Hi " + name, author=user))
db.session.commit()
users = User.query.all()
for user in users:
    print(user.username, len(user.posts))
`;

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
const runs = () => Number(document.querySelector('[data-testid="run-finished"]')?.dataset.run ?? 0);
await paste("models-editor", BLOG_MODELS);
const times = [];
for (let round = 0; round <= ROUNDS; round += 1) {
  const names = ["ada", "linus", "grace", "alan", "barbara"].slice(0, 3 + (round % 3)).map((n) => n + round);
  // The chart is redrawn when the comparison the button started has come back.
  await page.evaluate(() => {
    window.__chartAt = undefined;
    let comparing = false;
    new MutationObserver((_, observer) => {
      const button = document.querySelector('[data-testid="lens-compare"]');
      if (button?.textContent.startsWith("Comparing")) comparing = true;
      else if (comparing && document.querySelector('[data-testid="lens-chart"]')) {
        window.__chartAt = performance.now();
        observer.disconnect();
      }
    }).observe(document.body, { childList: true, subtree: true, characterData: true });
    window.__editAt = performance.now();
  });
  const before = await page.evaluate(runs);
  await paste("script-editor", script(names));
  await page.keyboard.press("Control+Enter");
  await page.waitForFunction((n) => Number(document.querySelector('[data-testid="run-finished"]')?.dataset.run ?? 0) > n, before, { timeout: 10000 });
  await page.click('[data-testid="lens-tab"]');
  await page.click('[data-testid="lens-compare"]');
  await page.waitForFunction(() => window.__chartAt !== undefined, null, { timeout: 15000 });
  const ms = await page.evaluate(() => window.__chartAt - window.__editAt);
  if (round > 0) times.push(ms); // round 0 warms the worker up
}
await browser.close();
await server.close();
const sorted = [...times].sort((a, b) => a - b);
console.log(`\nedit → re-run → lens chart, blog N+1 example (ms, ${ROUNDS} rounds after a warm-up)`);
console.log(`median ${sorted[Math.floor(sorted.length / 2)].toFixed(0)}  (${times.map((t) => t.toFixed(0)).join(", ")})`);
