#!/usr/bin/env bash
# Runs every test. Installs what is missing first (wasm target, the pinned wasm-bindgen
# CLI, npm packages, Debian's Chromium and ChromeDriver, tzdata) and skips what is there.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
ensure_base_tools
ensure_wasm_target
ensure_wasm_bindgen
ensure_npm_packages
ensure_chromium
ensure_tzdata

step() { echo; echo "== $*"; }

step "cargo fmt --check"
cargo fmt --check
step "cargo clippy --all-targets --all-features -- -D warnings (native, then wasm32)"
cargo clippy --all-targets --all-features -- -D warnings
cargo clippy --target wasm32-unknown-unknown --lib --tests -- -D warnings
step "cargo doc -D warnings (every public item documented, no broken links; missing_docs is a lint of the crate)"
RUSTDOCFLAGS="-D warnings" cargo doc --quiet --no-deps --lib --all-features
step "cargo test --all-features (unit, golden, property, bad-input, CLI, doc tests)"
cargo test --all-features
step "golden cases recomputed independently (tests/cases/verify.py)"
python3 tests/cases/verify.py
step "build the npm package (scripts/build-wasm.sh)"
bash scripts/build-wasm.sh
step "wasm-bindgen tests in Node"
cargo test --target wasm32-unknown-unknown --test wasm_node
step "wasm-bindgen tests in headless Chromium"
CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test wasm_browser
step "JS tests: golden cases through the package, bad input, slim loading, the consumer matrix (npm pack → Node, TypeScript, Vite, webpack, esbuild, workers, React, CSP in Chromium; publint, attw), the demo pages"
# A per-test timeout (10 min): a promise that never settles fails its test instead of
# holding CI until its limit.
(cd www && node --test --test-timeout=600000 test/)
step "all tests passed"
