//! `handbook FILE`: the escalation protocol of a scenario as a handbook page (Markdown, or a
//! printable HTML page), with the timelines to promise from a native run and the run's date,
//! seed, replications and horizon. The date is today's (UTC) unless `--date` gives one: the
//! engine has no clock, so the command line reads it.

use std::process::ExitCode;

use escalation_lab::engine::handbook::{Meta, handbook};

use super::commands::{model_of, report_of};
use super::{deliver, number};

/// Reads the command's arguments and runs it.
pub(super) fn command(parser: &mut lexopt::Parser) -> Result<ExitCode, String> {
    use lexopt::prelude::*;
    let (mut file, mut html, mut out, mut date) = (None, false, None, None);
    let (mut seed, mut reps, mut hours) = (None, None, None);
    let text = |parser: &mut lexopt::Parser| -> Result<String, String> {
        parser.value().map_err(|e| e.to_string())?.string().map_err(|e| e.to_string())
    };
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            Long("format") => {
                html = match text(parser)?.as_str() {
                    "md" | "markdown" => false,
                    "html" => true,
                    other => return Err(format!("unknown --format \"{other}\"; use md or html")),
                }
            }
            Long("out") => out = Some(text(parser)?),
            Long("date") => date = Some(checked_date(&text(parser)?)?),
            Long("seed") => seed = Some(number(parser, "--seed")?),
            Long("reps") => reps = Some(number(parser, "--reps")?),
            Long("hours") => hours = Some(number(parser, "--hours")?),
            Value(v) if file.is_none() => file = Some(v.string().map_err(|e| e.to_string())?),
            other => return Err(other.unexpected().to_string()),
        }
    }
    let file: String = file.ok_or("handbook needs a scenario FILE")?;
    let Some(model) = model_of(&file, seed, reps, hours)? else { return Ok(ExitCode::from(1)) };
    let report = report_of(&model)?;
    let meta = Meta { date: date.unwrap_or_else(today) };
    let page = handbook(&model, Some(&report), &meta);
    let text = if html { page.html() } else { page.markdown() };
    deliver(out.as_deref(), &text)?;
    Ok(ExitCode::SUCCESS)
}

/// A `--date` as written, once it is a real day in the form YYYY-MM-DD.
fn checked_date(text: &str) -> Result<String, String> {
    let well_formed = text.len() == 10 && chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok();
    if well_formed { Ok(text.to_string()) } else { Err(format!("--date \"{text}\" is not a day written YYYY-MM-DD")) }
}

/// Today's date in UTC, from the system clock.
fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(0));
    chrono::DateTime::from_timestamp(secs, 0)
        .map_or_else(|| "an unknown day".into(), |d| d.format("%Y-%m-%d").to_string())
}
