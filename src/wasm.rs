//! The WebAssembly API: the only file with `#[wasm_bindgen]`. Each export converts in,
//! calls the core, converts out and maps the error; nothing else imports this module.
//!
//! Errors are thrown as JS `Error` objects carrying `code`, `path` and `errors` (every
//! problem). Rust never panics on input (see the crate's lints), so the module keeps
//! working after any error.

use crate::{Error, ErrorCode, Value};
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// `estimate({policy?, order, request})` → the estimate as a plain object.
#[wasm_bindgen]
pub fn estimate(input: JsValue) -> Result<JsValue, JsValue> {
    let input = from_js(input)?;
    let estimate = crate::estimate(&input).map_err(to_js_error)?;
    to_js(&estimate)
}

/// `validatePolicy(policy)` → `{ok, errors: [{code, path, message}]}`. Never throws for an
/// invalid policy: that is the answer, not a failure.
#[wasm_bindgen(js_name = validatePolicy)]
pub fn validate_policy(policy: JsValue) -> Result<JsValue, JsValue> {
    #[derive(Serialize)]
    struct Validation<'a> {
        ok: bool,
        errors: Vec<&'a crate::Problem>,
    }
    let policy = from_js(policy)?;
    let result = crate::validate_policy(&policy);
    let errors = match &result {
        Ok(_) => Vec::new(),
        Err(e) => e.problems().collect(),
    };
    to_js(&Validation {
        ok: result.is_ok(),
        errors,
    })
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

fn from_js(value: JsValue) -> Result<Value, JsValue> {
    serde_wasm_bindgen::from_value(value).map_err(|e| {
        to_js_error(Error::new(
            ErrorCode::InvalidType,
            "",
            format!("the input is not plain JSON data: {e}"),
        ))
    })
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::new())
        .map_err(|e| JsValue::from(js_sys::Error::new(&e.to_string())))
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
    let problems: Vec<&crate::Problem> = e.problems().collect();
    set("errors", to_js(&problems).unwrap_or(JsValue::NULL));
    error.into()
}
