#!/usr/bin/env bash
# Runs cargo-fuzz targets for SECONDS each (default 60), seeded with the project's own inputs:
#   scripts/fuzz.sh [SECONDS] [TARGET...]
# Works on the pinned stable toolchain: cargo-fuzz needs nightly flags (-Zsanitizer, sancov),
# which RUSTC_BOOTSTRAP=1 unlocks. The address sanitizer is used when its runtime ships with
# the toolchain, otherwise `--sanitizer none` (libFuzzer still finds panics, hangs and OOMs).
# The build takes the shared build lock; the fuzzing itself runs niced outside it, in one
# process (no -jobs: libFuzzer then keeps its output on the terminal, not in fuzz-N.log).
# A crash leaves its input in fuzz/artifacts/<target>/: copy it into
# crates/ormlab_core/tests/fuzz_regressions/<target>/ so `cargo test` keeps checking it.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(models script share_decode console_split revision)
export RUSTC_BOOTSTRAP=1
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$PWD/target}
export PATH=$HOME/.cargo/bin:$PATH
lock=(flock /tmp/ormlab-cargo.lock)
command -v cargo-fuzz >/dev/null || "${lock[@]}" cargo install cargo-fuzz --locked || "${lock[@]}" cargo install cargo-fuzz

sysroot=$(rustc --print sysroot)
host=$(rustc -vV | sed -n 's/^host: //p')
if ls "$sysroot/lib/rustlib/$host/lib/"*rt.asan* >/dev/null 2>&1; then sanitizer=address; else sanitizer=none; fi
echo "== sanitizer: $sanitizer"

# Seeds: the recorded models, scripts and revision files (models NUL script for `script`).
mkdir -p fuzz/corpus/{models,script,share_decode,console_split,revision}
find tests/fidelity -name 'models.py' -exec cp {} fuzz/corpus/models/ \; 2>/dev/null || true
for case in tests/fidelity/runs/*/; do
  [ -f "$case/models.py" ] && [ -f "$case/script.py" ] || continue
  { cat "$case/models.py"; printf '\0'; cat "$case/script.py"; } > "fuzz/corpus/script/$(basename "$case")"
done
for target in models script share_decode console_split; do
  cp -r "crates/ormlab_core/tests/fuzz_regressions/$target/." "fuzz/corpus/$target/" 2>/dev/null || true
done
find tests/fidelity/migration_chains -path '*/versions/*.py' -exec cp {} fuzz/corpus/revision/ \; 2>/dev/null || true

for target in "${targets[@]}"; do
  (cd fuzz && "${lock[@]}" cargo fuzz build --sanitizer "$sanitizer" "$target")
  binary="$CARGO_TARGET_DIR/$host/release/$target"
  echo "== fuzz $target for ${seconds}s ($binary)"
  mkdir -p "fuzz/artifacts/$target"
  # Leak checks are off for the long run: instance cycles are broken at the end of a run
  # (Interp's Drop), but a list holding itself is still an Rc cycle. To check leaks, run the
  # binary on the corpus with -runs=0 and leak detection on.
  ASAN_OPTIONS=detect_leaks=0 nice -n 19 "$binary" -max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 \
    -max_len=16384 -print_final_stats=1 -artifact_prefix="fuzz/artifacts/$target/" \
    "fuzz/corpus/$target" 2>&1 | grep -v '^#[0-9]*.*\(NEW\|REDUCE\|pulse\)' || true
done
# Findings (crash-, leak-, timeout-, oom- files) stay until moved into the regression folders.
if compgen -G "fuzz/artifacts/*/*-*" >/dev/null; then
  echo "== findings:"; ls fuzz/artifacts/*/*-*; exit 1
fi
echo "== no findings"
