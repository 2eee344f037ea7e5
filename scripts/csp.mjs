// Trunk post-build hook: adds a strict Content-Security-Policy to the built index.html. Trunk's
// inline module loader is moved into a file of its own first, so the policy allows no inline
// script at all: every script comes from the page's own origin, and no user string can ever
// run as script.
import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error("TRUNK_STAGING_DIR is not set: run this as a Trunk post_build hook");
const file = path.join(dir, "index.html");
let html = fs.readFileSync(file, "utf8");
// Each inline script becomes `loader-<hash>.js` beside index.html (a module stays a module).
html = html.replace(/<script(?![^>]*\bsrc=)([^>]*)>([\s\S]*?)<\/script>/g, (_, attrs, body) => {
  const name = `loader-${crypto.createHash("sha256").update(body, "utf8").digest("hex").slice(0, 16)}.js`;
  fs.writeFileSync(path.join(dir, name), body);
  return `<script${attrs} src="./${name}"></script>`;
});
const policy = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  // CodeMirror injects its own style sheets; styles cannot run code.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");
html = html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>\s*/g, "");
html = html.replace("<head>", `<head>\n  <meta http-equiv="Content-Security-Policy" content="${policy}" />`);
fs.writeFileSync(file, html);
