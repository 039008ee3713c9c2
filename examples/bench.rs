//! Native timing of the engine (the wasm figures come from `www/bench/timing.mjs`):
//! `cargo run --release --example bench`. Prints the median of repeated calls, then the
//! time of the largest inputs the limits accept (examples/bench/limits.rs).

use refund_estimator::{estimate, refund_curve, Value};
use std::time::Instant;

#[path = "bench/limits.rs"]
mod limits;

fn median(runs: usize, mut f: impl FnMut()) -> f64 {
    for _ in 0..runs.min(50) {
        f();
    }
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let t0 = Instant::now();
            f();
            t0.elapsed().as_secs_f64()
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times.get(runs / 2).copied().unwrap_or(f64::NAN)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // The order of www/bench/timing.mjs: a 3-year plan, its whole term as a daily curve.
    let input = Value::parse(
        r#"{"order": {"plan": "3year-100m", "start": "2026-01-15T10:30:00+08:00",
                      "paid": {"cash": "184400.00"}, "usage": {"traffic_gb": "0"}},
            "request": {"at": "2027-03-01T12:00:00+08:00", "reason": "business_change"}}"#,
    )?;
    let options = Value::parse("{}")?;
    let points = refund_curve(&input, &options)?.points.len();
    let curve = median(201, || {
        let _ = refund_curve(&input, &options);
    });
    let one = median(20_001, || {
        let _ = estimate(&input);
    });
    println!("native, release build, median of repeated calls");
    println!(
        "refund_curve, 3-year daily ({points} points)  {:>9.3} ms  ({:.2} µs a point)",
        curve * 1e3,
        curve * 1e6 / points as f64
    );
    println!(
        "estimate(), same order                      {:>9.1} µs",
        one * 1e6
    );
    limits::run(3);
    Ok(())
}
