#!/usr/bin/env bash
# Prints the benchmark figures: bundle bytes and cold-load times in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --browser
export PATH="$PWD/node_modules/.bin:$PATH"
trunk build --release
node bench/load.mjs dist
