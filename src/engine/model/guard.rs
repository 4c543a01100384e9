//! Conditions checked when a trigger's moment comes (a rule's `only_if` part): the guard, and
//! the view of an issue it reads.

use super::{CalendarId, Model};
pub use crate::engine::rules::syntax::{Compare, Measure, SlaClock};
use crate::engine::time::SimTime;

/// A condition on an issue at a moment, checked when a trigger's moment comes.
#[derive(Clone, Debug, PartialEq)]
pub enum Guard {
    All(Vec<Guard>),
    Any(Vec<Guard>),
    Not(Box<Guard>),
    Category(Vec<bool>),
    Priority(Vec<bool>),
    Level(Vec<bool>),
    /// `issue.attributes[index]` is one of the marked values.
    Attribute {
        index: usize,
        values: Vec<bool>,
    },
    Impact(Vec<bool>),
    Urgency(Vec<bool>),
    Escalations(Compare, u32),
    Reopens(Compare, u32),
    /// A time (since arrival, in the current queue, or at the current level) compared with
    /// `ms`, counted on calendar `calendar` (0: the clock).
    Time {
        measure: Measure,
        compare: Compare,
        ms: u64,
        calendar: CalendarId,
    },
    /// The share of an SLA target used so far compared with `share` (1.0 = the whole target);
    /// never holds when the issue has no such target, nor for the response once responded.
    SlaShare {
        target: SlaClock,
        compare: Compare,
        share: f64,
    },
    InBusinessHours(CalendarId),
    /// The issue carries tag `i` (bit `i`).
    Tag(usize),
}

/// What a guard reads of an issue.
pub struct GuardView<'a> {
    pub category: usize,
    pub priority: usize,
    pub level: usize,
    pub attributes: &'a [u8],
    pub tags: u32,
    pub impact: u8,
    pub urgency: u8,
    pub escalations: u32,
    pub reopens: u32,
    pub now: SimTime,
    pub arrival: SimTime,
    /// In the queue since then; `None` while not waiting.
    pub waiting_since: Option<SimTime>,
    /// At the current level since then.
    pub at_level_since: SimTime,
    /// Shares of the SLA targets used (response, resolution); `None`: no such target, or the
    /// response already given.
    pub sla_used: [Option<f64>; 2],
}

impl Guard {
    /// Whether the guard reads the issue's SLA shares, which cost a calendar walk to work out.
    pub fn reads_sla(&self) -> bool {
        match self {
            Guard::All(parts) | Guard::Any(parts) => parts.iter().any(Guard::reads_sla),
            Guard::Not(g) => g.reads_sla(),
            Guard::SlaShare { .. } => true,
            _ => false,
        }
    }

    pub fn holds(&self, issue: &GuardView<'_>, model: &Model) -> bool {
        let marked = |m: &[bool], i: usize| m.get(i).copied().unwrap_or(false);
        match self {
            Guard::All(parts) => parts.iter().all(|g| g.holds(issue, model)),
            Guard::Any(parts) => parts.iter().any(|g| g.holds(issue, model)),
            Guard::Not(g) => !g.holds(issue, model),
            Guard::Category(m) => marked(m, issue.category),
            Guard::Priority(m) => marked(m, issue.priority),
            Guard::Level(m) => marked(m, issue.level),
            Guard::Attribute { index, values } => {
                issue.attributes.get(*index).is_some_and(|&v| marked(values, usize::from(v)))
            }
            Guard::Impact(m) => marked(m, usize::from(issue.impact)),
            Guard::Urgency(m) => marked(m, usize::from(issue.urgency)),
            Guard::Escalations(c, n) => c.holds(issue.escalations, *n),
            Guard::Reopens(c, n) => c.holds(issue.reopens, *n),
            Guard::Time { measure, compare, ms, calendar } => {
                let since = match measure {
                    Measure::Age => issue.arrival,
                    Measure::Waiting => issue.waiting_since.unwrap_or(issue.now),
                    Measure::TimeAtLevel => issue.at_level_since,
                };
                compare.holds(model.calendars[*calendar].calendar.elapsed(since, issue.now), *ms)
            }
            Guard::SlaShare { target, compare, share } => {
                let used = match target {
                    SlaClock::Response => issue.sla_used[0],
                    SlaClock::Resolution => issue.sla_used[1],
                };
                used.is_some_and(|u| compare.holds(u, *share))
            }
            Guard::Tag(i) => issue.tags & (1 << i) != 0,
            Guard::InBusinessHours(k) => match &model.calendars[*k].calendar {
                crate::engine::calendar::Calendar::Always => true,
                crate::engine::calendar::Calendar::Business(b) => b.is_open(issue.now),
            },
        }
    }
}
