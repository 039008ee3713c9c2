//! `refund-estimator`: the native CLI. Same engine, same bytes as the browser.

use refund_estimator::{estimate, validate_policy, Error, Estimate, Value};
use std::io::{BufRead, Read, Write};
use std::process::ExitCode;

const HELP: &str = "\
refund-estimator: exact, itemized refund estimates from a refund policy

USAGE:
    refund-estimator estimate [FILE] [--jsonl] [--locale LOCALE] [--compact]
    refund-estimator validate POLICY_FILE
    refund-estimator default-policy
    refund-estimator --help | --version

COMMANDS:
    estimate        Read {policy?, order, request} JSON from FILE (or stdin) and print the
                    estimate JSON. Without \"policy\", the bundled default policy applies.
    validate        Check a policy file; print every problem with its path.
    default-policy  Print the bundled default policy.

OPTIONS:
    --jsonl           One input per line, one output per line. A line that fails prints its
                      error object ({code, path, message, errors}) and processing continues;
                      the exit code is 2 if any line failed.
    --locale LOCALE   Answer in this locale (en, zh-CN), overriding request.locale.
    --compact         Print JSON on one line.

EXIT CODES:
    0 success, 2 bad input (the error JSON goes to stderr), 1 an I/O failure.
";

struct Options {
    file: Option<String>,
    jsonl: bool,
    locale: Option<String>,
    compact: bool,
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("refund-estimator: {message}");
            eprintln!("try 'refund-estimator --help'");
            ExitCode::from(1)
        }
    }
}

fn run(args: &[String]) -> Result<ExitCode, String> {
    let Some((command, rest)) = args.split_first() else {
        print!("{HELP}");
        return Ok(ExitCode::SUCCESS);
    };
    match command.as_str() {
        "-h" | "--help" | "help" => {
            print!("{HELP}");
            Ok(ExitCode::SUCCESS)
        }
        "-V" | "--version" => {
            println!("refund-estimator {}", refund_estimator::VERSION);
            Ok(ExitCode::SUCCESS)
        }
        "estimate" => {
            let options = parse_options(rest)?;
            if options.jsonl {
                estimate_lines(&options)
            } else {
                estimate_one(&options)
            }
        }
        "validate" => {
            let [file] = rest else {
                return Err("validate takes one policy file".into());
            };
            let text = read_input(Some(file))?;
            let result = Value::parse(&text).and_then(|v| validate_policy(&v));
            match result {
                Ok(policy) => {
                    println!(
                        "{{\"ok\":true,\"id\":{},\"version\":{},\"plans\":{}}}",
                        json(&policy.id),
                        json(&policy.version),
                        policy.plans.len()
                    );
                    Ok(ExitCode::SUCCESS)
                }
                Err(e) => Ok(fail(&e)),
            }
        }
        "default-policy" => {
            print!("{}", refund_estimator::DEFAULT_POLICY_JSON);
            Ok(ExitCode::SUCCESS)
        }
        other => Err(format!("unknown command '{other}'")),
    }
}

fn parse_options(args: &[String]) -> Result<Options, String> {
    let mut options = Options {
        file: None,
        jsonl: false,
        locale: None,
        compact: false,
    };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--jsonl" => options.jsonl = true,
            "--compact" => options.compact = true,
            "--locale" => {
                options.locale = Some(
                    it.next()
                        .ok_or("--locale needs a value such as zh-CN")?
                        .clone(),
                )
            }
            flag if flag.starts_with("--") => return Err(format!("unknown option '{flag}'")),
            file if options.file.is_none() => options.file = Some(file.to_owned()),
            extra => return Err(format!("unexpected argument '{extra}'")),
        }
    }
    Ok(options)
}

fn read_input(file: Option<&String>) -> Result<String, String> {
    match file.map(String::as_str) {
        None | Some("-") => {
            let mut text = String::new();
            std::io::stdin()
                .read_to_string(&mut text)
                .map_err(|e| format!("cannot read stdin: {e}"))?;
            Ok(text)
        }
        Some(path) => std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}")),
    }
}

/// Parses one input and applies `--locale`.
fn compute(text: &str, locale: Option<&str>) -> Result<Estimate, Error> {
    let mut input = Value::parse(text)?;
    if let (Some(locale), Value::Object(entries)) = (locale, &mut input) {
        if let Some((_, Value::Object(request))) = entries.iter_mut().find(|(k, _)| k == "request")
        {
            request.retain(|(k, _)| k != "locale");
            request.push(("locale".into(), Value::String(locale.into())));
        }
    }
    estimate(&input)
}

fn estimate_one(options: &Options) -> Result<ExitCode, String> {
    let text = read_input(options.file.as_ref())?;
    match compute(&text, options.locale.as_deref()) {
        Ok(estimate) => {
            let out = if options.compact {
                serde_json::to_string(&estimate)
            } else {
                serde_json::to_string_pretty(&estimate)
            };
            println!("{}", out.map_err(|e| e.to_string())?);
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => Ok(fail(&e)),
    }
}

fn estimate_lines(options: &Options) -> Result<ExitCode, String> {
    let reader: Box<dyn BufRead> = match options.file.as_deref() {
        None | Some("-") => Box::new(std::io::stdin().lock()),
        Some(path) => Box::new(std::io::BufReader::new(
            std::fs::File::open(path).map_err(|e| format!("cannot read {path}: {e}"))?,
        )),
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut failed = false;
    for line in reader.lines() {
        let line = line.map_err(|e| format!("cannot read input: {e}"))?;
        if line.trim().is_empty() {
            continue;
        }
        let text = match compute(&line, options.locale.as_deref()) {
            Ok(estimate) => serde_json::to_string(&estimate),
            Err(e) => {
                failed = true;
                serde_json::to_string(&e)
            }
        };
        writeln!(out, "{}", text.map_err(|e| e.to_string())?).map_err(|e| e.to_string())?;
    }
    out.flush().map_err(|e| e.to_string())?;
    Ok(if failed {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

/// Bad input: the error JSON on stderr, exit code 2.
fn fail(e: &Error) -> ExitCode {
    let text = serde_json::to_string_pretty(e).unwrap_or_else(|_| e.to_string());
    eprintln!("{text}");
    ExitCode::from(2)
}

fn json(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}
