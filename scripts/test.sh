#!/usr/bin/env bash
# Runs every test: native cargo tests, the WASM build, wasm-bindgen tests and the end-to-end
# browser tests. Installs what is missing first (scripts/setup.sh --test).
#   DIKDUK_CLIPPY=1 scripts/test.sh   also run clippy with -D warnings
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

section() { printf '\n==== %s ====\n' "$*"; }

section "setup (installs only what is missing)"
bash scripts/setup.sh --test

section "native tests: cargo test"
cargo test

if [ "${DIKDUK_CLIPPY:-0}" = 1 ]; then
  section "clippy"
  cargo clippy --all-targets -- -D warnings
  cargo clippy --target wasm32-unknown-unknown --lib --tests -- -D warnings
fi

section "WASM build: scripts/build-wasm.sh"
bash scripts/build-wasm.sh

# ---- robustness (issue #6): adversarial inputs, WASM parity and memory, fuzz smoke run ----
# The fuzz seeds are replayed on stable by `cargo test` above (tests/fuzz_seeds.rs); the 10 MB,
# linear-cost and WASM tests are ignored in that debug run and run here, in release.
section "robustness: 10 MB inputs, linear cost, WASM vs native documents, WASM memory (release)"
cargo test --release --test adversarial --test wasm_node -- --include-ignored

section "robustness: fuzz smoke run (scripts/fuzz.sh, ${DIKDUK_FUZZ_SECONDS:-5} s per target)"
if cargo +nightly --version >/dev/null 2>&1 && cargo fuzz --version >/dev/null 2>&1; then
  bash scripts/fuzz.sh "${DIKDUK_FUZZ_SECONDS:-5}"
else
  echo "skipped: no nightly Rust or cargo-fuzz (scripts/setup.sh --fuzz); the seeds were replayed on stable"
fi
# ---- end of robustness ----

section "WASM binding tests: wasm-bindgen-test-runner in Node"
cargo test --target wasm32-unknown-unknown --test wasm

section "WASM binding tests: wasm-bindgen-test-runner in headless Chromium (chromedriver)"
CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_USE_BROWSER=1 \
  WASM_BINDGEN_TEST_WEBDRIVER_JSON=tests/webdriver.json \
  cargo test --target wasm32-unknown-unknown --test wasm

section "npm package: scripts/build-pkg.sh (reuses www/pkg)"
SKIP_WASM=1 bash scripts/build-pkg.sh

# ---- benchmarks, quick (issue 6) ------------------------------------------------------------
# Sizes against their budgets (a breach fails CI) and a short browser run whose speed is only
# printed. Seconds; no release build and no peer. The full run is scripts/bench.sh.
section "benchmarks, quick: scripts/bench.sh --quick"
bash scripts/bench.sh --quick
# ---- end of benchmarks ------------------------------------------------------------------------

section "end-to-end: the page in headless Chromium, the npm package in Node and tsc"
(cd tests/e2e && npm test)

section "all tests passed"
