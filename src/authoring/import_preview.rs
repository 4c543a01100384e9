//! What the app shows before a vendor's policy replaces the scenario (`docs/import.md`, In the
//! app): which file and vendor it read, what maps — the resulting scenario in short lines (its
//! levels with their staff, its timers and repeats, calendars, SLA targets per priority) — and
//! what does not: every warning of the importer, at its JSON path. Also the choice the *Import…*
//! button makes for a file: a scenario opens as before, a vendor's policy is previewed, and
//! anything else is refused with why, the current scenario unchanged.

use std::collections::BTreeMap;

use serde_json::Value;

use super::state::{Notice, NoticeKind};
use crate::engine::document::{ConditionDoc, Document, LevelDoc, MoreTarget, SlaPolicyDoc, TriggerDoc};
use crate::engine::import::{self, Imported, Warning};
use crate::engine::opening::{self, Unreadable};

#[cfg(test)]
mod tests;

/// A file the *Import…* button read.
#[derive(Clone, Debug, PartialEq)]
pub enum Opened {
    /// A scenario file: it replaces the scenario at once, as before.
    Scenario(Value),
    /// A vendor's policy: shown first, and replaces the scenario only when the user says so.
    Policy(Preview),
}

/// A vendor's policy as the preview dialog shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct Preview {
    /// "“payments.json”: a PagerDuty escalation policy".
    pub read: String,
    /// The scenario's name.
    pub name: String,
    /// What maps: the scenario it becomes, a line per level, timer, calendar and SLA target.
    pub maps: Vec<String>,
    /// What does not map: every warning of the importer, none left out.
    pub unmapped: Vec<Warning>,
    /// The scenario document, for *Use this scenario*.
    pub doc: Value,
    /// What replaced the scenario, for the *Undo* bar ("a PagerDuty escalation policy in the
    /// file “payments.json”").
    pub by: String,
}

/// Reads a file given to the *Import…* button: a scenario (which may have errors: it opens all
/// the same), a vendor's policy (previewed), or a refusal saying why and where.
pub fn open_file(name: &str, text: Result<String, String>) -> Result<Opened, Notice> {
    let fail = |lines: Vec<String>| Notice {
        kind: NoticeKind::Error,
        title: format!("Could not import {name}; the current scenario is unchanged"),
        lines,
    };
    let text = text.map_err(|e| fail(vec![format!("the file could not be read: {e}")]))?;
    match opening::open(&text) {
        Ok(doc) => Ok(Opened::Scenario(doc)),
        // An object without a version: a vendor's policy, or some other JSON file.
        Err(Unreadable::NoVersion) => {
            let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
            let recognised = serde_json::from_str::<Value>(text).ok().and_then(|top| import::recognise(&top));
            match import::import(text, None) {
                Ok(imported) => Ok(Opened::Policy(preview(name, &imported))),
                Err(refusal) => Err(fail(match recognised {
                    Some(vendor) => vec![format!("Read as {}: {refusal}", vendor.what())],
                    None => vec![
                        format!("As a scenario: {}", Unreadable::NoVersion),
                        format!("As a vendor's policy: {refusal}"),
                    ],
                })),
            }
        }
        Err(e) => Err(fail(vec![e.to_string()])),
    }
}

/// The preview of a vendor's policy read from the file `name`.
pub fn preview(name: &str, imported: &Imported) -> Preview {
    let what = imported.vendor.what();
    Preview {
        read: format!("“{name}”: {what}"),
        name: imported.document.name.clone(),
        maps: summary(&imported.document),
        unmapped: imported.warnings.clone(),
        // A document of strings, numbers and maps with string keys always converts.
        doc: crate::engine::document::to_value(&imported.document),
        by: format!("{what} in the file “{name}”"),
    }
}

/// The scenario in short lines: priorities, categories and attributes, then each level with its
/// staff, each timer with what it does, each calendar, and each SLA policy's targets per priority.
pub fn summary(doc: &Document) -> Vec<String> {
    let mut lines = Vec::new();
    let priorities: Vec<&str> = doc.priorities.iter().map(|p| p.name.as_str()).collect();
    lines.push(format!("{}: {}", counted(priorities.len(), "priority", "priorities"), priorities.join(", ")));
    let categories: Vec<&str> = doc.categories.iter().map(|c| c.name.as_str()).collect();
    lines.push(format!("{}: {}", counted(categories.len(), "category", "categories"), categories.join(", ")));
    for a in &doc.attributes {
        let values: Vec<&str> = a.values.keys().map(String::as_str).collect();
        lines.push(format!("Attribute {}: {}", a.name, values.join(", ")));
    }
    for (i, level) in doc.levels.iter().enumerate() {
        lines.push(format!("Level {}, “{}”: {}", i + 1, level.name, staff(level)));
    }
    lines.extend(doc.triggers.iter().map(|t| timer(t, &priorities)));
    for c in &doc.calendars {
        let offset = c.utc_offset.as_deref().map(|o| format!(" (UTC{o})")).unwrap_or_default();
        let mut text = format!("Calendar “{}”{offset}: {}", c.name, hours(&c.hours));
        if !c.holidays.is_empty() {
            text.push_str(&format!("; {}", counted(c.holidays.len(), "holiday", "holidays")));
        }
        lines.push(text);
    }
    for p in &doc.sla {
        lines.extend(sla(p, &priorities));
    }
    lines
}

fn counted(n: usize, one: &str, many: &str) -> String {
    if n == 1 { format!("1 {one}") } else { format!("{n} {many}") }
}

/// A level's staff: a number, or the range its shifts give over the week.
fn staff(level: &LevelDoc) -> String {
    if level.shifts.is_empty() {
        return format!("{} staff", level.staff.unwrap_or(0));
    }
    let least = level.shifts.iter().map(|s| s.staff).min().unwrap_or(0);
    let most = level.shifts.iter().map(|s| s.staff).max().unwrap_or(0);
    let shifts = counted(level.shifts.len(), "shift", "shifts");
    if least == most {
        format!("{most} staff by shift ({shifts})")
    } else {
        format!("{least} to {most} staff by shift ({shifts})")
    }
}

/// A duration per priority: one duration when every priority has the same, else each.
fn per_priority(times: &BTreeMap<String, String>, priorities: &[&str]) -> String {
    let mut all = times.values();
    if let Some(one) = all.next()
        && all.all(|t| t == one)
        && times.len() == priorities.len()
    {
        return one.clone();
    }
    times.iter().map(|(p, t)| format!("{p} {t}")).collect::<Vec<_>>().join(", ")
}

/// A trigger as a timer: what starts it, how long, and what it does then.
fn timer(t: &TriggerDoc, priorities: &[&str]) -> String {
    let scope = t
        .levels
        .as_ref()
        .map(|l| format!(" at {}", quoted(l)))
        .or_else(|| t.categories.as_ref().map(|c| format!(" in {}", c.join(", "))))
        .unwrap_or_default();
    let when = match &t.when {
        ConditionDoc::QueueWaitOver(times) => format!("Wait timer{scope}: {}", per_priority(times, priorities)),
        ConditionDoc::TimeAtLevelOver(times) => {
            format!("Time-at-level timer{scope}: {}", per_priority(times, priorities))
        }
        ConditionDoc::OpenLongerThan { after, .. } => format!("Open longer than {after}{scope}"),
        _ => format!("Trigger “{}”{scope}", t.name),
    };
    let then = super::rule_explain::action_words(&t.then, t.cost.as_deref());
    format!("{when}, then {then}")
}

fn quoted(names: &[String]) -> String {
    names.iter().map(|n| format!("“{n}”")).collect::<Vec<_>>().join(", ")
}

/// A calendar's weekly hours: days with the same hours together, in the order written.
fn hours(windows: &[crate::engine::document::WindowDoc]) -> String {
    if windows.is_empty() {
        return "no open hours".to_string();
    }
    let mut groups: Vec<(String, Vec<&str>)> = Vec::new();
    for w in windows {
        let span = format!("{}–{}", w.from, w.to);
        match groups.iter_mut().find(|(s, _)| *s == span) {
            Some((_, days)) => days.extend(w.days.iter().map(String::as_str)),
            None => groups.push((span, w.days.iter().map(String::as_str).collect())),
        }
    }
    groups.iter().map(|(span, days)| format!("{} {span}", days.join(", "))).collect::<Vec<_>>().join("; ")
}

/// An SLA policy's targets, a line per priority in the scenario's order.
fn sla(p: &SlaPolicyDoc, priorities: &[&str]) -> Vec<String> {
    let mut applies = Vec::new();
    if let Some(c) = &p.categories {
        applies.push(c.join(", "));
    }
    applies.extend(p.attributes.iter().map(|(k, v)| format!("{k} is {v}")));
    if let Some(c) = &p.calendar {
        applies.push(format!("on “{c}”"));
    }
    let head = if applies.is_empty() {
        format!("SLA “{}”", p.name)
    } else {
        format!("SLA “{}” ({})", p.name, applies.join("; "))
    };
    if p.targets.is_empty() {
        return vec![format!("{head}: no targets")];
    }
    // An imported policy's targets are for the scenario's priorities (the importer refuses others).
    let mut lines = Vec::new();
    for priority in priorities {
        let Some(t) = p.targets.get(*priority) else { continue };
        let mut targets = Vec::new();
        let mut add = |what: &str, d: &Option<String>| {
            if let Some(d) = d {
                targets.push(format!("{what} {d}"));
            }
        };
        add("first response", &t.first_response);
        add("resolution", &t.resolution);
        for (w, d) in MoreTarget::ALL.into_iter().zip(t.more()) {
            add(w.words(), d);
        }
        lines.push(format!("{head}, {priority}: {}", targets.join(", ")));
    }
    lines
}
