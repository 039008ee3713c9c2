//! The WebAssembly API: the only file with `#[wasm_bindgen]`. Each export converts in,
//! calls the core, converts out and maps the error; nothing else imports this module.
//!
//! Input crosses as JSON text: the package's JS functions (www/slim.js) call
//! `JSON.stringify` (about 1 µs for an order, 26 µs for a whole policy), which is cheaper
//! than reading a JS object field by field through the boundary was: an `estimate()` with a
//! 14 KB policy in its input went from 520 µs to 375 µs. Output crosses as JSON text too,
//! handed to the JS engine's `JSON.parse`.
//!
//! The policy crosses apart from the rest of the input, and the last valid one is kept with
//! its JSON text: a host passes its own policy with every call, and reading a 14 KB policy
//! was most of the 360 µs such an estimate took (about 130 µs with the policy kept). The same
//! text gets the same policy; any other text is read again.
//!
//! Errors are thrown as JS `Error` objects carrying `code`, `path` and `errors` (every
//! problem). Rust never panics on input (see the crate's lints), so the module keeps
//! working after any error.

use crate::{Error, Policy, PolicyArg, ToValue, Value};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

/// `estimate(json, policyJson)` with `{order, request}` and the policy apart (`""`: the
/// input's own or the bundled one) → the estimate as a plain object.
#[wasm_bindgen]
pub fn estimate(input: &str, policy: &str) -> Result<JsValue, JsValue> {
    let input = parse_input(input, policy)?;
    let estimate = with_policy(policy, input, crate::estimate_with)?;
    js_sys::JSON::parse(&estimate.to_json())
}

/// `refundCurve(json, policyJson, optionsJson)` → `{currency, points, breakpoints, best}`,
/// `points` packed in one string that www/slim.js expands: the whole curve in one call, on
/// a policy and order validated once.
#[wasm_bindgen(js_name = refundCurve)]
pub fn refund_curve(input: &str, policy: &str, options: &str) -> Result<JsValue, JsValue> {
    let (input, options) = (parse_input(input, policy)?, parse(options)?);
    // The points come packed in one string; www/slim.js expands them (see `PointsAs`).
    let curve = with_policy(policy, input, |input, p| {
        crate::sample_curve(input, p, &options)
    })?;
    js_sys::JSON::parse(&curve.to_json(crate::whatif::PointsAs::Packed))
}

/// `comparePlans(json, policyJson, optionsJson)` → `{currency, after, rows}`, cheapest
/// first.
#[wasm_bindgen(js_name = comparePlans)]
pub fn compare_plans(input: &str, policy: &str, options: &str) -> Result<JsValue, JsValue> {
    let (input, options) = (parse_input(input, policy)?, parse(options)?);
    let comparison = with_policy(policy, input, |input, p| {
        crate::compare_plans_with(input, p, &options)
    })?;
    js_sys::JSON::parse(&comparison.to_json())
}

/// `validatePolicy(json)` → `{ok, errors: [{code, path, message}]}`. Never throws for an
/// invalid policy: that is the answer, not a failure.
#[wasm_bindgen(js_name = validatePolicy)]
pub fn validate_policy(policy: &str) -> Result<JsValue, JsValue> {
    let value = parse(policy)?;
    let errors = match crate::validate_policy(&value) {
        // A host validates the policy it is about to pass: keep it for the calls to come.
        Ok(valid) => {
            LAST_POLICY.with_borrow_mut(|last| *last = Some((policy.to_owned(), valid)));
            Vec::new()
        }
        Err(e) => e.problems().map(ToValue::to_value).collect(),
    };
    to_js(&Value::object([
        ("ok", Value::Bool(errors.is_empty())),
        ("errors", Value::Array(errors)),
    ]))
}

/// `defaultPolicy()` → the bundled default policy as a plain object (a fresh copy).
#[wasm_bindgen(js_name = defaultPolicy)]
pub fn default_policy() -> Result<JsValue, JsValue> {
    js_sys::JSON::parse(crate::DEFAULT_POLICY_JSON)
}

/// `version()` → the crate version, e.g. "0.1.0".
#[wasm_bindgen]
pub fn version() -> String {
    crate::VERSION.to_owned()
}

thread_local! {
    /// The last valid policy given apart from an input, with its JSON text.
    static LAST_POLICY: RefCell<Option<(String, Policy)>> = const { RefCell::new(None) };
}

/// Runs `f` on the input and the policy whose JSON text is `policy` (`""`: none given
/// apart): the kept one when the text is the same, else read again and kept when valid. An
/// invalid policy goes back into the input, so that its problems are reported with the
/// rest of the input's, exactly as when it came inside.
///
/// The kept policy is taken out of its cell while `f` runs, and no borrow is held: a call
/// that traps (out of memory) loses the kept policy, but the next call still works.
fn with_policy<T>(
    policy: &str,
    mut input: Value,
    f: impl FnOnce(&Value, PolicyArg<'_>) -> Result<T, Error>,
) -> Result<T, JsValue> {
    if policy.is_empty() {
        return f(&input, PolicyArg::InInput).map_err(to_js_error);
    }
    let (text, valid) = match LAST_POLICY.with_borrow_mut(Option::take) {
        Some((text, valid)) if text == policy => (text, valid),
        other => {
            // Until this policy proves valid, the kept one stays.
            LAST_POLICY.with_borrow_mut(|last| *last = other);
            let value = Value::parse_member(policy).map_err(to_js_error)?;
            match crate::validate_policy(&value) {
                Ok(valid) => (policy.to_owned(), valid),
                Err(_) => {
                    if let Value::Object(entries) = &mut input {
                        entries.push(("policy".to_owned(), value));
                    }
                    return f(&input, PolicyArg::InInput).map_err(to_js_error);
                }
            }
        }
    };
    let result = f(&input, PolicyArg::Valid(&valid));
    LAST_POLICY.with_borrow_mut(|last| *last = Some((text, valid)));
    result.map_err(to_js_error)
}

/// The input's JSON text without its policy, refused like the whole input's when that
/// would be longer than the limit: the rest, then `,"policy":` (no comma when the rest is
/// `{}`) and the policy.
fn parse_input(input: &str, policy: &str) -> Result<Value, JsValue> {
    let separator = match (policy.is_empty(), input.len() > 2) {
        (true, _) => 0,
        (false, true) => ",\"policy\":".len(),
        (false, false) => "\"policy\":".len(),
    };
    let whole = input
        .len()
        .saturating_add(separator)
        .saturating_add(policy.len());
    if whole > crate::value::MAX_JSON_BYTES {
        return Err(to_js_error(crate::value::too_long()));
    }
    parse(input)
}

/// JSON text from the JS side into a `Value` (an `invalid_json` error only for text that
/// did not come from `JSON.stringify`, or nests deeper than 64 levels).
fn parse(json: &str) -> Result<Value, JsValue> {
    Value::parse(json).map_err(to_js_error)
}

/// Hands a value to JS as a plain object: written as JSON here, parsed by the engine's
/// own JSON.parse, which is both smaller and faster than building objects field by field.
fn to_js(value: &Value) -> Result<JsValue, JsValue> {
    js_sys::JSON::parse(&value.to_json())
}

/// A JS `Error` whose message is the first problem's, with `code`, `path` and `errors`.
fn to_js_error(e: Error) -> JsValue {
    let error = js_sys::Error::new(&e.to_string());
    let set = |key: &str, value: JsValue| {
        // Setting a property on a fresh Error object cannot fail; ignore the Result.
        let _ = js_sys::Reflect::set(&error, &JsValue::from_str(key), &value);
    };
    set("code", JsValue::from_str(e.code().as_str()));
    set("path", JsValue::from_str(e.path()));
    let problems = Value::Array(e.problems().map(ToValue::to_value).collect());
    set("errors", to_js(&problems).unwrap_or(JsValue::NULL));
    error.into()
}
