#!/usr/bin/env bash
# Prints the benchmark figures (never asserted):
#   load    bundle bytes (raw, gzip) and the median of 5 cold loads in headless Chromium
#   nplus1  the N+1 workload: browser, native ormlab, native SQLite on the same statements,
#           real SQLAlchemy (from tests/fidelity/.venv, or ORMLAB_FIDELITY_PYTHON)
#   edit    edit → re-run → lens chart for the blog N+1 example
# Usage: scripts/bench.sh [load|nplus1|edit ...] (default: all three, one release build)
set -euo pipefail
cd "$(dirname "$0")/.."
parts=("$@")
[ ${#parts[@]} -gt 0 ] || parts=(load nplus1 edit)
scripts/setup.sh --browser
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
target=${CARGO_TARGET_DIR:-$PWD/target}
lock=()
[ -e /tmp/ormlab-cargo.lock ] && lock=(flock /tmp/ormlab-cargo.lock)
"${lock[@]}" trunk build --release
for part in "${parts[@]}"; do
  case "$part" in
    load) node bench/load.mjs dist ;;
    nplus1)
      python=${ORMLAB_FIDELITY_PYTHON:-tests/fidelity/.venv/bin/python}
      [ -x "$python" ] || { echo "no SQLAlchemy venv at $python: set ORMLAB_FIDELITY_PYTHON" >&2; exit 2; }
      helper=$(mktemp -d)/nplus1
      "${lock[@]}" sh -c "cargo build --release -q -p ormlab_cli --example nplus1 && cp '$target/release/examples/nplus1' '$helper'"
      node bench/nplus1.mjs dist "$helper" "$python"
      ;;
    edit) node bench/edit.mjs dist ;;
    *) echo "unknown part: $part (load, nplus1, edit)" >&2; exit 2 ;;
  esac
done
