#!/usr/bin/env bash
# The main job, for now: estimate the bundled sample orders with the native CLI, in English
# and Chinese. (The demo pages with the <refund-estimator> widget replace this once the
# wasm package exists.)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet --release --features cli
bin=target/release/refund-estimator
for sample in policies/examples/samples/*.json; do
  name=$(basename "$sample")
  echo "== $name (policy policies/examples/$name)"
  "$bin" estimate "$sample" --policy "policies/examples/$name" --compact
done
echo "== default policy, zh-CN"
"$bin" estimate policies/samples/default.json --locale zh-CN
