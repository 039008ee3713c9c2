//! The policy's JSON Schema, `policy.schema.json`, generated from the reader itself.
//!
//! Test builds only: nothing here is in the library or the wasm module (the CLI's `schema`
//! command prints the committed file). The policy reader (`policy::read`) is *surveyed*:
//! it reads a policy made of probes. Every field it asks for and the input lacks is read
//! from a probe; a probed object has nothing in it, so each of its own fields is asked for
//! in turn; a probed array has one probed item; a probed closed set answers each of its
//! names in turn, one pass per name, so that what depends on the choice (the parameter of
//! each kind of early-termination fee) is asked for too. Each pass records the keys each
//! object asks for (required or not) and what the reader asks of each value: a string, a
//! whole number in a range, a decimal in a range, one of these names, an object, an array
//! of at most N items. That record is the schema's structure: its objects, their fields,
//! required fields, enums, bounds, and the variants of an object whose fields depend on a
//! name.
//!
//! The words come from the tables below ([`TYPES`]): each object the reader reads, by its
//! set of fields, with a description and an example of every field, and what the reader
//! checks by matching the value itself (a text's plain string, `false` for a section
//! switched off) or across fields ("exactly one of"). The tests fail when the reader asks
//! for a field the tables do not describe, or the tables describe one it no longer asks
//! for, naming both, and when `policy.schema.json` is not what this generates:
//! `UPDATE_SCHEMA=1 cargo test --lib schema` rewrites it.
#![allow(clippy::arithmetic_side_effects)]

use crate::read::Reader;
use crate::value::{Number, Value};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// The stand-in read for a value the surveyed input does not have (`read.rs` compares
/// addresses: a `null` of the input is never this one).
pub(crate) static PROBE: Value = Value::Null;

/// What the reader asks of a value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Shape {
    Object,
    Array {
        max: usize,
    },
    /// A non-empty string.
    String,
    Boolean,
    /// A JSON integer in `min..=max`.
    Integer {
        min: u32,
        max: u32,
    },
    /// A decimal as a string (or a JSON integer) in `min..=max`.
    Decimal {
        min: Decimal,
        max: Decimal,
        example: &'static str,
    },
    /// One of these names.
    Enum(Vec<String>),
}

/// One pass of the survey.
#[derive(Debug, Default)]
pub(crate) struct Survey {
    /// Which name a probed closed set answers in this pass (its last for shorter sets).
    pub(crate) choice: usize,
    /// What was asked of the value at each path (`[n]` written `[]`).
    shapes: BTreeMap<String, Vec<Shape>>,
    /// The keys each object asked for, in order, and whether each is required.
    objects: BTreeMap<String, Vec<(&'static str, bool)>>,
}

impl Survey {
    pub(crate) fn note(&mut self, path: &str, shape: Shape) {
        let shapes = self.shapes.entry(pattern(path)).or_default();
        if !shapes.contains(&shape) {
            shapes.push(shape);
        }
    }

    pub(crate) fn asked(&mut self, path: &str, key: &'static str, required: bool) {
        let keys = self.objects.entry(pattern(path)).or_default();
        if !keys.iter().any(|(k, _)| *k == key) {
            keys.push((key, required));
        }
    }
}

/// `plans[2].meters[0]` as `plans[].meters[]`.
fn pattern(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_index = false;
    for c in path.chars() {
        match c {
            '[' => {
                in_index = true;
                out.push_str("[]");
            }
            ']' => in_index = false,
            _ if in_index => {}
            _ => out.push(c),
        }
    }
    out
}

/// `path` + `.key` (the root's fields have no dot).
fn child(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

/// Runs the passes: as many as the longest closed set has names.
fn survey() -> Vec<Survey> {
    let mut passes = Vec::new();
    let mut choice = 0;
    loop {
        let mut r = Reader::new();
        r.survey = Some(Box::new(Survey {
            choice,
            ..Survey::default()
        }));
        let _ = crate::policy::read(&mut r, &PROBE);
        let pass = *r.survey.take().expect("the survey is kept");
        let longest = pass
            .shapes
            .values()
            .flatten()
            .filter_map(|s| match s {
                Shape::Enum(names) => Some(names.len()),
                _ => None,
            })
            .max()
            .unwrap_or(1);
        passes.push(pass);
        choice += 1;
        if choice >= longest {
            return passes;
        }
    }
}

/// An object as every pass read it.
#[derive(Debug, Default)]
struct ObjectSeen {
    /// Every key asked for in any pass, in the reader's order.
    keys: Vec<&'static str>,
    /// For each pass that read the object, the keys it asked for and whether required.
    passes: Vec<(usize, Vec<(&'static str, bool)>)>,
}

impl ObjectSeen {
    /// Keys asked as required by every pass that read the object.
    fn required(&self) -> Vec<&'static str> {
        self.keys
            .iter()
            .copied()
            .filter(|k| {
                self.passes
                    .iter()
                    .all(|(_, keys)| keys.iter().any(|(key, req)| key == k && *req))
            })
            .collect()
    }

    fn key_set(&self) -> Vec<&'static str> {
        let mut keys = self.keys.clone();
        keys.sort_unstable();
        keys
    }
}

/// The passes combined.
#[derive(Debug, Default)]
struct Seen {
    shapes: BTreeMap<String, Vec<Shape>>,
    objects: BTreeMap<String, ObjectSeen>,
    choices: usize,
}

fn combine(passes: Vec<Survey>) -> Seen {
    let mut seen = Seen {
        choices: passes.len(),
        ..Seen::default()
    };
    for (index, pass) in passes.into_iter().enumerate() {
        for (path, shapes) in pass.shapes {
            let all = seen.shapes.entry(path).or_default();
            for shape in shapes {
                if !all.contains(&shape) {
                    all.push(shape);
                }
            }
        }
        for (path, keys) in pass.objects {
            let object = seen.objects.entry(path).or_default();
            // A key first asked for in this pass goes before the next key of this pass
            // that is already known (at the end when none is): `kind`, then each kind's
            // parameter in the order of the kinds, then the fields every kind has.
            for (i, (key, _)) in keys.iter().enumerate() {
                if object.keys.contains(key) {
                    continue;
                }
                let next = keys
                    .iter()
                    .skip(i + 1)
                    .find_map(|(k, _)| object.keys.iter().position(|known| known == k));
                object.keys.insert(next.unwrap_or(object.keys.len()), key);
            }
            object.passes.push((index, keys));
        }
    }
    seen
}

/// What the tables say of one object the reader reads, found by its set of fields.
#[derive(Clone, Copy)]
pub(crate) struct TypeDoc {
    /// Its name under `$defs` (the root is `policy`).
    name: &'static str,
    description: &'static str,
    /// A schema for another form the value may take instead of the object (JSON text).
    or: &'static str,
    /// JSON merged into the object's schema: constraints across its fields.
    schema: &'static str,
    fields: &'static [FieldDoc],
}

/// What the tables say of one field.
#[derive(Clone, Copy)]
pub(crate) struct FieldDoc {
    key: &'static str,
    description: &'static str,
    /// An example value, as JSON text.
    example: &'static str,
    /// The value taken when the field is absent, as JSON text; none when empty.
    default: &'static str,
    /// A schema for another form the value may take (JSON text), such as `false`.
    or: &'static str,
    /// JSON merged into the field's generated schema (what the reader checks by looking at
    /// the value itself, or across items).
    schema: &'static str,
    /// A closed set the code lists (currencies, zone names): the field's schema.
    closed: Option<fn() -> Value>,
}

const fn field(key: &'static str, description: &'static str, example: &'static str) -> FieldDoc {
    FieldDoc {
        key,
        description,
        example,
        default: "",
        or: "",
        schema: "",
        closed: None,
    }
}

impl FieldDoc {
    const fn default(self, default: &'static str) -> FieldDoc {
        FieldDoc { default, ..self }
    }

    const fn or(self, or: &'static str) -> FieldDoc {
        FieldDoc { or, ..self }
    }

    const fn schema(self, schema: &'static str) -> FieldDoc {
        FieldDoc { schema, ..self }
    }

    const fn closed(self, closed: fn() -> Value) -> FieldDoc {
        FieldDoc {
            closed: Some(closed),
            ..self
        }
    }
}

const fn object(
    name: &'static str,
    description: &'static str,
    fields: &'static [FieldDoc],
) -> TypeDoc {
    TypeDoc {
        name,
        description,
        or: "",
        schema: "",
        fields,
    }
}

impl TypeDoc {
    const fn or(self, or: &'static str) -> TypeDoc {
        TypeDoc { or, ..self }
    }

    const fn schema(self, schema: &'static str) -> TypeDoc {
        TypeDoc { schema, ..self }
    }

    fn key_set(&self) -> Vec<&'static str> {
        let mut keys: Vec<&'static str> = self.fields.iter().map(|f| f.key).collect();
        keys.sort_unstable();
        keys
    }
}

/// Where the schema is published (the npm package's file).
pub(crate) const SCHEMA_ID: &str = "https://unpkg.com/refund-estimator/policy.schema.json";

// ---------------------------------------------------------------------------------------
// Building the schema.

fn obj(entries: Vec<(&str, Value)>) -> Value {
    Value::Object(
        entries
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect(),
    )
}

fn text(s: &str) -> Value {
    Value::String(s.to_owned())
}

fn int(n: impl TryInto<i64>) -> Value {
    Value::Number(Number::Int(n.try_into().ok().expect("fits an i64")))
}

fn strings<'a>(names: impl IntoIterator<Item = &'a str>) -> Value {
    Value::Array(names.into_iter().map(text).collect())
}

fn parse(what: &str, json: &str) -> Value {
    Value::parse(json).unwrap_or_else(|e| panic!("{what}: not JSON ({e}): {json}"))
}

/// `base` with the entries of the object `extra` added, replacing those of the same key.
fn merge(base: Value, extra: Value) -> Value {
    match (base, extra) {
        (Value::Object(mut entries), Value::Object(more)) => {
            for (k, v) in more {
                match entries.iter_mut().find(|(key, _)| *key == k) {
                    Some(slot) => slot.1 = v,
                    None => entries.push((k, v)),
                }
            }
            Value::Object(entries)
        }
        (_, extra) => extra,
    }
}

/// A regular expression for the decimals from `min` to `max`, when `min` is 0 or 1 and
/// `max` a power of ten (every bound the reader has); any plain decimal otherwise.
fn decimal_pattern(min: Decimal, max: Decimal) -> String {
    let digits = max.normalize().to_string();
    let power = digits
        .strip_prefix('1')
        .filter(|zeros| !zeros.is_empty() && zeros.bytes().all(|b| b == b'0'))
        .map(str::len);
    match power {
        Some(k) if min.is_zero() => {
            format!("^(?:0*[0-9]{{1,{k}}}(?:\\.[0-9]+)?|0*1(?:0{{{k}}})(?:\\.0+)?|-0+(?:\\.0+)?)$")
        }
        Some(k) if min == Decimal::ONE => format!(
            "^(?:0*[1-9][0-9]{{0,{}}}(?:\\.[0-9]+)?|0*1(?:0{{{k}}})(?:\\.0+)?)$",
            k - 1
        ),
        _ => "^-?[0-9]+(?:\\.[0-9]+)?$".to_owned(),
    }
}

fn shape_node(
    seen: &Seen,
    names: &BTreeMap<String, &'static str>,
    path: &str,
    shape: &Shape,
) -> Value {
    match shape {
        Shape::Object => match names.get(path) {
            Some(name) => obj(vec![("$ref", text(&format!("#/$defs/{name}")))]),
            None => obj(vec![]),
        },
        Shape::Array { max } => obj(vec![
            ("type", text("array")),
            ("maxItems", int(*max)),
            ("items", value_node(seen, names, &format!("{path}[]"))),
        ]),
        Shape::String => obj(vec![("type", text("string")), ("pattern", text("\\S"))]),
        Shape::Boolean => obj(vec![("type", text("boolean"))]),
        Shape::Integer { min, max } => obj(vec![
            ("type", text("integer")),
            ("minimum", int(*min)),
            ("maximum", int(*max)),
        ]),
        Shape::Decimal { min, max, .. } => obj(vec![
            ("type", strings(["string", "integer"])),
            ("pattern", text(&decimal_pattern(*min, *max))),
            ("minimum", int(min.trunc().mantissa())),
            ("maximum", int(max.trunc().mantissa())),
        ]),
        Shape::Enum(options) => obj(vec![("enum", strings(options.iter().map(String::as_str)))]),
    }
}

/// The schema of the value at `path`, from what the reader asked of it; `{}` when it asked
/// nothing the survey sees (it matched the value itself).
fn value_node(seen: &Seen, names: &BTreeMap<String, &'static str>, path: &str) -> Value {
    let shapes = seen.shapes.get(path).map(Vec::as_slice).unwrap_or_default();
    match shapes {
        [] => obj(vec![]),
        [one] => shape_node(seen, names, path, one),
        many => obj(vec![(
            "anyOf",
            Value::Array(
                many.iter()
                    .map(|s| shape_node(seen, names, path, s))
                    .collect(),
            ),
        )]),
    }
}

/// Whether a schema leaves a value undescribed: `{}` itself, as items or as an `anyOf`.
fn undescribed(node: &Value) -> bool {
    match node {
        Value::Object(entries) if entries.is_empty() => true,
        Value::Object(entries) => entries.iter().any(|(k, v)| match (k.as_str(), v) {
            ("items", v) => undescribed(v),
            ("anyOf", Value::Array(items)) => items.iter().any(undescribed),
            _ => false,
        }),
        _ => false,
    }
}

fn field_node(
    seen: &Seen,
    names: &BTreeMap<String, &'static str>,
    path: &str,
    doc: &FieldDoc,
) -> Result<Value, String> {
    let mut node = value_node(seen, names, path);
    if let Some(closed) = doc.closed {
        node = closed();
    }
    if !doc.schema.is_empty() {
        node = merge(node, parse(&format!("the schema of {path}"), doc.schema));
    }
    if undescribed(&node) {
        return Err(format!(
            "`{path}`: the reader matches this value itself, so the survey cannot tell what it is: give its schema in src/schema.rs (FieldDoc::schema)"
        ));
    }
    if !doc.or.is_empty() {
        node = obj(vec![(
            "anyOf",
            Value::Array(vec![
                node,
                parse(&format!("the alternative of {path}"), doc.or),
            ]),
        )]);
    }
    let mut head = vec![("description", text(doc.description))];
    if doc.example.is_empty() {
        return Err(format!("`{path}`: give an example"));
    }
    head.push((
        "examples",
        Value::Array(vec![parse(&format!("the example of {path}"), doc.example)]),
    ));
    if !doc.default.is_empty() {
        head.push((
            "default",
            parse(&format!("the default of {path}"), doc.default),
        ));
    }
    Ok(merge(obj(head), node))
}

/// The schema of the object type `doc` as read at `path`.
fn object_node(
    seen: &Seen,
    names: &BTreeMap<String, &'static str>,
    path: &str,
    doc: &TypeDoc,
    root: bool,
) -> Result<Value, Vec<String>> {
    let object = &seen.objects[path];
    let mut errors = Vec::new();
    let mut properties = Vec::new();
    for key in &object.keys {
        let Some(field) = doc.fields.iter().find(|f| f.key == *key) else {
            continue;
        };
        match field_node(seen, names, &child(path, key), field) {
            Ok(node) => properties.push(((*key).to_owned(), node)),
            Err(e) => errors.push(e),
        }
    }
    let mut entries = vec![];
    if !root {
        entries.push(("description", text(doc.description)));
    }
    entries.push(("type", text("object")));
    entries.push(("properties", Value::Object(properties)));
    let required = object.required();
    if !required.is_empty() {
        entries.push(("required", strings(required)));
    }
    entries.push(("additionalProperties", Value::Bool(false)));
    match variants(seen, path, object) {
        Ok(None) => {}
        Ok(Some(all_of)) => entries.push(("allOf", all_of)),
        Err(e) => errors.push(e),
    }
    let mut node = obj(entries);
    if !doc.schema.is_empty() {
        node = merge(
            node,
            parse(&format!("the schema of {}", doc.name), doc.schema),
        );
    }
    if !doc.or.is_empty() {
        let description = node_description(&mut node);
        node = obj(vec![
            ("description", description),
            (
                "anyOf",
                Value::Array(vec![
                    parse(&format!("the alternative of {}", doc.name), doc.or),
                    node,
                ]),
            ),
        ]);
    }
    if errors.is_empty() {
        Ok(node)
    } else {
        Err(errors)
    }
}

/// Takes the description out of an object's schema.
fn node_description(node: &mut Value) -> Value {
    if let Value::Object(entries) = node {
        if let Some(at) = entries.iter().position(|(k, _)| k == "description") {
            return entries.remove(at).1;
        }
    }
    Value::Null
}

/// When passes read different fields of the object: the closed set whose name decides
/// which (`kind`), as `allOf` of `if {kind: name} then {required, the others absent}`.
fn variants(seen: &Seen, path: &str, object: &ObjectSeen) -> Result<Option<Value>, String> {
    let sets: Vec<Vec<&'static str>> = object
        .passes
        .iter()
        .map(|(_, keys)| {
            let mut set: Vec<&'static str> = keys.iter().map(|(k, _)| *k).collect();
            set.sort_unstable();
            set
        })
        .collect();
    if sets.windows(2).all(|w| w[0] == w[1]) {
        return Ok(None);
    }
    for key in &object.keys {
        let Some(names) = seen.shapes.get(&child(path, key)).and_then(|shapes| {
            shapes.iter().find_map(|s| match s {
                Shape::Enum(names) => Some(names),
                _ => None,
            })
        }) else {
            continue;
        };
        // The choice of each pass; a discriminator gives the same fields to the same choice.
        let mut by_choice: BTreeMap<usize, &Vec<(&'static str, bool)>> = BTreeMap::new();
        let mut decides = true;
        for ((pass, keys), set) in object.passes.iter().zip(&sets) {
            let choice = (*pass).min(names.len() - 1);
            match by_choice.get(&choice) {
                Some(other) => {
                    let mut other_set: Vec<&str> = other.iter().map(|(k, _)| *k).collect();
                    other_set.sort_unstable();
                    decides &= other_set == *set;
                }
                None => {
                    by_choice.insert(choice, keys);
                }
            }
        }
        if !decides || by_choice.len() != names.len().min(seen.choices) {
            continue;
        }
        let always = object.required();
        let rules = by_choice
            .iter()
            .map(|(choice, keys)| {
                let required: Vec<&str> = keys
                    .iter()
                    .filter(|(k, r)| *r && !always.contains(k))
                    .map(|(k, _)| *k)
                    .collect();
                let absent: Vec<(String, Value)> = object
                    .keys
                    .iter()
                    .filter(|k| !keys.iter().any(|(key, _)| key == *k))
                    .map(|k| ((*k).to_owned(), Value::Bool(false)))
                    .collect();
                let mut then = vec![("required", strings(required))];
                if !absent.is_empty() {
                    then.push(("properties", Value::Object(absent)));
                }
                obj(vec![
                    (
                        "if",
                        obj(vec![
                            (
                                "properties",
                                Value::Object(vec![(
                                    (*key).to_owned(),
                                    obj(vec![("const", text(&names[*choice]))]),
                                )]),
                            ),
                            ("required", strings([*key])),
                        ]),
                    ),
                    ("then", obj(then)),
                ])
            })
            .collect();
        return Ok(Some(Value::Array(rules)));
    }
    Err(format!(
        "`{path}`: the reader asks for different fields in different passes, and no closed set of the object decides which: {sets:?}"
    ))
}

/// The schema, or every way the tables and the reader disagree.
pub(crate) fn generate(types: &[TypeDoc]) -> Result<Value, Vec<String>> {
    let seen = combine(survey());
    let mut errors = Vec::new();
    // Each object read, to the type that describes it.
    let mut names: BTreeMap<String, &'static str> = BTreeMap::new();
    let mut docs: BTreeMap<&'static str, (&TypeDoc, Vec<String>)> = BTreeMap::new();
    for (i, a) in types.iter().enumerate() {
        for b in types.iter().skip(i + 1) {
            if a.name == b.name || a.key_set() == b.key_set() {
                errors.push(format!(
                    "src/schema.rs: `{}` and `{}` have the same name or the same fields",
                    a.name, b.name
                ));
            }
        }
    }
    // Objects no table describes, by their fields: each said once, with where it is read.
    let mut undescribed: BTreeMap<Vec<&'static str>, Vec<&str>> = BTreeMap::new();
    for (path, object) in &seen.objects {
        let keys = object.key_set();
        match types.iter().find(|t| t.key_set() == keys) {
            Some(doc) => {
                names.insert(path.clone(), doc.name);
                docs.entry(doc.name)
                    .or_insert((doc, Vec::new()))
                    .1
                    .push(path.clone());
            }
            None => undescribed.entry(keys).or_default().push(path),
        }
    }
    for (keys, paths) in &undescribed {
        errors.push(unmatched(types, paths, keys));
    }
    for doc in types {
        if !docs.contains_key(doc.name) {
            errors.push(format!(
                "src/schema.rs describes `{}` (fields {:?}), and the reader reads no object with exactly these fields",
                doc.name,
                doc.key_set()
            ));
        }
    }
    if !errors.is_empty() {
        errors.sort();
        return Err(errors);
    }
    let mut root = None;
    let mut defs = Vec::new();
    // Definitions in the order of the tables.
    for name in types.iter().map(|t| t.name) {
        let (doc, paths) = &docs[name];
        let is_root = paths.iter().any(String::is_empty);
        let mut built: Option<Value> = None;
        for path in paths {
            match object_node(&seen, &names, path, doc, is_root) {
                Ok(node) => match &built {
                    None => built = Some(node),
                    Some(first) if *first != node => errors.push(format!(
                        "`{name}` is read differently at `{}` and `{path}`: give them types of their own",
                        paths[0]
                    )),
                    Some(_) => {}
                },
                Err(mut e) => errors.append(&mut e),
            }
        }
        let Some(node) = built else { continue };
        if is_root {
            root = Some(node);
        } else {
            defs.push((name.to_owned(), node));
        }
    }
    if !errors.is_empty() {
        errors.sort();
        errors.dedup();
        return Err(errors);
    }
    let Some(Value::Object(root)) = root else {
        return Err(vec!["the policy itself was not surveyed".to_owned()]);
    };
    let policy = types
        .iter()
        .find(|t| t.name == "policy")
        .expect("the policy type");
    let mut entries = vec![
        (
            "$schema".to_owned(),
            text("https://json-schema.org/draft/2020-12/schema"),
        ),
        ("$id".to_owned(), text(SCHEMA_ID)),
        ("title".to_owned(), text("refund-estimator policy")),
        ("description".to_owned(), text(policy.description)),
    ];
    entries.extend(root);
    entries.push(("$defs".to_owned(), Value::Object(defs)));
    Ok(Value::Object(entries))
}

/// An object no type describes, read at `paths`, with the differences of the type it most
/// resembles (a field added to or gone from a described object).
fn unmatched(types: &[TypeDoc], paths: &[&str], keys: &[&'static str]) -> String {
    let common = |t: &TypeDoc| keys.iter().filter(|k| t.key_set().contains(k)).count();
    let differ = |t: &TypeDoc| {
        let theirs = t.key_set();
        let missing: Vec<&str> = keys
            .iter()
            .copied()
            .filter(|k| !theirs.contains(k))
            .collect();
        let gone: Vec<&str> = theirs.into_iter().filter(|k| !keys.contains(k)).collect();
        (missing, gone)
    };
    let closest = types
        .iter()
        .filter(|t| {
            let (missing, gone) = differ(t);
            missing.len() + gone.len() < common(t)
        })
        .max_by_key(|t| common(t));
    let hint = match closest {
        Some(t) => {
            let (missing, gone) = differ(t);
            let mut words = Vec::new();
            if !missing.is_empty() {
                words.push(format!("add {missing:?} to `{}`", t.name));
            }
            if !gone.is_empty() {
                words.push(format!("remove {gone:?} from `{}`", t.name));
            }
            format!(": {}", words.join(" and "))
        }
        None => ": add an object type to TYPES".to_owned(),
    };
    let at: Vec<String> = paths
        .iter()
        .map(|p| {
            if p.is_empty() {
                "(the policy)".to_owned()
            } else {
                format!("`{p}`")
            }
        })
        .collect();
    format!(
        "the reader reads an object with the fields {keys:?} at {}, and src/schema.rs describes none with exactly these{hint}",
        at.join(", ")
    )
}

fn currency_codes() -> Value {
    obj(vec![("enum", strings(crate::currency::Currency::codes()))])
}

fn zone_names() -> Value {
    obj(vec![
        ("type", text("string")),
        (
            "anyOf",
            Value::Array(vec![
                obj(vec![("enum", strings(crate::calendar::Zone::names()))]),
                obj(vec![(
                    "pattern",
                    text("^(?:[Zz]|[+-](?:(?:0[0-9]|1[0-7]):[0-5][0-9]|18:00))$"),
                )]),
            ]),
        ),
    ])
}

// ---------------------------------------------------------------------------------------
// The words: every object the policy reader reads, by its fields. A field the reader asks
// for and these tables do not name fails `the_tables_describe_every_field_the_reader_reads`.

/// A policy's text: one string for every locale, or one per locale.
const TEXT_STRING: &str =
    r#"{"type": "string", "pattern": "\\S", "description": "the same text in every locale"}"#;
/// `[fewest, most]` business days.
const DAY_RANGE: &str = r#"{"minItems": 2, "maxItems": 2}"#;
/// A section switched off.
const OFF: &str = r#"{"const": false, "description": "off: a plan switches off the section it would inherit from the policy's rules"}"#;
/// A window: exactly one of `days` and `hours`; calendar days need `days`, and a last
/// day moved to a business day needs calendar days.
const WINDOW: &str = r#"{"oneOf": [{"required": ["days"]}, {"required": ["hours"]}], "allOf": [
  {"if": {"properties": {"counting": {"const": "calendar_days"}}, "required": ["counting"]}, "then": {"required": ["days"]}},
  {"if": {"properties": {"endsOnBusinessDay": {"const": true}}, "required": ["endsOnBusinessDay"]}, "then": {"properties": {"counting": {"const": "calendar_days"}}, "required": ["counting"]}}
]}"#;

const POLICY: TypeDoc = object(
    "policy",
    "A refund policy for refund-estimator: a provider's refund rules as data (docs/policy.md). Policy-wide `rules` apply to every plan; a plan's own `rules` replace whole sections. Money, percents and quantities are decimal strings (\"12000.00\", \"5\"); counts are JSON integers. The engine reports every problem at once, each with a stable code and the path of the field.",
    &[
        field(
            "$schema",
            "The JSON Schema this policy follows, for editors (completion and inline docs); the engine ignores it. In the repository and in the npm package: \"../policy.schema.json\" from policies/, \"../../policy.schema.json\" from policies/examples/.",
            r#""../policy.schema.json""#,
        ),
        field(
            "id",
            "The policy's identifier, echoed in the estimate's `policy.id` (for machines: customer text never shows it).",
            r#""streamline-dedicated-lines""#,
        ),
        field(
            "version",
            "The policy's version, echoed in `policy.version`. A date YYYY-MM-DD reads as one in the `read_terms` step (\"version of 1 Nov 2026\"); any other text as \"version 3\".",
            r#""2026-11-01""#,
        ),
        field(
            "name",
            "How customers know the policy, named by the `read_terms` step with its version. Without a name the step names the version alone.",
            r#"{"en": "StreamLine overseas live-streaming dedicated lines", "zh-CN": "StreamLine 海外直播国际专线"}"#,
        ),
        field(
            "currency",
            "The ISO 4217 code, in upper case, of every amount of the policy and its orders; it decides the minor unit (CNY 2 decimals, JPY 0, KWD 3).",
            r#""CNY""#,
        )
        .closed(currency_codes),
        field(
            "timezone",
            "Where calendar questions are answered (midnight, month ends, plain dates, clock-anchored units): a fixed offset (\"Z\", \"+08:00\", up to ±18:00) or a zone name with its daylight saving time built in (\"America/New_York\", \"Europe/Paris\"); docs/policy.md 2.1 lists them.",
            r#""+08:00""#,
        )
        .default(r#""Z""#)
        .closed(zone_names),
        field(
            "rounding",
            "How amounts round to the currency's minor unit: half_up (0.5 away from zero), half_even (banker's), down (toward zero).",
            r#""half_up""#,
        )
        .default(r#""half_up""#),
        field(
            "tax",
            "Tax carried in prices: the refund is split into net and tax in the same proportion. Absent: no tax split.",
            r#"{"rate": "6", "inclusive": true}"#,
        ),
        field(
            "rules",
            "The policy-wide rules, one section per stage of the pipeline; every section is optional and has defaults. A plan's own `rules` replace whole sections.",
            r#"{"coolingOff": {"days": 5, "quota": 1}, "consumed": {"unit": "day", "endRounding": "up"}, "fees": {"handling": {"percent": "5", "of": "remaining"}}}"#,
        ),
        field(
            "plans",
            "The plans an order may name; at least one, ids unique.",
            r#"[{"id": "annual-100m", "name": "Annual dedicated line, 100 Mbps", "term": {"months": 12}, "price": "70160.00", "setupFee": "800.00"}]"#,
        )
        .schema(r#"{"minItems": 1}"#),
        field(
            "timeline",
            "How long the refund takes: approval tiers by amount, adjustments by reason, longer reviews under conditions, and the payout time per payment method (docs/policy.md 7.1). Absent: one automatic tier of 1–3 business days and the built-in payout table.",
            r#"{"approval": [{"tier": "automatic", "upTo": "5000.00", "businessDays": [1, 3]}, {"tier": "review", "businessDays": [5, 10]}]}"#,
        ),
        field(
            "calendar",
            "The business-day calendar of the timeline and of windows that end on a business day: holidays and make-up working days (docs/policy.md 7.2). Absent: Monday to Friday, no holidays.",
            r#"{"holidays": ["2026-10-01", "2026-10-02"], "workdays": ["2026-10-10"], "note": "State Council notice of 2025"}"#,
        ),
        field(
            "documents",
            "The documents a customer prepares, each listed when its conditions hold (docs/policy.md 7.6). Absent: the seven built-in documents with their built-in conditions; [] lists none.",
            r#"[{"code": "account_screenshot"}, {"code": "invoice_reversal", "when": {"invoiced": true}}]"#,
        ),
        field(
            "channels",
            "Where to submit the request, named by the `submit_request` step in this order (docs/policy.md 7.7). Absent or []: \"Contact the provider's support\".",
            r#"[{"kind": "hotline", "contact": "400-820-0000 (24/7)"}]"#,
        ),
    ],
);

const TEXT: TypeDoc = object(
    "text",
    "A text shown to customers: one string, or one per locale (`en` required, `zh-CN` optional: Chinese answers fall back to `en` without it).",
    &[
        field("en", "The English text (also what other locales fall back to).", r#""Annual dedicated line, 100 Mbps""#),
        field("zh-CN", "The Simplified Chinese text, for zh, zh-CN, zh-Hans and zh-SG requests.", r#""年付国际专线 100M""#),
    ],
)
.or(TEXT_STRING);

const TAX: TypeDoc = object(
    "tax",
    "Tax carried in prices; the refund is split into net and tax in the same proportion.",
    &[
        field("rate", "The tax rate in percent (\"6\" for 6 %).", r#""6""#),
        field(
            "inclusive",
            "Whether the policy's prices (plan price, monthlyFee, listMonthlyPrice, list rates, unit prices, a flat early-termination amount, fee min and max) already include tax. When false they are multiplied by (100 + rate) ÷ 100 before use. Order amounts are what was paid and always include it.",
            "true",
        )
        .default("true"),
    ],
);

const RULES: TypeDoc = object(
    "rules",
    "Rule sections, one per stage of the pipeline. In a plan, each section given replaces the policy's section as a whole (it does not merge into it); sections not given are inherited.",
    &[
        field(
            "eligibility",
            "Which orders can be refunded at all: promotions, invoiced orders, blocked states, renewals not started, orders never activated.",
            r#"{"promotion": "clawback", "invoiced": "balance"}"#,
        ),
        field(
            "coolingOff",
            "A no-questions window after the purchase (or the activation) in which the whole payment comes back; false switches it off.",
            r#"{"days": 5, "quota": 1}"#,
        )
        .or(OFF),
        field(
            "consumed",
            "How the time used is charged: pro rata, at list rates or not at all; how it is measured; metered usage.",
            r#"{"method": "pro_rata", "unit": "day", "endRounding": "up"}"#,
        ),
        field(
            "fees",
            "A handling fee, an early-termination fee, and the reasons that waive them.",
            r#"{"handling": {"percent": "5", "of": "remaining"}, "waivedFor": ["provider_fault"]}"#,
        ),
        field(
            "nonRefundable",
            "What never comes back: the setup fee, vouchers, gift credit, what the payment processor kept.",
            r#"{"setupFee": "forfeit", "vouchers": "forfeit", "credit": "return_as_credit"}"#,
        ),
        field(
            "sla",
            "Service credits when the measured availability is below a threshold; false switches them off.",
            r#"{"tiers": [{"below": "99.9", "percent": "10"}, {"below": "99", "percent": "25"}], "capPercent": "100", "payAs": "credit"}"#,
        )
        .or(OFF),
        field(
            "settlement",
            "What a negative result means, unpaid charges the refund cannot cover, and the smallest refund paid out.",
            r#"{"negative": "zero", "minimumRefund": "1.00"}"#,
        ),
        field(
            "cancellation",
            "What cancelling does: the refund rules (default), nothing back, or the rules within a refund window only; and whether the service then runs to the end of the term.",
            r#"{"refund": "none", "serviceEnds": "end_of_term"}"#,
        ),
        field(
            "refundBase",
            "What the refund of the service is computed on: what was paid, or the lower of that and the plan's current price (docs/policy.md 3.12).",
            r#"{"of": "lower_of_paid_and_current"}"#,
        ),
        field(
            "accountCap",
            "A limit on what one account gets back over a rolling window, whatever the orders (docs/policy.md 3.13); false switches the policy's limit off for a plan.",
            r#"{"amount": "50000.00", "months": 12, "over": "trim"}"#,
        )
        .or(OFF),
    ],
);

const ELIGIBILITY: TypeDoc = object(
    "eligibility",
    "Which orders can be refunded at all (docs/policy.md 3.1).",
    &[
        field(
            "promotion",
            "Orders bought in a promotion: standard (the ordinary rules), not_refundable (refused), clawback (the discount, plan price − amount paid, is deducted).",
            r#""clawback""#,
        )
        .default(r#""standard""#),
        field(
            "invoiced",
            "Orders with an invoice issued: standard, block (refused), balance (the cash goes to the account balance, warning invoiced_to_balance).",
            r#""balance""#,
        )
        .default(r#""standard""#),
        field(
            "notStarted",
            "A renewal cancelled before its start: full (everything back, vouchers returned) or standard (the ordinary rules).",
            r#""full""#,
        )
        .default(r#""full""#),
        field(
            "neverActivated",
            "An order whose resource was never activated (`order.activated: false`): full or standard.",
            r#""full""#,
        )
        .default(r#""full""#),
        field(
            "blockers",
            "The order states that refuse any refund while they last: trial, frozen (the account), pending_transaction (another transaction on the order). [] refuses none.",
            r#"["frozen", "pending_transaction"]"#,
        )
        .default(r#"["trial", "frozen", "pending_transaction"]"#),
    ],
);

const COOLING_OFF: TypeDoc = object(
    "coolingOff",
    "A no-questions window in which the whole payment comes back (docs/policy.md 3.2): exactly one of `days` and `hours`.",
    &[
        field("days", "The window's length in days (counted as `counting` says).", "5"),
        field("hours", "The window's length in hours (Huawei: 120 hours from activation).", "120"),
        field(
            "quota",
            "Cooling-off refunds allowed per year: the window applies only while `order.coolingOffUsed` is below it. Absent: unlimited.",
            "1",
        ),
        field(
            "requireUnused",
            "The window applies only when no meter of the order has usage (Volcengine).",
            "true",
        )
        .default("false"),
        field(
            "vouchers",
            "The voucher part of the payment inside the window: forfeit or proportional (both keep it), refund (vouchers come back as vouchers).",
            r#""forfeit""#,
        )
        .default(r#""forfeit""#),
        field(
            "renewals",
            "Renewals qualify too; by default the window is for new purchases only (Alibaba Cloud and Tencent Cloud).",
            "false",
        )
        .default("false"),
        field(
            "from",
            "Where the window starts: purchase (the order's start) or activation (`order.activatedAt`, the start without it).",
            r#""purchase""#,
        )
        .default(r#""purchase""#),
        field(
            "counting",
            "How `days` count: rolling (N × 24 hours from the instant the window opens) or calendar_days (from the next day to 24:00 of the Nth day: Civil Code arts. 201 and 203; needs `days`).",
            r#""calendar_days""#,
        )
        .default(r#""rolling""#),
        field(
            "endsOnBusinessDay",
            "With calendar_days: a last day that is not a business day on the policy's calendar moves to the next business day (art. 203).",
            "true",
        )
        .default("false"),
    ],
)
.schema(WINDOW);

const CONSUMED: TypeDoc = object(
    "consumed",
    "How the time used is charged and measured (docs/policy.md 3.3).",
    &[
        field(
            "method",
            "pro_rata (paid × used ÷ term), list_rate (the time used re-priced at the plan's list rates: discount recapture) or none (usage only, or a deposit).",
            r#""pro_rata""#,
        )
        .default(r#""pro_rata""#),
        field("unit", "The unit the time used is counted in.", r#""day""#).default(r#""second""#),
        field(
            "anchor",
            "start (units counted from the order's start) or clock (clock and calendar units in the policy's timezone: hours at :00, days at midnight, months on the 1st).",
            r#""start""#,
        )
        .default(r#""start""#),
        field(
            "startRounding",
            "How the start snaps to the clock grid (with anchor clock): up, down or exact.",
            r#""down""#,
        )
        .default(r#""exact""#),
        field(
            "endRounding",
            "How the end (clock) or the last partial unit (start) counts: up, down or exact; for list_rate, how the remainder at the last rate counts.",
            r#""up""#,
        )
        .default(r#""exact""#),
        field(
            "dayCount",
            "actual days, or 30/360 (every month 30 days; needs unit day).",
            r#""actual""#,
        )
        .default(r#""actual""#),
        field(
            "multiplier",
            "A surcharge on the time used (Gulf telecom style): factor 1–100, applied only within `withinDays` of the start when given.",
            r#"{"factor": "1.5", "withinDays": 30}"#,
        ),
        field(
            "usage",
            "Charge metered usage beyond the included units; false ignores meters.",
            "true",
        )
        .default("true"),
        field(
            "termMeasure",
            "How the term (and a monthly-billed plan's month) is measured: exact, or as_used (on the same grid, with the same roundings, as the time used).",
            r#""exact""#,
        )
        .default(r#""exact""#),
    ],
);

const MULTIPLIER: TypeDoc = object(
    "multiplier",
    "A surcharge on the time used.",
    &[
        field("factor", "The factor, 1 to 100 (a surcharge, never below 1).", r#""1.5""#),
        field(
            "withinDays",
            "Applies only to a cancellation within this many days of the start; always when absent.",
            "30",
        ),
    ],
);

const FEES: TypeDoc = object(
    "fees",
    "Fees deducted from the refund (docs/policy.md 3.4).",
    &[
        field(
            "handling",
            "A handling fee: a percent of what was paid or of what remains, optionally by contract year.",
            r#"{"percent": "5", "of": "remaining", "min": "10.00"}"#,
        ),
        field(
            "earlyTermination",
            "An early-termination fee of one kind: remaining_percent, months_of_fee, flat, schedule or lesser_of_discount_or_remaining.",
            r#"{"kind": "remaining_percent", "percent": "75"}"#,
        ),
        field(
            "waivedFor",
            "Reasons (`request.reason`) for which both fees become a 0.00 line saying \"Waived\".",
            r#"["provider_fault", "duplicate_purchase"]"#,
        )
        .default("[]"),
    ],
);

const HANDLING: TypeDoc = object(
    "handlingFee",
    "A handling fee (docs/policy.md 3.4.1).",
    &[
        field("percent", "The percent when no tier applies.", r#""5""#),
        field(
            "of",
            "The base: paid (the recurring amount paid) or remaining (what is left after the time used and usage, at least 0).",
            r#""remaining""#,
        )
        .default(r#""paid""#),
        field(
            "tiers",
            "Percents by contract year for terms of at least `minTermMonths`, strictly increasing; needs a term in months.",
            r#"[{"minTermMonths": 12, "byYear": ["10"]}, {"minTermMonths": 24, "byYear": ["15", "10"]}]"#,
        )
        .default("[]"),
        field("min", "The smallest fee (grossed up like prices when tax is exclusive).", r#""10.00""#),
        field("max", "The largest fee; at least `min`.", r#""500.00""#),
    ],
);

const HANDLING_TIER: TypeDoc = object(
    "handlingTier",
    "The handling fee's percents for terms of at least `minTermMonths`.",
    &[
        field(
            "minTermMonths",
            "The shortest term, in months, this tier applies to.",
            "24",
        ),
        field(
            "byYear",
            "The percent in contract year 1, 2, …; the last applies to later years.",
            r#"["15", "10"]"#,
        )
        .schema(r#"{"minItems": 1}"#),
    ],
);

/// The fields an early-termination fee and its clause before delivery share.
const FEE_KIND: FieldDoc = field(
    "kind",
    "remaining_percent (a percent of the months not yet started: Verizon 75 %), months_of_fee (N months of the monthly fee: XO), flat (an amount), schedule (a percent of the monthly fee for each month left, by month of term: Level 3), lesser_of_discount_or_remaining (the lesser of the discount received and the fee of the months left).",
    r#""remaining_percent""#,
);
const FEE_PERCENT: FieldDoc = field(
    "percent",
    "With remaining_percent: the share of the remaining months' charges.",
    r#""75""#,
);
const FEE_MONTHS: FieldDoc = field(
    "months",
    "With months_of_fee: months of the monthly fee.",
    "2",
);
const FEE_AMOUNT: FieldDoc = field(
    "amount",
    "With flat: the fee (grossed up when tax is exclusive).",
    r#""250.00""#,
);
const FEE_SCHEDULE: FieldDoc = field(
    "schedule",
    "With schedule: steps from month 1, strictly increasing `fromMonth`.",
    r#"[{"fromMonth": 1, "percent": "100"}, {"fromMonth": 13, "percent": "50"}]"#,
)
.schema(r#"{"minItems": 1}"#);
const FEE_MIN: FieldDoc = field(
    "min",
    "The smallest fee (grossed up like prices when tax is exclusive).",
    r#""100.00""#,
);
const FEE_MAX: FieldDoc = field("max", "The largest fee; at least `min`.", r#""5000.00""#);
const FEE_PLUS_SETUP: FieldDoc = field(
    "plusSetupFee",
    "Add the plan's one-time charge (its setupFee, grossed up when tax is exclusive) to the fee, less what the order paid of it and forfeits (docs/policy.md 3.15).",
    "true",
)
.default("false");

const EARLY_TERMINATION: TypeDoc = object(
    "earlyTermination",
    "An early-termination fee (docs/policy.md 3.4.2); `kind` decides its parameter. It may hold a second clause for a cancellation before delivery.",
    &[
        FEE_KIND,
        FEE_PERCENT,
        FEE_MONTHS,
        FEE_AMOUNT,
        FEE_SCHEDULE,
        FEE_MIN,
        FEE_MAX,
        FEE_PLUS_SETUP,
        field(
            "onlyBeforeStart",
            "Charge the fee only for a renewal cancelled before it starts (XO); needs eligibility.notStarted standard.",
            "false",
        )
        .default("false"),
        field(
            "beforeDelivery",
            "A second clause, for a cancellation before `order.activatedAt` or of an order never activated (docs/policy.md 3.15).",
            r#"{"kind": "months_of_fee", "months": 1, "plusSetupFee": true}"#,
        ),
    ],
);

const FEE_CLAUSE: TypeDoc = object(
    "feeClause",
    "An early-termination fee's clause before delivery: a kind and its parameter, min, max, plusSetupFee.",
    &[
        FEE_KIND,
        FEE_PERCENT,
        FEE_MONTHS,
        FEE_AMOUNT,
        FEE_SCHEDULE,
        FEE_MIN,
        FEE_MAX,
        FEE_PLUS_SETUP,
    ],
);

const SCHEDULE_STEP: TypeDoc = object(
    "scheduleStep",
    "From month `fromMonth` of the term on, each month not yet started costs `percent` of the monthly fee.",
    &[
        field("fromMonth", "The first month of term this step applies to; the first step's is 1.", "13"),
        field("percent", "The percent of the monthly fee per month left.", r#""50""#),
    ],
);

const NON_REFUNDABLE: TypeDoc = object(
    "nonRefundable",
    "What never comes back (docs/policy.md 3.5).",
    &[
        field(
            "setupFee",
            "The order's setup fee: forfeit (deducted) or refund.",
            r#""forfeit""#,
        )
        .default(r#""forfeit""#),
        field(
            "vouchers",
            "The voucher part of the payment: forfeit (deducted), proportional (the refund scaled by the non-voucher share: WeChat Pay), refund (vouchers come back as vouchers).",
            r#""forfeit""#,
        )
        .default(r#""forfeit""#),
        field(
            "credit",
            "Gift credit: return_as_credit (its share of the refund goes back as account credit) or forfeit (deducted).",
            r#""return_as_credit""#,
        )
        .default(r#""return_as_credit""#),
        field(
            "processingFee",
            "What the payment processor kept of the cash payment (Stripe, PayPal): percent × cash ÷ 100 + fixed, at most the cash.",
            r#"{"percent": "2.9", "fixed": "0.30", "methods": ["card", "paypal"]}"#,
        ),
    ],
);

const PROCESSING_FEE: TypeDoc = object(
    "processingFee",
    "What the payment processor kept of the cash payment: at least one of `percent` and `fixed`.",
    &[
        field("percent", "A percent of the cash paid.", r#""2.9""#),
        field(
            "fixed",
            "A fixed amount in the policy's currency (the processor's charge: never grossed up by the tax rate).",
            r#""0.30""#,
        ),
        field(
            "methods",
            "The payment methods it applies to. Absent: every method but balance.",
            r#"["card", "paypal"]"#,
        ),
    ],
)
.schema(r#"{"anyOf": [{"required": ["percent"]}, {"required": ["fixed"]}]}"#);

const SLA: TypeDoc = object(
    "sla",
    "Service credits when the measured availability (`request.availability`) is below a threshold (docs/policy.md 3.6).",
    &[
        field(
            "tiers",
            "Thresholds, highest first (`below` strictly decreasing, `percent` never decreasing): below `below` percent availability earns `percent` of the monthly fee.",
            r#"[{"below": "99.9", "percent": "10"}, {"below": "99", "percent": "25"}]"#,
        )
        .schema(r#"{"minItems": 1}"#),
        field("capPercent", "The cap, as a percent of the monthly fee.", r#""100""#).default(r#""100""#),
        field(
            "payAs",
            "credit (account credit, beside the refund: AWS, Azure, Tencent) or refund (a line added to the refund).",
            r#""credit""#,
        )
        .default(r#""credit""#),
        field(
            "claimWindow",
            "How long after the fault (`request.faultOn`) the credit may be claimed. Absent: no limit.",
            r#"{"businessDays": 20}"#,
        ),
    ],
);

const SLA_TIER: TypeDoc = object(
    "slaTier",
    "An availability threshold and its credit.",
    &[
        field(
            "below",
            "The availability, in percent, below which this credit applies.",
            r#""99.9""#,
        ),
        field(
            "percent",
            "The credit, in percent of the monthly fee.",
            r#""10""#,
        ),
    ],
);

const CLAIM_WINDOW: TypeDoc = object(
    "claimWindow",
    "The time to claim an SLA credit: exactly one of `businessDays` and `billingCycles`.",
    &[
        field(
            "businessDays",
            "Business days on the policy's calendar, from the day after the fault (Tencent Cloud: 20).",
            "20",
        ),
        field(
            "billingCycles",
            "Monthly billing cycles: by the end of the Nth month after the month of the fault (AWS: 2).",
            "2",
        ),
    ],
)
.schema(r#"{"oneOf": [{"required": ["businessDays"]}, {"required": ["billingCycles"]}]}"#);

const SETTLEMENT: TypeDoc = object(
    "settlement",
    "The last step of the sum (docs/policy.md 3.8).",
    &[
        field(
            "negative",
            "A negative result: zero (no refund, never a bill) or owed (fees beyond the refundable amount are owed: telecom style).",
            r#""zero""#,
        )
        .default(r#""zero""#),
        field(
            "minimumRefund",
            "A refund above 0 and below this is not paid out.",
            r#""1.00""#,
        ),
        field(
            "outstanding",
            "Unpaid charges (`order.outstanding`) the refund cannot cover: owed (they stay owed) or waived (written off with the refund).",
            r#""owed""#,
        )
        .default(r#""owed""#),
        field(
            "orders",
            "each, or together: orders given beside `order` in the input's `settleWith` are refunded as one, floored once over the sum (docs/policy.md 3.14).",
            r#""together""#,
        )
        .default(r#""each""#),
    ],
);

const REFUND_BASE: TypeDoc = object(
    "refundBase",
    "What the refund of the service is computed on (docs/policy.md 3.12).",
    &[field(
        "of",
        "paid (what was paid for the service: paid − setup fee) or lower_of_paid_and_current (the lower of that and the plan's current price: the order's `currentPrice`, else the plan's; a price cut since the purchase is not refunded).",
        r#""lower_of_paid_and_current""#,
    )
    .default(r#""paid""#)],
);

const ACCOUNT_CAP: TypeDoc = object(
    "accountCap",
    "A limit on refunds to one account over a rolling window; the order's `refundHistory` lists the earlier refunds (docs/policy.md 3.13).",
    &[
        field(
            "amount",
            "The most refunded to the account in any window, compared with refunds as paid out (not grossed up: it is no price).",
            r#""50000.00""#,
        ),
        field("months", "The rolling window, in months.", "12").default("12"),
        field(
            "over",
            "A refund above what is left of the limit: trim (limited to what is left) or refuse (refused whole).",
            r#""trim""#,
        )
        .default(r#""trim""#),
    ],
);

const CANCELLATION: TypeDoc = object(
    "cancellation",
    "What cancelling the plan does (docs/policy.md 3.9, 3.10).",
    &[
        field(
            "refund",
            "rules (the refund rules apply), none (the plan is not refundable), within_window (the rules apply within `window`, nothing after).",
            r#""within_window""#,
        )
        .default(r#""rules""#),
        field(
            "window",
            "The refund window, with within_window only (required then).",
            r#"{"days": 30}"#,
        ),
        field(
            "serviceEnds",
            "When nothing comes back: at_cancellation, or end_of_term (the renewal stops and the service runs to the end of the paid term); end_of_term needs refund none or within_window.",
            r#""end_of_term""#,
        )
        .default(r#""at_cancellation""#),
    ],
)
.schema(
    r#"{"allOf": [
  {"if": {"properties": {"refund": {"const": "within_window"}}, "required": ["refund"]}, "then": {"required": ["window"]}, "else": {"properties": {"window": false}}},
  {"if": {"properties": {"serviceEnds": {"const": "end_of_term"}}, "required": ["serviceEnds"]}, "then": {"properties": {"refund": {"enum": ["none", "within_window"]}}, "required": ["refund"]}}
]}"#,
);

const REFUND_WINDOW: TypeDoc = object(
    "refundWindow",
    "A refund window: within it the refund rules apply, after it nothing comes back. Exactly one of `days` and `hours`.",
    &[
        field("days", "The window's length in days.", "30"),
        field("hours", "The window's length in hours.", "72"),
        field(
            "from",
            "Where it starts: purchase (the order's start) or activation.",
            r#""purchase""#,
        )
        .default(r#""purchase""#),
        field(
            "counting",
            "How `days` count: rolling or calendar_days (needs `days`).",
            r#""calendar_days""#,
        )
        .default(r#""rolling""#),
        field(
            "endsOnBusinessDay",
            "With calendar_days: a last day that is not a business day moves to the next business day.",
            "true",
        )
        .default("false"),
    ],
)
.schema(WINDOW);

const PLAN: TypeDoc = object(
    "plan",
    "A plan an order may name (docs/policy.md 2.2).",
    &[
        field("id", "The plan's identifier, unique in the policy; the order's `plan` names it.", r#""annual-100m""#),
        field(
            "name",
            "How customers know the plan. Absent: the id.",
            r#"{"en": "Annual dedicated line, 100 Mbps", "zh-CN": "年付国际专线 100M"}"#,
        ),
        field(
            "term",
            "One term: exactly one of months, days or hours.",
            r#"{"months": 12}"#,
        ),
        field(
            "price",
            "The regular price of one term (before tax when tax.inclusive is false).",
            r#""70160.00""#,
        ),
        field(
            "setupFee",
            "The one-time charge an order of this plan carries; the order's setupFee defaults to it.",
            r#""800.00""#,
        )
        .default(r#""0""#),
        field(
            "billing",
            "prepaid (the whole term paid up front), monthly (a contract over the term billed month by month: `order.paid` is the current month's payment) or postpaid (billed after use: `order.paid` is a deposit).",
            r#""prepaid""#,
        )
        .default(r#""prepaid""#),
        field(
            "monthlyFee",
            "The recurring monthly charge, for early-termination fees and SLA credits. Absent: price ÷ term months for month terms.",
            r#""5846.67""#,
        ),
        field(
            "listMonthlyPrice",
            "The month-to-month list price; needed by lesser_of_discount_or_remaining.",
            r#""6380.00""#,
        ),
        field(
            "currentPrice",
            "The plan's price today (one term; one month's bill under monthly billing), for refundBase lower_of_paid_and_current only; an order's own `currentPrice` comes first.",
            r#""9000.00""#,
        ),
        field(
            "listRates",
            "Rates for consumed.method list_rate, longest period first.",
            r#"[{"per": {"months": 1}, "price": "7200.00"}, {"per": {"days": 1}, "price": "300.00"}]"#,
        )
        .schema(r#"{"minItems": 1}"#),
        field(
            "meters",
            "Metered quantities, such as traffic; ids unique in the plan.",
            r#"[{"id": "traffic_gb", "name": "Traffic (GB)", "included": "6000", "unitPrice": "0.60"}]"#,
        ),
        field(
            "rules",
            "This plan's own rule sections: each replaces the policy's section of that name as a whole.",
            r#"{"coolingOff": false}"#,
        ),
    ],
);

const TERM: TypeDoc = object(
    "term",
    "A length of time: exactly one of months, days or hours.",
    &[
        field("months", "A term of calendar months, added in the policy's timezone (the 31st clamps to the month's end).", "12"),
        field("days", "A term of days: the same wall-clock time N days later.", "30"),
        field("hours", "A term of hours (N × 3600 seconds).", "720"),
    ],
)
.schema(r#"{"minProperties": 1, "maxProperties": 1}"#);

const LIST_RATE: TypeDoc = object(
    "listRate",
    "A list rate: the price of one period.",
    &[
        field(
            "per",
            "The period the price is for: a term object.",
            r#"{"months": 1}"#,
        ),
        field(
            "price",
            "The price of one such period (before tax when tax.inclusive is false).",
            r#""7200.00""#,
        ),
    ],
);

const METER: TypeDoc = object(
    "meter",
    "A metered quantity; the order's `usage` gives its use by id.",
    &[
        field(
            "id",
            "The meter's identifier, the key in `order.usage`.",
            r#""traffic_gb""#,
        ),
        field(
            "name",
            "How customers know the meter. Absent: the id.",
            r#""Traffic (GB)""#,
        ),
        field(
            "included",
            "Units included before the unit price applies.",
            r#""6000""#,
        )
        .default(r#""0""#),
        field(
            "unitPrice",
            "The price per unit beyond `included`.",
            r#""0.60""#,
        ),
    ],
);

const TIMELINE: TypeDoc = object(
    "timeline",
    "How long the refund takes (docs/policy.md 7.1); each field optional.",
    &[
        field(
            "approval",
            "Approval tiers by the amount paid out, each with `upTo` but the last (strictly increasing).",
            r#"[{"tier": "automatic", "upTo": "5000.00", "businessDays": [1, 3]}, {"tier": "review", "businessDays": [5, 10]}]"#,
        )
        .schema(r#"{"minItems": 1}"#)
        .default(r#"[{"tier": "automatic", "businessDays": [1, 3]}]"#),
        field(
            "reasons",
            "Adjustments of the approval days by `request.reason` (silent: use `extensions` to say why).",
            r#"[{"reason": "dissatisfied", "businessDays": [0, 2]}]"#,
        )
        .default("[]"),
        field(
            "payout",
            "Days from the approval to the money arriving, by payment method; a method listed replaces its built-in entry.",
            r#"{"wechat_pay": {"businessDays": [0, 3], "refundWindowDays": 365}}"#,
        ),
        field(
            "extensions",
            "Named conditions that make the review longer, each said in a `review_longer` warning when it holds.",
            r#"[{"code": "large_amount", "when": {"minRefund": "200000.00"}, "businessDays": [0, 10]}]"#,
        )
        .default("[]"),
    ],
);

const APPROVAL_TIER: TypeDoc = object(
    "approvalTier",
    "An approval tier.",
    &[
        field(
            "tier",
            "The code echoed in the estimate's timeline: automatic, review and large_amount have built-in texts; any other code needs a `label`.",
            r#""review""#,
        ),
        field("label", "How the tier is named. Absent: the built-in text.", r#"{"en": "manual review", "zh-CN": "人工审核"}"#),
        field(
            "upTo",
            "The largest amount this tier approves (inclusive); required on every tier but the last, refused on the last.",
            r#""5000.00""#,
        ),
        field("businessDays", "[fewest, most] business days, 0–400.", "[1, 3]").schema(DAY_RANGE),
    ],
);

const REASON_ADJUSTMENT: TypeDoc = object(
    "reasonAdjustment",
    "An adjustment of the approval days for one reason.",
    &[
        field(
            "reason",
            "The `request.reason` it applies to (the first entry of a reason applies).",
            r#""dissatisfied""#,
        ),
        field(
            "businessDays",
            "Deltas [Δfewest, Δmost], −400 to 400, added to the tier's range: [0, -1] keeps the fastest and shortens the slowest by a day.",
            "[0, 2]",
        )
        .schema(
            r#"{"minItems": 2, "maxItems": 2, "items": {"type": "integer", "minimum": -400, "maximum": 400}}"#,
        ),
    ],
);

const PAYOUT: TypeDoc = object(
    "payout",
    "The payout time per payment method; methods not listed keep their built-in entries (card [5, 10], alipay [0, 1], wechat_pay [0, 3], bank_transfer [1, 5], paypal [3, 5], balance [0, 0]).",
    &[
        field("card", "Refunds to a card (built in: 5–10 business days).", r#"{"businessDays": [5, 10]}"#),
        field("alipay", "Refunds to Alipay (built in: 0–1 business days).", r#"{"businessDays": [0, 1]}"#),
        field("wechat_pay", "Refunds to WeChat Pay (built in: 0–3 business days).", r#"{"businessDays": [0, 3], "refundWindowDays": 365}"#),
        field("bank_transfer", "Refunds by bank transfer (built in: 1–5 business days, domestic).", r#"{"businessDays": [1, 5]}"#),
        field("paypal", "Refunds to PayPal (built in: 3–5 business days).", r#"{"businessDays": [3, 5], "refundWindowDays": 180}"#),
        field(
            "balance",
            "The account balance; it also times account credit, returned vouchers and SLA credits.",
            r#"{"businessDays": [0, 0]}"#,
        ),
    ],
);

const PAYOUT_METHOD: TypeDoc = object(
    "payoutMethod",
    "How refunds to one payment method are paid out; replaces its built-in entry as a whole.",
    &[
        field("businessDays", "[fewest, most] business days from the approval, 0–400.", "[5, 10]").schema(DAY_RANGE),
        field(
            "refundWindowDays",
            "The method takes refunds only this many days after the payment; later the cash goes to the account balance.",
            "365",
        ),
        field(
            "intermediaryFees",
            "A cross-border wire, which may lose intermediary bank fees (warning wire_intermediary_fees); off for a domestic transfer.",
            "false",
        )
        .default("false"),
    ],
);

const EXTENSION: TypeDoc = object(
    "extension",
    "A condition that makes the review longer.",
    &[
        field(
            "code",
            "large_amount, account_check, investigation and communication have built-in texts; the policy's own codes need a `label`. Unique in the list.",
            r#""investigation""#,
        ),
        field(
            "label",
            "Why the review takes longer, as a clause. Absent: the built-in text.",
            r#"{"en": "the case is investigated first", "zh-CN": "需要先调查核实情况"}"#,
        ),
        field("when", "When it applies; absent: always.", r#"{"reasons": ["provider_fault"]}"#),
        field("businessDays", "[fewest, most] business days added to the approval, 0–400.", "[0, 5]").schema(DAY_RANGE),
    ],
);

const CONDITION: TypeDoc = object(
    "condition",
    "Conditions, all of which must hold.",
    &[
        field("reasons", "`request.reason` is one of them.", r#"["provider_fault", "dissatisfied"]"#),
        field(
            "paymentMethods",
            "`order.paymentMethod` is one of them (the method paid with, even when the cash goes to the balance).",
            r#"["bank_transfer"]"#,
        ),
        field("invoiced", "`order.invoiced` equals it.", "true"),
        field(
            "minRefund",
            "The refund is at least this (SLA credits not counted; not grossed up for tax).",
            r#""50000.00""#,
        ),
        field(
            "destinations",
            "At least one of them receives money in this estimate.",
            r#"["original_method"]"#,
        ),
        field(
            "paymentMethodValid",
            "`order.paymentMethodValid` equals it (false: the method can no longer take refunds).",
            "false",
        ),
    ],
);

const CALENDAR: TypeDoc = object(
    "calendar",
    "The business-day calendar: a day is a business day when listed in `workdays`, else when it is Monday to Friday and not in `holidays`.",
    &[
        field(
            "holidays",
            "Days off that would otherwise be business days.",
            r#"["2026-10-01", "2026-10-02"]"#,
        )
        .schema(r#"{"items": {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}}"#),
        field(
            "workdays",
            "Make-up working days: weekend days that are business days.",
            r#"["2026-10-10"]"#,
        )
        .schema(r#"{"items": {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}}"#),
        field(
            "provisional",
            "Years whose holidays are projected, not published: an estimate counting business days through one says so (warning calendar_provisional).",
            "[2027]",
        ),
        field(
            "note",
            "Where the dates come from; for people, not used by the engine.",
            r#""Mainland China public holidays, State Council notice""#,
        ),
    ],
);

const DOCUMENT: TypeDoc = object(
    "document",
    "A document the customer prepares, listed when its conditions hold (docs/policy.md 7.6).",
    &[
        field(
            "code",
            "A built-in code (account_screenshot, bill_screenshot, invoice_reversal, fault_evidence, communication_records, duplicate_orders, bank_details) or the policy's own with a `label`; unique in the list.",
            r#""authorization_letter""#,
        ),
        field("label", "The document's name. Absent: the built-in label.", r#"{"en": "Letter of authorization", "zh-CN": "退款授权书"}"#),
        field(
            "detail",
            "Longer guidance. Absent: the built-in detail, or none for the policy's own codes.",
            r#""Refunds of CN¥50,000 or more need a letter with the company seal.""#,
        ),
        field("when", "When it is listed; absent: always.", r#"{"minRefund": "50000.00"}"#),
    ],
);

const CHANNEL: TypeDoc = object(
    "channel",
    "A channel to submit the request through.",
    &[
        field(
            "kind",
            "hotline, online_chat, email_ticket or account_manager.",
            r#""hotline""#,
        ),
        field(
            "contact",
            "How to reach it: a number, an address, a console path.",
            r#"{"en": "400-820-0000 (24/7)", "zh-CN": "400-820-0000（7×24 小时）"}"#,
        ),
    ],
);

const TYPES: &[TypeDoc] = &[
    POLICY,
    TEXT,
    TAX,
    RULES,
    ELIGIBILITY,
    COOLING_OFF,
    CONSUMED,
    MULTIPLIER,
    FEES,
    HANDLING,
    HANDLING_TIER,
    EARLY_TERMINATION,
    FEE_CLAUSE,
    SCHEDULE_STEP,
    NON_REFUNDABLE,
    PROCESSING_FEE,
    SLA,
    SLA_TIER,
    CLAIM_WINDOW,
    SETTLEMENT,
    REFUND_BASE,
    ACCOUNT_CAP,
    CANCELLATION,
    REFUND_WINDOW,
    PLAN,
    TERM,
    LIST_RATE,
    METER,
    TIMELINE,
    APPROVAL_TIER,
    REASON_ADJUSTMENT,
    PAYOUT,
    PAYOUT_METHOD,
    EXTENSION,
    CONDITION,
    CALENDAR,
    DOCUMENT,
    CHANNEL,
];

#[cfg(test)]
mod tests {
    use super::*;

    const UPDATE: &str = "UPDATE_SCHEMA=1 cargo test --lib schema";

    fn schema() -> Value {
        generate(TYPES).unwrap_or_else(|errors| {
            panic!(
                "the policy reader and the tables of src/schema.rs disagree:\n- {}",
                errors.join("\n- ")
            )
        })
    }

    #[test]
    fn the_tables_describe_every_field_the_reader_reads() {
        let schema = schema();
        // The survey saw the whole policy: its sections, a plan's overrides, a kind's parameter.
        let defs = schema.get("$defs").unwrap();
        for name in [
            "plan",
            "rules",
            "earlyTermination",
            "refundWindow",
            "condition",
            "text",
        ] {
            assert!(defs.get(name).is_some(), "{name}");
        }
        let et = defs.get("earlyTermination").unwrap();
        let props = et.get("properties").unwrap();
        for key in [
            "kind",
            "percent",
            "months",
            "amount",
            "schedule",
            "min",
            "max",
            "onlyBeforeStart",
        ] {
            assert!(props.get(key).is_some(), "earlyTermination.{key}");
        }
    }

    /// The tables without one field the reader asks for, and with one it does not.
    #[test]
    fn a_field_missing_from_the_tables_or_no_longer_read_fails_by_name() {
        let mut types: Vec<TypeDoc> = TYPES.to_vec();
        let cancellation = types.iter_mut().find(|t| t.name == "cancellation").unwrap();
        let fewer: Vec<FieldDoc> = cancellation
            .fields
            .iter()
            .copied()
            .filter(|f| f.key != "serviceEnds")
            .collect();
        cancellation.fields = Box::leak(fewer.into_boxed_slice());
        let tax = types.iter_mut().find(|t| t.name == "tax").unwrap();
        let mut more: Vec<FieldDoc> = tax.fields.to_vec();
        more.push(field("compound", "Tax on tax.", "true"));
        tax.fields = Box::leak(more.into_boxed_slice());
        let errors = generate(&types).unwrap_err();
        assert_eq!(
            errors,
            [
                "src/schema.rs describes `cancellation` (fields [\"refund\", \"window\"]), and the reader reads no object with exactly these fields",
                "src/schema.rs describes `tax` (fields [\"compound\", \"inclusive\", \"rate\"]), and the reader reads no object with exactly these fields",
                "the reader reads an object with the fields [\"inclusive\", \"rate\"] at `tax`, and src/schema.rs describes none with exactly these: remove [\"compound\"] from `tax`",
                "the reader reads an object with the fields [\"refund\", \"serviceEnds\", \"window\"] at `plans[].rules.cancellation`, `rules.cancellation`, and src/schema.rs describes none with exactly these: add [\"serviceEnds\"] to `cancellation`",
            ]
        );
        // A description of an object the reader never reads; an object nothing resembles.
        let mut types: Vec<TypeDoc> = TYPES
            .iter()
            .copied()
            .filter(|t| t.name != "multiplier")
            .collect();
        types.push(object("refundPlan", "x", &[]));
        let errors = generate(&types).unwrap_err();
        assert_eq!(
            errors,
            [
                "src/schema.rs describes `refundPlan` (fields []), and the reader reads no object with exactly these fields",
                "the reader reads an object with the fields [\"factor\", \"withinDays\"] at `plans[].rules.consumed.multiplier`, `rules.consumed.multiplier`, and src/schema.rs describes none with exactly these: add an object type to TYPES",
            ]
        );
    }

    /// A field the reader checks by matching the value itself (no typed read) must say
    /// what it is: `timeline.reasons[].businessDays` holds signed day counts.
    #[test]
    fn a_value_the_survey_cannot_see_needs_its_schema() {
        let mut types: Vec<TypeDoc> = TYPES.to_vec();
        let adjustment = types
            .iter_mut()
            .find(|t| t.name == "reasonAdjustment")
            .unwrap();
        let plain: Vec<FieldDoc> = adjustment
            .fields
            .iter()
            .map(|f| {
                if f.key == "businessDays" {
                    field(f.key, f.description, f.example)
                } else {
                    *f
                }
            })
            .collect();
        adjustment.fields = Box::leak(plain.into_boxed_slice());
        let errors = generate(&types).unwrap_err().join("\n");
        assert!(
            errors.contains(
                "`timeline.reasons[].businessDays`: the reader matches this value itself"
            ),
            "{errors}"
        );
    }

    #[test]
    fn the_kind_of_an_early_termination_fee_decides_its_parameter() {
        let schema = schema();
        let rules = schema
            .get("$defs")
            .unwrap()
            .get("earlyTermination")
            .unwrap()
            .get("allOf")
            .unwrap();
        let Value::Array(rules) = rules else { panic!() };
        let text = |v: &Value| v.to_json();
        assert_eq!(rules.len(), 5);
        let flat = rules
            .iter()
            .find(|r| text(r).contains(r#"{"const":"flat"}"#))
            .unwrap();
        assert_eq!(
            text(flat.get("then").unwrap()),
            r#"{"required":["amount"],"properties":{"percent":false,"months":false,"schedule":false}}"#
        );
        let lesser = rules
            .iter()
            .find(|r| text(r).contains("lesser_of_discount_or_remaining"))
            .unwrap();
        assert_eq!(
            text(lesser.get("then").unwrap()),
            r#"{"required":[],"properties":{"percent":false,"months":false,"amount":false,"schedule":false}}"#
        );
    }

    #[test]
    fn decimal_patterns_hold_the_reader_s_bounds() {
        assert_eq!(
            decimal_pattern(Decimal::ZERO, Decimal::ONE_HUNDRED),
            r"^(?:0*[0-9]{1,2}(?:\.[0-9]+)?|0*1(?:0{2})(?:\.0+)?|-0+(?:\.0+)?)$"
        );
        assert_eq!(
            decimal_pattern(Decimal::ONE, Decimal::ONE_HUNDRED),
            r"^(?:0*[1-9][0-9]{0,1}(?:\.[0-9]+)?|0*1(?:0{2})(?:\.0+)?)$"
        );
        assert_eq!(
            decimal_pattern(Decimal::ONE, Decimal::TWO),
            r"^-?[0-9]+(?:\.[0-9]+)?$"
        );
    }

    /// Every key of every policy the project ships or tests with is a property of the
    /// schema where it stands: the reader accepts these policies, so a field it reads and
    /// the survey missed would show here. (The JS suite validates them with ajv as well.)
    #[test]
    fn every_field_of_every_shipped_and_golden_policy_is_in_the_schema() {
        let schema = schema();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut policies: Vec<(String, Value)> = Vec::new();
        let mut read = |dir: &str, inside: &dyn Fn(Value) -> Option<Value>| {
            let mut files: Vec<_> = std::fs::read_dir(root.join(dir))
                .unwrap()
                .map(|e| e.unwrap().path())
                .collect();
            files.sort();
            for file in files
                .into_iter()
                .filter(|f| f.extension().is_some_and(|e| e == "json"))
            {
                let value = Value::parse(&std::fs::read_to_string(&file).unwrap()).unwrap();
                if let Some(policy) = inside(value) {
                    policies.push((file.display().to_string(), policy));
                }
            }
        };
        read("policies", &Some);
        read("policies/examples", &Some);
        let in_input = |case: Value| case.get("input")?.get("policy").cloned();
        read("tests/cases", &in_input);
        read("tests/whatif", &in_input);
        assert!(policies.len() > 100, "{}", policies.len());
        let mut checked = 0;
        for (file, policy) in &policies {
            if crate::policy::Policy::from_value(policy).is_err() {
                continue; // an error case's policy
            }
            let mut unknown = Vec::new();
            walk(&schema, &schema, policy, "", &mut unknown);
            assert!(unknown.is_empty(), "{file}: not in the schema: {unknown:?}");
            checked += 1;
        }
        assert!(checked > 100, "{checked}");
    }

    /// Follows `$ref`, `anyOf` alternatives and `items`; records keys with no property.
    fn walk(root: &Value, node: &Value, value: &Value, path: &str, unknown: &mut Vec<String>) {
        if let Some(Value::String(r)) = node.get("$ref") {
            let name = r.strip_prefix("#/$defs/").unwrap();
            return walk(
                root,
                root.get("$defs").unwrap().get(name).unwrap(),
                value,
                path,
                unknown,
            );
        }
        if let Some(Value::Array(alternatives)) = node.get("anyOf") {
            for alternative in alternatives {
                walk(root, alternative, value, path, unknown);
            }
        }
        match value {
            Value::Object(entries) => {
                let Some(properties) = node.get("properties") else {
                    return;
                };
                for (key, v) in entries {
                    let at = child(path, key);
                    match properties.get(key) {
                        Some(p) => walk(root, p, v, &at, unknown),
                        None => unknown.push(at),
                    }
                }
            }
            Value::Array(items) => {
                if let Some(item) = node.get("items") {
                    for v in items {
                        walk(root, item, v, &format!("{path}[]"), unknown);
                    }
                }
            }
            _ => {}
        }
    }

    #[test]
    fn policy_schema_json_is_what_the_reader_and_the_tables_generate() {
        let text = format!("{}\n", schema().to_json_pretty());
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("policy.schema.json");
        if std::env::var_os("UPDATE_SCHEMA").is_some() {
            std::fs::write(&path, &text).unwrap();
            return;
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == text,
            "policy.schema.json is not what the reader and src/schema.rs generate: run `{UPDATE}` and commit it"
        );
    }
}
