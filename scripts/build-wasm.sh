#!/usr/bin/env bash
# Builds the browser module: www/pkg/dikduk.js (glue) + www/pkg/dikduk_bg.wasm (code and models).
# Needs: rust target wasm32-unknown-unknown, wasm-bindgen-cli matching Cargo.lock, and
# tools/node_modules (npm binaryen 132 for wasm-opt). scripts/setup.sh installs all three.
# WASM_OPT=-Oz picks another wasm-opt level (default -O3: as small as -Oz within 0.5% here,
# and faster); WASM_OPT=none skips it.
set -euo pipefail
cd "$(dirname "$0")/.."

OUT=www/pkg
WASM="${CARGO_TARGET_DIR:-target}/wasm32-unknown-unknown/release/dikduk.wasm"
OPT_LEVEL="${WASM_OPT:--O3}"

cargo build --release --target wasm32-unknown-unknown --lib
rm -rf "$OUT"
wasm-bindgen --target web --no-typescript --out-dir "$OUT" "$WASM"

size() { stat -c %s "$1"; }
gz() { gzip -9 -c "$1" | wc -c; }

BG="$OUT/dikduk_bg.wasm"
echo "wasm-bindgen output: $(size "$BG") bytes raw, $(gz "$BG") gzipped"
if [ "$OPT_LEVEL" != none ]; then
  WASM_OPT_BIN=tools/node_modules/.bin/wasm-opt
  if [ ! -x "$WASM_OPT_BIN" ]; then
    echo "error: $WASM_OPT_BIN missing; run: (cd tools && npm ci)" >&2
    exit 1
  fi
  # The features wasm-bindgen 0.2.130 output uses by default on stable Rust, and SIMD
  # (.cargo/config.toml builds with +simd128).
  # -ocimfs 500: a function with one caller is inlined into it only when small. By default
  # wasm-opt inlines every such function, which welded the pipeline, the model loaders and
  # much else into one 202 KB function. In a fresh page V8 must compile that whole function
  # with its baseline compiler on the first call, and the model loading inside it runs in
  # baseline code. With the limit the largest function is 20 KB, and the first annotate in a
  # fresh page takes about 137 ms instead of about 180 ms (docs/DESIGN.md, "Loading the models").
  "$WASM_OPT_BIN" "$OPT_LEVEL" -ocimfs 500 --enable-bulk-memory --enable-nontrapping-float-to-int \
    --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue --enable-simd \
    "$BG" -o "$BG.opt"
  mv "$BG.opt" "$BG"
  echo "after wasm-opt $OPT_LEVEL: $(size "$BG") bytes raw, $(gz "$BG") gzipped"
fi
echo "glue: $OUT/dikduk.js ($(size "$OUT/dikduk.js") bytes)"
# The package's hand-written files (types, <dikduk-annotate>, the worker), so that www/pkg is laid
# out like the npm package (scripts/build-pkg.sh) and the page can use them.
cp npm/dikduk.d.ts npm/element.js npm/element.d.ts npm/worker.js "$OUT/"
