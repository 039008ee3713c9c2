#!/usr/bin/env bash
# The main job: builds the npm package and serves the demo page (the estimator on the
# bundled default policy) at http://127.0.0.1:${PORT:-8080}/demo/. Ctrl-C stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build-wasm.sh
echo
echo "demo: http://127.0.0.1:${PORT:-8080}/demo/"
exec node www/scripts/serve.mjs www "${PORT:-8080}"
