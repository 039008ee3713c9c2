//! The WebAssembly API: the only file with `#[wasm_bindgen]`. Each export converts in,
//! calls the core, converts out and maps the error; nothing else imports this module.
//!
//! Errors are thrown as JS `Error` objects carrying `code`, `path` and `errors` (every
//! problem). Rust never panics on input (see the crate's lints), so the module keeps
//! working after any error.

use crate::{Error, ErrorCode, ToValue, Value};
use wasm_bindgen::prelude::*;

/// `estimate({policy?, order, request})` → the estimate as a plain object.
#[wasm_bindgen]
pub fn estimate(input: JsValue) -> Result<JsValue, JsValue> {
    let input = from_js(input)?;
    let estimate = crate::estimate(&input).map_err(to_js_error)?;
    to_js(&estimate.to_value())
}

/// `refundCurve(input, options?)` → `{currency, points, breakpoints, best}`: the whole
/// curve in one call, on a policy and order validated once.
#[wasm_bindgen(js_name = refundCurve)]
pub fn refund_curve(input: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    let input = from_js(input)?;
    let options = options_from_js(options)?;
    let curve = crate::refund_curve(&input, &options).map_err(to_js_error)?;
    to_js(&curve.to_value())
}

/// `comparePlans(input, options)` → `{currency, after, rows}`, cheapest first.
#[wasm_bindgen(js_name = comparePlans)]
pub fn compare_plans(input: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    let input = from_js(input)?;
    let options = options_from_js(options)?;
    let comparison = crate::compare_plans(&input, &options).map_err(to_js_error)?;
    to_js(&comparison.to_value())
}

/// `validatePolicy(policy)` → `{ok, errors: [{code, path, message}]}`. Never throws for an
/// invalid policy: that is the answer, not a failure.
#[wasm_bindgen(js_name = validatePolicy)]
pub fn validate_policy(policy: JsValue) -> Result<JsValue, JsValue> {
    let policy = from_js(policy)?;
    let errors = match crate::validate_policy(&policy) {
        Ok(_) => Vec::new(),
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

/// Reads a JS value into a `Value` directly (typeof checks and `Object.entries`), which
/// costs far fewer bytes than a serde deserializer and accepts exactly JSON-shaped data.
fn from_js(value: JsValue) -> Result<Value, JsValue> {
    read_js(&value, 0).ok_or_else(|| {
        to_js_error(Error::new(
            ErrorCode::InvalidType,
            "",
            "the input is not plain JSON data (functions, symbols, bigints and cycles are not allowed)",
        ))
    })
}

/// Options may be omitted: `undefined` reads as `{}`.
fn options_from_js(options: JsValue) -> Result<Value, JsValue> {
    if options.is_undefined() || options.is_null() {
        return Ok(Value::Object(Vec::new()));
    }
    from_js(options)
}

/// Deep enough for any input, shallow enough to stop a cyclic object.
const MAX_DEPTH: usize = 64;

fn read_js(v: &JsValue, depth: usize) -> Option<Value> {
    use crate::value::Number;
    if depth > MAX_DEPTH {
        return None;
    }
    if v.is_null() || v.is_undefined() {
        return Some(Value::Null);
    }
    if let Some(b) = v.as_bool() {
        return Some(Value::Bool(b));
    }
    if let Some(n) = v.as_f64() {
        // Whole numbers within 2^53 are exact; anything else only needs to be reported.
        const SAFE: f64 = 9_007_199_254_740_991.0;
        let whole = n.fract() == 0.0 && (-SAFE..=SAFE).contains(&n);
        return Some(Value::Number(if whole {
            Number::Int(n as i64)
        } else {
            Number::Fraction
        }));
    }
    if let Some(s) = v.as_string() {
        return Some(Value::String(s));
    }
    let depth = depth.saturating_add(1);
    if js_sys::Array::is_array(v) {
        let items = js_sys::Array::from(v);
        return items
            .iter()
            .map(|item| read_js(&item, depth))
            .collect::<Option<Vec<_>>>()
            .map(Value::Array);
    }
    if v.is_object() && !v.is_function() {
        let entries = js_sys::Object::entries(v.unchecked_ref());
        let mut out = Vec::with_capacity(usize::try_from(entries.length()).unwrap_or(0));
        for entry in entries.iter() {
            let pair = js_sys::Array::from(&entry);
            let key = pair.get(0).as_string()?;
            out.push((key, read_js(&pair.get(1), depth)?));
        }
        return Some(Value::Object(out));
    }
    None
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
