//! Validation of the self-contained sections: priorities, attributes, triage, calendars and levels
//! (with their per-category and per-priority overrides).

use chrono::{DateTime, FixedOffset, NaiveDate};

use super::checker::Checker;
use crate::engine::calendar::{BusinessCalendar, Calendar, LocalClock, ShiftSchedule, WeeklyWindows};
use crate::engine::distribution::Distribution;
use crate::engine::document::{Document, LevelDoc, WindowDoc};
use crate::engine::model::{Attribute, Level, MAX_ATTRIBUTES, NamedCalendar, Priority, Staffing, Triage};

/// Largest staff count of one level that still makes sense.
const MAX_STAFF: u32 = 100_000;
/// The calendar that counts every hour.
pub const ALWAYS: &str = "24x7";

/// What the self-contained sections give the rest of validation.
pub struct Base {
    pub clock: LocalClock,
    pub priorities: Vec<Priority>,
    pub attributes: Vec<Attribute>,
    pub triage: Option<Triage>,
    pub calendars: Vec<NamedCalendar>,
    pub levels: Vec<Level>,
    pub level_params: Vec<LevelParams>,
}

/// A level's service parameters before they are spread over categories and priorities.
pub struct LevelParams {
    pub service: Distribution,
    pub resolve_probability: f64,
    pub handoff: Option<Distribution>,
    pub overrides: Vec<Override>,
}

pub struct Override {
    pub category: Option<usize>,
    pub priority: Option<usize>,
    pub service: Option<Distribution>,
    pub resolve_probability: Option<f64>,
    pub handoff: Option<Distribution>,
}

/// Names declared in the document, for lookups by every pass.
pub struct Names {
    pub priorities: Vec<String>,
    pub levels: Vec<String>,
    pub categories: Vec<String>,
    pub calendars: Vec<String>,
    pub attributes: Vec<String>,
}

impl Names {
    pub fn of(doc: &Document) -> Names {
        Names {
            priorities: doc.priorities.iter().map(|p| p.name.clone()).collect(),
            levels: doc.levels.iter().map(|l| l.name.clone()).collect(),
            categories: doc.categories.iter().map(|c| c.name.clone()).collect(),
            calendars: std::iter::once(ALWAYS.to_string())
                .chain(doc.calendars.iter().map(|c| c.name.clone()))
                .collect(),
            attributes: doc.attributes.iter().map(|a| a.name.clone()).collect(),
        }
    }
}

pub fn build(doc: &Document, start: DateTime<FixedOffset>, c: &mut Checker) -> Option<Base> {
    let names = Names::of(doc);
    let clock = LocalClock::new(start, *start.offset());
    if doc.priorities.is_empty() {
        c.error("priorities", "there must be at least one priority");
    }
    c.unique_names("priorities", doc.priorities.iter().map(|p| p.name.as_str()), "priority");
    let priorities = doc
        .priorities
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let mut goal = |field: &str, value: Option<f64>| match value {
                None => crate::engine::goals::DEFAULT_GOAL,
                Some(v) => {
                    c.goal(&format!("priorities[{i}].goals.{field}"), v).unwrap_or(crate::engine::goals::DEFAULT_GOAL)
                }
            };
            let goals = crate::engine::goals::Goals {
                first_response: goal("first_response", p.goals.first_response),
                resolution: goal("resolution", p.goals.resolution),
            };
            Priority {
                name: p.name.clone(),
                label: if p.label.is_empty() { p.name.clone() } else { p.label.clone() },
                goals,
            }
        })
        .collect();
    let attributes = attributes(doc, c);
    let triage = super::triage::triage(doc, &names, c);
    let calendars = calendars(doc, start, c);
    if doc.levels.is_empty() {
        c.error("levels", "there must be at least one level");
    }
    c.unique_names("levels", doc.levels.iter().map(|l| l.name.as_str()), "level");
    let mut levels = Vec::new();
    let mut level_params = Vec::new();
    let mut ok = true;
    for (i, l) in doc.levels.iter().enumerate() {
        match level(i, l, clock, &names, c) {
            Some((level, params)) => {
                levels.push(level);
                level_params.push(params);
            }
            None => ok = false,
        }
    }
    let (attributes, triage, calendars) = (attributes?, triage?, calendars?);
    ok.then_some(Base { clock, priorities, attributes, triage, calendars, levels, level_params })
}

fn attributes(doc: &Document, c: &mut Checker) -> Option<Vec<Attribute>> {
    if doc.attributes.len() > MAX_ATTRIBUTES {
        c.error("attributes", format!("{} attributes; at most {MAX_ATTRIBUTES} are supported", doc.attributes.len()));
    }
    c.unique_names("attributes", doc.attributes.iter().map(|a| a.name.as_str()), "attribute");
    let mut out = Vec::new();
    for (i, a) in doc.attributes.iter().enumerate() {
        let path = format!("attributes[{i}].values");
        let values: Vec<String> = a.values.keys().cloned().collect();
        if values.is_empty() || values.len() > 255 {
            c.error(&path, "an attribute needs between 1 and 255 values");
            continue;
        }
        let Some(probs) = c.mix(&path, &a.values, &values, "attribute value") else {
            continue;
        };
        out.push(Attribute { name: a.name.clone(), values, cumulative: cumulative(&probs) });
    }
    (out.len() == doc.attributes.len()).then_some(out)
}

fn calendars(doc: &Document, start: DateTime<FixedOffset>, c: &mut Checker) -> Option<Vec<NamedCalendar>> {
    c.unique_names("calendars", doc.calendars.iter().map(|k| k.name.as_str()), "calendar");
    let mut out = vec![NamedCalendar { name: ALWAYS.to_string(), calendar: Calendar::Always }];
    let mut ok = true;
    for (i, k) in doc.calendars.iter().enumerate() {
        if k.name == ALWAYS {
            c.error(
                format!("calendars[{i}].name"),
                format!("\"{ALWAYS}\" is the built-in round-the-clock calendar; choose another name"),
            );
        }
        let offset = match &k.utc_offset {
            None => Some(*start.offset()),
            Some(text) => match text.parse::<FixedOffset>() {
                Ok(o) => Some(o),
                Err(_) => {
                    c.error(
                        format!("calendars[{i}].utc_offset"),
                        format!("\"{text}\" is not a UTC offset such as +01:00 or -05:00"),
                    );
                    None
                }
            },
        };
        let hours = windows(&format!("calendars[{i}].hours"), &k.hours, c);
        if let Some(h) = &hours
            && h.open_per_week() == 0
        {
            c.error(format!("calendars[{i}].hours"), "the calendar is never open, so its SLA clocks would never run");
        }
        let mut holidays = Vec::new();
        for (j, h) in k.holidays.iter().enumerate() {
            match h.parse::<NaiveDate>() {
                Ok(d) => holidays.push(d),
                Err(_) => c.error(
                    format!("calendars[{i}].holidays[{j}]"),
                    format!("\"{h}\" is not a date in the form YYYY-MM-DD"),
                ),
            }
        }
        match (offset, hours) {
            (Some(offset), Some(hours)) if hours.open_per_week() > 0 => out.push(NamedCalendar {
                name: k.name.clone(),
                calendar: Calendar::Business(BusinessCalendar::new(start, offset, hours, holidays)),
            }),
            _ => ok = false,
        }
    }
    ok.then_some(out)
}

fn windows(path: &str, list: &[WindowDoc], c: &mut Checker) -> Option<WeeklyWindows> {
    let mut w = WeeklyWindows::empty();
    let mut ok = true;
    for (j, win) in list.iter().enumerate() {
        if let Err((part, msg)) = w.add_part(&win.days, &win.from, &win.to) {
            c.error(format!("{path}[{j}].{part}"), msg);
            ok = false;
        }
    }
    ok.then_some(w)
}

fn level(i: usize, l: &LevelDoc, clock: LocalClock, names: &Names, c: &mut Checker) -> Option<(Level, LevelParams)> {
    let path = format!("levels[{i}]");
    let staffing = match (l.staff, l.shifts.is_empty()) {
        (Some(_), false) => {
            c.error(format!("{path}.shifts"), "give either a constant \"staff\" or \"shifts\", not both");
            None
        }
        (None, true) => {
            c.error(format!("{path}.staff"), "a level needs \"staff\" (a constant count) or \"shifts\"");
            None
        }
        (Some(n), true) => {
            if n > MAX_STAFF {
                c.error(
                    format!("{path}.staff"),
                    format!("{n} staff at one level is beyond any real team; use at most {MAX_STAFF}"),
                );
            }
            Some(Staffing::Constant(n))
        }
        (None, false) => {
            let mut shifts = Vec::new();
            for (j, s) in l.shifts.iter().enumerate() {
                let mut w = WeeklyWindows::empty();
                if let Err((part, msg)) = w.add_part(&s.days, &s.from, &s.to) {
                    c.error(format!("{path}.shifts[{j}].{part}"), msg);
                } else if s.staff > MAX_STAFF {
                    c.error(
                        format!("{path}.shifts[{j}].staff"),
                        format!("{} staff in one shift is beyond any real team; use at most {MAX_STAFF}", s.staff),
                    );
                } else {
                    shifts.push((w, s.staff));
                }
            }
            (shifts.len() == l.shifts.len()).then(|| Staffing::Shifts(ShiftSchedule::new(clock, shifts)))
        }
    };
    let service = c.distribution(&format!("{path}.service"), &l.service);
    let resolve = c.probability(&format!("{path}.resolve_probability"), l.resolve_probability);
    let handoff = match &l.handoff {
        Some(h) => c.distribution(&format!("{path}.handoff"), h).map(Some),
        None => Some(None),
    };
    let mut overrides = Vec::new();
    let mut ok = true;
    for (j, o) in l.overrides.iter().enumerate() {
        let op = format!("{path}.overrides[{j}]");
        let category =
            o.category.as_ref().map(|n| c.lookup(&format!("{op}.category"), n, &names.categories, "category"));
        let priority =
            o.priority.as_ref().map(|n| c.lookup(&format!("{op}.priority"), n, &names.priorities, "priority"));
        let service = o.service.as_ref().map(|d| c.distribution(&format!("{op}.service"), d));
        let resolve = o.resolve_probability.map(|p| c.probability(&format!("{op}.resolve_probability"), p));
        let handoff = o.handoff.as_ref().map(|d| c.distribution(&format!("{op}.handoff"), d));
        if o.service.is_none() && o.resolve_probability.is_none() && o.handoff.is_none() {
            c.error(&op, "an override must change at least one of service, resolve_probability or handoff");
            ok = false;
        }
        let failed = [category.is_some_and(|x| x.is_none()), priority.is_some_and(|x| x.is_none())].contains(&true)
            || service.as_ref().is_some_and(Option::is_none)
            || resolve.is_some_and(|x| x.is_none())
            || handoff.as_ref().is_some_and(Option::is_none);
        if failed {
            ok = false;
            continue;
        }
        overrides.push(Override {
            category: category.flatten(),
            priority: priority.flatten(),
            service: service.flatten(),
            resolve_probability: resolve.flatten(),
            handoff: handoff.flatten(),
        });
    }
    let level = Level { name: l.name.clone(), role: l.role, staffing: staffing? };
    let params = LevelParams { service: service?, resolve_probability: resolve?, handoff: handoff?, overrides };
    ok.then_some((level, params))
}

/// Cumulative sums of a probability vector, with the last entry forced to exactly 1.
pub fn cumulative(probs: &[f64]) -> Vec<f64> {
    let mut acc = 0.0;
    let mut out: Vec<f64> = probs
        .iter()
        .map(|p| {
            acc += p;
            acc
        })
        .collect();
    if let Some(last) = out.last_mut() {
        *last = 1.0;
    }
    out
}
