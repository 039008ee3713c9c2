#!/usr/bin/env bash
# Every row of issue #14's table, measured in one run (speed and size are measured here,
# never in unit tests):
#   1. the engine in Node (www/bench/timing.mjs): estimate(), a prepared order's at(), the
#      3-year daily curve, a host's policy; minimum and median of alternating rounds;
#   2. the in-process call against a loopback HTTP server (www/bench/loopback.mjs);
#   3. the bytes before the first estimate, as the demo server serves them, brotli and gzip
#      (www/bench/bytes.mjs, headless Chromium);
#   4. the demo pages in headless Chromium (www/bench/page.mjs): navigation to the first
#      estimate painted, on localhost and on a slow profile (CDP throttling), and input to
#      the headline updated;
#   5. with --native: the same engine natively (cargo run --release --example bench), and the
#      instructions callgrind counts for a fixed amount of work (examples/work.rs), which the
#      machine's load does not change.
# Usage: bash scripts/bench.sh [--quick] [--native]
#   --quick: fewer rounds and page loads (about a minute instead of several).
set -euo pipefail
cd "$(dirname "$0")/.."
quick=false
native=false
for arg in "$@"; do
  case "$arg" in
    --quick) quick=true ;;
    --native) native=true ;;
    *) echo "usage: bash scripts/bench.sh [--quick] [--native]" >&2; exit 2 ;;
  esac
done
source scripts/setup.sh
ensure_base_tools
ensure_wasm_target
ensure_wasm_bindgen
ensure_npm_packages
ensure_chromium
bash scripts/build-wasm.sh >/dev/null
if $quick; then
  rounds=7 requests=1000 runs=3 inputs=40
else
  rounds=21 requests=3000 runs=7 inputs=200
fi

echo "== 1. the engine in Node"
node www/bench/timing.mjs --rounds "$rounds"
echo
echo "== 2. in process against a loopback HTTP server"
node www/bench/loopback.mjs --requests "$requests"
echo
echo "== 3. bytes before the first estimate"
node www/bench/bytes.mjs --files
echo
echo "== 4. the demo pages in Chromium"
node www/bench/page.mjs --runs "$runs" --inputs "$inputs"
if $native; then
  echo
  echo "== 5. natively"
  cargo run --quiet --release --example bench
  if command -v valgrind >/dev/null; then
    cargo build --quiet --profile release-speed --example work
    work="${CARGO_TARGET_DIR:-target}/release-speed/examples/work"
    count() { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$work" "$@" 2>&1 | awk '/Collected/ {print $4}'; }
    base=$(count curve 0)
    echo "instructions (callgrind, opt-level 3, the setup subtracted): estimate() $(( ($(count estimate 200) - base) / 200 )), at() $(( ($(count at 2000) - base) / 2000 )), the 3-year daily curve $(( ($(count curve 3) - base) / 3 ))"
  fi
fi
