//! Tickets built from the rows of an export: one row per ticket, or one row per update, where
//! a ticket's visits come from the changes of group between its updates in time order.
//!
//! Only per-ticket state is kept while reading: for an export of updates, each ticket's latest
//! fields and, per update, its time, group (interned) and whether its state is a resolved one.
//! The visits are made at the end, once every update of a ticket is known, since the rows of a
//! ticket need not come in time order.

use std::borrow::Cow;
use std::collections::BTreeMap;

use super::order;
use super::problems::{SkipReason, Tallies};
use super::row::Row;
use super::{Outcome, Ticket, Visit};
use crate::engine::words::same_without_case;

/// Tickets from an export of one row per ticket.
#[derive(Debug, Default)]
pub(super) struct PerTicket {
    tickets: Vec<Ticket>,
    /// The row each ticket id was first on.
    seen: BTreeMap<String, u64>,
    /// The names of the id and resolved columns, for messages.
    id_column: String,
    resolved_column: Option<String>,
}

impl PerTicket {
    pub fn new(id_column: String, resolved_column: Option<String>) -> Self {
        PerTicket { id_column, resolved_column, ..PerTicket::default() }
    }

    /// Adds the row's ticket; false (counted as skipped) if its id was on an earlier row.
    pub fn add(&mut self, row: Row, tallies: &mut Tallies) -> bool {
        if let Some(&first_row) = self.seen.get(row.id.as_ref()) {
            tallies.skip(SkipReason::Duplicate { first_row }, Some(&self.id_column), row.line, &row.id);
            return false;
        }
        self.seen.insert(row.id.to_string(), row.line);
        let Some(opened) = row.opened else { return false };
        warn_order(tallies, row.line, opened, row.resolved, self.resolved_column.as_deref());
        let visits = match &row.group {
            Some(g) => vec![Visit {
                group: g.to_string(),
                entered: opened,
                started: None,
                left: row.resolved,
                outcome: if row.resolved.is_some() { Outcome::Resolved } else { Outcome::Open },
            }],
            None => Vec::new(),
        };
        self.tickets.push(Ticket {
            id: row.id.into_owned(),
            opened,
            resolved: row.resolved,
            closed: row.closed,
            priority: row.priority.map(Cow::into_owned),
            impact: row.impact.map(Cow::into_owned),
            urgency: row.urgency.map(Cow::into_owned),
            category: row.category.map(Cow::into_owned),
            reopens: row.reopens.unwrap_or(0),
            made_sla: row.made_sla,
            visits,
        });
        true
    }

    pub fn finish(self) -> Vec<Ticket> {
        self.tickets
    }
}

/// Warns when a ticket is resolved before it was opened (it is kept as written).
fn warn_order(tallies: &mut Tallies, line: u64, opened: i64, resolved: Option<i64>, column: Option<&str>) {
    if resolved.is_some_and(|r| r < opened) {
        tallies.warn("resolved-before-opened", Some(line), column, || "resolved before it was opened".to_string());
    }
}

/// One update of a ticket, as kept until the end.
#[derive(Clone, Copy, Debug)]
struct Update {
    time: i64,
    /// The row's place in the file, which orders updates at the same time.
    seq: u32,
    group: Option<u32>,
    /// Its state is one of the resolved states.
    resolved: bool,
}

/// A ticket's fields as its latest update left them.
#[derive(Debug, Default)]
struct Latest {
    at: (i64, u32),
    line: u64,
    opened: Option<i64>,
    resolved: Option<i64>,
    closed: Option<i64>,
    priority: Option<String>,
    impact: Option<String>,
    urgency: Option<String>,
    category: Option<String>,
    reopens: Option<u32>,
    made_sla: Option<bool>,
}

#[derive(Debug)]
struct Updates {
    id: String,
    rows: Vec<Update>,
    latest: Latest,
}

/// Tickets from an export of one row per update.
#[derive(Debug, Default)]
pub(super) struct PerEvent {
    /// Each ticket's place in `tickets`, and each group's in `groups`, by name (as u64, so that
    /// these maps are of the kind the history's counts use).
    index: BTreeMap<String, u64>,
    tickets: Vec<Updates>,
    groups: Vec<String>,
    group_index: BTreeMap<String, u64>,
    /// The resolved states (compared without regard to case).
    resolved_states: Vec<String>,
    /// Whether rows say their state: if not, the last visit ends when the ticket was resolved.
    has_state: bool,
    seq: u32,
    /// The resolved column's name, for messages.
    resolved_column: Option<String>,
}

/// Sets a kept text to a row's, reusing its allocation when they are equal.
fn set(slot: &mut Option<String>, value: Option<Cow<str>>) {
    match value {
        Some(v) if slot.as_deref() == Some(v.as_ref()) => {}
        v => *slot = v.map(Cow::into_owned),
    }
}

impl PerEvent {
    pub fn new(resolved_states: &[String], has_state: bool, resolved_column: Option<String>) -> Self {
        let resolved_states = resolved_states.iter().map(|s| s.trim().to_string()).collect();
        PerEvent { resolved_states, has_state, resolved_column, ..PerEvent::default() }
    }

    pub fn add(&mut self, row: Row) -> bool {
        let Some(time) = row.event_time else { return false };
        let group = row.group.as_deref().map(|g| match self.group_index.get(g) {
            Some(&i) => i as u32,
            None => {
                let i = self.groups.len() as u32;
                self.groups.push(g.to_string());
                self.group_index.insert(g.to_string(), u64::from(i));
                i
            }
        });
        let resolved =
            row.state.as_deref().is_some_and(|s| self.resolved_states.iter().any(|r| same_without_case(r, s)));
        let at = match self.index.get(row.id.as_ref()) {
            Some(&i) => i as usize,
            None => {
                self.index.insert(row.id.to_string(), self.tickets.len() as u64);
                let latest = Latest { at: (i64::MIN, 0), ..Latest::default() };
                self.tickets.push(Updates { id: row.id.to_string(), rows: Vec::new(), latest });
                self.tickets.len() - 1
            }
        };
        self.seq += 1;
        let t = &mut self.tickets[at];
        t.rows.push(Update { time, seq: self.seq, group, resolved });
        if (time, self.seq) >= t.latest.at {
            let l = &mut t.latest;
            (l.at, l.line) = ((time, self.seq), row.line);
            (l.opened, l.resolved, l.closed) = (row.opened, row.resolved, row.closed);
            set(&mut l.priority, row.priority);
            set(&mut l.impact, row.impact);
            set(&mut l.urgency, row.urgency);
            set(&mut l.category, row.category);
            (l.reopens, l.made_sla) = (row.reopens, row.made_sla);
        }
        true
    }

    /// The tickets, in the order of their first rows.
    pub fn finish(self, tallies: &mut Tallies) -> Vec<Ticket> {
        let mut out = Vec::with_capacity(self.tickets.len());
        for mut t in self.tickets {
            if !t.rows.is_sorted_by_key(|u| (u.time, u.seq)) {
                order::sort_by_key(&mut t.rows, |u| (u.time, u.seq));
            }
            let first = t.rows.first().map_or(0, |u| u.time);
            let l = t.latest;
            let opened = l.opened.unwrap_or(first);
            let (mut visits, reopens_seen) = visits(&t.rows, opened, &self.groups);
            if !self.has_state
                && let (Some(r), Some(last)) = (l.resolved, visits.last_mut())
                && last.left.is_none()
                && r >= last.entered
            {
                (last.left, last.outcome) = (Some(r), Outcome::Resolved);
            }
            let resolved_in_visits = visits.iter().rev().find(|v| v.outcome == Outcome::Resolved).and_then(|v| v.left);
            let resolved = l.resolved.or(resolved_in_visits);
            warn_order(tallies, l.line, opened, resolved, self.resolved_column.as_deref());
            out.push(Ticket {
                id: t.id,
                opened,
                resolved,
                closed: l.closed,
                priority: l.priority,
                impact: l.impact,
                urgency: l.urgency,
                category: l.category,
                reopens: l.reopens.unwrap_or(reopens_seen),
                made_sla: l.made_sla,
                visits: std::mem::take(&mut visits),
            });
        }
        out
    }
}

/// The visits a ticket's updates (in time order) make, and the reopens seen among them.
///
/// An update naming another group than the current visit's ends that visit (moved on) and
/// starts one with the new group; an update without a group keeps the current one. An update in
/// a resolved state ends the current visit (resolved there); one in another state after it is
/// a reopen, and starts a new visit. A group change while resolved gives a visit of no length,
/// resolved: the ticket passed through the group without reopening. The first visit enters when
/// the ticket was opened, if its group is on the first update.
fn visits(updates: &[Update], opened: i64, groups: &[String]) -> (Vec<Visit>, u32) {
    let mut visits: Vec<Visit> = Vec::new();
    let mut reopens = 0;
    let mut current: Option<u32> = None;
    for (i, u) in updates.iter().enumerate() {
        let Some(g) = u.group.or(current) else { continue };
        current = Some(g);
        let group = groups[g as usize].as_str();
        let entered = if i == 0 { opened.min(u.time) } else { u.time };
        let enter = |visits: &mut Vec<Visit>| {
            visits.push(Visit { group: group.to_string(), entered, started: None, left: None, outcome: Outcome::Open });
        };
        match visits.last_mut() {
            None => enter(&mut visits),
            Some(v) if v.left.is_none() && v.group != group => {
                (v.left, v.outcome) = (Some(u.time), Outcome::Moved { reason: None });
                enter(&mut visits);
            }
            Some(v) if v.left.is_some() && (!u.resolved || v.group != group) => {
                reopens += u32::from(!u.resolved);
                enter(&mut visits);
            }
            Some(_) => {}
        }
        if u.resolved
            && let Some(v) = visits.last_mut()
            && v.left.is_none()
        {
            (v.left, v.outcome) = (Some(u.time), Outcome::Resolved);
        }
    }
    (visits, reopens)
}
