#!/usr/bin/env bash
# Where the module's bytes are: builds the package, then a copy of the module that keeps
# its function names (wasm-bindgen --keep-debug, wasm-opt -Oz -g: the same code as the
# shipped module), and prints twiggy's sizes summed by module, then the largest functions.
# Installs twiggy with cargo when it is missing (about a minute).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build-wasm.sh >/dev/null
command -v twiggy >/dev/null || cargo install --quiet twiggy
named=$(mktemp -d)
trap 'rm -rf "$named"' EXIT
wasm-bindgen --target web --no-typescript --keep-debug --out-dir "$named" \
  "${CARGO_TARGET_DIR:-target}/wasm32-unknown-unknown/release/refund_estimator.wasm"
www/node_modules/.bin/wasm-opt -Oz -g --strip-producers --enable-bulk-memory \
  --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
  "$named/refund_estimator_bg.wasm" -o "$named/named.wasm"
twiggy top -n 100000 -f csv "$named/named.wasm" > "$named/top.csv"
node www/scripts/size-breakdown.mjs "$named/top.csv"
