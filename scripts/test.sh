#!/usr/bin/env bash
# Runs every test: the native cargo suites (core, CLI, engine conformance on rusqlite), then a
# release build of the page and the browser suite in headless Chromium (which also runs the
# engine conformance suite on sql.js). Installs what is missing first.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --browser
export PATH="$PWD/node_modules/.bin:$PATH"

echo "== cargo test"
cargo test --workspace --exclude ormlab --exclude ormlab_worker
echo "== clippy (native)"
cargo clippy --workspace --exclude ormlab --exclude ormlab_worker --all-targets -- -D warnings
echo "== release build of the page"
trunk build --release
echo "== clippy (wasm; after the build, which bundles js/editor.js)"
cargo clippy --target wasm32-unknown-unknown -p ormlab -p ormlab_worker -- -D warnings
echo "== browser suite"
node tests/browser/run.mjs dist
