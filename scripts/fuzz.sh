#!/usr/bin/env bash
# Runs the cargo-fuzz targets (fuzz/fuzz_targets/) for a bounded time each.
#   scripts/fuzz.sh                 every target for 60 s
#   scripts/fuzz.sh 300 annotate    one target for 300 s
#   FUZZ_ARGS='-jobs=2' scripts/fuzz.sh   extra libFuzzer flags
# Targets: annotate (document invariants), conllu (reader round trip), eval (CoNLL 2018 + NER).
# Needs nightly Rust and cargo-fuzz (scripts/setup.sh --fuzz installs both). Starts from the
# committed seeds in fuzz/seeds/<target>/ (read-only) and keeps what it learns in
# fuzz/corpus/<target>/ (gitignored); a crash is saved to fuzz/artifacts/<target>/ and fails the
# run. `cargo test --test fuzz_seeds` replays seeds and saved crashes on stable Rust.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

SECONDS_PER_TARGET="${1:-60}"
shift || true
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(annotate conllu eval)

if ! cargo +nightly --version >/dev/null 2>&1 || ! cargo fuzz --version >/dev/null 2>&1; then
  echo "error: needs nightly Rust and cargo-fuzz: run scripts/setup.sh --fuzz" >&2
  exit 1
fi

if [ ${#TARGETS[@]} = 1 ]; then cargo +nightly fuzz build -O "${TARGETS[0]}"; else cargo +nightly fuzz build -O; fi
mkdir -p target
for t in "${TARGETS[@]}"; do
  mkdir -p "fuzz/corpus/$t"
  log="target/fuzz-$t.log"
  echo "==== fuzz $t for ${SECONDS_PER_TARGET}s (log: $log) ===="
  # -max_len keeps single runs fast (annotate is linear; long inputs are tests/adversarial.rs's
  # job); -timeout flags any input that takes over 10 s as a hang.
  if cargo +nightly fuzz run -O "$t" "fuzz/corpus/$t" "fuzz/seeds/$t" -- \
    -max_total_time="$SECONDS_PER_TARGET" -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 ${FUZZ_ARGS:-} >"$log" 2>&1; then
    grep -E '^(Done|stat::number_of_executed_units|stat::peak_rss_mb)' "$log" || true
  else
    tail -n 40 "$log" >&2
    echo "fuzz target $t FAILED: the input is in fuzz/artifacts/$t/ (replay: cargo test --test fuzz_seeds)" >&2
    exit 1
  fi
done
echo "fuzzing passed: ${TARGETS[*]} (${SECONDS_PER_TARGET}s each)"
