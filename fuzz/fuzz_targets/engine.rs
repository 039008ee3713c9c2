//! The policy + order + request reader and the engine under libFuzzer: every input is
//! checked by tests/fuzz/check.rs (no panic, the time bound, the invariants).
#![no_main]

#[path = "../../tests/fuzz/check.rs"]
mod check;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    check::run(data);
});
