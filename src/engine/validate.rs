//! From text to a checked model: parse the JSON document, then validate it section by section,
//! collecting every problem (with its JSON path) instead of stopping at the first.
//!
//! Syntax and shape errors (bad JSON, an unknown field, a wrong type) come from serde, one at a
//! time, with a line and column. Everything after that is reported all at once.

mod categories;
mod cells;
mod checker;
mod drill;
mod flow;
mod graph;
mod guard;
mod json_path;
mod rule_warnings;
mod script;
mod sections;
mod sla;
mod triage;
mod triggers;
mod wording;
mod workload;

use chrono::DateTime;

use super::analytic;
use super::document::{Document, FORMAT_VERSION};
use super::model::{Model, RunControl};
use super::precision;
use super::problem::Problem;
use super::time::{DAY, HOUR, MINUTE, WEEK};
use checker::Checker;

/// Default start of simulated time: a Monday at midnight UTC.
pub const DEFAULT_START: &str = "2026-01-05T00:00:00+00:00";
/// Default bound on issues simulated by a whole run (all replications).
pub const DEFAULT_MAX_ISSUES: u64 = 20_000_000;
/// Journeys kept when the scenario does not say.
pub const DEFAULT_JOURNEYS: u32 = 20;
/// Time-series buckets aimed at when the scenario does not set a bucket width.
const TARGET_BUCKETS: u64 = 200;
/// Most time-series buckets a run may ask for.
const MAX_BUCKETS: u64 = 20_000;

/// The outcome of validation: a model when there is no error, and every problem found.
#[derive(Debug)]
pub struct Validation {
    pub model: Option<Model>,
    pub problems: Vec<Problem>,
}

impl Validation {
    pub fn errors(&self) -> impl Iterator<Item = &Problem> {
        self.problems.iter().filter(|p| p.is_error())
    }
}

/// Reads a scenario document. Errors carry the JSON path and, for syntax, the line and column.
pub fn parse(text: &str) -> Result<Document, Problem> {
    // Look at the version first, so that a file from another version gets a message about the
    // version rather than about whichever field changed.
    let value = serde_json::from_str::<serde_json::Value>(text);
    if let Ok(v) = &value
        && !v.is_object()
    {
        let kind = match v {
            serde_json::Value::Array(_) => "a list",
            serde_json::Value::String(_) => "a string",
            serde_json::Value::Number(_) => "a number",
            serde_json::Value::Bool(_) => "true or false",
            _ => "null",
        };
        return Err(Problem::error(
            "",
            format!(
                "the document is {kind}, not a scenario: a scenario is an object, {{ \"version\": {FORMAT_VERSION}, \"levels\": … }}"
            ),
        ));
    }
    if let Ok(serde_json::Value::Object(map)) = value {
        match map.get("version") {
            None => {
                return Err(Problem::error(
                    "version",
                    format!("the file has no \"version\"; this build reads version {FORMAT_VERSION}"),
                ));
            }
            Some(v) if v.as_u64() != Some(u64::from(FORMAT_VERSION)) => {
                return Err(Problem::error(
                    "version",
                    format!("format version {v} is not supported; this build reads version {FORMAT_VERSION}"),
                ));
            }
            Some(_) => {}
        }
    }
    serde_json::from_str::<Document>(text).map_err(|e| {
        let path = if e.is_data() { json_path::path_at(text, e.line(), e.column()) } else { String::new() };
        syntax_problem(path, &e)
    })
}

fn syntax_problem(path: String, e: &serde_json::Error) -> Problem {
    let message = plain_serde_message(e, &path);
    let mut p = Problem::error(path, message);
    if e.line() > 0 {
        p.line = Some(e.line());
        p.column = Some(e.column());
    }
    p
}

/// serde_json's message in plain words, without its trailing " at line X column Y" (the problem
/// carries those).
fn plain_serde_message(e: &serde_json::Error, path: &str) -> String {
    let text = e.to_string();
    let text = match text.rfind(" at line ") {
        Some(i) => &text[..i],
        None => &text,
    };
    wording::plain_at(text, path)
}

/// Problems found at a trigger compiled from a rule are reported at the rule: its line and column
/// in the rule text, and its name.
fn at_rules(c: &mut Checker) {
    for p in &mut c.problems {
        let Some(rest) = p.path.strip_prefix("triggers[") else { continue };
        let Some(index) = rest.split(']').next().and_then(|i| i.parse::<u32>().ok()) else { continue };
        if let Some(Some((line, column, name))) = c.rule_origins.get(index as usize) {
            p.path = "rules".into();
            p.line = Some(*line);
            p.column = Some(*column);
            p.message = format!("rule \"{name}\": {}", p.message);
        }
    }
}

/// Parses and validates in one go.
pub fn load(text: &str) -> Validation {
    match parse(text) {
        Ok(doc) => validate(&doc),
        Err(p) => Validation { model: None, problems: vec![p] },
    }
}

/// Checks a document and builds the model, reporting every problem.
pub fn validate(doc: &Document) -> Validation {
    checked(doc, Checker::default())
}

/// As [`validate`], without the check for issues going round unresolved for ever: for one issue
/// walked through with outcomes fixed to "does not resolve" on purpose (`walk.rs` stops the loop
/// and says so).
pub fn validate_allowing_endless(doc: &Document) -> Validation {
    checked(doc, Checker { endless_allowed: true, ..Checker::default() })
}

fn checked(doc: &Document, mut c: Checker) -> Validation {
    let model = build(doc, &mut c);
    at_rules(&mut c);
    let model = if c.has_errors() { None } else { model };
    if let Some(m) = &model {
        for w in analytic::overload_warnings(m) {
            c.problems.push(w);
        }
    }
    Validation { model, problems: c.problems }
}

fn build(doc: &Document, c: &mut Checker) -> Option<Model> {
    let start_text = doc.clock.as_ref().map_or(DEFAULT_START, |k| k.start.as_str());
    let start = match DateTime::parse_from_rfc3339(start_text) {
        Ok(s) => Some(s),
        Err(e) => {
            c.error(
                "clock.start",
                format!("\"{start_text}\" is not an RFC 3339 date and time such as 2026-01-05T09:00:00+01:00 ({e})"),
            );
            None
        }
    };
    let start = start.unwrap_or_else(|| DateTime::parse_from_rfc3339(DEFAULT_START).expect("the default start parses"));
    let run = run_control(doc, c);
    let drill = drill::drill(doc, c);
    let base = sections::build(doc, start, c);
    let flow = flow::build(doc, &base, c);
    let (base, flow, run) = (base?, flow?, run?);
    let model = Model {
        name: doc.name.clone(),
        start,
        clock: base.clock,
        priorities: base.priorities.into(),
        attributes: base.attributes.into(),
        triage: base.triage,
        calendars: base.calendars.into(),
        levels: base.levels.into(),
        categories: flow.categories.into(),
        workload: flow.workload,
        sla: flow.sla.into(),
        triggers: flow.triggers.into(),
        reopen_after: flow.reopen_after,
        script: flow.script,
        drill,
        run,
        cells: flow.cells.into(),
    };
    graph::check(doc, &model, c);
    let mut model = model;
    check_size(&mut model, c);
    Some(model)
}

fn run_control(doc: &Document, c: &mut Checker) -> Option<RunControl> {
    let r = &doc.run;
    let horizon = c.positive_duration("run.horizon", &r.horizon);
    let warmup = match (&r.warmup, horizon) {
        (None, _) => Some(0),
        (Some(w), Some(h)) if w.trim_end().ends_with('%') => {
            let number = w.trim_end().trim_end_matches('%').trim();
            match super::number::parse(number) {
                Some(p) if (0.0..100.0).contains(&p) => Some((h as f64 * p / 100.0).round() as u64),
                _ => {
                    c.error("run.warmup", format!("\"{w}\" is not a percentage of the horizon between 0% and 100%"));
                    None
                }
            }
        }
        // A share of a horizon that is itself wrong: the horizon's error says it all.
        (Some(w), None) if w.trim_end().ends_with('%') => None,
        (Some(w), _) => c.duration("run.warmup", w),
    };
    if let (Some(h), Some(w)) = (horizon, warmup)
        && w >= h
    {
        c.error("run.warmup", "the warm-up must be shorter than the horizon");
    }
    if r.replications == 0 || r.replications > 1000 {
        c.error("run.replications", format!("{} replications: use between 1 and 1000", r.replications));
    }
    if let Some(h) = &doc.history
        && h.utc_offset_minutes.abs() > 18 * 60
    {
        c.error(
            "history.utc_offset_minutes",
            format!("{} minutes is not a time zone: use an offset within ±1080 minutes (±18 h)", h.utc_offset_minutes),
        );
    }
    let journeys = r.journeys.unwrap_or(DEFAULT_JOURNEYS);
    if journeys > 1000 {
        c.error("run.journeys", format!("{journeys} journeys is too many to keep; use at most 1000"));
    }
    let max_issues = r.max_issues.unwrap_or(DEFAULT_MAX_ISSUES);
    if max_issues == 0 {
        c.error("run.max_issues", "the issue limit must be at least 1");
    }
    let precision = r.precision.as_ref().map(precision::Targets::of);
    for (field, message) in precision.iter().flat_map(precision::Targets::problems) {
        c.error(format!("run.precision.{field}"), message);
    }
    let horizon = horizon?;
    let bucket = match &r.bucket {
        Some(b) => {
            let b = c.positive_duration("run.bucket", b)?;
            if horizon / b > MAX_BUCKETS {
                c.error(
                    "run.bucket",
                    format!(
                        "a bucket of {} makes {} buckets over the horizon; use at most {MAX_BUCKETS}",
                        r.bucket.as_deref().unwrap_or(""),
                        horizon / b
                    ),
                );
            }
            b
        }
        None => round_bucket(horizon / TARGET_BUCKETS),
    };
    Some(RunControl {
        horizon,
        warmup: warmup?,
        replications: r.replications,
        seed: r.seed,
        end: r.end,
        max_issues,
        bucket,
        journeys,
        precision,
    })
}

/// The smallest round width (1 min, 5 min, 15 min, 30 min, 1 h, 2 h, 4 h, 6 h, 12 h, 1 d, 1 w, ...) at least `ms`.
fn round_bucket(ms: u64) -> u64 {
    let steps =
        [MINUTE, 5 * MINUTE, 15 * MINUTE, 30 * MINUTE, HOUR, 2 * HOUR, 4 * HOUR, 6 * HOUR, 12 * HOUR, DAY, WEEK];
    steps.into_iter().find(|&s| s >= ms).unwrap_or_else(|| ms.div_ceil(WEEK) * WEEK)
}

/// An absurd size: a run that would simulate more issues than the stated maximum. Precision
/// mode's maximum is lowered to what fits under the limit, with a warning, when its minimum fits.
fn check_size(model: &mut Model, c: &mut Checker) {
    let per_rep = analytic::expected_arrivals(model, model.run.horizon);
    if let Some(p) = &mut model.run.precision
        && per_rep * f64::from(p.max_replications) > model.run.max_issues as f64
    {
        let fit = (model.run.max_issues as f64 / per_rep.max(1.0)).floor();
        if fit >= f64::from(p.min_replications) {
            c.warning(
                "run.precision.max_replications",
                format!(
                    "{} replications of about {per_rep:.0} issues each would pass the limit of {} issues (run.max_issues): precision mode stops at {fit:.0}",
                    p.max_replications, model.run.max_issues
                ),
            );
            p.max_replications = fit as u32;
        }
    }
    // Precision mode may take up to its maximum.
    let reps = model.run.precision.map_or(model.run.replications, |p| p.max_replications);
    let total = per_rep * f64::from(reps);
    if total > model.run.max_issues as f64 {
        c.error(
            "run.horizon",
            format!(
                "this run would simulate about {:.0} issues ({:.0} per replication x {}), more than the limit of {} (run.max_issues); shorten the horizon, lower the rates or raise the limit",
                total, per_rep, reps, model.run.max_issues
            ),
        );
    }
}
