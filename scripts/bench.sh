#!/usr/bin/env bash
# Speed, measured (never in unit tests): builds the npm package, then prints the median
# times of refundCurve (3-year daily), estimate() and comparePlans in Node.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build-wasm.sh >/dev/null
node www/bench/timing.mjs
