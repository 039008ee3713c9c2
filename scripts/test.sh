#!/usr/bin/env bash
# Runs every test: formatting, lints, unit + golden + property + bad-input + CLI tests, the
# doc tests, and a wasm32 build of the library. Installs what is missing first.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

ensure_wasm_target

echo "== cargo fmt --check"
cargo fmt --check
echo "== cargo clippy --all-targets --all-features -- -D warnings"
cargo clippy --all-targets --all-features -- -D warnings
echo "== cargo test --all-features"
cargo test --all-features
echo "== the library builds for wasm32-unknown-unknown"
cargo build --lib --release --target wasm32-unknown-unknown
echo "== all tests passed"
