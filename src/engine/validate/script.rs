//! The script: each event's moment and what it does, checked like every other section. Its
//! issues join the workload's fixed-time issues; its staff changes, closures and surges go to
//! `Model::script`, with every event in words for the charts.

use chrono::{NaiveDate, NaiveDateTime, Timelike};

use super::checker::Checker;
use super::sections::Names;
use super::workload::{Given, given_issue};
use crate::engine::calendar::{LocalClock, parse_days, parse_time_of_day};
use crate::engine::document::{Document, ScriptEventDoc};
use crate::engine::model::{ScheduledIssue, Script, ScriptStep, Surge};
use crate::engine::time::{DAY, SimTime, WEEK, describe_minutes, minutes, parse_duration};

/// Most staff a script event may add or take away.
const MAX_CHANGE: i64 = 100_000;

/// The script's issues (at their times) and the rest of it; `clock` is absent when the clock
/// or the sections had errors (a dated moment cannot be placed then, and is not reported twice).
pub(super) fn script(
    doc: &Document,
    names: &Names,
    clock: Option<LocalClock>,
    c: &mut Checker,
) -> Option<(Vec<ScheduledIssue>, Script)> {
    let mut ok = true;
    let mut issues = Vec::new();
    let mut script = Script::default();
    let horizon = parse_duration(&doc.run.horizon).ok();
    for (i, e) in doc.script.iter().enumerate() {
        let path = format!("script[{i}]");
        let at = match clock {
            Some(clock) => match moment(&e.at, clock) {
                Ok(at) => Some(at),
                Err(message) => {
                    c.error(format!("{path}.at"), message);
                    None
                }
            },
            None => None,
        };
        let what = [e.issue.is_some(), e.burst.is_some(), e.staff.is_some(), e.close.is_some()];
        match what.iter().filter(|&&x| x).count() {
            1 => {}
            0 => {
                c.error(&path, "say what happens: an \"issue\" arrives, a \"burst\" starts, \"staff\" change or a level \"close\"s");
                ok = false;
                continue;
            }
            _ => {
                c.error(&path, "an event does one thing: give one of \"issue\", \"burst\", \"staff\" and \"close\", and make another event for the rest");
                ok = false;
                continue;
            }
        }
        if let (Some(at), Some(h)) = (at, horizon)
            && at >= h
        {
            c.warning(
                format!("{path}.at"),
                format!(
                    "{} is at or after the run's horizon ({}), so it never happens",
                    e.at.trim(),
                    doc.run.horizon.trim()
                ),
            );
        }
        match event(doc, names, c, &path, e) {
            Some(Event::Issue(mut issue, words)) => {
                if let Some(at) = at {
                    issue.at = at;
                    issues.push(issue);
                    script.marks.push((at, titled(e, words)));
                }
            }
            Some(Event::Step { level, change, duration, words }) => {
                if let Some(at) = at {
                    script.steps.push(ScriptStep { start: at, end: at.saturating_add(duration), level, change });
                    script.marks.push((at, titled(e, words)));
                }
            }
            Some(Event::Surge { factor, duration, words }) => {
                if let Some(at) = at {
                    script.surges.push(Surge { start: at, end: at.saturating_add(duration), factor });
                    script.marks.push((at, titled(e, words)));
                }
            }
            None => ok = false,
        }
        ok &= at.is_some() || clock.is_none();
    }
    crate::engine::order::sort_by_key(&mut issues, |s| s.at);
    crate::engine::order::sort_by_key(&mut script.marks, |m| m.0);
    ok.then_some((issues, script))
}

enum Event {
    Issue(ScheduledIssue, String),
    Step { level: usize, change: Option<i64>, duration: u64, words: String },
    Surge { factor: f64, duration: u64, words: String },
}

/// What one event does, checked at `path`.
fn event(doc: &Document, names: &Names, c: &mut Checker, path: &str, e: &ScriptEventDoc) -> Option<Event> {
    let level = |c: &mut Checker, at: &str, name: &str| c.lookup(at, name, &names.levels, "level");
    let lasting = |ms: u64| describe_minutes(minutes(ms));
    if let Some(issue) = &e.issue {
        let p = format!("{path}.issue");
        let given = Given {
            category: &issue.category,
            priority: &issue.priority,
            attributes: &issue.attributes,
            tags: &issue.tags,
        };
        let checked = given_issue(doc, names, c, &p, &given)?;
        return Some(Event::Issue(checked, format!("a {} issue of {} arrives", issue.priority, issue.category)));
    }
    if let Some(b) = &e.burst {
        let p = format!("{path}.burst");
        let duration = c.positive_duration(&format!("{p}.for"), &b.duration);
        let factor = if b.factor.is_finite() && b.factor > 1.0 && b.factor <= 1000.0 {
            Some(b.factor)
        } else {
            c.error(
                format!("{p}.factor"),
                format!("the factor {} must be above 1 and at most 1000: it multiplies every arrival rate", b.factor),
            );
            None
        };
        let (duration, factor) = (duration?, factor?);
        return Some(Event::Surge {
            factor, duration, words: format!("arrivals ×{factor} for {}", lasting(duration))
        });
    }
    if let Some(s) = &e.staff {
        let p = format!("{path}.staff");
        let l = level(c, &format!("{p}.level"), &s.level);
        let duration = c.positive_duration(&format!("{p}.for"), &s.duration);
        let change = if s.change == 0 || s.change.abs() > MAX_CHANGE {
            c.error(
                format!("{p}.change"),
                format!(
                    "the change {} must be a whole number of staff from -{MAX_CHANGE} to {MAX_CHANGE}, not 0",
                    s.change
                ),
            );
            None
        } else {
            Some(s.change)
        };
        let (l, duration, change) = (l?, duration?, change?);
        let who = if change > 0 { format!("{change} more staff at") } else { format!("{} fewer staff at", -change) };
        return Some(Event::Step {
            level: l,
            change: Some(change),
            duration,
            words: format!("{who} {} for {}", s.level, lasting(duration)),
        });
    }
    let close = e.close.as_ref()?;
    let p = format!("{path}.close");
    let l = level(c, &format!("{p}.level"), &close.level);
    let duration = c.positive_duration(&format!("{p}.for"), &close.duration);
    let (l, duration) = (l?, duration?);
    Some(Event::Step {
        level: l,
        change: None,
        duration,
        words: format!("{} closes for {}", close.level, lasting(duration)),
    })
}

/// The event's words on a chart: its name, then what it does.
fn titled(e: &ScriptEventDoc, words: String) -> String {
    if e.name.trim().is_empty() { words } else { format!("{}: {words}", e.name.trim()) }
}

/// When `text` is, in ms from the start: an offset, a weekday and time (the first such moment
/// at or after the start) or a date and time, both clock-local.
pub fn moment(text: &str, clock: LocalClock) -> Result<u64, String> {
    let t = text.trim();
    if let Ok(ms) = parse_duration(t) {
        return Ok(ms);
    }
    let words: Vec<&str> = t.split_whitespace().collect();
    // One weekday, named as a calendar's hours name it ("tue", "Tuesday"), then a time of day.
    if let [day, time] = words[..]
        && let Ok(days) = parse_days(&[day.to_string()])
        && let [d] = days[..]
    {
        let into_day = parse_time_of_day(time)?;
        let target = u64::from(d) * DAY + into_day;
        return Ok((target + WEEK - clock.week_position(SimTime(0))) % WEEK);
    }
    if let Some(when) = date_and_time_of(t) {
        let start = clock.local_datetime(SimTime(0));
        let ms = when.signed_duration_since(start).num_milliseconds();
        return u64::try_from(ms).map_err(|_| format!("{t} is before the run starts ({})", date_and_time(start)));
    }
    Err(format!(
        "\"{t}\" is not a moment: write an offset from the start (\"1d10h30m\"), a weekday and time (\"Tue 10:30\") or a date and time (\"2026-01-06 10:30\")"
    ))
}

/// A date and a time of day, `YYYY-MM-DD HH:MM` or `YYYY-MM-DDTHH:MM`, with seconds or without.
fn date_and_time_of(text: &str) -> Option<NaiveDateTime> {
    let (date, time) = text.split_once([' ', 'T'])?;
    let date = date.parse::<NaiveDate>().ok()?;
    // One or two digits each, as chrono's `%H`, `%M` and `%S` read them.
    let number = |p: &str| {
        if (1..=2).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()) { p.parse::<u32>().ok() } else { None }
    };
    let (hour, minute, second) = match time.trim_start().split(':').collect::<Vec<_>>()[..] {
        [h, m] => (number(h)?, number(m)?, 0),
        [h, m, s] => (number(h)?, number(m)?, number(s)?),
        _ => return None,
    };
    date.and_hms_opt(hour, minute, second)
}

/// A moment as `YYYY-MM-DD HH:MM`, the way script times are written.
fn date_and_time(t: NaiveDateTime) -> String {
    format!("{} {:02}:{:02}", t.date(), t.hour(), t.minute())
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDateTime;

    use super::date_and_time_of;

    /// The reader against chrono's for the four ways a date and time may be written.
    #[test]
    fn reads_a_date_and_time_as_chrono_reads_its_four_forms() {
        let chrono = |t: &str| {
            ["%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S"]
                .iter()
                .find_map(|f| NaiveDateTime::parse_from_str(t, f).ok())
        };
        for t in [
            "2026-01-06 10:30",
            "2026-01-06T10:30",
            "2026-01-06 10:30:15",
            "2026-01-06T08:05:59",
            "2026-1-6 9:05",
            "2026-01-06 0:00",
            "2026-01-06 23:59:59",
            "2028-02-29 12:00",
            // Refused by both.
            "2026-01-06 24:00",
            "2026-01-06 10:60",
            "2026-02-30 10:00",
            "2026-01-06 10",
            "2026-01-06 10:30:15:01",
            "2026-01-06 10:300",
            "2026-01-06 :30",
            "2026-01-06",
            "10:30",
            "2026-01-06 10:30 ",
            "2026-01-06  10:30",
            "2026-01-06 -1:30",
            "2026-01-06 +1:30",
        ] {
            assert_eq!(date_and_time_of(t), chrono(t), "{t:?}");
        }
    }
}
