#!/usr/bin/env bash
# Installs what building (and, with --test, testing) needs; skips whatever is already there.
#   scripts/setup.sh         rust wasm32 target, wasm-bindgen-cli (version from Cargo.lock), npm binaryen
#   scripts/setup.sh --test  also Chromium + chromedriver (apt, only if /usr/bin/chromium is absent),
#                            the end-to-end test's npm packages (playwright-core), UD's validator
#                            (udtools in .venv/), and what --fuzz and --python add
#   scripts/setup.sh --python  also what the Python package needs to build and test, in .venv/:
#                            maturin, pytest, pandas, pyarrow, dask[dataframe,distributed] (pip)
#   scripts/setup.sh --fuzz  also nightly Rust (minimal profile) and cargo-fuzz, for scripts/fuzz.sh;
#                            if they cannot be installed it warns and goes on (CI then replays the
#                            fuzz seeds on stable instead: cargo test --test fuzz_seeds)
#   scripts/setup.sh --peer  also the UDPipe 1 peer for scripts/bench.sh: ufal.udpipe in .venv/
#                            (flags combine: --test --peer)
set -euo pipefail
cd "$(dirname "$0")/.."
TEST=0
PEER=0
FUZZ=0
PYTHON=0
for arg in "$@"; do
  case "$arg" in
    --test) TEST=1; FUZZ=1; PYTHON=1 ;;
    --python) PYTHON=1 ;;
    --fuzz) FUZZ=1 ;;
    --peer) PEER=1 ;;
    *) echo "error: unknown option $arg (known: --test, --fuzz, --peer, --python)" >&2; exit 2 ;;
  esac
done

say() { printf '  • %s\n' "$*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
else
  say "rust target wasm32-unknown-unknown: present"
fi

WB_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [ -z "$WB_VERSION" ]; then
  echo "error: wasm-bindgen not found in Cargo.lock" >&2
  exit 1
fi
export PATH="$HOME/.cargo/bin:$PATH"
if [ "$(wasm-bindgen --version 2>/dev/null || true)" = "wasm-bindgen $WB_VERSION" ] &&
   command -v wasm-bindgen-test-runner >/dev/null; then
  say "wasm-bindgen-cli $WB_VERSION: present"
else
  say "installing wasm-bindgen-cli $WB_VERSION (a few minutes)"
  # No --locked: the registry index lacks one of its pinned dependencies.
  cargo install wasm-bindgen-cli --version "$WB_VERSION"
fi

npm_ci() { # dir, file that proves the install is done
  if [ -e "$1/$2" ] && [ "$1/node_modules/.package-lock.json" -nt "$1/package-lock.json" ]; then
    say "npm packages in $1: present"
  else
    say "installing npm packages in $1"
    (cd "$1" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}
npm_ci tools node_modules/.bin/wasm-opt

if [ "$TEST" = 1 ]; then
  if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
    say "installing chromium and chromium-driver (apt)"
    SUDO=""
    [ "$(id -u)" = 0 ] || SUDO="sudo"
    $SUDO apt-get update -q
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q chromium chromium-driver
  else
    say "chromium and chromedriver: present"
  fi
  npm_ci tests/e2e node_modules/playwright-core/package.json
  # UD's own validator (PyPI udtools) checks the parser's CoNLL-U; a virtual environment, because
  # Debian's pip refuses system-wide installs.
  UDTOOLS_VERSION=0.2.9
  if [ -x .venv/bin/udvalidate ] &&
     [ "$(.venv/bin/python -c 'import importlib.metadata as m; print(m.version("udtools"))' 2>/dev/null)" = "$UDTOOLS_VERSION" ]; then
    say "udtools $UDTOOLS_VERSION in .venv: present"
  else
    say "installing udtools $UDTOOLS_VERSION into .venv (pip)"
    [ -x .venv/bin/python ] || python3 -m venv .venv
    .venv/bin/python -m pip install --quiet --disable-pip-version-check "udtools==$UDTOOLS_VERSION"
  fi
fi

if [ "$PEER" = 1 ]; then
  # A virtual environment, because Debian's pip refuses system-wide installs. 1.4.0.1 is the
  # version the peer model in ../shared/peers/udpipe was trained with; PyPI has wheels for it.
  UDPIPE_VERSION=1.4.0.1
  if [ -x .venv/bin/python ] &&
     [ "$(.venv/bin/python -c 'import importlib.metadata as m; print(m.version("ufal.udpipe"))' 2>/dev/null)" = "$UDPIPE_VERSION" ]; then
    say "ufal.udpipe $UDPIPE_VERSION in .venv: present"
  else
    say "installing ufal.udpipe $UDPIPE_VERSION into .venv (pip)"
    [ -x .venv/bin/python ] || python3 -m venv .venv
    .venv/bin/python -m pip install --quiet --disable-pip-version-check "ufal.udpipe==$UDPIPE_VERSION"
  fi
fi

if [ "$PYTHON" = 1 ]; then
  # The Python package (python/, built by maturin) and its tests: pytest, and pandas/pyarrow for
  # dikduk.tables, dask[dataframe,distributed] for dikduk.dask on a LocalCluster.
  PY_PACKAGES=("maturin>=1.5,<2" "pytest>=7" "pandas>=1.5" "pyarrow>=10" "dask[dataframe,distributed]>=2023.1")
  if [ -x .venv/bin/maturin ] &&
     .venv/bin/python -c 'import pytest, pandas, pyarrow, dask.dataframe, distributed' 2>/dev/null; then
    say "maturin, pytest, pandas, pyarrow, dask[distributed] in .venv: present"
  else
    say "installing maturin, pytest, pandas, pyarrow, dask[dataframe,distributed] into .venv (pip, about a minute)"
    [ -x .venv/bin/python ] || python3 -m venv .venv
    .venv/bin/python -m pip install --quiet --disable-pip-version-check "${PY_PACKAGES[@]}"
  fi
fi

if [ "$FUZZ" = 1 ]; then
  if cargo +nightly --version >/dev/null 2>&1; then
    say "nightly rust: present"
  else
    say "installing nightly rust (minimal profile) for cargo-fuzz"
    rustup toolchain install nightly --profile minimal ||
      say "WARNING: nightly rust could not be installed; fuzzing is skipped, seeds are replayed on stable"
  fi
  if cargo fuzz --version >/dev/null 2>&1; then
    say "cargo-fuzz: present"
  else
    say "installing cargo-fuzz (about a minute)"
    cargo install cargo-fuzz ||
      say "WARNING: cargo-fuzz could not be installed; fuzzing is skipped, seeds are replayed on stable"
  fi
fi
