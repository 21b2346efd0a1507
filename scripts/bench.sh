#!/usr/bin/env bash
# Benchmarks: native throughput per stage, peak memory, the UDPipe 1 peer in the same run, the
# WASM module in headless Chromium, its linear memory on 10 MB, and sizes against their budgets.
#   scripts/bench.sh          everything; rewrites docs/BENCHMARKS.md (a few minutes)
#   scripts/bench.sh --quick  what CI runs after scripts/build-wasm.sh (seconds): sizes (a budget
#                             breach fails) and a short browser run. No release build, no peer.
#                             DIKDUK_BENCH_NATIVE=1 adds a short native run (builds the bench).
# Speed is printed, never asserted; only size budgets fail. JSON results go to target/bench/.
# BENCH_NOTE="..." adds a line about the conditions to docs/BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
QUICK=0
[ "${1:-}" = "--quick" ] && QUICK=1
OUT=target/bench
mkdir -p "$OUT"

section() { printf '\n==== bench: %s ====\n' "$*"; }

if [ "$QUICK" = 1 ]; then
  if [ ! -f www/pkg/dikduk_bg.wasm ]; then
    echo "error: www/pkg is missing: run scripts/build-wasm.sh first" >&2
    exit 1
  fi
  section "size (budgets asserted)"
  node benches/size.mjs --quick --json "$OUT/size-quick.json"
  section "browser, quick (printed, not asserted)"
  node benches/browser.mjs --quick --json "$OUT/browser-quick.json"
  if [ "${DIKDUK_BENCH_NATIVE:-0}" = 1 ]; then
    section "native, quick (printed, not asserted)"
    cargo bench --bench throughput -- --quick --json "$OUT/native-quick.json"
  else
    section "native: skipped in quick mode (needs a release build; scripts/bench.sh runs it)"
  fi
  exit 0
fi

LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "n/a")
section "setup (installs only what is missing, including the UDPipe peer)"
bash scripts/setup.sh --test --peer
section "builds: release CLI and the WASM module"
cargo build --release
bash scripts/build-wasm.sh
section "size"
node benches/size.mjs --json "$OUT/size.json"
section "native throughput, one thread"
cargo bench --bench throughput -- --json "$OUT/native.json"
section "peer: UDPipe 1 on the same text"
rm -f "$OUT/peer.json"
python3 benches/peer.py --dikduk target/release/dikduk --python .venv/bin/python --out "$OUT/peer" --json "$OUT/peer.json"
section "browser: headless Chromium"
node benches/browser.mjs --json "$OUT/browser.json"
section "WASM linear memory, 10 MB in Node"
rm -f "$OUT/wasm-memory.json"
node benches/wasm-memory.mjs --json "$OUT/wasm-memory.json"
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "n/a")
section "report: docs/BENCHMARKS.md"
BENCH_LOAD_START="$LOAD_START" BENCH_LOAD_END="$LOAD_END" RUSTC_VERSION="$(rustc --version)" \
  node benches/report.mjs "$OUT" docs/BENCHMARKS.md
echo "wrote docs/BENCHMARKS.md"
