#!/usr/bin/env bash
# Serves the playground on http://127.0.0.1:8080, installing what is missing first.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
# npm's wasm-opt 132 must win over any other wasm-opt on PATH (Debian's 108 breaks the output).
export PATH="$PWD/node_modules/.bin:$PATH"
exec trunk serve --release --address 127.0.0.1 --port 8080
