//! `history FILE`: a service desk's ticket export read and its trends printed: the layout found,
//! the rows used and skipped with their reasons, the findings, and the trends as tables (or the
//! whole trends as JSON). With `--scenario S.json`, SLA attainment the export does not give comes
//! from the scenario's targets and calendars.

use std::fmt::Write;
use std::process::ExitCode;

use escalation_lab::engine::history::{self, Mapping, ReadOptions};
use escalation_lab::engine::report::numbers;
use escalation_lab::engine::trends::{self, GroupLoad, Trends};
use escalation_lab::engine::{self, Document};
use lexopt::prelude::*;

use super::{emit, json_format, number, table::table};

/// The arguments of `history`, once read.
struct Args {
    file: String,
    /// `FIELD=COLUMN` pairs, in the order given.
    map: Vec<(String, String)>,
    day_first: Option<bool>,
    utc_offset_minutes: i32,
    /// The scenario whose targets give SLA attainment.
    scenario: Option<String>,
    json: bool,
}

/// Reads `history`'s arguments and runs it.
pub(super) fn main(parser: &mut lexopt::Parser) -> Result<ExitCode, String> {
    let mut args = Args {
        file: String::new(),
        map: Vec::new(),
        day_first: None,
        utc_offset_minutes: 0,
        scenario: None,
        json: false,
    };
    let mut file = None;
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            Long("map") => {
                let pair = parser.value().map_err(|e| e.to_string())?.string().map_err(|e| e.to_string())?;
                let (field, column) = pair.split_once('=').ok_or_else(|| {
                    format!("--map needs FIELD=COLUMN, e.g. --map group=assignment_group, not \"{pair}\"")
                })?;
                args.map.push((field.trim().to_string(), column.trim().to_string()));
            }
            Long("day-first") => args.day_first = Some(true),
            Long("month-first") => args.day_first = Some(false),
            Long("utc-offset") => args.utc_offset_minutes = number(parser, "--utc-offset")?,
            Long("format") => args.json = json_format(parser)?,
            Long("scenario") => {
                args.scenario = Some(parser.value().map_err(|e| e.to_string())?.string().map_err(|e| e.to_string())?);
            }
            Value(v) if file.is_none() => file = Some(v.string().map_err(|e| e.to_string())?),
            other => return Err(other.unexpected().to_string()),
        }
    }
    args.file = file.ok_or("history needs a ticket export FILE (CSV)")?;
    run(&args)
}

/// The field names of a mapping, as `--map` takes them.
fn mapping_fields() -> Vec<String> {
    Mapping::FIELDS.iter().map(ToString::to_string).collect()
}

/// `base` with the `--map` pairs set: an unknown field is an error listing the known ones;
/// `resolved_states` takes a comma-separated list; an empty column unsets an optional field.
fn mapped(base: Mapping, pairs: &[(String, String)]) -> Result<Mapping, String> {
    let mut value = serde_json::to_value(base).map_err(|e| e.to_string())?;
    let known = mapping_fields();
    for (field, column) in pairs {
        if !known.contains(field) {
            return Err(format!("unknown --map field \"{field}\"; the fields are {}", known.join(", ")));
        }
        value[field.as_str()] = match field.as_str() {
            "resolved_states" => {
                serde_json::Value::from(column.split(',').map(|s| s.trim().to_string()).collect::<Vec<_>>())
            }
            "ticket_id" => serde_json::Value::from(column.clone()),
            _ if column.is_empty() => serde_json::Value::Null,
            _ => serde_json::Value::from(column.clone()),
        };
    }
    serde_json::from_value(value).map_err(|e| format!("--map: {e}"))
}

/// The scenario of a file: a file that cannot be read or is not a scenario document is an error
/// (one that does not validate is not: the trends say why it gives no attainment).
fn scenario(file: &str) -> Result<Document, String> {
    let text = std::fs::read_to_string(file).map_err(|e| format!("cannot read \"{file}\": {e}"))?;
    // Some editors start UTF-8 files with a byte-order mark; it is not part of the JSON.
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    engine::parse(text).map_err(|p| format!("{file}: {p}"))
}

fn run(args: &Args) -> Result<ExitCode, String> {
    let scenario = args.scenario.as_deref().map(scenario).transpose()?;
    let bytes = std::fs::read(&args.file).map_err(|e| format!("cannot read \"{}\": {e}", args.file))?;
    let mut options = ReadOptions {
        day_first: args.day_first,
        utc_offset_minutes: args.utc_offset_minutes,
        ..ReadOptions::default()
    };
    if !args.map.is_empty() {
        // The pairs change the mapping the file is recognised by, or set one from nothing.
        let base = history::read(&bytes, &options).map(|r| r.detected.mapping).unwrap_or_default();
        options.mapping = Some(mapped(base, &args.map)?);
    }
    let read = match history::read(&bytes, &options) {
        Ok(read) => read,
        Err(refused) => {
            eprintln!("{}: {refused}", args.file);
            return Ok(ExitCode::from(1));
        }
    };
    let options = trends::Options { utc_offset_minutes: args.utc_offset_minutes };
    let trends = match &scenario {
        Some(doc) => trends::of_against(&read.tickets, &options, doc),
        None => trends::of(&read.tickets, options),
    };
    if args.json {
        let text = serde_json::to_string_pretty(&trends).map_err(|e| e.to_string())?;
        emit(text)?;
    } else {
        emit(render(&args.file, &read, &trends))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// What was read, the findings and the tables, for a terminal.
fn render(file: &str, read: &history::Read, t: &Trends) -> String {
    let mut out = String::new();
    let d = &read.detected;
    let _ = writeln!(out, "{file}: {}, {}-separated, {}", d.layout.name(), d.delimiter.name(), d.encoding.name());
    for c in &d.dates {
        let format = c.format.map_or_else(|| "no dates".to_string(), |f| f.to_string());
        let ambiguous = if c.ambiguous { " (day and month order as asked)" } else { "" };
        let _ = writeln!(out, "  {}: {format}{ambiguous}", c.column);
    }
    let _ = writeln!(out, "rows: {} read, {} used, {} skipped", read.rows, read.used, read.rows - read.used);
    for s in &read.skipped {
        let _ = writeln!(out, "  skipped {s}");
    }
    for w in &read.warnings {
        let _ = writeln!(out, "  warning: {w}");
    }
    let _ = writeln!(out, "\nFindings\n{}\n", trends::paragraph(t));

    let _ = writeln!(out, "Per {} (by the {} tickets were opened in)", t.bucket_size.name(), t.bucket_size.name());
    let mut header: Vec<String> = vec![t.bucket_size.name().into(), "opened".into()];
    header.extend(t.priorities.iter().cloned());
    header.extend(["escalated".into(), "ping-pong".into()]);
    header.extend(t.priorities.iter().map(|p| format!("SLA {p}")));
    header.extend(["median resolve".into(), "p90 resolve".into(), "backlog".into()]);
    let rows: Vec<Vec<String>> = t
        .buckets
        .iter()
        .map(|b| {
            let mut row = vec![b.label.clone(), b.opened.to_string()];
            row.extend(b.opened_per_priority.iter().map(ToString::to_string));
            row.extend([share(b.escalated_share), share(b.ping_pong_share)]);
            row.extend(b.attainment.iter().map(|a| share(*a)));
            row.extend([duration(b.resolve_median_ms), duration(b.resolve_p90_ms), b.backlog.to_string()]);
            row
        })
        .collect();
    table(&mut out, &header.iter().map(String::as_str).collect::<Vec<_>>(), &rows);
    if let trends::Sla::NotKnown { reason } = &t.sla {
        let _ = writeln!(out, "SLA: not known: {reason}");
    }

    let _ = writeln!(out, "\nTickets opened by hour of week (UTC{:+} min)", t.utc_offset_minutes);
    let mut header = vec!["day".to_string()];
    header.extend((0..24).map(|h| format!("{h:02}")));
    let days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    let rows: Vec<Vec<String>> = days
        .iter()
        .zip(&t.heatmap)
        .map(|(d, r)| std::iter::once((*d).to_string()).chain(r.iter().map(ToString::to_string)).collect())
        .collect();
    table(&mut out, &header.iter().map(String::as_str).collect::<Vec<_>>(), &rows);

    for (title, groups) in [
        ("Busiest groups", &t.busiest_groups),
        ("Groups escalating the most", &t.escalating_groups),
        ("Groups tickets start in", &t.start_groups),
    ] {
        let _ = writeln!(out, "\n{title}");
        table(&mut out, &["group", "visits", "time held", "escalations out", "starts"], &group_rows(groups));
    }

    let _ = writeln!(out, "\nEscalation paths");
    let rows: Vec<Vec<String>> =
        t.paths.iter().map(|p| vec![p.groups.join(" → "), p.tickets.to_string(), numbers::percent(p.share)]).collect();
    table(&mut out, &["path", "tickets", "of escalated"], &rows);
    out.trim_end().to_string()
}

fn group_rows(groups: &[GroupLoad]) -> Vec<Vec<String>> {
    groups
        .iter()
        .map(|g| {
            vec![
                g.group.clone(),
                g.visits.to_string(),
                duration(Some(g.held_ms as f64)),
                g.escalations_out.to_string(),
                g.starts.to_string(),
            ]
        })
        .collect()
}

fn share(x: Option<f64>) -> String {
    x.map_or_else(|| "–".to_string(), numbers::percent)
}

fn duration(ms: Option<f64>) -> String {
    ms.map_or_else(|| "–".to_string(), |m| numbers::minutes(m / 60_000.0))
}
