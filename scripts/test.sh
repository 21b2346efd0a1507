#!/usr/bin/env bash
# Runs every test: native cargo tests, the WASM build, wasm-bindgen tests, the UD validator on the
# parser's output and the end-to-end browser tests. Installs what is missing first
# (scripts/setup.sh --test).
#   DIKDUK_CLIPPY=1 scripts/test.sh   also run clippy with -D warnings
#
# Made to pass on a slow or busy machine: no stage has a wall-clock limit that such a machine
# reaches (the browser runner gets WASM_BINDGEN_TEST_TIMEOUT, default 900 s), and every process a
# browser stage starts is killed when the stage ends, passed or failed (see `isolated`), so no
# Chromium or chromedriver is left behind. One optimised build (cargo profile `ci`: release
# without LTO) serves every native test, the 10 MB and timing ones included, and one wasm32 build
# every WASM binding test, in Node and in Chromium. Each stage's time is printed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
export WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-900}"

STAGE=""
STAGE_START=$SECONDS
TIMES=()
section() {
  [ -n "$STAGE" ] && TIMES+=("$(printf '%5d s  %s' $((SECONDS - STAGE_START)) "$STAGE")")
  STAGE="$*"
  STAGE_START=$SECONDS
  printf '\n==== %s ====\n' "$*"
}
summary() {
  [ -n "$STAGE" ] && TIMES+=("$(printf '%5d s  %s' $((SECONDS - STAGE_START)) "$STAGE")")
  STAGE=""
  printf '\n==== stage times (total %d s) ====\n' "$SECONDS"
  printf '%s\n' "${TIMES[@]}"
}

# Runs a command with a tag in its environment, and when it ends, whatever its exit status, kills
# every process that still carries the tag: browsers and drivers the command started do not outlive
# the stage. (Chromium makes itself a session leader and its helpers are re-parented when it is
# killed, so neither process groups, sessions nor parentage find them all; the inherited
# environment does.)
kill_tagged() {
  local sig p
  for sig in TERM KILL; do
    for p in $(grep -lsz "^DIKDUK_STAGE=$1\$" /proc/[0-9]*/environ 2>/dev/null | cut -d/ -f3); do
      if [ "$p" != "$$" ]; then kill -"$sig" "$p" 2>/dev/null || true; fi
    done
    if [ "$sig" = TERM ]; then sleep 1; fi
  done
  return 0
}
isolated() {
  local tag="$$-$RANDOM-$SECONDS" rc=0
  DIKDUK_STAGE="$tag" "$@" || rc=$?
  kill_tagged "$tag"
  return "$rc"
}
trap 'rc=$?; summary; exit $rc' EXIT

section "setup (installs only what is missing)"
bash scripts/setup.sh --test

section "native tests: cargo test --profile ci (every test, the 10 MB and timing ones included)"
cargo test --profile ci

# Builds the extension module (feature python, the same ci profile) into .venv and runs
# python/tests: the package against the CLI built above, tables, and dikduk.dask on a LocalCluster
# of 2 worker processes.
section "python package: maturin develop --profile ci + pytest python/tests (Dask LocalCluster, 2 workers)"
(cd python && VIRTUAL_ENV="$PWD/../.venv" ../.venv/bin/maturin develop --profile ci --quiet)
DIKDUK_CLI="$PWD/target/ci/dikduk" .venv/bin/python -m pytest python/tests -q -p no:cacheprovider

if [ "${DIKDUK_CLIPPY:-0}" = 1 ]; then
  section "clippy"
  cargo clippy --all-targets -- -D warnings
  cargo clippy --lib --features python --no-default-features -- -D warnings
  cargo clippy --target wasm32-unknown-unknown --lib --tests -- -D warnings
fi

section "WASM build: scripts/build-wasm.sh"
bash scripts/build-wasm.sh

section "robustness: WASM vs native documents, WASM memory (cargo test --profile ci --test wasm_node -- --ignored)"
cargo test --profile ci --test wasm_node -- --ignored

section "robustness: fuzz smoke run (scripts/fuzz.sh, ${DIKDUK_FUZZ_SECONDS:-5} s per target)"
if cargo +nightly --version >/dev/null 2>&1 && cargo fuzz --version >/dev/null 2>&1; then
  bash scripts/fuzz.sh "${DIKDUK_FUZZ_SECONDS:-5}"
else
  echo "skipped: no nightly Rust or cargo-fuzz (scripts/setup.sh --fuzz); the seeds were replayed on stable"
fi

section "UD validator (udtools, --lang he --level 2) on the parser's CoNLL-U: sample article and HTB dev text"
if [ -x .venv/bin/udvalidate ] && [ -d ../shared/data/htb-nemo ]; then
  mkdir -p target/ud
  cargo run --profile ci --quiet -- annotate ../shared/samples/news-trump-putin-alaska.txt --format conllu > target/ud/sample.conllu
  grep '^# text = ' ../shared/data/htb-nemo/he_htb-nemo-dev.conllu | sed 's/^# text = //' | paste -sd' ' > target/ud/dev.txt
  cargo run --profile ci --quiet -- annotate target/ud/dev.txt --format conllu > target/ud/dev.conllu
  .venv/bin/udvalidate --lang he --level 2 target/ud/sample.conllu
  .venv/bin/udvalidate --lang he --level 2 target/ud/dev.conllu
else
  echo "skipped: no .venv/bin/udvalidate (scripts/setup.sh --test) or no ../shared/data"
fi

section "WASM binding tests: wasm-bindgen-test-runner in Node (cargo test --profile ci --target wasm32-unknown-unknown)"
cargo test --profile ci --target wasm32-unknown-unknown --test wasm

section "WASM binding tests: the same build in headless Chromium (chromedriver, timeout ${WASM_BINDGEN_TEST_TIMEOUT} s)"
CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_USE_BROWSER=1 \
  WASM_BINDGEN_TEST_WEBDRIVER_JSON=tests/webdriver.json \
  isolated cargo test --profile ci --target wasm32-unknown-unknown --test wasm

section "npm package: scripts/build-pkg.sh (reuses www/pkg)"
SKIP_WASM=1 bash scripts/build-pkg.sh

# Sizes against their budgets (a breach fails CI) and a short browser run whose speed is only
# printed. Seconds; no release build and no peer. The full run is scripts/bench.sh.
section "benchmarks, quick: scripts/bench.sh --quick"
isolated bash scripts/bench.sh --quick

section "end-to-end: the page in headless Chromium, the npm package in Node and tsc"
(cd tests/e2e && isolated npm test)

section "all tests passed"
