//! `refund-estimator`: the native CLI. Same engine, same bytes as the browser.

use refund_estimator::{estimate, validate_policy, Error, Estimate, ToValue, Value};
use std::io::{BufRead, Read, Write};
use std::process::ExitCode;

const HELP: &str = "\
refund-estimator: exact, itemized refund estimates from a refund policy

USAGE:
    refund-estimator estimate [FILE] [--policy POLICY_FILE] [--jsonl] [--locale LOCALE] [--compact]
    refund-estimator curve [FILE] [--options JSON] [--policy POLICY_FILE] [--locale LOCALE] [--compact]
    refund-estimator compare [FILE] --options JSON [--policy POLICY_FILE] [--locale LOCALE] [--compact]
    refund-estimator validate POLICY_FILE
    refund-estimator default-policy
    refund-estimator --help | --version

COMMANDS:
    estimate        Read {policy?, order, request} JSON from FILE (or stdin) and print the
                    estimate JSON. Without \"policy\", the bundled default policy applies.
    curve           The refund over the cancellation date for the order in FILE
                    ({policy?, order, request}): points, break points, the best moment.
                    --options '{\"from\": \"2026-02-01\", \"step\": \"week\"}' (hour, day, week, month).
    compare         What each plan costs someone who leaves after a while. FILE is
                    {policy?, start, paymentMethod?, reason?, locale?};
                    --options '{\"after\": {\"months\": 4}, \"plans\": [\"monthly-50m\"]}'.
    validate        Check a policy file; print every problem with its path.
    default-policy  Print the bundled default policy.

OPTIONS:
    --policy FILE     Use this policy (replaces the input's \"policy\").
    --jsonl           One input per line, one output per line. A line that fails prints its
                      error object ({code, path, message, errors}) and processing continues;
                      the exit code is 2 if any line failed.
    --locale LOCALE   Answer in this locale (en, zh-CN), replacing request.locale.
    --options JSON    Options of curve and compare, as JSON text or @FILE.
    --compact         Print JSON on one line.

EXIT CODES:
    0 success; 2 bad input (the error JSON goes to stderr); 1 usage or I/O failure.
";

struct Options {
    file: Option<String>,
    options: Option<Value>,
    policy: Option<Value>,
    jsonl: bool,
    locale: Option<String>,
    compact: bool,
}

/// How a command ended: success, bad input (already reported), or a usage/I-O failure.
enum Failure {
    BadInput(Error),
    Usage(String),
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(code) => code,
        Err(Failure::BadInput(e)) => {
            let text = e.to_value().to_json_pretty();
            eprintln!("{text}");
            ExitCode::from(2)
        }
        Err(Failure::Usage(message)) => {
            eprintln!("refund-estimator: {message}");
            eprintln!("try 'refund-estimator --help'");
            ExitCode::from(1)
        }
    }
}

fn usage(message: impl Into<String>) -> Failure {
    Failure::Usage(message.into())
}

fn run(args: &[String]) -> Result<ExitCode, Failure> {
    let Some((command, rest)) = args.split_first() else {
        emit(HELP.trim_end())?;
        return Ok(ExitCode::SUCCESS);
    };
    match command.as_str() {
        "-h" | "--help" | "help" => emit(HELP.trim_end())?,
        "-V" | "--version" => emit(&format!("refund-estimator {}", refund_estimator::VERSION))?,
        "estimate" => {
            let options = parse_options(rest)?;
            if options.jsonl {
                return estimate_lines(&options);
            }
            let text = read_input(options.file.as_deref())?;
            let estimate = compute(&text, &options).map_err(Failure::BadInput)?;
            emit(&if options.compact {
                estimate.to_json()
            } else {
                estimate.to_json_pretty()
            })?;
        }
        "curve" | "compare" => {
            let options = parse_options(rest)?;
            let text = read_input(options.file.as_deref())?;
            let input = prepare(&text, &options).map_err(Failure::BadInput)?;
            let opts = options.options.clone().unwrap_or(Value::Object(Vec::new()));
            let out = if command == "curve" {
                refund_estimator::refund_curve(&input, &opts).map(|c| c.to_value())
            } else {
                refund_estimator::compare_plans(&input, &opts).map(|c| c.to_value())
            }
            .map_err(Failure::BadInput)?;
            emit(&if options.compact {
                out.to_json()
            } else {
                out.to_json_pretty()
            })?;
        }
        "validate" => {
            let [file] = rest else {
                return Err(usage("validate takes one policy file"));
            };
            let text = read_input(Some(file))?;
            let policy = Value::parse(&text)
                .and_then(|v| validate_policy(&v))
                .map_err(Failure::BadInput)?;
            emit(&format!(
                "{{\"ok\":true,\"id\":{},\"version\":{},\"plans\":{}}}",
                json_string(policy.id()),
                json_string(policy.version()),
                policy.plan_ids().count()
            ))?;
        }
        "default-policy" => emit(refund_estimator::DEFAULT_POLICY_JSON.trim_end())?,
        other => return Err(usage(format!("unknown command '{other}'"))),
    }
    Ok(ExitCode::SUCCESS)
}

fn parse_options(args: &[String]) -> Result<Options, Failure> {
    let mut options = Options {
        file: None,
        options: None,
        policy: None,
        jsonl: false,
        locale: None,
        compact: false,
    };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--jsonl" => options.jsonl = true,
            "--compact" => options.compact = true,
            "--policy" => {
                let path = it.next().ok_or_else(|| usage("--policy needs a file"))?;
                let text = read_input(Some(path))?;
                options.policy = Some(Value::parse(&text).map_err(Failure::BadInput)?);
            }
            "--options" => {
                let text = it
                    .next()
                    .ok_or_else(|| usage("--options needs JSON, or @FILE"))?;
                let text = match text.strip_prefix('@') {
                    Some(path) => read_input(Some(path))?,
                    None => text.clone(),
                };
                options.options = Some(Value::parse(&text).map_err(Failure::BadInput)?);
            }
            "--locale" => {
                let locale = it
                    .next()
                    .ok_or_else(|| usage("--locale needs a value such as zh-CN"))?;
                options.locale = Some(locale.clone());
            }
            flag if flag.starts_with("--") => {
                return Err(usage(format!("unknown option '{flag}'")))
            }
            file if options.file.is_none() => options.file = Some(file.to_owned()),
            extra => return Err(usage(format!("unexpected argument '{extra}'"))),
        }
    }
    Ok(options)
}

fn read_input(file: Option<&str>) -> Result<String, Failure> {
    match file {
        None | Some("-") => {
            let mut text = String::new();
            std::io::stdin()
                .read_to_string(&mut text)
                .map_err(|e| usage(format!("cannot read stdin: {e}")))?;
            Ok(text)
        }
        Some(path) => {
            std::fs::read_to_string(path).map_err(|e| usage(format!("cannot read {path}: {e}")))
        }
    }
}

/// Parses one input and applies `--policy` and `--locale`.
fn compute(text: &str, options: &Options) -> Result<Estimate, Error> {
    estimate(&prepare(text, options)?)
}

/// Parses an input and applies `--policy` and `--locale` (to `request.locale`, or to
/// `locale` for compare's flat input).
fn prepare(text: &str, options: &Options) -> Result<Value, Error> {
    let mut input = Value::parse(text)?;
    if let Value::Object(entries) = &mut input {
        if let Some(policy) = &options.policy {
            entries.retain(|(k, _)| k != "policy");
            entries.push(("policy".into(), policy.clone()));
        }
        if let Some(locale) = &options.locale {
            let locale = Value::String(locale.clone());
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
    Ok(input)
}

fn estimate_lines(options: &Options) -> Result<ExitCode, Failure> {
    let reader: Box<dyn BufRead> = match options.file.as_deref() {
        None | Some("-") => Box::new(std::io::stdin().lock()),
        Some(path) => {
            let file =
                std::fs::File::open(path).map_err(|e| usage(format!("cannot read {path}: {e}")))?;
            Box::new(std::io::BufReader::new(file))
        }
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut failed = false;
    for line in reader.lines() {
        let line = line.map_err(|e| usage(format!("cannot read input: {e}")))?;
        if line.trim().is_empty() {
            continue;
        }
        let text = match compute(&line, options) {
            Ok(estimate) => estimate.to_json(),
            Err(e) => {
                failed = true;
                e.to_json()
            }
        };
        if !write_or_closed(writeln!(out, "{text}"))? {
            break;
        }
    }
    write_or_closed(out.flush())?;
    Ok(if failed {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

/// Writes to stdout; a closed pipe (`| head`) ends quietly instead of panicking.
fn emit(text: &str) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    write_or_closed(writeln!(out, "{text}").and_then(|()| out.flush())).map(|_| ())
}

/// `Ok(false)` when the reader went away.
fn write_or_closed(result: std::io::Result<()>) -> Result<bool, Failure> {
    match result {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(false),
        Err(e) => Err(usage(format!("cannot write output: {e}"))),
    }
}

fn json_string(s: &str) -> String {
    Value::String(s.to_owned()).to_json()
}
