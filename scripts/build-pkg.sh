#!/usr/bin/env bash
# Builds the npm package folder pkg/ (name "dikduk"): the WebAssembly module and its ES-module glue
# (scripts/build-wasm.sh), plus the hand-written files in npm/ (types for dikduk/1, the
# <dikduk-annotate> element, the Web Worker, package.json with the crate's version).
#   bash scripts/build-pkg.sh             build the module, then pkg/
#   SKIP_WASM=1 bash scripts/build-pkg.sh reuse an existing www/pkg
# Publish with: cd pkg && npm publish   (or try it: npm pack, npm install ./pkg)
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${SKIP_WASM:-0}" != 1 ] || [ ! -e www/pkg/dikduk_bg.wasm ]; then
  bash scripts/build-wasm.sh
fi
# The page's service worker build id and file list (www/sw-version.js), for deploying www/.
python3 scripts/sw_version.py

VERSION=$(awk -F'"' '/^version = / { print $2; exit }' Cargo.toml)
OUT=pkg
rm -rf "$OUT"
mkdir -p "$OUT"
cp www/pkg/dikduk.js www/pkg/dikduk_bg.wasm "$OUT/"
cp npm/dikduk.d.ts npm/element.js npm/element.d.ts npm/worker.js npm/README.md "$OUT/"
sed "s/\"version\": \"0.0.0\"/\"version\": \"$VERSION\"/" npm/package.json > "$OUT/package.json"
grep -q "\"version\": \"$VERSION\"" "$OUT/package.json"
echo "pkg/: dikduk $VERSION"
ls -l "$OUT" | awk 'NR > 1 { printf "  %-16s %10d bytes\n", $9, $5 }'
