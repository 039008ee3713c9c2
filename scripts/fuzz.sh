#!/usr/bin/env bash
# Coverage-guided fuzzing of the policy + order + request reader and the engine: cargo-fuzz
# (libFuzzer) over fuzz/fuzz_targets/engine.rs, whose checks (tests/fuzz/check.rs: no panic,
# a time bound per input, the invariants) the stable generator in tests/fuzz.rs also runs as
# part of `cargo test`. cargo-fuzz needs a nightly toolchain: where rustup cannot install one,
# run the stable generator long instead:
#   FUZZ_RUNS=10000000 FUZZ_SEED=$RANDOM cargo test --release --test fuzz -- --nocapture
#
#   RUNS=10000000 bash scripts/fuzz.sh     # executions (default 1,000,000)
#
# Seeds: every golden case, what-if case, example policy and bad-input corpus entry, in
# target/fuzz-seeds; what the fuzzer finds stays in fuzz/corpus/engine (not committed), a
# failing input in fuzz/artifacts/engine/.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${RUNS:-1000000}"
if ! rustup toolchain list | grep -q '^nightly'; then
  rustup toolchain install nightly --profile minimal
fi
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked

seeds=target/fuzz-seeds
rm -rf "$seeds" && mkdir -p "$seeds" fuzz/corpus/engine
python3 - "$seeds" <<'PY'
import json, pathlib, sys
out = pathlib.Path(sys.argv[1])
calls = {"estimate": 0, "curve": 1, "compare": 2, "validate": 3}
def seed(name, call, input, options=None):
    data = bytes([calls[call]]) + json.dumps(input, ensure_ascii=False).encode()
    if options is not None:
        data += b"\0" + json.dumps(options, ensure_ascii=False).encode()
    (out / name).write_bytes(data)
for p in sorted(pathlib.Path("tests/cases").glob("*.json")):
    seed(p.stem, "estimate", json.loads(p.read_text())["input"])
for p in sorted(pathlib.Path("tests/whatif").glob("*.json")):
    c = json.loads(p.read_text())
    seed(p.stem, "compare" if c.get("kind") == "compare" else "curve", c["input"], c.get("options"))
for p in sorted(pathlib.Path("policies").rglob("*.json")):
    if "samples" not in p.parts:
        seed("policy-" + p.stem, "validate", json.loads(p.read_text()))
corpus = pathlib.Path("tests/bad/corpus.json")
if corpus.exists():
    for i, c in enumerate(json.loads(corpus.read_text())):
        if "input" in c:
            seed(f"bad-{i:03}", c.get("call", "estimate"), c["input"], c.get("options"))
PY
echo "$(ls "$seeds" | wc -l) seeds"
cd fuzz
cargo +nightly fuzz run engine -O --sanitizer none corpus/engine "../$seeds" -- \
  -runs="$RUNS" -timeout=5 -rss_limit_mb=4096 -max_len=65536 -print_final_stats=1
