//! `calibrate FILE`: a scenario proposed from a ticket export, written as JSON to standard output,
//! with the fit report (every figure's estimate and interval, the assumptions, the fit check) as
//! text to `--report`.

use std::fmt::Write as _;
use std::process::ExitCode;

use escalation_lab::engine::calibrate::{self, FitCheck, Options, Proposal, Verdict};
use escalation_lab::engine::fit::Interval;
use escalation_lab::engine::history::{self, Mapping, ReadOptions, Refused};

use super::emit;

/// What the command line asked.
struct Args {
    file: String,
    map: Vec<(String, String)>,
    day_first: Option<bool>,
    report: Option<String>,
}

/// Reads the command's arguments and runs it.
pub(super) fn command(parser: &mut lexopt::Parser) -> Result<ExitCode, String> {
    use lexopt::prelude::*;
    let mut args = Args { file: String::new(), map: Vec::new(), day_first: None, report: None };
    let mut file = None;
    let text = |parser: &mut lexopt::Parser| -> Result<String, String> {
        parser.value().map_err(|e| e.to_string())?.string().map_err(|e| e.to_string())
    };
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            Long("map") => {
                let pair = text(parser)?;
                let (field, column) =
                    pair.split_once('=').ok_or_else(|| format!("--map needs FIELD=COLUMN, not \"{pair}\""))?;
                args.map.push((field.trim().to_string(), column.trim().to_string()));
            }
            Long("day-first") => args.day_first = Some(true),
            Long("month-first") => args.day_first = Some(false),
            Long("report") => args.report = Some(text(parser)?),
            Value(v) if file.is_none() => file = Some(v.string().map_err(|e| e.to_string())?),
            other => return Err(other.unexpected().to_string()),
        }
    }
    args.file = file.ok_or("calibrate needs a ticket export FILE")?;
    run(&args)
}

/// The `--map` pairs as a mapping: `resolved_states` takes a comma-separated list.
fn mapping(pairs: &[(String, String)]) -> Result<Option<Mapping>, String> {
    if pairs.is_empty() {
        return Ok(None);
    }
    let mut object = serde_json::Map::new();
    for (field, column) in pairs {
        let value = if field == "resolved_states" {
            serde_json::Value::from(column.split(',').map(|s| s.trim().to_string()).collect::<Vec<_>>())
        } else {
            serde_json::Value::from(column.clone())
        };
        object.insert(field.clone(), value);
    }
    serde_json::from_value(serde_json::Value::Object(object)).map(Some).map_err(|e| {
        format!(
            "--map: {e}; the fields are ticket_id, event_time, opened, resolved, closed, priority, impact, urgency, category, group, state, resolved_states, reopens, made_sla"
        )
    })
}

fn run(args: &Args) -> Result<ExitCode, String> {
    let bytes = std::fs::read(&args.file).map_err(|e| format!("cannot read \"{}\": {e}", args.file))?;
    let options = ReadOptions { mapping: mapping(&args.map)?, day_first: args.day_first, ..ReadOptions::default() };
    let read = history::read(&bytes, &options).map_err(|e| match e {
        Refused::AmbiguousDates { .. } => {
            format!("{}: {e}\nsay how to read them with --day-first or --month-first", args.file)
        }
        e => format!("{}: {e}", args.file),
    })?;
    for s in &read.skipped {
        eprintln!("{}: skipped {s}", args.file);
    }
    let calibrate_options = Options::default();
    let proposal = calibrate::propose(&read.tickets, &calibrate_options).map_err(|e| format!("{}: {e}", args.file))?;
    let json = serde_json::to_string_pretty(&proposal.document).map_err(|e| e.to_string())?;
    if let Some(out) = &args.report {
        let check = calibrate::check_fit(&proposal.document, &read.tickets, calibrate_options.replications);
        let text = report(&args.file, &read, &proposal, check.as_ref());
        std::fs::write(out, text).map_err(|e| format!("cannot write \"{out}\": {e}"))?;
    }
    emit(json)?;
    Ok(ExitCode::SUCCESS)
}

/// The fit report as text.
fn report(file: &str, read: &history::Read, p: &Proposal, check: Result<&FitCheck, &String>) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Calibration of {file}");
    let _ = writeln!(out, "{} tickets from {} rows ({} used).", read.tickets.len(), read.rows, read.used);
    for s in &read.skipped {
        let _ = writeln!(out, "Skipped: {s}");
    }
    let _ = writeln!(out, "\nEstimates (95% intervals)");
    for f in &p.figures {
        let _ = writeln!(out, "  {:<48} {}", f.name, interval(&f.estimate, &f.unit));
    }
    let _ = writeln!(out, "\nService-time fits");
    for s in &p.services {
        match &s.fit {
            Some(fit) => {
                let parts: Vec<String> = fit
                    .fits
                    .iter()
                    .map(|f| {
                        format!(
                            "{} ΔAIC {:.1} KS D {:.3} (p {:.3})",
                            f.family().name(),
                            f.delta_aic,
                            f.ks_distance,
                            f.ks_p_value
                        )
                    })
                    .collect();
                let _ = writeln!(out, "  {}: {} services; {}", s.level, fit.n, parts.join("; "));
                for note in &fit.notes {
                    let _ = writeln!(out, "    {note}");
                }
            }
            None => {
                let _ = writeln!(out, "  {}: not fitted (see the assumptions)", s.level);
            }
        }
    }
    let _ = writeln!(out, "\nAssumptions");
    for a in &p.assumptions {
        let _ = writeln!(out, "  - {a}");
    }
    let _ = writeln!(out, "\nFit check: the history against the scenario simulated over its span");
    match check {
        Ok(c) => {
            let _ = writeln!(
                out,
                "  {:<44} {:>12} {:>12} {:>25}  verdict",
                "", "observed", "simulated", "one run's 95% interval"
            );
            for r in &c.rows {
                let range = match (r.low, r.high) {
                    (Some(l), Some(h)) => format!("{l:.3}–{h:.3}"),
                    _ => "none".to_string(),
                };
                let verdict = match r.verdict {
                    Verdict::Inside => "inside".to_string(),
                    Verdict::Off { by, relative } => format!("off by {by:+.3} ({:+.0}%)", 100.0 * relative),
                    Verdict::NoInterval => "no interval".to_string(),
                };
                let _ = writeln!(
                    out,
                    "  {:<44} {:>12.3} {:>12.3} {:>25}  {verdict}",
                    r.name, r.observed, r.simulated, range
                );
            }
            for n in &c.notes {
                let _ = writeln!(out, "  {n}");
            }
            let _ = writeln!(out, "  {}", c.summary);
        }
        Err(e) => {
            let _ = writeln!(out, "  not run: {e}");
        }
    }
    out
}

/// `12.3 per hour (11.9–12.7, n 3000)`, with `small` where it is.
fn interval(i: &Interval, unit: &str) -> String {
    let end = |x: Option<f64>| x.map_or_else(|| "open".to_string(), |v| format!("{v:.4}"));
    format!(
        "{:.4} {unit} ({}–{}, n {}{})",
        i.estimate,
        end(i.low),
        end(i.high),
        i.n,
        if i.small { ", small" } else { "" }
    )
}
