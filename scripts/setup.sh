#!/usr/bin/env bash
# Installs what building and testing ormlab needs, skipping whatever is already installed at
# the right version: the wasm target, Trunk, wasm-bindgen-cli (the Cargo.lock version), the
# pinned npm packages, and with --browser Debian's Chromium for the browser suite.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

# The toolchain (rust-toolchain.toml) and its wasm target.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# Trunk 0.21.14: the newest that builds on Rust 1.95 (about 8 minutes the first time).
if ! trunk --version 2>/dev/null | grep -qx 'trunk 0.21.14'; then
  say "installing trunk 0.21.14"
  cargo install trunk --version 0.21.14 --locked
fi

# wasm-bindgen-cli must equal the wasm-bindgen in Cargo.lock, or Trunk (offline) refuses it.
# Not --locked: its lockfile wants a webpki-roots release the registry may not serve.
bindgen_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if ! wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $bindgen_version"; then
  say "installing wasm-bindgen-cli $bindgen_version"
  cargo install wasm-bindgen-cli --version "$bindgen_version"
fi

# npm packages exactly as package-lock.json pins them (sql.js, CodeMirror, esbuild, wasm-opt, playwright-core).
lock_sum=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ "$(cat node_modules/.ormlab-lock-sum 2>/dev/null)" != "$lock_sum" ]; then
  say "installing npm packages"
  npm ci --no-audit --no-fund
  echo "$lock_sum" > node_modules/.ormlab-lock-sum
fi

if [ "${1:-}" = "--browser" ] && ! [ -x /usr/bin/chromium ]; then
  say "installing Debian's chromium"
  sudo_cmd=""
  [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update
  $sudo_cmd apt-get install -y chromium chromium-driver
fi
say "ready"
