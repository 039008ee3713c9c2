//! A JSON-shaped value: what every input is read from and every output is written as.
//!
//! Inputs arrive as JSON text (CLI, back office: `Value::parse`) or as JS objects (wasm:
//! src/wasm.rs walks them). One hand-written reader (src/read.rs) then validates the tree,
//! so native and wasm reject the same inputs with the same codes and paths, and every
//! problem is reported at once. Outputs convert to a `Value` (`ToValue`) and are written
//! by `to_json`, so the CLI and the browser produce the same bytes from one definition of
//! the field names. No serde: it would cost the wasm module more than this whole file.

/// A JSON value: the input of every function, and every output as a tree (`ToValue`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    /// `null`: for an optional field, the same as absent.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number (money and decimals come as strings instead).
    Number(Number),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Value>),
    /// Keys in document order; duplicates are kept so the reader can report them.
    Object(Vec<(String, Value)>),
}

/// A JSON number as the engine reads it: an integer, or not one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Number {
    /// An integer that fits in an i64.
    Int(i64),
    /// A number with a fraction, or an integer beyond i64. Its value is not kept: money
    /// and decimals must come as strings, so the reader only needs to say what went wrong.
    Fraction,
}

impl Value {
    /// A short name of the JSON type, for error messages.
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        }
    }

    /// Looks up a key of an object (the first occurrence).
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// Compact JSON text.
    pub fn to_json(&self) -> String {
        // An estimate is about 3.5 KB: one allocation instead of a dozen regrowths.
        let mut out = String::with_capacity(4096);
        self.write(&mut out, None, 0);
        out
    }

    /// JSON text indented by two spaces, one member per line.
    pub fn to_json_pretty(&self) -> String {
        let mut out = String::new();
        self.write(&mut out, Some(2), 0);
        out
    }

    fn write(&self, out: &mut String, indent: Option<usize>, level: usize) {
        let newline = |out: &mut String, level: usize| {
            if let Some(width) = indent {
                out.push('\n');
                out.extend(core::iter::repeat(' ').take(width.saturating_mul(level)));
            }
        };
        match self {
            Value::Null => out.push_str("null"),
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Value::Number(Number::Int(i)) => out.push_str(&i.to_string()),
            // Never produced by outputs; written as null rather than as a lossy float.
            Value::Number(Number::Fraction) => out.push_str("null"),
            Value::String(s) => write_string(out, s),
            Value::Array(items) if items.is_empty() => out.push_str("[]"),
            Value::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    newline(out, level.saturating_add(1));
                    item.write(out, indent, level.saturating_add(1));
                }
                newline(out, level);
                out.push(']');
            }
            Value::Object(entries) if entries.is_empty() => out.push_str("{}"),
            Value::Object(entries) => {
                out.push('{');
                for (i, (key, value)) in entries.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    newline(out, level.saturating_add(1));
                    write_string(out, key);
                    out.push_str(if indent.is_some() { ": " } else { ":" });
                    value.write(out, indent, level.saturating_add(1));
                }
                newline(out, level);
                out.push('}');
            }
        }
    }

    /// Parses JSON text (RFC 8259). Errors carry code `invalid_json` and the line and
    /// column; a text longer than 16 MiB is refused with `input_too_large`. A byte-order
    /// mark before the text is ignored, as RFC 8259 allows (editors on Windows write one).
    /// Our own small parser: the wasm build needs one for the bundled policy and serde_json
    /// would add bytes; the CLI uses it too so both accept exactly the same text.
    pub fn parse(text: &str) -> Result<Value, crate::Error> {
        if text.len() > MAX_JSON_BYTES {
            return Err(too_long());
        }
        Value::parse_at_depth(text.strip_prefix('\u{feff}').unwrap_or(text), 0)
    }

    /// Parses JSON from bytes, as read from a file or a pipe: [`Value::parse`], after
    /// checking the length (`input_too_large`) and that the bytes are UTF-8 (`invalid_json`
    /// with the line and column of the first byte that is not).
    pub fn parse_bytes(bytes: &[u8]) -> Result<Value, crate::Error> {
        if bytes.len() > MAX_JSON_BYTES {
            return Err(too_long());
        }
        match core::str::from_utf8(bytes) {
            Ok(text) => Value::parse(text),
            Err(e) => {
                let valid = bytes.get(..e.valid_up_to()).unwrap_or_default();
                let text = core::str::from_utf8(valid).unwrap_or_default();
                let (line, column) = line_and_column(text);
                let byte = bytes.get(e.valid_up_to()).copied().unwrap_or(0);
                Err(crate::Error::new(
                    crate::ErrorCode::InvalidJson,
                    "",
                    format!(
                        "the input is not valid UTF-8: byte 0x{byte:02X} at line {line} column {column}; JSON text must be UTF-8"
                    ),
                ))
            }
        }
    }

    /// Parses the JSON text of an object's member, taken out of the object: its nesting
    /// counts from 1, so that the same text nests too deep in both (the wasm build reads a
    /// policy apart from the rest of its input).
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    pub(crate) fn parse_member(text: &str) -> Result<Value, crate::Error> {
        Value::parse_at_depth(text, 1)
    }

    /// Parses JSON this crate wrote (`to_value_from_json!`): no length limit, which guards
    /// input, and an answer may be longer (a plan's name appears in several places).
    pub(crate) fn parse_own(text: &str) -> Result<Value, crate::Error> {
        Value::parse_at_depth(text, 0)
    }

    fn parse_at_depth(text: &str, depth: usize) -> Result<Value, crate::Error> {
        let mut p = Parser {
            bytes: text.as_bytes(),
            pos: 0,
        };
        let result = p.skip_ws().and_then(|()| p.value(depth)).and_then(|v| {
            p.skip_ws()?;
            if p.pos < p.bytes.len() {
                return Err("unexpected text after the JSON value");
            }
            Ok(v)
        });
        result.map_err(|what| {
            // A position inside a multi-byte character (a `\u` escape with one in its four
            // digits) is that character's.
            let mut end = p.pos.min(text.len());
            while !text.is_char_boundary(end) {
                end = end.saturating_sub(1);
            }
            let (line, column) = line_and_column(text.get(..end).unwrap_or_default());
            crate::Error::new(
                crate::ErrorCode::InvalidJson,
                "",
                format!("the input is not valid JSON: {what} at line {line} column {column}"),
            )
        })
    }
}

/// The line and column (in characters, from 1) just after `before`.
fn line_and_column(before: &str) -> (usize, usize) {
    let line = before.matches('\n').count().saturating_add(1);
    let column = before
        .rsplit('\n')
        .next()
        .map_or(0, |l| l.chars().count())
        .saturating_add(1);
    (line, column)
}

pub(crate) fn write_string(out: &mut String, s: &str) {
    out.push('"');
    // Runs without escapes are copied whole. Every escape is ASCII, and no byte of a
    // multi-byte UTF-8 sequence is below 0x80, so each escape sits on a char boundary.
    let mut run_start = 0;
    for (i, &b) in s.as_bytes().iter().enumerate() {
        if !matches!(b, b'"' | b'\\' | 0..=0x1f) {
            continue;
        }
        out.push_str(s.get(run_start..i).unwrap_or_default());
        run_start = i.saturating_add(1);
        match b {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            _ => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.push_str("\\u00");
                out.push(char::from(
                    HEX.get(usize::from(b >> 4)).copied().unwrap_or(b'0'),
                ));
                out.push(char::from(
                    HEX.get(usize::from(b & 15)).copied().unwrap_or(b'0'),
                ));
            }
        }
    }
    out.push_str(s.get(run_start..).unwrap_or_default());
    out.push('"');
}

/// Conversion into a `Value`. The output types get it by parsing the JSON they write
/// (`WriteJson`, `to_value_from_json!` in src/write.rs), where their field names live.
pub trait ToValue {
    /// The value as a JSON-shaped tree.
    fn to_value(&self) -> Value;
}

impl Value {
    /// An object from `(key, value)` pairs, in order.
    pub(crate) fn object<const N: usize>(entries: [(&str, Value); N]) -> Value {
        Value::Object(
            entries
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v))
                .collect(),
        )
    }

    pub(crate) fn str(s: &str) -> Value {
        Value::String(s.to_owned())
    }
}

/// The longest JSON text read: 16 MiB, a thousand times the bundled policy, and more than
/// the 1.2 MB of 10,000 meters (the item limit); only long strings make a real input
/// longer. The parsed tree of a long text can take several times its size: a 300 MB array
/// of numbers took more memory than a wasm module gets, which traps the module.
pub const MAX_JSON_BYTES: usize = 16 << 20;

/// The error for a text longer than [`MAX_JSON_BYTES`] (www/slim.js makes the same one).
pub(crate) fn too_long() -> crate::Error {
    crate::Error::new(
        crate::ErrorCode::InputTooLarge,
        "",
        "the input is longer than 16 MiB (16777216 bytes)",
    )
}

/// Nesting limit: deep enough for any policy, shallow enough for no stack to overflow.
const MAX_DEPTH: usize = 64;

struct Parser<'a> {
    bytes: &'a [u8],
    pos: usize,
}

type Parsed<T> = Result<T, &'static str>;

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn bump(&mut self) -> Option<u8> {
        let b = self.peek()?;
        self.pos = self.pos.saturating_add(1);
        Some(b)
    }

    fn skip_ws(&mut self) -> Parsed<()> {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos = self.pos.saturating_add(1);
        }
        Ok(())
    }

    fn expect(&mut self, word: &'static [u8], what: &'static str) -> Parsed<()> {
        let end = self.pos.saturating_add(word.len());
        if self.bytes.get(self.pos..end) == Some(word) {
            self.pos = end;
            Ok(())
        } else {
            Err(what)
        }
    }

    fn value(&mut self, depth: usize) -> Parsed<Value> {
        if depth > MAX_DEPTH {
            return Err("nesting is too deep");
        }
        match self.peek() {
            Some(b'{') => self.object(depth),
            Some(b'[') => self.array(depth),
            Some(b'"') => self.string().map(Value::String),
            Some(b't') => self
                .expect(b"true", "expected true")
                .map(|()| Value::Bool(true)),
            Some(b'f') => self
                .expect(b"false", "expected false")
                .map(|()| Value::Bool(false)),
            Some(b'n') => self.expect(b"null", "expected null").map(|()| Value::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err("expected a value"),
            None => Err("unexpected end of input"),
        }
    }

    fn object(&mut self, depth: usize) -> Parsed<Value> {
        self.pos = self.pos.saturating_add(1);
        let mut entries = Vec::new();
        self.skip_ws()?;
        if self.peek() == Some(b'}') {
            self.pos = self.pos.saturating_add(1);
            return Ok(Value::Object(entries));
        }
        loop {
            self.skip_ws()?;
            if self.peek() != Some(b'"') {
                return Err("expected a key in double quotes");
            }
            let key = self.string()?;
            self.skip_ws()?;
            self.expect(b":", "expected ':' after a key")?;
            self.skip_ws()?;
            let value = self.value(depth.saturating_add(1))?;
            entries.push((key, value));
            self.skip_ws()?;
            match self.bump() {
                Some(b',') => continue,
                Some(b'}') => return Ok(Value::Object(entries)),
                _ => return Err("expected ',' or '}'"),
            }
        }
    }

    fn array(&mut self, depth: usize) -> Parsed<Value> {
        self.pos = self.pos.saturating_add(1);
        let mut items = Vec::new();
        self.skip_ws()?;
        if self.peek() == Some(b']') {
            self.pos = self.pos.saturating_add(1);
            return Ok(Value::Array(items));
        }
        loop {
            self.skip_ws()?;
            items.push(self.value(depth.saturating_add(1))?);
            self.skip_ws()?;
            match self.bump() {
                Some(b',') => continue,
                Some(b']') => return Ok(Value::Array(items)),
                _ => return Err("expected ',' or ']'"),
            }
        }
    }

    fn string(&mut self) -> Parsed<String> {
        self.pos = self.pos.saturating_add(1);
        // The run up to the first quote, backslash or control byte is copied whole: most
        // strings have no escape at all (a policy has a thousand of them).
        let rest = self.bytes.get(self.pos..).unwrap_or_default();
        let run = rest
            .iter()
            .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
            .unwrap_or(rest.len());
        let mut out = rest.get(..run).unwrap_or_default().to_vec();
        self.pos = self.pos.saturating_add(run);
        loop {
            match self.bump().ok_or("unterminated string")? {
                b'"' => return String::from_utf8(out).map_err(|_| "invalid UTF-8 in a string"),
                b'\\' => {
                    let c = match self.bump().ok_or("unterminated string")? {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => self.unicode_escape()?,
                        _ => return Err("invalid escape in a string"),
                    };
                    let mut buf = [0u8; 4];
                    out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                }
                b if b < 0x20 => return Err("control character in a string"),
                b => out.push(b),
            }
        }
    }

    fn hex4(&mut self) -> Parsed<u32> {
        let mut n = 0u32;
        for _ in 0..4 {
            let d = char::from(self.bump().ok_or("unterminated escape")?)
                .to_digit(16)
                .ok_or("invalid \\u escape")?;
            n = n.wrapping_mul(16).wrapping_add(d);
        }
        Ok(n)
    }

    fn unicode_escape(&mut self) -> Parsed<char> {
        let hi = self.hex4()?;
        if (0xD800..0xDC00).contains(&hi) {
            let pair_start = self.pos;
            if self.expect(b"\\u", "").is_ok() {
                let lo = self.hex4()?;
                if (0xDC00..0xE000).contains(&lo) {
                    let code = (hi.wrapping_sub(0xD800) << 10) | lo.wrapping_sub(0xDC00);
                    return char::from_u32(0x10000u32.wrapping_add(code))
                        .ok_or("invalid \\u escape");
                }
                self.pos = pair_start; // not a pair: the high surrogate stands alone
            }
        }
        // A lone surrogate is valid JSON but not Unicode: it becomes U+FFFD, as JS's own
        // TextEncoder makes it, so a broken emoji in a plan name does not refuse the input.
        Ok(char::from_u32(hi).unwrap_or(char::REPLACEMENT_CHARACTER))
    }

    fn number(&mut self) -> Parsed<Value> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos = self.pos.saturating_add(1);
        }
        let digits = |p: &mut Self| {
            let s = p.pos;
            while matches!(p.peek(), Some(b'0'..=b'9')) {
                p.pos = p.pos.saturating_add(1);
            }
            p.pos > s
        };
        let int_start = self.pos;
        if !digits(self) {
            return Err("expected digits");
        }
        if self.bytes.get(int_start) == Some(&b'0') && self.pos.saturating_sub(int_start) > 1 {
            return Err("leading zeros are not allowed");
        }
        let mut fraction = false;
        if self.peek() == Some(b'.') {
            self.pos = self.pos.saturating_add(1);
            if !digits(self) {
                return Err("expected digits after '.'");
            }
            fraction = true;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos = self.pos.saturating_add(1);
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos = self.pos.saturating_add(1);
            }
            if !digits(self) {
                return Err("expected digits in the exponent");
            }
            fraction = true;
        }
        let text = core::str::from_utf8(self.bytes.get(start..self.pos).unwrap_or_default())
            .unwrap_or_default();
        Ok(Value::Number(match (fraction, text.parse::<i64>()) {
            (false, Ok(i)) => Number::Int(i),
            _ => Number::Fraction,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_duplicate_keys_and_order() {
        let v = Value::parse(r#"{"b":1,"a":2,"b":3}"#).unwrap();
        let Value::Object(e) = v else { panic!() };
        let keys: Vec<&str> = e.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["b", "a", "b"]);
    }

    #[test]
    fn writes_json_that_parses_back() {
        let v =
            Value::parse(r#"{"a":[1,-2,true,null,"x\"y\\z\n\u0001中"],"b":{},"c":[]}"#).unwrap();
        assert_eq!(
            v.to_json(),
            r#"{"a":[1,-2,true,null,"x\"y\\z\n\u0001中"],"b":{},"c":[]}"#
        );
        assert_eq!(Value::parse(&v.to_json_pretty()).unwrap(), v);
        assert_eq!(
            Value::object([("k", Value::str("v"))]).to_json_pretty(),
            "{\n  \"k\": \"v\"\n}"
        );
    }

    #[test]
    fn numbers() {
        assert_eq!(
            Value::parse("-12").unwrap(),
            Value::Number(Number::Int(-12))
        );
        assert_eq!(
            Value::parse("3.5").unwrap(),
            Value::Number(Number::Fraction)
        );
        assert_eq!(
            Value::parse("1e3").unwrap(),
            Value::Number(Number::Fraction)
        );
        assert_eq!(
            Value::parse("18446744073709551615").unwrap(),
            Value::Number(Number::Fraction)
        );
        assert!(Value::parse("012").is_err());
        assert!(Value::parse("1.").is_err());
    }

    #[test]
    fn strings_and_escapes() {
        let v = Value::parse(r#"["a\"b\\c\n", "\u4e2d\u6587", "\ud83d\ude00", "中文"]"#).unwrap();
        assert_eq!(
            v,
            Value::Array(vec![
                Value::String("a\"b\\c\n".into()),
                Value::String("中文".into()),
                Value::String("😀".into()),
                Value::String("中文".into()),
            ])
        );
        // Lone surrogates (JSON.stringify writes them for broken JS strings) become U+FFFD.
        let lone = |text: &str| Value::parse(text).unwrap();
        assert_eq!(lone(r#""\ud83d""#), Value::String("\u{FFFD}".into()));
        assert_eq!(lone(r#""a\ude00b""#), Value::String("a\u{FFFD}b".into()));
        assert_eq!(lone(r#""\ud83d\u0041""#), Value::String("\u{FFFD}A".into()));
        assert_eq!(
            lone(r#""\ud83d\ud83d\ude00""#),
            Value::String("\u{FFFD}😀".into())
        );
        assert!(Value::parse(r#""\ud83d\u00""#).is_err());
        assert!(Value::parse("\"a\u{1}\"").is_err());
    }

    #[test]
    fn bad_json_has_code_and_position() {
        let e = Value::parse("{\n  \"a\": }").unwrap_err();
        assert_eq!(e.code(), crate::ErrorCode::InvalidJson);
        assert_eq!(
            e.message(),
            "the input is not valid JSON: expected a value at line 2 column 8"
        );
        assert!(Value::parse("[1] 2").is_err());
        assert!(Value::parse("").is_err());
        let deep = "[".repeat(100) + &"]".repeat(100);
        assert!(Value::parse(&deep).is_err());
        // The limit: 65 levels parse (depths 0 to 64), 66 do not; a member taken out of
        // its object counts from 1, so 65 levels of it are too deep, as inside the object.
        let nested = |n: usize| "[".repeat(n) + &"]".repeat(n);
        assert!(Value::parse(&nested(65)).is_ok());
        assert!(Value::parse(&nested(66)).is_err());
        assert!(Value::parse(&format!("{{\"policy\": {}}}", nested(64))).is_ok());
        assert!(Value::parse(&format!("{{\"policy\": {}}}", nested(65))).is_err());
        assert!(Value::parse_member(&nested(64)).is_ok());
        assert!(Value::parse_member(&nested(65)).is_err());
        assert_eq!(
            Value::parse(" {\"a\": [true, false, null]} ")
                .unwrap()
                .get("a"),
            Some(&Value::Array(vec![
                Value::Bool(true),
                Value::Bool(false),
                Value::Null
            ]))
        );
    }
}
