// The blog models the browser suite and the benches share (User, Post, Tag; the N+1 lesson's):
// the very file the core's share tests encode, so there is one copy.
import fs from "node:fs";

export const BLOG_MODELS = fs.readFileSync(new URL("../../crates/ormlab_core/src/share/blog_models.py", import.meta.url), "utf8");
// The blog N+1 script (three users, a lazy loop), likewise the core's share fixture.
export const BLOG_SCRIPT = fs.readFileSync(new URL("../../crates/ormlab_core/src/share/blog_script.py", import.meta.url), "utf8");
