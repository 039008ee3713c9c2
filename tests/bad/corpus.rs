#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]
//! The bad-input corpus (tests/bad/corpus.json): each entry is an input, the call it goes
//! to (`estimate`, `curve`, `compare`, `validate`), and the error it must get: `code` and
//! `path` of the first problem, and where given a phrase of its message (`says`), the
//! number of problems listed (`count`), the code and a phrase of the last one (`last`,
//! `lastSays`). The input is `input` (JSON, where `{"$repeat": n, "item": x}` stands for n
//! copies of x with `{i}` in their strings replaced by the copy's index), or `text`, or
//! `hex` (bytes that are not UTF-8), padded with spaces to `padTo` bytes. Read by
//! tests/bad_input.rs (the library), tests/cli.rs (the CLI) and, for the `input` entries,
//! www/test/bad-input.test.js (the npm package).

use serde_json::Value as Json;

/// One entry of the bad-input corpus (tests/bad/corpus.json), shared with the CLI tests
/// (tests/cli.rs) and the npm package's (www/test/bad-input.test.js).
pub struct CorpusCase {
    pub name: String,
    pub call: String,
    /// The input's bytes (`input` as JSON, or `text`, or `hex`, padded to `padTo`).
    pub bytes: Vec<u8>,
    pub options: Option<String>,
    pub code: String,
    pub path: String,
    pub says: Option<String>,
    pub count: Option<usize>,
    pub last: Option<String>,
    pub last_says: Option<String>,
}

/// `{"$repeat": n, "item": x}` becomes n copies of x, with `{i}` in its strings replaced
/// by the copy's index.
fn expand(v: &Json) -> Json {
    match v {
        Json::Object(o) if o.contains_key("$repeat") => {
            let n = o["$repeat"].as_u64().unwrap();
            let item = serde_json::to_string(&expand(&o["item"])).unwrap();
            Json::Array(
                (0..n)
                    .map(|i| serde_json::from_str(&item.replace("{i}", &i.to_string())).unwrap())
                    .collect(),
            )
        }
        Json::Object(o) => Json::Object(o.iter().map(|(k, v)| (k.clone(), expand(v))).collect()),
        Json::Array(a) => Json::Array(a.iter().map(expand).collect()),
        other => other.clone(),
    }
}

pub fn corpus() -> Vec<CorpusCase> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/bad/corpus.json");
    let entries: Vec<Json> = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let text = |e: &Json, key: &str| e.get(key).and_then(Json::as_str).map(str::to_owned);
    entries
        .iter()
        .map(|e| {
            let mut bytes = if let Some(input) = e.get("input") {
                serde_json::to_vec(&expand(input)).unwrap()
            } else if let Some(hex) = text(e, "hex") {
                (0..hex.len())
                    .step_by(2)
                    .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
                    .collect()
            } else {
                text(e, "text").unwrap().into_bytes()
            };
            if let Some(n) = e.get("padTo").and_then(Json::as_u64) {
                bytes.resize(n as usize, b' ');
            }
            CorpusCase {
                name: text(e, "name").unwrap(),
                call: text(e, "call").unwrap(),
                bytes,
                options: e
                    .get("options")
                    .map(|o| serde_json::to_string(&expand(o)).unwrap()),
                code: text(e, "code").unwrap(),
                path: text(e, "path").unwrap(),
                says: text(e, "says"),
                count: e.get("count").and_then(Json::as_u64).map(|n| n as usize),
                last: text(e, "last"),
                last_says: text(e, "lastSays"),
            }
        })
        .collect()
}
