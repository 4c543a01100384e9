//! SLA attainment of a history from a scenario's targets: each ticket's priority matched to the
//! scenario's, its SLA policy chosen as the simulation chooses it, and its time to resolve counted
//! on the policy's calendar against the priority's resolution target.
//!
//! Times are absolute: a ticket's times are ms since the epoch in UTC, and the scenario's clock
//! start is an instant, so a ticket's moment in simulated time is its time less the clock start.
//! The calendars keep their own UTC offsets (the clock's where they give none), as in a run.

use chrono::{DateTime, Duration, FixedOffset};

use super::NO_PRIORITY;
use crate::engine::calendar::{Calendar, Span};
use crate::engine::document::{ClockDoc, Document};
use crate::engine::history::Ticket;
use crate::engine::model::Model;
use crate::engine::time::{SimTime, WEEK};
use crate::engine::validate;

/// What the scenario says of a history's tickets.
pub(super) struct Judged {
    /// Per ticket, the priority it counts under: as written, else the one the scenario's triage
    /// gives its impact and urgency, else none.
    pub priorities: Vec<String>,
    /// Per ticket: met its resolution target, breached it, or not counted (no target, not matched,
    /// or still open and within it at the log's end).
    pub made: Vec<Option<bool>>,
    /// The priority names (as the tickets count under them) that match a scenario priority, and
    /// those that do not, each sorted.
    pub matched: Vec<String>,
    pub unmatched: Vec<String>,
}

/// Judges each ticket against the scenario's resolution targets, or says why it cannot.
pub(super) fn judge(tickets: &[Ticket], scenario: &Document) -> Result<Judged, String> {
    let model = model(tickets, scenario)?;
    if model.sla.iter().all(|s| s.resolution.iter().all(Option::is_none)) {
        return Err("the scenario has no resolution target".to_string());
    }
    let start = model.start.timestamp_millis();
    let names: Vec<&str> = model.priorities.iter().map(|p| p.name.as_str()).collect();
    let categories: Vec<&str> = model.categories.iter().map(|c| c.name.as_str()).collect();
    // The log's end: the latest moment any ticket mentions.
    let end = tickets.iter().flat_map(Ticket::moments).max().unwrap_or(0);

    let mut priorities = Vec::with_capacity(tickets.len());
    let mut made = Vec::with_capacity(tickets.len());
    let mut matched = std::collections::BTreeSet::new();
    let mut unmatched = std::collections::BTreeSet::new();
    for t in tickets {
        let (name, index) = match &t.priority {
            Some(p) => (p.clone(), find(&names, p)),
            None => match triaged(&model, t) {
                Some(i) => (names[i].to_string(), Some(i)),
                None => (NO_PRIORITY.to_string(), None),
            },
        };
        let verdict = index.and_then(|p| {
            let category = t.category.as_deref().and_then(|c| find(&categories, c));
            met(&model, p, category, t.opened - start, t.resolved.or(t.closed).map(|r| r - start), end - start)
        });
        if index.is_some() {
            matched.insert(name.clone());
        } else {
            unmatched.insert(name.clone());
        }
        priorities.push(name);
        made.push(verdict);
    }
    if matched.is_empty() {
        return Err(format!(
            "no priority of the history ({}) is one of the scenario's ({})",
            unmatched.into_iter().collect::<Vec<_>>().join(", "),
            names.join(", ")
        ));
    }
    Ok(Judged { priorities, made, matched: matched.into_iter().collect(), unmatched: unmatched.into_iter().collect() })
}

/// The scenario's model, its clock start moved back by whole weeks to the first ticket's opening
/// where the history starts before it: the weeks keep every calendar's week as it was, and
/// simulated time cannot be negative.
fn model(tickets: &[Ticket], scenario: &Document) -> Result<Model, String> {
    let checked = |doc: &Document| {
        let v = validate::validate(doc);
        let errors: Vec<String> = v.errors().map(ToString::to_string).collect();
        match v.model {
            Some(m) if errors.is_empty() => Ok(m),
            _ => Err(format!(
                "the scenario does not validate ({} error{}; the first: {})",
                errors.len(),
                if errors.len() == 1 { "" } else { "s" },
                errors.first().map_or("unknown", String::as_str)
            )),
        }
    };
    let model = checked(scenario)?;
    let first = tickets.iter().map(|t| t.opened).min().unwrap_or(0);
    let start = model.start.timestamp_millis();
    if first >= start {
        return Ok(model);
    }
    let week = i64::try_from(WEEK).unwrap_or(i64::MAX);
    let weeks = (start - first + week - 1) / week;
    let moved: DateTime<FixedOffset> = model.start - Duration::weeks(weeks);
    let mut doc = scenario.clone();
    doc.clock = Some(ClockDoc { start: moved.to_rfc3339() });
    checked(&doc)
}

/// A name's index among `names`: the same, else the same without regard to case (the first).
fn find(names: &[&str], name: &str) -> Option<usize> {
    names.iter().position(|n| *n == name).or_else(|| names.iter().position(|n| n.eq_ignore_ascii_case(name)))
}

/// The priority the scenario's triage gives a ticket's impact and urgency.
fn triaged(model: &Model, t: &Ticket) -> Option<usize> {
    let triage = model.triage.as_ref()?;
    let impacts: Vec<&str> = triage.impacts.iter().map(String::as_str).collect();
    let urgencies: Vec<&str> = triage.urgencies.iter().map(String::as_str).collect();
    let i = find(&impacts, t.impact.as_deref()?)?;
    let u = find(&urgencies, t.urgency.as_deref()?)?;
    Some(triage.matrix[i][u])
}

/// Whether a ticket of priority `p` (and category, if the scenario has it) opened at `opened`
/// and resolved at `resolved` (simulated ms) met its resolution target; `None` where it has no
/// target, or is still open at `end` and within it. The policy is the first whose categories
/// hold it; a policy that asks for attribute values is passed over, as a history has none.
fn met(model: &Model, p: usize, category: Option<usize>, opened: i64, resolved: Option<i64>, end: i64) -> Option<bool> {
    let policy = model
        .sla
        .iter()
        .find(|s| s.attributes.is_empty() && s.categories.as_ref().is_none_or(|m| category.is_some_and(|k| m[k])))?;
    let span: Span = policy.resolution[p]?;
    let calendar: &Calendar = &model.calendars[policy.calendar].calendar;
    let at = |ms: i64| SimTime(u64::try_from(ms).unwrap_or(0));
    let from = at(opened);
    let target = calendar.span_ms(from, span);
    match resolved {
        Some(r) => Some(calendar.elapsed(from, at(r.max(opened))) <= target),
        None => (calendar.elapsed(from, at(end)) > target).then_some(false),
    }
}
