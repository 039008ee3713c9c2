//! The wasm API as JS sees it, shared by tests/wasm_node.rs and tests/wasm_browser.rs.

use js_sys::{Reflect, JSON};
use refund_estimator::wasm;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(key)).unwrap()
}

fn text(v: &JsValue, key: &str) -> String {
    get(v, key).as_string().unwrap_or_default()
}

/// The words of the answer's tape at byte address `at` of the module's memory.
fn tape_at(at: u32) -> Vec<u32> {
    use wasm_bindgen::JsCast;
    let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().dyn_into().unwrap();
    let all = js_sys::Uint32Array::new(&memory.buffer());
    let start = at / 4;
    all.subarray(start, start + all.get_index(start)).to_vec()
}

/// An answer's tape (src/write.rs) as the JSON text it stands for, read as www/slim.js
/// reads it, members in the tape's order.
fn tape_json(at: u32) -> String {
    let words = tape_at(at);
    let keys: Vec<String> = wasm::tape_keys().split(',').map(str::to_owned).collect();
    let count = words[1] as usize;
    let units: Vec<u16> = words[count + 2..]
        .iter()
        .flat_map(|w| [*w as u16, (*w >> 16) as u16])
        .collect();
    let (mut w, mut t, mut out) = (2, 0, String::new());
    let take = |t: &mut usize, n: u32| {
        let s = String::from_utf16(&units[*t..*t + n as usize]).unwrap();
        *t += n as usize;
        serde_json::Value::String(s).to_string()
    };
    // The open containers: each one's closing bracket, and whether it has had an item.
    let mut open: Vec<(char, bool)> = Vec::new();
    let mut after_key = false;
    loop {
        let word = words[w];
        w += 1;
        let tag = word & 15;
        if tag == 4 {
            out.push(open.pop().unwrap().0);
        } else {
            if !after_key {
                if let Some((_, had)) = open.last_mut() {
                    if *had {
                        out.push(',');
                    }
                    *had = true;
                }
            }
            after_key = false;
            match tag {
                0 => out.push_str(&take(&mut t, word >> 4)),
                1 => out.push_str(&(word >> 4).to_string()),
                5 => {
                    out.push_str(&words[w].to_string());
                    w += 1;
                }
                2 => {
                    out.push('{');
                    open.push(('}', false));
                }
                3 => {
                    out.push('[');
                    open.push((']', false));
                }
                6 | 7 => {
                    let key = if tag == 6 {
                        serde_json::Value::String(keys[(word >> 4) as usize].clone()).to_string()
                    } else {
                        take(&mut t, word >> 4)
                    };
                    out.push_str(&key);
                    out.push(':');
                    after_key = true;
                }
                _ => panic!("tag {tag}"),
            }
        }
        if open.is_empty() && !after_key {
            return out;
        }
    }
}

/// An answer's tape as a JSON value.
fn answer(at: u32) -> serde_json::Value {
    serde_json::from_str(&tape_json(at)).unwrap()
}

/// The refund of an estimate's tape.
fn refund(at: u32) -> String {
    answer(at)["refund"].as_str().unwrap().to_owned()
}

const ORDER: &str = r#"{
  "order": {"plan": "annual-100m", "start": "2026-01-15T10:30:00+08:00",
            "paid": {"cash": "70160.00"}, "usage": {"traffic_gb": "1200"}, "paymentMethod": "alipay"},
  "request": {"at": "2026-05-20T18:40:00+08:00", "reason": "business_change"}
}"#;

#[wasm_bindgen_test]
fn estimates_the_bundled_policy_as_a_tape_of_the_estimate() {
    let e = answer(wasm::estimate(ORDER, "").unwrap());
    assert_eq!(e["currency"], "CNY");
    assert_eq!(e["refund"], "43145.72");
    assert_eq!(e["outcome"], "partial");
    assert_eq!(
        e["lines"][1]["detail"],
        "CN¥69,360.00 × 126 days used ÷ 365 days in the term"
    );
    assert_eq!(e["timeline"]["businessDays"], serde_json::json!([5, 13]));
    // The tape holds the contract's JSON: the same values, the members in the same order.
    let native = refund_estimator::estimate_json(ORDER).unwrap().to_json();
    assert_eq!(tape_json(wasm::estimate(ORDER, "").unwrap()), native);
}

#[wasm_bindgen_test]
fn bad_input_throws_an_error_with_code_and_path_and_the_module_keeps_working() {
    let bad = r#"{"order": {"plan": "annual-100m", "start": "2026-01-15", "paid": {"cash": "12.345"}},
                  "request": {"at": "2026-02-01"}}"#;
    let err = wasm::estimate(bad, "").unwrap_err();
    // (`instanceof Error` is asserted from real JS in www/test/package.test.js.)
    assert!(text(&err, "message").starts_with("too_precise at order.paid.cash"));
    assert_eq!(text(&err, "code"), "too_precise");
    assert_eq!(text(&err, "path"), "order.paid.cash");
    assert_eq!(js_sys::Array::from(&get(&err, "errors")).length(), 1);
    // Not JSON at all (the package's JS functions refuse functions, cycles and the like
    // before this point: www/test/package.test.js).
    let err = wasm::estimate("{\"order\": ", "").unwrap_err();
    assert_eq!(text(&err, "code"), "invalid_json");
    // Nested deeper than any input needs.
    let err = wasm::estimate(&"[".repeat(100_000), "").unwrap_err();
    assert_eq!(text(&err, "code"), "invalid_json");
    // And the next call works.
    assert_eq!(refund(wasm::estimate(ORDER, "").unwrap()), "43145.72");
}

#[wasm_bindgen_test]
fn numbers_with_fractions_are_refused_as_money() {
    let input = r#"{"order": {"plan": "annual-100m", "start": "2026-01-15", "paid": {"cash": 70160.5}},
                    "request": {"at": "2026-02-01"}}"#;
    let err = wasm::estimate(input, "").unwrap_err();
    assert_eq!(text(&err, "code"), "invalid_amount");
    assert_eq!(text(&err, "path"), "order.paid.cash");
}

#[wasm_bindgen_test]
fn validates_policies_without_throwing() {
    let policy = JSON::stringify(&wasm::default_policy().unwrap()).unwrap();
    let ok = wasm::validate_policy(&String::from(policy)).unwrap();
    assert_eq!(get(&ok, "ok").as_bool(), Some(true));
    let bad =
        wasm::validate_policy(r#"{"id": "x", "version": "1", "currency": "XXX", "plans": []}"#)
            .unwrap();
    assert_eq!(get(&bad, "ok").as_bool(), Some(false));
    let errors = js_sys::Array::from(&get(&bad, "errors"));
    assert_eq!(errors.length(), 2);
    assert_eq!(text(&errors.get(0), "path"), "currency");
    assert_eq!(text(&errors.get(1), "path"), "plans");
}

#[wasm_bindgen_test]
fn a_policy_apart_is_kept_by_its_text_and_its_errors_have_their_paths() {
    let policy = String::from(JSON::stringify(&wasm::default_policy().unwrap()).unwrap());
    // Read, then kept: the same answer both times, and the bundled policy's.
    for _ in 0..2 {
        assert_eq!(refund(wasm::estimate(ORDER, &policy).unwrap()), "43145.72");
    }
    let changed = policy.replacen("\"percent\":\"5\"", "\"percent\":\"20\"", 1);
    assert_ne!(changed, policy);
    // A 20 % handling fee instead of 5 %.
    assert_eq!(refund(wasm::estimate(ORDER, &changed).unwrap()), "36333.24");
    let broken = policy.replacen("\"currency\":\"CNY\"", "\"currency\":\"XYZ\"", 1);
    let err = wasm::estimate(ORDER, &broken).unwrap_err();
    assert_eq!(text(&err, "code"), "unknown_currency");
    assert_eq!(text(&err, "path"), "policy.currency");
    let err = wasm::estimate(ORDER, "{").unwrap_err();
    assert_eq!(text(&err, "code"), "invalid_json");
    assert_eq!(refund(wasm::estimate(ORDER, &policy).unwrap()), "43145.72");
}

#[wasm_bindgen_test]
fn default_policy_and_version() {
    let policy = wasm::default_policy().unwrap();
    assert_eq!(text(&policy, "id"), "streamline-dedicated-lines");
    assert_eq!(js_sys::Array::from(&get(&policy, "plans")).length(), 16);
    assert_eq!(wasm::version(), env!("CARGO_PKG_VERSION"));
}
