//! SLA policies: which issues each one covers, its calendar, and its targets, written as time
//! (`"8h"`) or as working days (`"3wd"`). Days and weeks of time on a business-hours calendar are
//! 24-hour days of open time, which is rarely what the author meant; they draw a warning that
//! gives the real figures and the working-day spelling, as does the `after` of an age trigger
//! counted on such a calendar.

use super::checker::Checker;
use super::checker::names_in;
use super::sections::Names;
use crate::engine::calendar::{Calendar, Span};
use crate::engine::document::{ConditionDoc, Document, MoreTarget};
use crate::engine::model::{NamedCalendar, SlaPolicy};
use crate::engine::time::{DAY, HOUR, WEEK, counts_whole_days, parse_duration, parse_working_days, trim_decimals};

/// Checks the `sla` section. `calendars` are the checked calendars (index 0 the built-in 24x7),
/// absent when the sections they come from had errors; the day-unit warning needs them.
pub fn policies(
    doc: &Document,
    names: &Names,
    calendars: Option<&[NamedCalendar]>,
    c: &mut Checker,
) -> Option<Vec<SlaPolicy>> {
    c.unique_names("sla", doc.sla.iter().map(|s| s.name.as_str()), "SLA policy");
    let mut out = Vec::new();
    let mut ok = true;
    let mut covered = vec![false; names.categories.len()];
    for (i, s) in doc.sla.iter().enumerate() {
        let path = format!("sla[{i}]");
        let categories = names_in(c, &format!("{path}.categories"), &s.categories, &names.categories, "category");
        let mut attributes = Vec::new();
        for (a, v) in &s.attributes {
            let ap = format!("{path}.attributes.{a}");
            if let Some(ai) = c.lookup(&ap, a, &names.attributes, "attribute") {
                let values: Vec<String> = doc.attributes[ai].values.keys().cloned().collect();
                if let Some(vi) = c.lookup(&ap, v, &values, &format!("value of \"{a}\"")) {
                    attributes.push((ai, vi));
                }
            }
        }
        let calendar = match &s.calendar {
            Some(n) => c.lookup(&format!("{path}.calendar"), n, &names.calendars, "calendar"),
            None => Some(0),
        };
        let named = calendar.and_then(|k| calendars?.get(k));
        let mut first_response = vec![None; names.priorities.len()];
        let mut resolution = vec![None; names.priorities.len()];
        let mut more = vec![[None; 5]; names.priorities.len()];
        for (p, t) in &s.targets {
            let tp = format!("{path}.targets.{p}");
            let Some(pi) = c.lookup(&tp, p, &names.priorities, "priority") else {
                continue;
            };
            if let Some(d) = &t.first_response {
                first_response[pi] = target(c, &format!("{tp}.first_response"), d, named);
            }
            if let Some(d) = &t.resolution {
                resolution[pi] = target(c, &format!("{tp}.resolution"), d, named);
            }
            for (m, d) in MoreTarget::ALL.into_iter().zip(t.more()) {
                if let Some(d) = d {
                    more[pi][m as usize] = target(c, &format!("{tp}.{}", m.key()), d, named);
                }
            }
        }
        let (Some(categories), Some(calendar)) = (categories, calendar) else {
            ok = false;
            continue;
        };
        if s.attributes.is_empty() {
            for (k, cov) in covered.iter_mut().enumerate() {
                *cov |= categories.as_ref().is_none_or(|m| m[k]);
            }
        }
        let has_more = more.iter().flatten().any(Option::is_some);
        out.push(SlaPolicy {
            name: s.name.clone(),
            categories,
            attributes,
            calendar,
            first_response: first_response.into(),
            resolution: resolution.into(),
            more: more.into(),
            has_more,
        });
    }
    if !doc.sla.is_empty() {
        for (k, name) in names.categories.iter().enumerate() {
            if !covered[k] {
                c.error(
                    "sla",
                    format!("some issues of category \"{name}\" match no SLA policy; add a last policy without attribute conditions that covers it"),
                );
                ok = false;
            }
        }
    }
    ok.then_some(out)
}

/// One target: a whole number of working days above zero, or a duration above zero; with a
/// warning when days or weeks of time meet a business-hours calendar.
fn target(c: &mut Checker, path: &str, text: &str, calendar: Option<&NamedCalendar>) -> Option<Span> {
    match parse_working_days(text) {
        Some(Ok(0)) => {
            c.error(path, format!("the target \"{text}\" must be at least one working day"));
            None
        }
        Some(Ok(n)) => Some(Span::WorkingDays(n)),
        Some(Err(e)) => {
            c.error(path, e.to_string());
            None
        }
        None => {
            let ms = c.positive_duration(path, text)?;
            if let Some(named) = calendar {
                days_on_business_hours(c, path, text, ms, named, true);
            }
            Some(Span::Open(ms))
        }
    }
}

/// Warns when the `after` of an age trigger is written in days or weeks and counts on a
/// business-hours calendar (working days are not read there; hours are the way to say it).
pub fn age_triggers(doc: &Document, calendars: &[NamedCalendar], c: &mut Checker) {
    for (i, t) in doc.triggers.iter().enumerate() {
        let ConditionDoc::OpenLongerThan { after, calendar: Some(name) } = &t.when else { continue };
        let (Some(named), Ok(ms)) = (calendars.iter().find(|k| k.name == *name), parse_duration(after)) else {
            continue;
        };
        days_on_business_hours(c, &format!("triggers[{i}].when.open_longer_than.after"), after, ms, named, false);
    }
}

/// Warns when a time written in days or weeks counts on a calendar that is not open round the
/// clock: `"3d"` there is 72 hours of open time, several working days of a 10-hour calendar.
/// `working_days` says whether the field reads working days (SLA targets do, triggers do not).
fn days_on_business_hours(c: &mut Checker, path: &str, text: &str, ms: u64, named: &NamedCalendar, working_days: bool) {
    let cal = &named.calendar;
    if !counts_whole_days(text) || matches!(cal, Calendar::Always) || cal.open_per_week() >= WEEK {
        return;
    }
    let day = cal.mean_working_day();
    // What the author most likely meant: a day for each "d", a working week for each "w".
    let meant = (ms / WEEK * cal.open_days_per_week()) as f64 + (ms % WEEK) as f64 / DAY as f64;
    let suggestion = if meant.fract() == 0.0 && meant >= 1.0 {
        let n = meant as u64;
        let hours = trim_decimals((n * day) as f64 / HOUR as f64, 1);
        let s = if n == 1 { "" } else { "s" };
        if working_days {
            format!(
                "for {n} working day{s} write \"{n}wd\" (the same clock time {n} working day{s} later), or \"{hours}h\" of business time"
            )
        } else {
            format!("for {n} working day{s} of business time write \"{hours}h\"")
        }
    } else if !working_days {
        "write the business time in hours".to_string()
    } else {
        "write working days as a whole number (\"2wd\") or the business time in hours".to_string()
    };
    c.warning(
        path,
        format!(
            "\"{}\" on calendar \"{}\" means {}: a day of time there is 24 open hours, and its working days have {} h on average; {suggestion}",
            text.trim(),
            named.name,
            cal.describe_amount(Span::Open(ms)),
            trim_decimals(day as f64 / HOUR as f64, 1),
        ),
    );
}
