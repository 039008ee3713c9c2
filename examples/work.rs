//! A fixed amount of engine work, for instruction counts that do not depend on the
//! machine's load: `valgrind --tool=callgrind target/release-speed/examples/work curve 5`
//! (scripts/bench.sh prints them). `WHAT` is `estimate`, `curve`, `at` or `json`
//! (estimate written as JSON); `N` how many times.

use refund_estimator::{refund_curve_json, Estimator, Value};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let what = args.next().unwrap_or_else(|| "estimate".to_owned());
    let n: usize = args.next().map_or(Ok(1), |n| n.parse())?;
    // The order of www/bench/timing.mjs: a 3-year plan, its whole term as a daily curve.
    let input = Value::parse(
        r#"{"order": {"plan": "3year-100m", "start": "2026-01-15T10:30:00+08:00",
                      "paid": {"cash": "184400.00"}, "usage": {"traffic_gb": "0"}},
            "request": {"at": "2027-03-01T12:00:00+08:00", "reason": "business_change"}}"#,
    )?;
    let options = Value::parse("{}")?;
    let estimator = Estimator::bundled()?;
    let order = estimator.prepare(&input)?;
    let mut bytes = 0;
    for _ in 0..n {
        bytes = usize::wrapping_add(
            bytes,
            match what.as_str() {
                "estimate" => estimator.estimate(&input)?.refund.len(),
                "json" => estimator.estimate(&input)?.to_json().len(),
                "curve" => refund_curve_json(&input, &options)?.len(),
                "at" => order.at("2027-03-01T12:00:00+08:00")?.refund.len(),
                other => return Err(format!("unknown work {other}").into()),
            },
        );
    }
    println!("{what} × {n}: {bytes} bytes");
    Ok(())
}
