#!/usr/bin/env bash
# Builds the npm package in www/: cargo (wasm32) → wasm-bindgen (ESM glue) → wasm-opt -Oz
# (from the npm binaryen package; Debian's binaryen 108 produces a module that crashes at
# init) → the same at opt-level 3 for Node (pkg/refund_estimator_node.wasm) → copies the
# policies and the licences → prints raw / gzip / brotli sizes. No wasm-pack.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
ensure_base_tools
ensure_wasm_target
ensure_wasm_bindgen
ensure_npm_packages

echo "== cargo build (wasm32, release)"
cargo build --quiet --lib --release --target wasm32-unknown-unknown
out=www/pkg
rm -rf "$out"
wasm-bindgen --target web --no-typescript --out-dir "$out" \
  "${CARGO_TARGET_DIR:-target}/wasm32-unknown-unknown/release/refund_estimator.wasm"
echo "== wasm-opt -Oz"
www/node_modules/.bin/wasm-opt -Oz --strip-debug --strip-producers --enable-bulk-memory --enable-nontrapping-float-to-int \
  --enable-sign-ext --enable-mutable-globals \
  "$out/refund_estimator_bg.wasm" -o "$out/refund_estimator_bg.wasm"
# The module Node.js loads (www/node.js): the same code at opt-level 3 (Cargo.toml's
# `release-speed` profile) and wasm-opt -O3, about a third faster and 40 % larger, which a
# server does not mind. Its glue must be the size build's: one slim.js drives both.
echo "== cargo build (wasm32, release-speed) and wasm-opt -O3: the module for Node"
cargo build --quiet --lib --profile release-speed --target wasm32-unknown-unknown
speed=$(mktemp -d)
trap 'rm -rf "$speed"' EXIT
wasm-bindgen --target web --no-typescript --out-dir "$speed" \
  "${CARGO_TARGET_DIR:-target}/wasm32-unknown-unknown/release-speed/refund_estimator.wasm"
if ! cmp -s "$speed/refund_estimator.js" "$out/refund_estimator.js"; then
  echo "build-wasm.sh: the speed build's glue differs from the size build's" >&2
  exit 1
fi
www/node_modules/.bin/wasm-opt -O3 --strip-debug --strip-producers --enable-bulk-memory --enable-nontrapping-float-to-int \
  --enable-sign-ext --enable-mutable-globals \
  "$speed/refund_estimator_bg.wasm" -o "$out/refund_estimator_node.wasm"
rm -rf www/policies
mkdir -p www/policies/examples
cp policies/default.json www/policies/
cp policies/examples/*.json www/policies/examples/ 2>/dev/null || true
# The policy's JSON Schema, generated from the reader (src/schema.rs): the policies' "$schema".
cp policy.schema.json www/
# The package carries both licence texts it claims (package.json "license").
cp LICENSE-MIT LICENSE-APACHE www/
node www/scripts/sizes.mjs
