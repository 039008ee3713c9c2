//! The WebAssembly API: the only file with `#[wasm_bindgen]`. Each export converts in,
//! calls the core, converts out and maps the error; nothing else imports this module.
//!
//! Input crosses as JSON text: the package's JS functions (www/slim.js) call
//! `JSON.stringify` (about 1 µs for an order, 26 µs for a whole policy), which is cheaper
//! than reading a JS object field by field through the boundary was: an `estimate()` with a
//! 14 KB policy in its input went from 520 µs to 375 µs. An answer crosses as a tape
//! (src/write.rs): numbered words and one UTF-16 text, which www/slim.js turns into the
//! objects `JSON.parse` would make of the answer's JSON text, without decoding UTF-8 or
//! parsing JSON. Every answer is written into the same buffer, and an export returns its
//! address: slim.js reads it in the module's memory, before its next call.
//!
//! The policy crosses apart from the rest of the input, and the last few valid ones are kept
//! with their JSON text: a host passes its own policy with every call, and reading a 14 KB
//! policy was most of the 360 µs such an estimate took (about 130 µs with the policy kept).
//! The same text gets the same policy; any other text is read again. A host that makes an
//! `Estimator` for its policy (`createEstimator` in www/slim.js) sends it once.
//!
//! Errors are thrown as JS `Error` objects carrying `code`, `path` and `errors` (every
//! problem). Rust never panics on input (see the crate's lints), so the module keeps
//! working after any error.

use crate::estimator::{compare_plans_with, estimate_with, sample_curve, PolicyArg};
use crate::write::{tape, TapeBuffer};
use crate::{Error, Policy, ToValue, Value};
use std::cell::RefCell;
use std::sync::Arc;
use wasm_bindgen::prelude::*;

/// `estimate(json, policyJson)` with `{order, request}` and the policy apart (`""`: the
/// input's own or the bundled one) → the address of the estimate's tape.
#[wasm_bindgen]
pub fn estimate(input: &str, policy: &str) -> Result<u32, JsValue> {
    let input = parse_input(input, policy)?;
    let estimate = with_policy(policy, input, estimate_with)?;
    Ok(answer(|buffer| tape(&estimate, buffer)))
}

/// `refundCurve(json, policyJson, optionsJson)` → the tape of `{currency, points,
/// breakpoints, best}`, `points` packed in one string that www/slim.js expands: the whole
/// curve in one call, on a policy and order validated once.
#[wasm_bindgen(js_name = refundCurve)]
pub fn refund_curve(input: &str, policy: &str, options: &str) -> Result<u32, JsValue> {
    let (input, options) = (parse_input(input, policy)?, parse(options)?);
    let curve = with_policy(policy, input, |input, p| sample_curve(input, p, &options))?;
    Ok(answer(|buffer| curve.tape(buffer)))
}

/// `comparePlans(json, policyJson, optionsJson)` → the tape of `{currency, after, rows}`,
/// cheapest first.
#[wasm_bindgen(js_name = comparePlans)]
pub fn compare_plans(input: &str, policy: &str, options: &str) -> Result<u32, JsValue> {
    let (input, options) = (parse_input(input, policy)?, parse(options)?);
    let comparison = with_policy(policy, input, |input, p| {
        compare_plans_with(input, p, &options)
    })?;
    Ok(answer(|buffer| tape(&comparison, buffer)))
}

/// `validatePolicy(json)` → `{ok, errors: [{code, path, message}]}`. Never throws for an
/// invalid policy: that is the answer, not a failure.
#[wasm_bindgen(js_name = validatePolicy)]
pub fn validate_policy(policy: &str) -> Result<JsValue, JsValue> {
    let value = parse(policy)?;
    let errors = match crate::validate_policy(&value) {
        // A host validates the policy it is about to pass: keep it for the calls to come.
        Ok(valid) => {
            keep_policy(policy, Arc::new(valid));
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

/// `tapeKeys()` → the keys a tape names by number, comma-separated (src/write.rs).
#[wasm_bindgen(js_name = tapeKeys)]
pub fn tape_keys() -> String {
    crate::write::KEYS.join(",")
}

/// `new Estimator(policyJson)` (`""`: the bundled policy): a policy validated once. Throws
/// the engine's error for an invalid one, every problem with its path in the policy (as
/// `validatePolicy` gives them).
#[wasm_bindgen]
pub struct Estimator(crate::Estimator);

#[wasm_bindgen]
impl Estimator {
    /// Validates the policy (JSON text) once.
    #[wasm_bindgen(constructor)]
    pub fn new(policy: &str) -> Result<Estimator, JsValue> {
        let estimator = match policy {
            "" => crate::Estimator::bundled(),
            text => Value::parse(text).and_then(|v| crate::Estimator::from_value(&v)),
        };
        estimator.map(Estimator).map_err(to_js_error)
    }

    /// `estimate(json)` with `{order, request}` → the estimate's tape.
    pub fn estimate(&self, input: &str) -> Result<u32, JsValue> {
        let estimate = self.0.estimate(&parse(input)?).map_err(to_js_error)?;
        Ok(answer(|buffer| tape(&estimate, buffer)))
    }

    /// `refundCurve(json, optionsJson)` → the curve's tape, its points packed.
    #[wasm_bindgen(js_name = refundCurve)]
    pub fn refund_curve(&self, input: &str, options: &str) -> Result<u32, JsValue> {
        let (input, options) = (parse(input)?, parse(options)?);
        let curve = self.0.sample_curve(&input, &options).map_err(to_js_error)?;
        Ok(answer(|buffer| curve.tape(buffer)))
    }

    /// `comparePlans(json, optionsJson)` → the tape of `{currency, after, rows}`.
    #[wasm_bindgen(js_name = comparePlans)]
    pub fn compare_plans(&self, input: &str, options: &str) -> Result<u32, JsValue> {
        let (input, options) = (parse(input)?, parse(options)?);
        let comparison = self
            .0
            .compare_plans(&input, &options)
            .map_err(to_js_error)?;
        Ok(answer(|buffer| tape(&comparison, buffer)))
    }

    /// `prepare(json)` with `{order, request}` → a [`PreparedOrder`].
    pub fn prepare(&self, input: &str) -> Result<PreparedOrder, JsValue> {
        let prepared = self.0.prepare(&parse(input)?).map_err(to_js_error)?;
        Ok(PreparedOrder(prepared))
    }
}

/// An order validated once (`Estimator.prepare`), estimated again at other instants.
#[wasm_bindgen]
pub struct PreparedOrder(crate::PreparedOrder);

#[wasm_bindgen]
impl PreparedOrder {
    /// `at(instant)` → the tape of `{refund, owed, outcome, lines: [{code, amount}]}` at
    /// that instant.
    pub fn at(&self, at: &str) -> Result<u32, JsValue> {
        let figures = self.0.at(at).map_err(to_js_error)?;
        Ok(answer(|buffer| tape(&figures, buffer)))
    }

    /// `estimate(instant)` → the tape of the whole estimate at that instant (`""`: the
    /// prepared one).
    pub fn estimate(&self, at: &str) -> Result<u32, JsValue> {
        let estimate = match at {
            "" => self.0.estimate(),
            at => self.0.estimate_at(at),
        };
        let estimate = estimate.map_err(to_js_error)?;
        Ok(answer(|buffer| tape(&estimate, buffer)))
    }
}

thread_local! {
    /// Every answer's tape (src/write.rs), written over the last one's: www/slim.js reads
    /// it in the module's memory before its next call, so nothing is copied or allocated
    /// to hand it over.
    static ANSWER: RefCell<TapeBuffer> = const { RefCell::new(TapeBuffer::new()) };
}

/// Writes an answer's tape and returns its address in the module's memory.
fn answer(write: impl FnOnce(&mut TapeBuffer)) -> u32 {
    ANSWER.with_borrow_mut(|buffer| {
        write(buffer);
        // An address in wasm32's memory is 32 bits.
        buffer.words.as_ptr() as usize as u32
    })
}

/// How many policies given apart are kept: a host may switch between a few (two
/// policies used in turn were each read again, about 350 µs a call, when one was kept).
const KEPT_POLICIES: usize = 4;

thread_local! {
    /// The last valid policies given apart from an input, with their JSON text, the most
    /// recently used first.
    static KEPT: RefCell<Vec<(String, Arc<Policy>)>> = const { RefCell::new(Vec::new()) };
}

/// Keeps a valid policy under its JSON text, first; the least recently used one goes.
fn keep_policy(text: &str, policy: Arc<Policy>) {
    KEPT.with_borrow_mut(|kept| {
        kept.retain(|(t, _)| t != text);
        kept.insert(0, (text.to_owned(), policy));
        kept.truncate(KEPT_POLICIES);
    });
}

/// The kept policy whose JSON text is `text`, moved first.
fn kept_policy(text: &str) -> Option<Arc<Policy>> {
    KEPT.with_borrow_mut(|kept| {
        let i = kept.iter().position(|(t, _)| t == text)?;
        let entry = kept.remove(i);
        let policy = Arc::clone(&entry.1);
        kept.insert(0, entry);
        Some(policy)
    })
}

/// Runs `f` on the input and the policy whose JSON text is `policy` (`""`: none given
/// apart): a kept one when the text is the same, else read again and kept when valid. An
/// invalid policy goes back into the input, so that its problems are reported with the
/// rest of the input's, exactly as when it came inside.
fn with_policy<T>(
    policy: &str,
    mut input: Value,
    f: impl FnOnce(&Value, PolicyArg<'_>) -> Result<T, Error>,
) -> Result<T, JsValue> {
    if policy.is_empty() {
        return f(&input, PolicyArg::InInput).map_err(to_js_error);
    }
    let valid = match kept_policy(policy) {
        Some(valid) => valid,
        None => {
            let value = Value::parse_member(policy).map_err(to_js_error)?;
            match crate::validate_policy(&value) {
                Ok(valid) => {
                    let valid = Arc::new(valid);
                    keep_policy(policy, Arc::clone(&valid));
                    valid
                }
                Err(_) => {
                    if let Value::Object(entries) = &mut input {
                        entries.push(("policy".to_owned(), value));
                    }
                    return f(&input, PolicyArg::InInput).map_err(to_js_error);
                }
            }
        }
    };
    f(&input, PolicyArg::Fixed(&valid)).map_err(to_js_error)
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
