// Trunk post-build hook (after csp.mjs): writes the service worker's list of files to cache
// and a version from their contents into dist's sw.js. Paths are relative to the page, so a
// copy of dist/ works under any sub-path of any static host.
import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error("TRUNK_STAGING_DIR is not set: run this as a Trunk post_build hook");
const walk = (d) => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]));
const files = walk(dir).map((f) => path.relative(dir, f).split(path.sep).join("/")).filter((f) => f !== "sw.js").sort();
const hash = crypto.createHash("sha256");
for (const f of files) hash.update(f).update(fs.readFileSync(path.join(dir, f)));
const list = ["./", ...files.filter((f) => f !== "index.html").map((f) => `./${f}`)];
const sw = path.join(dir, "sw.js");
const text = fs.readFileSync(sw, "utf8").replace("__ORMLAB_VERSION__", hash.digest("hex").slice(0, 16)).replace("__ORMLAB_FILES__", JSON.stringify(list));
fs.writeFileSync(sw, text);
