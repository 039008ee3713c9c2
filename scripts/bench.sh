#!/usr/bin/env bash
# Speed, measured (never in unit tests): builds the npm package, then prints the median
# times of refundCurve (3-year daily), estimate() and comparePlans in Node, and the same
# engine natively (cargo run --release --example bench).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build-wasm.sh >/dev/null
node www/bench/timing.mjs
echo
cargo run --quiet --release --example bench
