//! Tickets from Escalation Lab's own event log (`case_id,activity,timestamp,level,priority,
//! category,reason`), read back as the writer writes it: a visit per stay at a level, entered by
//! `arrive` or `queue` (or a `move` to it), started by `start`, left by `resolve` or `move`.
//!
//! The log is in the order things happened, so each row is applied as it comes: only the
//! tickets being built are kept.

use std::borrow::Cow;
use std::collections::BTreeMap;

use super::problems::{SkipReason, Tallies};
use super::row::Row;
use super::{Outcome, Ticket, Visit};
use crate::engine::event_log::Activity;

/// Whether a row of this activity needs a level (every activity that enters or leaves one).
fn needs_level(activity: Activity) -> bool {
    !matches!(activity, Activity::Priority | Activity::Close)
}

/// A case being read, and the time of its last row.
#[derive(Debug)]
struct Case {
    ticket: Ticket,
    last: i64,
}

/// Tickets from the app's event log.
#[derive(Debug, Default)]
pub(super) struct EventLog {
    /// Each case's place in `cases`, by id.
    index: BTreeMap<String, u64>,
    cases: Vec<Case>,
}

impl EventLog {
    /// Applies a row; false (counted as skipped) if its activity is unknown or it lacks the
    /// level it needs.
    pub fn add(&mut self, row: Row, tallies: &mut Tallies) -> bool {
        let Some(t) = row.event_time else { return false };
        let Some(text) = row.activity.as_deref() else {
            tallies.skip(SkipReason::Missing, Some("activity"), row.line, "");
            return false;
        };
        let Some(activity) = Activity::parse(text) else {
            tallies.skip(SkipReason::UnknownActivity, Some("activity"), row.line, text);
            return false;
        };
        let level = row.group.as_deref();
        if needs_level(activity) && level.is_none() {
            tallies.skip(SkipReason::Missing, Some("level"), row.line, "");
            return false;
        }
        let at = match self.index.get(row.id.as_ref()) {
            Some(&i) => i as usize,
            None => {
                if activity != Activity::Arrive {
                    tallies.warn("no-arrive", Some(row.line), Some("activity"), || {
                        format!("case {} starts with '{text}', not 'arrive': opened at its first row", row.id)
                    });
                }
                self.index.insert(row.id.to_string(), self.cases.len() as u64);
                self.cases.push(Case { ticket: Ticket::new(row.id.to_string(), t), last: t });
                self.cases.len() - 1
            }
        };
        let case = &mut self.cases[at];
        if t < case.last {
            tallies.warn("order", Some(row.line), Some("timestamp"), || {
                format!("case {} goes back in time here: its rows are applied in file order", row.id)
            });
        }
        case.last = case.last.max(t);
        let ticket = &mut case.ticket;
        if let Some(p) = row.priority {
            ticket.priority = Some(p.into_owned());
        }
        if let Some(c) = row.category {
            ticket.category = Some(c.into_owned());
        }
        let level = level.unwrap_or_default();
        match activity {
            Activity::Arrive | Activity::Queue => at_level(ticket, level, t),
            Activity::Start => {
                at_level(ticket, level, t);
                if let Some(v) = open_visit(ticket) {
                    v.started.get_or_insert(t);
                }
            }
            Activity::Resolve => {
                at_level(ticket, level, t);
                leave(ticket, t, Outcome::Resolved);
                ticket.resolved = Some(t);
            }
            Activity::Move => {
                leave(ticket, t, Outcome::Moved { reason: row.reason.map(Cow::into_owned) });
                enter(ticket, level, t);
            }
            Activity::Reopen => {
                ticket.reopens += 1;
                leave(ticket, t, Outcome::Moved { reason: Some("reopen".to_string()) });
                enter(ticket, level, t);
            }
            Activity::Priority => {}
            Activity::Close => ticket.closed = Some(t),
        }
        true
    }

    pub fn finish(self) -> Vec<Ticket> {
        self.cases.into_iter().map(|c| c.ticket).collect()
    }
}

fn open_visit(ticket: &mut Ticket) -> Option<&mut Visit> {
    ticket.visits.last_mut().filter(|v| v.left.is_none())
}

fn enter(ticket: &mut Ticket, level: &str, t: i64) {
    ticket.visits.push(Visit {
        group: level.to_string(),
        entered: t,
        started: None,
        left: None,
        outcome: Outcome::Open,
    });
}

/// Ends the visit in progress, if any.
fn leave(ticket: &mut Ticket, t: i64, outcome: Outcome) {
    if let Some(v) = open_visit(ticket) {
        (v.left, v.outcome) = (Some(t), outcome);
    }
}

/// Makes sure the ticket is at `level`: nothing if it is, else it leaves where it is (a move
/// the log did not write) and enters there.
fn at_level(ticket: &mut Ticket, level: &str, t: i64) {
    match open_visit(ticket) {
        Some(v) if v.group == level => {}
        Some(_) => {
            leave(ticket, t, Outcome::Moved { reason: None });
            enter(ticket, level, t);
        }
        None => enter(ticket, level, t),
    }
}
