//! `refund-estimator`: the native CLI. Same engine, same bytes as the browser.
//!
//! Exit codes: 0 success; 1 the input was refused (its error JSON on stderr, or as the
//! line's answer with `--jsonl`); 2 a usage error (clap's convention); 3 a file or a pipe
//! that cannot be read or written.

use lexopt::prelude::*;
use refund_estimator::{Decimal, Error, Estimator, Number, ToValue, Value};
use std::ffi::OsString;
use std::io::{BufRead, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The longest input read, the library's limit (16 MiB): reading stops one byte past it,
/// so a gigabyte on stdin, or `/dev/zero`, is refused without being read.
const MAX_INPUT: usize = refund_estimator::MAX_INPUT_BYTES;

/// The policy's JSON Schema, generated from the policy reader (src/schema.rs) and
/// committed; the npm package ships the same file.
const POLICY_SCHEMA: &str = include_str!("../../policy.schema.json");

const USAGE: &str = "\
Usage: refund-estimator <COMMAND> [OPTIONS] [FILE]

Commands:
  estimate        The refund estimate for {policy?, order, request}
  curve           The refund over the cancellation date, its break points and best moment
  compare         What each plan costs someone who leaves after a while
  validate        Check a policy; print every problem with its path
  diff            Two versions of a policy on the same orders: each refund, and what changes
  default-policy  Print the bundled default policy
  schema          Print the policy's JSON Schema, for editors (policy.schema.json)
  help            Print this message or the help of a command";

const EXIT_CODES: &str = "\
Exit codes:
  0  success
  1  the input was refused: the error JSON {code, path, message, errors} on stderr
  2  usage error (an unknown command or option, a missing value)
  3  a file or a pipe that cannot be read or written";

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Command {
    Estimate,
    Curve,
    Compare,
    Validate,
    Diff,
    DefaultPolicy,
    Schema,
}

/// The options a command may take.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Opt {
    Policy,
    Options,
    Locale,
    Jsonl,
    Compact,
    Orders,
}

impl Command {
    const ALL: [Command; 7] = [
        Command::Estimate,
        Command::Curve,
        Command::Compare,
        Command::Validate,
        Command::Diff,
        Command::DefaultPolicy,
        Command::Schema,
    ];

    fn name(self) -> &'static str {
        match self {
            Command::Estimate => "estimate",
            Command::Curve => "curve",
            Command::Compare => "compare",
            Command::Validate => "validate",
            Command::Diff => "diff",
            Command::DefaultPolicy => "default-policy",
            Command::Schema => "schema",
        }
    }

    fn from_name(name: &str) -> Option<Command> {
        Command::ALL.into_iter().find(|c| c.name() == name)
    }

    fn takes(self, opt: Opt) -> bool {
        match self {
            Command::Estimate => !matches!(opt, Opt::Options | Opt::Orders),
            Command::Curve | Command::Compare => !matches!(opt, Opt::Jsonl | Opt::Orders),
            Command::Validate => opt == Opt::Compact,
            Command::Diff => opt == Opt::Orders,
            Command::DefaultPolicy | Command::Schema => false,
        }
    }

    /// Whether the command reads a file named as an argument.
    fn takes_file(self) -> bool {
        !matches!(self, Command::DefaultPolicy | Command::Schema)
    }

    fn usage(self) -> &'static str {
        match self {
            Command::Estimate => "Usage: refund-estimator estimate [FILE] [--policy FILE] [--locale LOCALE] [--jsonl] [--compact]",
            Command::Curve => "Usage: refund-estimator curve [FILE] [--options JSON|@FILE] [--policy FILE] [--locale LOCALE] [--compact]",
            Command::Compare => "Usage: refund-estimator compare [FILE] --options JSON|@FILE [--policy FILE] [--locale LOCALE] [--compact]",
            Command::Validate => "Usage: refund-estimator validate POLICY_FILE [--compact]",
            Command::Diff => "Usage: refund-estimator diff OLD_POLICY NEW_POLICY --orders ORDERS_FILE",
            Command::DefaultPolicy => "Usage: refund-estimator default-policy",
            Command::Schema => "Usage: refund-estimator schema",
        }
    }

    fn about(self) -> &'static str {
        match self {
            Command::Estimate => {
                "\
The refund estimate for {policy?, order, request} read from FILE (stdin without it, or
with -). Without \"policy\", the bundled default policy applies."
            }
            Command::Curve => {
                "\
The refund over the cancellation date for the order in FILE ({policy?, order, request}):
its points, break points and best moment."
            }
            Command::Compare => {
                "\
What each plan costs someone who leaves after a while. FILE is
{policy?, start, paymentMethod?, reason?, locale?}."
            }
            Command::Validate => {
                "\
Checks the policy in POLICY_FILE (- for stdin). Prints {\"ok\": true, id, version, plans}
or the error JSON with every problem and its path."
            }
            Command::Diff => {
                "\
What a new version of a policy changes, order by order: each line of ORDERS_FILE
({order, request} per line, as for estimate --jsonl; - for stdin; a line's own \"policy\"
is replaced) is estimated under OLD_POLICY and NEW_POLICY. One JSON line per order, in
order: {line, plan, at, old: {refund, owed, outcome}, new: {…}, change, owedChange}, the
changes being new − old; an order a version refuses has {error} in that version's place and
no change. Then one last line, {summary: {orders, changed, unchanged, refused, currency,
totalChange, totalOwedChange, largestIncrease, largestDecrease}}, each largest change being
{line, plan, change} or null. The two policies must share a currency; their problems have
paths under \"old\" and \"new\". Exit 1 also when a version refuses an order, or a line
cannot be read: every line is still answered, the refused ones with their error."
            }
            Command::DefaultPolicy => "Prints the bundled default policy.",
            Command::Schema => {
                "\
Prints the policy's JSON Schema (2020-12): every field with a description and an example,
for completion and inline docs in an editor. Save it and point a policy's \"$schema\" at
it, or map it in VS Code's \"json.schemas\" setting (docs/policy.md, \"Editing a policy\")."
            }
        }
    }

    fn help(self) -> String {
        let mut options = String::from("Options:\n");
        let rows: [(Opt, &str); 6] = [
            (
                Opt::Policy,
                "  --policy FILE     Use this policy (replaces the input's \"policy\")",
            ),
            (
                Opt::Options,
                if self == Command::Compare {
                    "  --options JSON    {\"after\": {\"months\": 4}, \"plans\": [\"monthly-50m\"]}, as JSON text or @FILE"
                } else {
                    "  --options JSON    {\"from\": \"2026-02-01\", \"to\": …, \"step\": \"hour|day|week|month\"}, as JSON text or @FILE"
                },
            ),
            (
                Opt::Locale,
                "  --locale LOCALE   Answer in this locale (en, zh-CN), replacing the input's",
            ),
            (
                Opt::Jsonl,
                "  --jsonl           One input per line, one answer per line, in order: a line that is\n                    refused (blank, not JSON, not UTF-8 or invalid) answers with its\n                    error JSON and the next line is read (exit 1 if any was); each\n                    answer is flushed as it is written, so the CLI can run as a\n                    co-process",
            ),
            (
                Opt::Compact,
                "  --compact         Print JSON on one line (errors too)",
            ),
            (
                Opt::Orders,
                "  --orders FILE     The orders, one {order, request} per line (- for stdin); required",
            ),
        ];
        for (opt, row) in rows {
            if self.takes(opt) {
                options.push_str(row);
                options.push('\n');
            }
        }
        options.push_str("  -h, --help        Print this help");
        format!(
            "{}\n\n{}\n\n{options}\n\n{EXIT_CODES}",
            self.about(),
            self.usage()
        )
    }
}

fn top_help() -> String {
    format!(
        "refund-estimator {}: exact, itemized refund estimates from a refund policy\n\n{USAGE}\n\nOptions:\n  -h, --help     Print help (a command's own: refund-estimator help estimate)\n  -V, --version  Print the version\n\n{EXIT_CODES}",
        refund_estimator::VERSION
    )
}

#[derive(Default)]
struct Options {
    file: Option<PathBuf>,
    policy: Option<PathBuf>,
    options: Option<OsString>,
    locale: Option<String>,
    jsonl: bool,
    compact: bool,
    /// `diff`'s second policy file.
    second: Option<PathBuf>,
    /// `diff --orders`.
    orders: Option<PathBuf>,
}

/// How a command ended when it did not succeed.
enum Failure {
    /// The input was refused: its error JSON goes to stderr (exit 1).
    Refused(Error),
    /// The input was refused for a reason the CLI finds itself: this error JSON (exit 1).
    RefusedWith(Value),
    /// The arguments were wrong (exit 2): the message, and the command they were for.
    Usage(String, Option<Command>),
    /// A file or a pipe failed (exit 3).
    Io(String),
}

impl From<lexopt::Error> for Failure {
    fn from(e: lexopt::Error) -> Failure {
        Failure::Usage(e.to_string(), None)
    }
}

fn main() -> ExitCode {
    let mut compact = false;
    match run(&mut compact) {
        Ok(code) => code,
        Err(failure @ (Failure::Refused(_) | Failure::RefusedWith(_))) => {
            let value = match failure {
                Failure::Refused(e) => e.to_value(),
                Failure::RefusedWith(value) => value,
                _ => Value::Null,
            };
            let text = if compact {
                value.to_json()
            } else {
                value.to_json_pretty()
            };
            let _ = writeln!(std::io::stderr(), "{text}");
            ExitCode::from(1)
        }
        Err(Failure::Usage(message, command)) => {
            let (usage, more) = match command {
                Some(c) => (
                    c.usage().to_owned(),
                    format!("refund-estimator {} --help", c.name()),
                ),
                None => (USAGE.to_owned(), "refund-estimator --help".to_owned()),
            };
            let _ = writeln!(
                std::io::stderr(),
                "error: {message}\n\n{usage}\n\nFor more information, try '{more}'."
            );
            ExitCode::from(2)
        }
        Err(Failure::Io(message)) => {
            let _ = writeln!(std::io::stderr(), "refund-estimator: {message}");
            ExitCode::from(3)
        }
    }
}

fn run(compact: &mut bool) -> Result<ExitCode, Failure> {
    let mut parser = lexopt::Parser::from_env();
    let command = match parser.next()? {
        None => return Err(Failure::Usage("a command is required".to_owned(), None)),
        Some(Short('h') | Long("help")) => return emit(&top_help()),
        Some(Short('V') | Long("version")) => {
            return emit(&format!("refund-estimator {}", refund_estimator::VERSION))
        }
        Some(Value(name)) => {
            let name = name.string()?;
            if name == "help" {
                return help(parser.next()?);
            }
            Command::from_name(&name)
                .ok_or_else(|| Failure::Usage(format!("unknown command '{name}'"), None))?
        }
        Some(other) => return Err(other.unexpected().into()),
    };
    let Some(options) = parse_options(command, &mut parser)? else {
        return emit(&command.help());
    };
    *compact = options.compact;
    match command {
        Command::Estimate if options.jsonl => estimate_lines(&options),
        Command::Estimate | Command::Curve | Command::Compare => {
            let bytes = read_input(options.file.as_deref())?;
            let input = prepare(&bytes, &options)?;
            let answer = match command {
                Command::Estimate => refund_estimator::estimate(&input).map(|e| {
                    if options.compact {
                        e.to_json()
                    } else {
                        e.to_json_pretty()
                    }
                }),
                _ => {
                    let opts = read_options(options.options.as_ref())?;
                    let value = if command == Command::Curve {
                        refund_estimator::refund_curve(&input, &opts).map(|c| c.to_value())
                    } else {
                        refund_estimator::compare_plans(&input, &opts).map(|c| c.to_value())
                    };
                    value.map(|v| {
                        if options.compact {
                            v.to_json()
                        } else {
                            v.to_json_pretty()
                        }
                    })
                }
            };
            emit(&answer.map_err(Failure::Refused)?)
        }
        Command::Validate => {
            let Some(file) = options.file.as_deref() else {
                return Err(Failure::Usage(
                    "validate needs a policy file (- for stdin)".to_owned(),
                    Some(command),
                ));
            };
            let bytes = read_input(Some(file))?;
            let policy = Value::parse_bytes(&bytes)
                .and_then(|v| refund_estimator::validate_policy(&v))
                .map_err(Failure::Refused)?;
            emit(&format!(
                "{{\"ok\":true,\"id\":{},\"version\":{},\"plans\":{}}}",
                json_string(policy.id()),
                json_string(policy.version()),
                policy.plan_ids().count()
            ))
        }
        Command::Diff => diff(&options),
        // Written to a file of its own, the policy points editors at the published schema:
        // the repository's relative "../policy.schema.json" would not be beside it.
        Command::DefaultPolicy => emit(&refund_estimator::DEFAULT_POLICY_JSON.trim_end().replacen(
            "\"$schema\": \"../policy.schema.json\"",
            "\"$schema\": \"https://unpkg.com/refund-estimator/policy.schema.json\"",
            1,
        )),
        Command::Schema => emit(POLICY_SCHEMA.trim_end()),
    }
}

/// `help [COMMAND]`.
fn help(arg: Option<lexopt::Arg<'_>>) -> Result<ExitCode, Failure> {
    match arg {
        None => emit(&top_help()),
        Some(Value(name)) => {
            let name = name.string()?;
            match Command::from_name(&name) {
                Some(command) => emit(&command.help()),
                None => Err(Failure::Usage(format!("unknown command '{name}'"), None)),
            }
        }
        Some(other) => Err(other.unexpected().into()),
    }
}

/// The command's options, every one checked before any input is read; `None` when the
/// command's help was asked for, wherever `--help` stands among its arguments.
fn parse_options(
    command: Command,
    parser: &mut lexopt::Parser,
) -> Result<Option<Options>, Failure> {
    let parsed = read_options_of(command, parser);
    let asks_help = || {
        std::env::args_os()
            .skip(2)
            .any(|arg| arg == "--help" || arg == "-h")
    };
    match parsed {
        Err(Failure::Usage(..)) if asks_help() => Ok(None),
        other => other,
    }
}

fn read_options_of(
    command: Command,
    parser: &mut lexopt::Parser,
) -> Result<Option<Options>, Failure> {
    let mut options = Options::default();
    let usage = |message: String| Failure::Usage(message, Some(command));
    loop {
        // What the argument is, owned: its text borrows the parser.
        let (opt, flag) = match parser.next().map_err(|e| usage(e.to_string()))? {
            None => break,
            Some(Short('h') | Long("help")) => return Ok(None),
            Some(Long("policy")) => (Opt::Policy, "--policy"),
            Some(Long("options")) => (Opt::Options, "--options"),
            Some(Long("locale")) => (Opt::Locale, "--locale"),
            Some(Long("jsonl")) => (Opt::Jsonl, "--jsonl"),
            Some(Long("compact")) => (Opt::Compact, "--compact"),
            Some(Long("orders")) => (Opt::Orders, "--orders"),
            Some(Value(file)) if options.file.is_none() && command.takes_file() => {
                options.file = Some(PathBuf::from(file));
                continue;
            }
            Some(Value(file)) if options.second.is_none() && command == Command::Diff => {
                options.second = Some(PathBuf::from(file));
                continue;
            }
            Some(other) => return Err(usage(other.unexpected().to_string())),
        };
        if !command.takes(opt) {
            return Err(usage(format!("{} does not take {flag}", command.name())));
        }
        let mut value = || {
            parser
                .value()
                .map_err(|_| usage(format!("{flag} needs a value")))
        };
        match opt {
            Opt::Policy => options.policy = Some(PathBuf::from(value()?)),
            Opt::Options => options.options = Some(value()?),
            Opt::Locale => {
                let locale = value()?
                    .into_string()
                    .map_err(|_| usage("--locale must be UTF-8 text, such as zh-CN".to_owned()))?;
                options.locale = Some(locale);
            }
            Opt::Jsonl => options.jsonl = true,
            Opt::Compact => options.compact = true,
            Opt::Orders => options.orders = Some(PathBuf::from(value()?)),
        }
    }
    Ok(Some(options))
}

/// The bytes of `file` (stdin when absent or `-`), at most one past [`MAX_INPUT`].
fn read_input(file: Option<&Path>) -> Result<Vec<u8>, Failure> {
    let limit = u64::try_from(MAX_INPUT)
        .unwrap_or(u64::MAX)
        .saturating_add(1);
    let mut bytes = Vec::new();
    match file.filter(|path| *path != Path::new("-")) {
        None => std::io::stdin()
            .lock()
            .take(limit)
            .read_to_end(&mut bytes)
            .map_err(|e| Failure::Io(format!("cannot read stdin: {e}")))?,
        Some(path) => std::fs::File::open(path)
            .and_then(|f| f.take(limit).read_to_end(&mut bytes))
            .map_err(|e| Failure::Io(format!("cannot read {}: {e}", path.display())))?,
    };
    Ok(bytes)
}

/// The policy given with `--policy`, placed at `policy` of each input.
fn read_policy(path: &Path) -> Result<Value, Failure> {
    let bytes = read_input(Some(path))?;
    Value::parse_bytes(&bytes).map_err(|e| {
        Failure::Refused(e.within("policy", &format!("the --policy file ({})", path.display())))
    })
}

/// `--options`: JSON text, or `@FILE`; `{}` without it.
fn read_options(arg: Option<&OsString>) -> Result<Value, Failure> {
    let Some(arg) = arg else {
        return Ok(Value::Object(Vec::new()));
    };
    let bytes = arg.as_encoded_bytes();
    let (bytes, what) = match bytes.strip_prefix(b"@") {
        Some(path) => {
            let path = PathBuf::from(OsString::from(String::from_utf8_lossy(path).as_ref()));
            let what = format!("the --options file ({})", path.display());
            (read_input(Some(&path))?, what)
        }
        None => (bytes.to_vec(), "the --options JSON".to_owned()),
    };
    Value::parse_bytes(&bytes).map_err(|e| Failure::Refused(e.within("options", &what)))
}

/// Parses one input and applies `--policy` and `--locale` (to `request.locale`, or to
/// `locale` for compare's flat input).
fn prepare(bytes: &[u8], options: &Options) -> Result<Value, Failure> {
    // The policy file is read before the input, so that its problems come first.
    let policy = options.policy.as_deref().map(read_policy).transpose()?;
    let mut input = Value::parse_bytes(bytes).map_err(Failure::Refused)?;
    apply(&mut input, policy, options.locale.as_deref());
    Ok(input)
}

fn apply(input: &mut Value, policy: Option<Value>, locale: Option<&str>) {
    let Value::Object(entries) = input else {
        return;
    };
    if let Some(policy) = policy {
        entries.retain(|(k, _)| k != "policy");
        entries.push(("policy".into(), policy));
    }
    if let Some(locale) = locale {
        let locale = Value::String(locale.to_owned());
        // compare's flat input, {start, locale, …}, has no request.
        let flat = entries.iter().any(|(k, _)| k == "start");
        match entries.iter_mut().find(|(k, _)| k == "request") {
            Some((_, Value::Object(request))) => {
                request.retain(|(k, _)| k != "locale");
                request.push(("locale".into(), locale));
            }
            _ if flat => {
                entries.retain(|(k, _)| k != "locale");
                entries.push(("locale".into(), locale));
            }
            _ => {}
        }
    }
}

/// One line of `--jsonl` input.
enum Line {
    /// The line's bytes, without its `\n` (or `\r\n`).
    Text,
    /// Longer than [`MAX_INPUT`]: read to its end, and not kept.
    TooLong,
    /// No more input.
    End,
}

/// Reads the next line into `buf`, keeping at most [`MAX_INPUT`] bytes of it.
fn read_line(reader: &mut impl BufRead, buf: &mut Vec<u8>) -> std::io::Result<Line> {
    buf.clear();
    let (mut any, mut too_long) = (false, false);
    loop {
        let chunk = reader.fill_buf()?;
        if chunk.is_empty() {
            break;
        }
        any = true;
        let newline = chunk.iter().position(|&b| b == b'\n');
        let part = chunk
            .get(..newline.unwrap_or(chunk.len()))
            .unwrap_or_default();
        if !too_long {
            if buf.len().saturating_add(part.len()) > MAX_INPUT {
                too_long = true;
                buf.clear();
            } else {
                buf.extend_from_slice(part);
            }
        }
        let used = newline.map_or(chunk.len(), |i| i.saturating_add(1));
        reader.consume(used);
        if newline.is_some() {
            break;
        }
    }
    if buf.last() == Some(&b'\r') {
        buf.pop();
    }
    Ok(match (any, too_long) {
        (false, _) => Line::End,
        (true, true) => Line::TooLong,
        (true, false) => Line::Text,
    })
}

/// `estimate --jsonl`: line N's answer is line N of the output, written and flushed before
/// line N + 1 is read.
fn estimate_lines(options: &Options) -> Result<ExitCode, Failure> {
    let mut reader: Box<dyn BufRead> = match options.file.as_deref() {
        Some(path) if path != Path::new("-") => {
            let file = std::fs::File::open(path)
                .map_err(|e| Failure::Io(format!("cannot read {}: {e}", path.display())))?;
            Box::new(std::io::BufReader::new(file))
        }
        _ => Box::new(std::io::stdin().lock()),
    };
    // A --policy file that is refused refuses every line: said once, up front.
    let policy = options.policy.as_deref().map(read_policy).transpose()?;
    let mut out = std::io::stdout().lock();
    let mut refused = false;
    let mut line = Vec::new();
    loop {
        let kind = read_line(&mut reader, &mut line)
            .map_err(|e| Failure::Io(format!("cannot read the input: {e}")))?;
        let answer = match kind {
            Line::End => break,
            Line::TooLong => Err(line_error(
                "input_too_large",
                "the line is longer than 16 MiB (16777216 bytes)",
            )),
            Line::Text if line.iter().all(u8::is_ascii_whitespace) => Err(line_error(
                "invalid_json",
                "the line is empty: each line of --jsonl input holds one JSON input",
            )),
            Line::Text => Value::parse_bytes(&line)
                .and_then(|mut input| {
                    apply(&mut input, policy.clone(), options.locale.as_deref());
                    refund_estimator::estimate(&input)
                })
                .map_err(|e| e.to_json()),
        };
        let text = match answer {
            Ok(estimate) => estimate.to_json(),
            Err(error) => {
                refused = true;
                error
            }
        };
        let written = writeln!(out, "{text}").and_then(|()| out.flush());
        if !written_or_closed(written)? {
            break;
        }
    }
    Ok(if refused {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// A policy file of `diff`, validated once; its problems have paths under `label`.
fn read_estimator(path: &Path, label: &str) -> Result<Estimator, Failure> {
    let bytes = read_input(Some(path))?;
    Value::parse_bytes(&bytes)
        .and_then(|policy| Estimator::from_value(&policy))
        .map_err(|e| {
            Failure::Refused(e.within(
                label,
                &format!("the {label} policy file ({})", path.display()),
            ))
        })
}

/// What one version of the policy says of one order.
struct Figures {
    refund: Decimal,
    owed: Decimal,
    outcome: &'static str,
}

impl Figures {
    fn of(estimate: &refund_estimator::Estimate) -> Result<Figures, Error> {
        Ok(Figures {
            refund: estimate.refund_decimal()?,
            owed: estimate.owed_decimal()?,
            outcome: estimate.outcome.as_str(),
        })
    }

    fn to_value(&self, minor_unit: u32) -> Value {
        object([
            ("refund", money(self.refund, minor_unit)),
            ("owed", money(self.owed, minor_unit)),
            ("outcome", Value::String(self.outcome.to_owned())),
        ])
    }
}

/// The largest change one way: its line, plan and amount.
struct Extreme {
    line: usize,
    plan: Value,
    change: Decimal,
}

impl Extreme {
    fn to_value(extreme: Option<&Extreme>, minor_unit: u32) -> Value {
        extreme.map_or(Value::Null, |e| {
            object([
                ("line", count(e.line)),
                ("plan", e.plan.clone()),
                ("change", money(e.change, minor_unit)),
            ])
        })
    }
}

/// The running summary of `diff`.
#[derive(Default)]
struct DiffSummary {
    /// The policies' currency's decimals, for every amount written.
    minor_unit: u32,
    orders: usize,
    changed: usize,
    unchanged: usize,
    refused: usize,
    total_change: Decimal,
    total_owed_change: Decimal,
    increase: Option<Extreme>,
    decrease: Option<Extreme>,
}

/// `diff OLD NEW --orders FILE`: line N of the output answers line N of the orders, then the
/// summary.
fn diff(options: &Options) -> Result<ExitCode, Failure> {
    let usage = |message: &str| Failure::Usage(message.to_owned(), Some(Command::Diff));
    let (Some(old_path), Some(new_path)) = (options.file.as_deref(), options.second.as_deref())
    else {
        return Err(usage("diff needs two policy files: OLD_POLICY NEW_POLICY"));
    };
    let Some(orders_path) = options.orders.as_deref() else {
        return Err(usage(
            "diff needs --orders FILE: one {order, request} per line (- for stdin)",
        ));
    };
    let stdin = Path::new("-");
    if [old_path, new_path, orders_path]
        .iter()
        .filter(|p| **p == stdin)
        .count()
        > 1
    {
        return Err(usage(
            "diff reads standard input (-) for one of OLD_POLICY, NEW_POLICY and --orders at most",
        ));
    }
    let old = read_estimator(old_path, "old")?;
    let new = read_estimator(new_path, "new")?;
    let currency = old.policy().currency();
    if new.policy().currency() != currency {
        return Err(Failure::RefusedWith(error_value(
            "invalid_enum",
            "new.currency",
            &format!(
                "expected \"{currency}\", the currency of the old policy, got \"{}\": diff compares two versions of one policy",
                new.policy().currency()
            ),
        )));
    }
    let mut reader: Box<dyn BufRead> = match orders_path {
        path if path == Path::new("-") => Box::new(std::io::stdin().lock()),
        path => {
            let file = std::fs::File::open(path)
                .map_err(|e| Failure::Io(format!("cannot read {}: {e}", path.display())))?;
            Box::new(std::io::BufReader::new(file))
        }
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut summary = DiffSummary {
        minor_unit: old.policy().minor_unit(),
        ..DiffSummary::default()
    };
    let mut line = Vec::new();
    let mut number = 0usize;
    let mut refused_any = false;
    loop {
        let kind = read_line(&mut reader, &mut line)
            .map_err(|e| Failure::Io(format!("cannot read the orders: {e}")))?;
        number = number.saturating_add(1);
        let input = match kind {
            Line::End => break,
            Line::TooLong => Err(line_problem(
                "input_too_large",
                "the line is longer than 16 MiB (16777216 bytes)",
            )),
            Line::Text if line.iter().all(u8::is_ascii_whitespace) => Err(line_problem(
                "invalid_json",
                "the line is empty: each line of the orders holds one {order, request}",
            )),
            Line::Text => Value::parse_bytes(&line).map_err(|e| e.to_value()),
        };
        summary.orders = summary.orders.saturating_add(1);
        let answer = match input {
            Err(error) => {
                refused_any = true;
                summary.refused = summary.refused.saturating_add(1);
                object([("line", count(number)), ("error", error)])
            }
            Ok(mut input) => {
                // The versions compared are the command's: a line's own policy is dropped.
                if let Value::Object(entries) = &mut input {
                    entries.retain(|(k, _)| k != "policy");
                }
                let (answer, refused) = diff_line(number, &input, &old, &new, &mut summary);
                refused_any |= refused;
                answer
            }
        };
        let written = writeln!(out, "{}", answer.to_json());
        if !written_or_closed(written)? {
            // The reader went away (`| head`): what was answered still counts.
            return Ok(if refused_any {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            });
        }
    }
    let minor = summary.minor_unit;
    let summary = object([(
        "summary",
        object([
            ("orders", count(summary.orders)),
            ("changed", count(summary.changed)),
            ("unchanged", count(summary.unchanged)),
            ("refused", count(summary.refused)),
            ("currency", Value::String(currency.to_owned())),
            ("totalChange", money(summary.total_change, minor)),
            ("totalOwedChange", money(summary.total_owed_change, minor)),
            (
                "largestIncrease",
                Extreme::to_value(summary.increase.as_ref(), minor),
            ),
            (
                "largestDecrease",
                Extreme::to_value(summary.decrease.as_ref(), minor),
            ),
        ]),
    )]);
    let written = writeln!(out, "{}", summary.to_json()).and_then(|()| out.flush());
    written_or_closed(written)?;
    Ok(if refused_any {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// One order under both versions: its line, and whether a version refused it.
fn diff_line(
    number: usize,
    input: &Value,
    old: &Estimator,
    new: &Estimator,
    summary: &mut DiffSummary,
) -> (Value, bool) {
    let plan = input
        .get("order")
        .and_then(|o| o.get("plan"))
        .cloned()
        .unwrap_or(Value::Null);
    let at = input
        .get("request")
        .and_then(|r| r.get("at"))
        .cloned()
        .unwrap_or(Value::Null);
    let figures = |estimator: &Estimator| estimator.estimate(input).and_then(|e| Figures::of(&e));
    let (before, after) = (figures(old), figures(new));
    let minor = summary.minor_unit;
    let side = |f: &Result<Figures, Error>| match f {
        Ok(f) => f.to_value(minor),
        Err(e) => object([("error", e.to_value())]),
    };
    let mut entries = vec![
        ("line", count(number)),
        ("plan", plan.clone()),
        ("at", at),
        ("old", side(&before)),
        ("new", side(&after)),
    ];
    let (Ok(before), Ok(after)) = (before, after) else {
        summary.refused = summary.refused.saturating_add(1);
        return (object(entries), true);
    };
    // Amounts are at most 10^15: their differences and sums cannot overflow a Decimal.
    let change = after.refund.checked_sub(before.refund).unwrap_or_default();
    let owed_change = after.owed.checked_sub(before.owed).unwrap_or_default();
    entries.push(("change", money(change, minor)));
    entries.push(("owedChange", money(owed_change, minor)));
    let changed = !change.is_zero() || !owed_change.is_zero() || before.outcome != after.outcome;
    if changed {
        summary.changed = summary.changed.saturating_add(1);
    } else {
        summary.unchanged = summary.unchanged.saturating_add(1);
    }
    summary.total_change = summary.total_change.checked_add(change).unwrap_or_default();
    summary.total_owed_change = summary
        .total_owed_change
        .checked_add(owed_change)
        .unwrap_or_default();
    let extreme = || Extreme {
        line: number,
        plan: plan.clone(),
        change,
    };
    // The first of equal changes is kept.
    if change.is_sign_positive()
        && !change.is_zero()
        && summary
            .increase
            .as_ref()
            .map_or(true, |e| change > e.change)
    {
        summary.increase = Some(extreme());
    }
    if change.is_sign_negative()
        && !change.is_zero()
        && summary
            .decrease
            .as_ref()
            .map_or(true, |e| change < e.change)
    {
        summary.decrease = Some(extreme());
    }
    (object(entries), false)
}

fn object(entries: impl IntoIterator<Item = (&'static str, Value)>) -> Value {
    Value::Object(
        entries
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect(),
    )
}

fn count(n: usize) -> Value {
    Value::Number(Number::Int(i64::try_from(n).unwrap_or(i64::MAX)))
}

/// Money as the contract writes it: a plain decimal string with the currency's decimals
/// (`0.00`, not `0`). Every amount here is a refund, an owed sum or a difference of two,
/// already at the minor unit: nothing is rounded.
fn money(mut amount: Decimal, minor_unit: u32) -> Value {
    amount.rescale(minor_unit);
    Value::String(amount.to_string())
}

/// The error of a line that is not read (blank, or too long), as a value.
fn line_problem(code: &str, message: &str) -> Value {
    error_value(code, "", message)
}

/// The error JSON answering a line that is not read (blank, or too long), so that line N's
/// answer stays line N.
fn line_error(code: &str, message: &str) -> String {
    error_value(code, "", message).to_json()
}

/// An error the CLI finds itself, in the engine's form: `{code, path, message, errors}`.
fn error_value(code: &str, path: &str, message: &str) -> Value {
    let problem = Value::Object(vec![
        ("code".into(), Value::String(code.into())),
        ("path".into(), Value::String(path.into())),
        ("message".into(), Value::String(message.into())),
    ]);
    let mut entries = match &problem {
        Value::Object(entries) => entries.clone(),
        _ => Vec::new(),
    };
    entries.push(("errors".into(), Value::Array(vec![problem])));
    Value::Object(entries)
}

/// Writes to stdout; a closed pipe (`| head`) ends quietly instead of failing.
fn emit(text: &str) -> Result<ExitCode, Failure> {
    let mut out = std::io::stdout().lock();
    written_or_closed(writeln!(out, "{text}").and_then(|()| out.flush()))?;
    Ok(ExitCode::SUCCESS)
}

/// `Ok(false)` when the reader went away.
fn written_or_closed(result: std::io::Result<()>) -> Result<bool, Failure> {
    match result {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(false),
        Err(e) => Err(Failure::Io(format!("cannot write the output: {e}"))),
    }
}

fn json_string(s: &str) -> String {
    Value::String(s.to_owned()).to_json()
}
