#!/usr/bin/env bash
# Runs every cargo-fuzz target for SECONDS each (default 60) on nightly, seeded with the
# project's own inputs. A crash leaves its input in fuzz/artifacts/<target>/: copy it into
# crates/ormlab_core/tests/fuzz_regressions/<target>/ so `cargo test` keeps checking it.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
command -v cargo-fuzz >/dev/null || cargo +nightly install cargo-fuzz --locked
mkdir -p fuzz/corpus/models fuzz/corpus/share_decode fuzz/corpus/console_split fuzz/corpus/revision
find tests/fidelity -name '*.py' -exec cp {} fuzz/corpus/models/ \; 2>/dev/null || true
cp -r crates/ormlab_core/tests/fuzz_regressions/models/. fuzz/corpus/models/ 2>/dev/null || true
find tests/fidelity/migration_chains -path '*/versions/*.py' -exec cp {} fuzz/corpus/revision/ \; 2>/dev/null || true
for target in models share_decode console_split revision; do
  echo "== fuzz $target for ${seconds}s"
  (cd fuzz && cargo +nightly fuzz run "$target" -- -max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 -max_len=16384)
done
