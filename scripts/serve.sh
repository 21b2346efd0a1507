#!/usr/bin/env bash
# Sets everything up (idempotent), builds the WASM module and serves the page on 127.0.0.1.
#   PORT=9000 scripts/serve.sh     another port (default 8080)
#   SKIP_BUILD=1 scripts/serve.sh  serve the existing www/pkg without rebuilding
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
echo "== setup"
bash scripts/setup.sh
if [ "${SKIP_BUILD:-0}" != 1 ] || [ ! -e www/pkg/dikduk_bg.wasm ]; then
  echo "== building the WASM module"
  bash scripts/build-wasm.sh
fi
python3 scripts/sw_version.py
echo "== serving www/ (Ctrl-C stops; open with ?nosw to turn the offline service worker off)"
exec python3 scripts/serve.py "${PORT:-8080}"
