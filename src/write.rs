//! Writing the outputs, from one definition of each output's members ([`WriteJson`]), in
//! two forms:
//!
//! - compact **JSON text**: `to_json()`, the CLI, the Rust API;
//! - a **tape** (the wasm build): the same values as a list of 32-bit words (an object
//!   starts, a key, a string of so many UTF-16 units, a number, an end) and one UTF-16 text
//!   holding every string, one after the other. www/slim.js (`readTape`) builds the very
//!   objects `JSON.parse` would build from the text, without the text: no UTF-8 to decode
//!   (Node decodes non-ASCII UTF-8 at a few bytes a nanosecond) and no JSON to parse. For an
//!   estimate that was 20–30 µs of the 50–90 µs a call took in Node.
//!
//! The tape, as [`Tape::finish`] lays it out: word 0 is the tape's length in words, word 1
//! the number of value words `n`, words 2..2+n the values, then the text, two UTF-16 units
//! a word (little end first). The wasm build writes every answer into the same buffer,
//! which www/slim.js reads in the module's memory before the next call.
//! A value word holds a tag in its low 4 bits and a payload above them:
//!
//! | tag | value | payload |
//! | --- | --- | --- |
//! | 0 | string | its length in UTF-16 units, read from the text where the last one ended |
//! | 1 | number | the number (below 2^28) |
//! | 2 | object | — members follow, each a key word and a value, until an end word |
//! | 3 | array | — items follow until an end word |
//! | 4 | end | — |
//! | 5 | number | — the number is the next word (2^28 or more) |
//! | 6 | key | its index in [`KEYS`] |
//! | 7 | key | its length in UTF-16 units, read from the text (a key not in [`KEYS`]) |

use crate::value::write_string;

/// The output being written: JSON text or a tape.
pub(crate) struct Json {
    out: Out,
    /// Nothing written yet in the innermost array or object: no comma before the next.
    first: bool,
    /// A key was just written: its value needs no comma.
    after_key: bool,
}

enum Out {
    Text(String),
    Tape(Tape),
}

impl Json {
    /// JSON text, with room for `capacity` bytes.
    pub(crate) fn text(capacity: usize) -> Json {
        Json {
            out: Out::Text(String::with_capacity(capacity)),
            first: true,
            after_key: false,
        }
    }

    /// A tape (see the module's documentation), written into `buffer`'s storage.
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    pub(crate) fn tape(buffer: &mut TapeBuffer) -> Json {
        let mut words = std::mem::take(&mut buffer.words);
        let mut text = std::mem::take(&mut buffer.text);
        words.clear();
        text.clear();
        // The header, filled in by `Tape::finish`.
        words.extend([0, 0]);
        Json {
            out: Out::Tape(Tape { words, text }),
            first: true,
            after_key: false,
        }
    }

    /// The JSON text written (empty for a tape).
    pub(crate) fn into_text(self) -> String {
        match self.out {
            Out::Text(text) => text,
            Out::Tape(_) => String::new(),
        }
    }

    /// Lays the tape out in `buffer` (nothing for JSON text).
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    pub(crate) fn finish_tape(self, buffer: &mut TapeBuffer) {
        if let Out::Tape(tape) = self.out {
            *buffer = tape.finish();
        }
    }

    /// The comma before a value or a key, unless it comes first or after its key.
    fn separate(&mut self) {
        if self.after_key {
            self.after_key = false;
        } else if self.first {
            self.first = false;
        } else if let Out::Text(text) = &mut self.out {
            text.push(',');
        }
    }

    fn open(&mut self, bracket: char, tag: u32) {
        self.separate();
        match &mut self.out {
            Out::Text(text) => text.push(bracket),
            Out::Tape(tape) => tape.words.push(tag),
        }
        self.first = true;
    }

    fn close(&mut self, bracket: char) {
        match &mut self.out {
            Out::Text(text) => text.push(bracket),
            Out::Tape(tape) => tape.words.push(END),
        }
        self.first = false;
    }

    pub(crate) fn begin_object(&mut self) {
        self.open('{', OBJECT);
    }

    pub(crate) fn end_object(&mut self) {
        self.close('}');
    }

    pub(crate) fn begin_array(&mut self) {
        self.open('[', ARRAY);
    }

    pub(crate) fn end_array(&mut self) {
        self.close(']');
    }

    /// An object's key; its value comes next.
    // Inlined, like `key_index`: a literal key's number is then found while compiling.
    #[inline]
    pub(crate) fn key(&mut self, key: &str) {
        self.separate();
        match &mut self.out {
            Out::Text(text) => {
                write_string(text, key);
                text.push(':');
            }
            Out::Tape(tape) => match key_index(key) {
                Some(index) => tape.words.push(KEY | (index << 4)),
                None => tape.push_text(KEY_TEXT, key),
            },
        }
        self.after_key = true;
    }

    pub(crate) fn string(&mut self, value: &str) {
        self.separate();
        match &mut self.out {
            Out::Text(text) => write_string(text, value),
            Out::Tape(tape) => tape.push_text(STRING, value),
        }
    }

    /// A string written by `write`, which appends text needing no JSON escape (no `"`,
    /// `\` or control character): the packed points of a curve, written from numbers.
    pub(crate) fn plain_string(&mut self, write: impl FnOnce(&mut String)) {
        self.separate();
        match &mut self.out {
            Out::Text(text) => {
                text.push('"');
                write(text);
                text.push('"');
            }
            Out::Tape(tape) => {
                let mut scratch = String::new();
                write(&mut scratch);
                tape.push_text(STRING, &scratch);
            }
        }
    }

    pub(crate) fn number(&mut self, n: u32) {
        self.separate();
        match &mut self.out {
            Out::Text(text) => push_decimal(text, n),
            Out::Tape(tape) if n < 1 << 28 => tape.words.push(NUMBER | (n << 4)),
            Out::Tape(tape) => tape.words.extend([WIDE_NUMBER, n]),
        }
    }
}

/// `n` in decimal digits.
fn push_decimal(text: &mut String, n: u32) {
    let mut digits = [0u8; 10];
    let mut rest = n;
    let mut start = digits.len();
    for slot in digits.iter_mut().rev() {
        *slot = b'0'.wrapping_add((rest % 10) as u8);
        rest /= 10;
        start = start.saturating_sub(1);
        if rest == 0 {
            break;
        }
    }
    let written = digits.get(start..).unwrap_or_default();
    text.extend(written.iter().map(|&d| char::from(d)));
}

const STRING: u32 = 0;
const NUMBER: u32 = 1;
const OBJECT: u32 = 2;
const ARRAY: u32 = 3;
const END: u32 = 4;
const WIDE_NUMBER: u32 = 5;
const KEY: u32 = 6;
const KEY_TEXT: u32 = 7;

struct Tape {
    /// Words 0 and 1 are the header, set by `finish`.
    words: Vec<u32>,
    /// Every string and unlisted key, in UTF-16 units.
    text: Vec<u16>,
}

/// Where tapes are written, kept from answer to answer so that their storage is reused.
#[derive(Default)]
pub(crate) struct TapeBuffer {
    /// The finished tape.
    pub(crate) words: Vec<u32>,
    text: Vec<u16>,
}

impl TapeBuffer {
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    pub(crate) const fn new() -> TapeBuffer {
        TapeBuffer {
            words: Vec::new(),
            text: Vec::new(),
        }
    }
}

impl Tape {
    /// A string word with its text.
    fn push_text(&mut self, tag: u32, s: &str) {
        let before = self.text.len();
        push_utf16(&mut self.text, s);
        let units = self.text.len().saturating_sub(before);
        // Strings longer than 2^28 units cannot be: inputs stop at 16 MiB, and no answer
        // repeats one that many times.
        let units = u32::try_from(units).unwrap_or(u32::MAX) & 0x0fff_ffff;
        self.words.push(tag | (units << 4));
    }

    /// The header, then the values, then the text.
    fn finish(self) -> TapeBuffer {
        let Tape { mut words, text } = self;
        let values = words.len().saturating_sub(2);
        let pairs = text.chunks_exact(2);
        let odd = pairs.remainder().first().map(|&lo| u32::from(lo));
        words.extend(pairs.map(|pair| match pair {
            [lo, hi] => u32::from(*lo) | (u32::from(*hi) << 16),
            _ => 0,
        }));
        words.extend(odd);
        let length = u32::try_from(words.len()).unwrap_or(u32::MAX);
        if let [total, count, ..] = words.as_mut_slice() {
            *total = length;
            *count = u32::try_from(values).unwrap_or(u32::MAX);
        }
        TapeBuffer { words, text }
    }
}

/// `s` in UTF-16: an ASCII string widened in one pass, others a character at a time.
fn push_utf16(out: &mut Vec<u16>, s: &str) {
    if s.is_ascii() {
        out.extend(s.as_bytes().iter().map(|&b| u16::from(b)));
        return;
    }
    out.reserve(s.len());
    for c in s.chars() {
        match u16::try_from(u32::from(c)) {
            Ok(unit) => out.push(unit),
            Err(_) => out.extend_from_slice(c.encode_utf16(&mut [0; 2])),
        }
    }
}

/// Every key of the outputs: a key word holds its index, and www/slim.js has the same
/// list (`tapeKeys()`), so that no key is sent as text. A key missing here still works, as
/// text (tag 7).
pub(crate) const KEYS: [&str; 55] = [
    "currency",
    "refund",
    "owed",
    "outcome",
    "lines",
    "credits",
    "destinations",
    "tax",
    "timeline",
    "documents",
    "steps",
    "warnings",
    "policy",
    "code",
    "amount",
    "label",
    "detail",
    "to",
    "method",
    "rate",
    "net",
    "approval",
    "businessDays",
    "earliest",
    "latest",
    "phases",
    "summary",
    "credit",
    "message",
    "id",
    "version",
    "points",
    "breakpoints",
    "best",
    "at",
    "before",
    "after",
    "owedBefore",
    "owedAfter",
    "rows",
    "plan",
    "name",
    "terms",
    "paidUpFront",
    "totalPaid",
    "netCost",
    "netCostPerMonth",
    "accountCap",
    "limit",
    "months",
    "used",
    "left",
    "leftAfter",
    "order",
    "serviceEnds",
];

/// FNV-1a of a key, for the slots below.
#[inline]
const fn key_hash(key: &[u8]) -> usize {
    let mut hash: u32 = 0x811c_9dc5;
    let mut i = 0;
    while i < key.len() {
        // Evaluated in a const context below (a slip fails the build) and at run time
        // with the same bounds.
        #[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
        {
            hash = (hash ^ key[i] as u32).wrapping_mul(0x0100_0193);
            i += 1;
        }
    }
    hash as usize
}

const SLOTS: usize = 128;
const EMPTY: u8 = u8::MAX;

/// An open-addressing table of [`KEYS`] by hash, built while compiling.
#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
const KEY_SLOTS: [u8; SLOTS] = {
    let mut slots = [EMPTY; SLOTS];
    let mut k = 0;
    while k < KEYS.len() {
        let mut slot = key_hash(KEYS[k].as_bytes()) % SLOTS;
        while slots[slot] != EMPTY {
            slot = (slot + 1) % SLOTS;
        }
        slots[slot] = k as u8;
        k += 1;
    }
    slots
};

/// The index of `key` in [`KEYS`].
#[inline]
fn key_index(key: &str) -> Option<u32> {
    let mut slot = key_hash(key.as_bytes()) % SLOTS;
    loop {
        let index = *KEY_SLOTS.get(slot)?;
        if index == EMPTY {
            return None;
        }
        if KEYS.get(usize::from(index)) == Some(&key) {
            return Some(u32::from(index));
        }
        slot = slot.wrapping_add(1) % SLOTS;
    }
}

/// An object being written (see [`WriteJson`]).
pub(crate) struct JsonObject<'a> {
    out: &'a mut Json,
}

impl<'a> JsonObject<'a> {
    pub(crate) fn start(out: &'a mut Json) -> JsonObject<'a> {
        out.begin_object();
        JsonObject { out }
    }

    /// Writes the key and returns the output to write the member's value into.
    #[inline]
    pub(crate) fn key(&mut self, key: &str) -> &mut Json {
        self.out.key(key);
        self.out
    }

    /// A member whose value is a string.
    #[inline]
    pub(crate) fn str(&mut self, key: &str, value: &str) -> &mut JsonObject<'a> {
        self.key(key).string(value);
        self
    }

    pub(crate) fn end(self) {
        self.out.end_object();
    }
}

/// An output that writes its own members, as JSON text or a tape: the outputs the wasm
/// build returns on every call, where building a `Value` tree first cost more than writing.
pub(crate) trait WriteJson {
    fn write_json(&self, out: &mut Json);
}

pub(crate) fn write_list<T: WriteJson>(out: &mut Json, items: &[T]) {
    out.begin_array();
    for item in items {
        item.write_json(out);
    }
    out.end_array();
}

/// Compact JSON text of an output, with room for `capacity` bytes.
pub(crate) fn json_text(output: &impl WriteJson, capacity: usize) -> String {
    let mut out = Json::text(capacity);
    output.write_json(&mut out);
    out.into_text()
}

/// The tape of an output (see the module's documentation), in `buffer`.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub(crate) fn tape(output: &impl WriteJson, buffer: &mut TapeBuffer) {
    let mut out = Json::tape(buffer);
    output.write_json(&mut out);
    out.finish_tape(buffer);
}

/// `ToValue` for types that write their own JSON: the tree parsed from that text, so the
/// field names are written down once.
macro_rules! to_value_from_json {
    ($($type:ty),* $(,)?) => {$(
        impl crate::value::ToValue for $type {
            fn to_value(&self) -> crate::value::Value {
                let text = crate::write::json_text(self, 1024);
                // Our own writer's text always parses; null would show a bug in it.
                crate::value::Value::parse_own(&text).unwrap_or(crate::value::Value::Null)
            }
        }
    )*};
}
pub(crate) use to_value_from_json;

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    #[test]
    fn every_key_is_found_at_its_index_and_no_other_key_is() {
        for (i, key) in KEYS.iter().enumerate() {
            assert_eq!(key_index(key), Some(i as u32), "{key}");
        }
        for other in ["", "refunds", "Refund", "owedbefore", "x"] {
            assert_eq!(key_index(other), None, "{other}");
        }
    }

    /// Every key the outputs write is in the table: a key missing there still works (as
    /// text), but costs every answer a string.
    #[test]
    fn every_key_the_outputs_write_is_listed() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut missing = Vec::new();
        for file in ["estimate.rs", "whatif.rs", "figures.rs"] {
            let source = std::fs::read_to_string(dir.join(file)).unwrap();
            for call in [".str(\"", ".key(\""] {
                for piece in source.split(call).skip(1) {
                    let key = piece.split('"').next().unwrap();
                    if key_index(key).is_none() {
                        missing.push(format!("{file}: {key}"));
                    }
                }
            }
        }
        assert!(missing.is_empty(), "add to KEYS: {missing:?}");
    }

    #[test]
    fn json_text_puts_commas_between_members_and_items_only() {
        let mut out = Json::text(64);
        out.begin_object();
        out.key("a");
        out.begin_array();
        out.number(1);
        out.begin_object();
        out.end_object();
        out.string("x\"y");
        out.end_array();
        out.key("b");
        out.string("");
        out.key("c");
        out.number(u32::MAX);
        out.end_object();
        assert_eq!(
            out.into_text(),
            r#"{"a":[1,{},"x\"y"],"b":"","c":4294967295}"#
        );
    }

    #[test]
    fn the_tape_holds_the_same_values() {
        let mut buffer = TapeBuffer::default();
        // Twice in the same buffer: the second tape replaces the first.
        for _ in 0..2 {
            let mut out = Json::tape(&mut buffer);
            out.begin_object();
            out.key("refund");
            out.string("1€");
            out.key("unlisted");
            out.begin_array();
            out.number(7);
            out.number(1 << 28);
            out.end_array();
            out.end_object();
            out.finish_tape(&mut buffer);
        }
        let refund = 1;
        assert_eq!(
            buffer.words,
            [
                17,
                10,
                OBJECT,
                KEY | (refund << 4),
                STRING | (2 << 4),
                KEY_TEXT | (8 << 4),
                ARRAY,
                NUMBER | (7 << 4),
                WIDE_NUMBER,
                1 << 28,
                END,
                END,
                // "1€unlisted" in UTF-16, two units a word.
                u32::from(b'1') | (0x20ac << 16),
                u32::from(b'u') | (u32::from(b'n') << 16),
                u32::from(b'l') | (u32::from(b'i') << 16),
                u32::from(b's') | (u32::from(b't') << 16),
                u32::from(b'e') | (u32::from(b'd') << 16),
            ]
        );
    }
}
