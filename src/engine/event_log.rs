//! The simulated event log: every event of every issue of one replication (arrive, queue, start,
//! resolve, move with its cause, reopen, priority change, close), for process-mining tools and
//! for reading back as a ticket history. The simulation records compact [`Event`]s when asked
//! ([`Simulation::record_events`](super::simulation::Simulation::record_events)); [`Labels`] puts
//! them in words (case ids, UTC timestamps, names, causes), and the writers turn them into text:
//! `csv` the app's own format (RFC 4180; `docs/history.md`), `xes` IEEE 1849-2016 XES.
//!
//! Memory: a log holds every event of every issue of the replication, six or seven of 32 bytes
//! each per issue (more for issues that move, reopen or change priority), so it grows with the
//! issues simulated, not with those open at once. A caller that writes as the run goes
//! ([`Simulation::take_events`](super::simulation::Simulation::take_events) between slices of
//! events, then a [`Writer`]) holds only one slice's events for CSV, and for XES the events of
//! the issues still open (an XES trace is written whole, once its issue has closed).

mod csv;
mod xes;

use std::borrow::Cow;

use chrono::{DateTime, SecondsFormat, Utc};

use super::document::Document;
use super::model::{Condition, Model};

pub use csv::HEADER;
/// Text made safe in XML or HTML, in a quoted attribute as in text (the History tab's markup
/// uses it too).
pub use xes::escape as escape_markup;

/// What happened to an issue.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Activity {
    /// It arrives, at the level it enters.
    Arrive,
    /// It joins the queue of its level.
    Queue,
    /// Service starts at its level.
    Start,
    /// It leaves its level resolved (by a service, or closed by a rule).
    Resolve,
    /// It leaves its level for another (or, for rework, the same one again).
    Move,
    /// A resolved issue reopens, at the level that resolved it.
    Reopen,
    /// Its priority changed.
    Priority,
    /// It is closed for good: resolved with no reopen to follow.
    Close,
}

impl Activity {
    /// The activity as the log writes it.
    pub fn name(self) -> &'static str {
        match self {
            Activity::Arrive => "arrive",
            Activity::Queue => "queue",
            Activity::Start => "start",
            Activity::Resolve => "resolve",
            Activity::Move => "move",
            Activity::Reopen => "reopen",
            Activity::Priority => "priority",
            Activity::Close => "close",
        }
    }

    /// Every activity, in the order above.
    pub const ALL: [Activity; 8] = [
        Activity::Arrive,
        Activity::Queue,
        Activity::Start,
        Activity::Resolve,
        Activity::Move,
        Activity::Reopen,
        Activity::Priority,
        Activity::Close,
    ];

    /// The activity a log names (without regard to case), the reverse of [`Activity::name`].
    pub fn parse(text: &str) -> Option<Activity> {
        Activity::ALL.into_iter().find(|a| a.name().eq_ignore_ascii_case(text))
    }
}

/// Why it happened, where the engine knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cause {
    /// Nothing to say (a queue, a start, a service that resolved).
    None,
    /// A service ended without resolving the issue, and it moved as the matrix says.
    NotResolved,
    /// It arrived past the start of its category's path (skip-level entry).
    Skip,
    /// The trigger (or rule) of this index in the model's list.
    Trigger(u32),
}

/// One event of one issue, as the simulation records it: small, and without words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Event {
    /// Simulated time, ms since the scenario's clock start.
    pub time: u64,
    /// The issue's arrival index within the replication (the journeys' issue number).
    pub issue: u32,
    pub activity: Activity,
    /// The issue's level, priority and category after the event (indices into the model).
    pub level: u16,
    pub priority: u16,
    pub category: u16,
    pub cause: Cause,
}

// The memory figure above.
const _: () = assert!(std::mem::size_of::<Event>() <= 32);

/// One event in words, as both writers write it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row<'m> {
    pub case_id: String,
    pub activity: &'static str,
    pub timestamp: String,
    pub level: &'m str,
    pub priority: &'m str,
    pub category: &'m str,
    pub reason: Cow<'m, str>,
}

/// What puts events in words: the model's names, the clock start, the replication's number, and
/// which triggers came from the `rules` text.
#[derive(Clone, Copy, Debug)]
pub struct Labels<'m> {
    model: &'m Model,
    /// Triggers of this index and after were compiled from the rules text.
    first_rule: usize,
    replication: u32,
    /// The clock start, ms since the Unix epoch.
    epoch_ms: i64,
}

impl<'m> Labels<'m> {
    /// Labels for replication 1 of `model`, validated from `document` (which says which of its
    /// triggers are rules: those after the document's own trigger list).
    pub fn new(model: &'m Model, document: &Document) -> Labels<'m> {
        Labels {
            model,
            first_rule: document.triggers.len().min(model.triggers.len()),
            replication: 1,
            epoch_ms: model.start.timestamp_millis(),
        }
    }

    /// The same labels for another replication (numbered from 1), whose number starts each case id.
    pub fn for_replication(self, replication: u32) -> Labels<'m> {
        Labels { replication, ..self }
    }

    /// The case id of an issue: `<replication>-<issue>`, e.g. `1-42`.
    pub fn case_id(&self, issue: u32) -> String {
        format!("{}-{issue}", self.replication)
    }

    /// A simulated time as ms since the Unix epoch (UTC).
    pub fn epoch_ms(&self, time: u64) -> i64 {
        self.epoch_ms.saturating_add(i64::try_from(time).unwrap_or(i64::MAX))
    }

    /// A simulated time as ISO 8601 UTC with milliseconds: `2026-01-05T08:30:00.000Z`.
    pub fn timestamp(&self, time: u64) -> String {
        DateTime::<Utc>::from_timestamp_millis(self.epoch_ms(time))
            .unwrap_or(DateTime::<Utc>::MAX_UTC)
            .to_rfc3339_opts(SecondsFormat::Millis, true)
    }

    /// A cause in words: `not_resolved`, `skip`, `timer: NAME` (a trigger on a waiting time, a
    /// time at a level, an age or an SLA share), `trigger: NAME` (a `not_resolved` or arrival
    /// trigger), `rule: NAME` (any trigger compiled from the rules text), or nothing.
    pub fn reason(&self, cause: Cause) -> Cow<'m, str> {
        match cause {
            Cause::None => Cow::Borrowed(""),
            Cause::NotResolved => Cow::Borrowed("not_resolved"),
            Cause::Skip => Cow::Borrowed("skip"),
            Cause::Trigger(t) => {
                let Some(trigger) = self.model.triggers.get(t as usize) else { return Cow::Borrowed("") };
                let kind = if t as usize >= self.first_rule {
                    "rule"
                } else {
                    match trigger.condition {
                        Condition::QueueWaitOver(_)
                        | Condition::TimeAtLevelOver(_)
                        | Condition::OpenLongerThan { .. }
                        | Condition::SlaElapsed { .. } => "timer",
                        Condition::NotResolved | Condition::OnArrival { .. } => "trigger",
                    }
                };
                Cow::Owned(format!("{kind}: {}", trigger.name))
            }
        }
    }

    /// An event in words.
    pub fn row(&self, e: &Event) -> Row<'m> {
        let m = self.model;
        Row {
            case_id: self.case_id(e.issue),
            activity: e.activity.name(),
            timestamp: self.timestamp(e.time),
            level: m.levels.get(e.level as usize).map_or("", |l| l.name.as_str()),
            priority: m.priorities.get(e.priority as usize).map_or("", |p| p.name.as_str()),
            category: m.categories.get(e.category as usize).map_or("", |c| c.name.as_str()),
            reason: self.reason(e.cause),
        }
    }
}

/// The file formats of an event log.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// The app's own CSV (`docs/history.md`).
    Csv,
    /// IEEE 1849-2016 XES.
    Xes,
}

impl Format {
    /// The format a file name asks for by its extension (`.csv`, `.xes`, in any case).
    pub fn for_file_name(name: &str) -> Option<Format> {
        let (_, ext) = name.rsplit_once('.')?;
        match ext.to_ascii_lowercase().as_str() {
            "csv" => Some(Format::Csv),
            "xes" => Some(Format::Xes),
            _ => None,
        }
    }
}

/// Writes an event log a slice of events at a time: [`Writer::begin`], then [`Writer::write`]
/// with the events in the order they happened, then [`Writer::finish`]. Text goes to a `String`
/// the caller empties as it likes (to a file, a download).
pub enum Writer<'m> {
    Csv(Labels<'m>),
    Xes(xes::Traces<'m>),
}

impl<'m> Writer<'m> {
    pub fn new(format: Format, labels: Labels<'m>) -> Writer<'m> {
        match format {
            Format::Csv => Writer::Csv(labels),
            Format::Xes => Writer::Xes(xes::Traces::new(labels)),
        }
    }

    /// The start of the file: the CSV header, or the XES log's declarations.
    pub fn begin(&self, out: &mut String) {
        match self {
            Writer::Csv(_) => out.push_str(HEADER),
            Writer::Xes(traces) => traces.begin(out),
        }
    }

    /// More events, in the order they happened.
    pub fn write(&mut self, events: &[Event], out: &mut String) {
        match self {
            Writer::Csv(labels) => csv::rows(labels, events, out),
            Writer::Xes(traces) => traces.write(events, out),
        }
    }

    /// The end of the file (for XES, the traces of issues still open, then the log's end).
    pub fn finish(self, out: &mut String) {
        if let Writer::Xes(traces) = self {
            traces.finish(out);
        }
    }
}

/// A whole event log as text, in one go.
pub fn to_text(format: Format, labels: Labels<'_>, events: &[Event]) -> String {
    let mut out = String::new();
    let mut writer = Writer::new(format, labels);
    writer.begin(&mut out);
    writer.write(events, &mut out);
    writer.finish(&mut out);
    out
}
