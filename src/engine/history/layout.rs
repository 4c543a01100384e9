//! Which export a file is, from its header, and which of its columns hold what (`Mapping`).
//!
//! Every layout but the app's own event log comes down to a mapping from the ticket's fields to
//! column names, read one of two ways: one row per event (when the mapping names an event-time
//! column: each row is an update, with the ticket's fields as they stood after it) or one row per
//! ticket. The mapping found is returned with the tickets and can be given back to read the same
//! kind of file again, or written by hand for any other CSV.

use std::fmt;

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

use super::Refused;
use crate::engine::words::same_without_case;

/// The kind of export a file was read as.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Layout {
    /// ServiceNow's incident audit export: a row per update (`number`, `sys_updated_at`, ...).
    ServiceNow,
    /// Jira Service Management's issue export: a row per issue (`Issue key`, `Created`, ...).
    Jira,
    /// Zendesk's ticket export: a row per ticket (`Id`, `Created at`, `Solved at`, ...).
    Zendesk,
    /// Escalation Lab's own event log (`case_id,activity,timestamp,level,...`).
    EventLog,
    /// Any other CSV, through the mapping given with it.
    Mapped,
}

impl Layout {
    /// Its name in messages.
    pub fn name(self) -> &'static str {
        match self {
            Layout::ServiceNow => "ServiceNow incident export",
            Layout::Jira => "Jira Service Management export",
            Layout::Zendesk => "Zendesk ticket export",
            Layout::EventLog => "Escalation Lab event log",
            Layout::Mapped => "mapped CSV",
        }
    }
}

/// Which column holds each of a ticket's fields, by its name in the header (compared without
/// regard to case or surrounding spaces). Only `ticket_id` and one of `event_time` or `opened`
/// are needed. Read by hand (below): every field may be left out, and none but these is allowed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Mapping {
    /// The ticket's id; rows with the same id are one ticket.
    pub ticket_id: String,
    /// When the row's event happened. Given: one row per event, each with the ticket's fields as
    /// they stood after it. Not given: one row per ticket.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event_time: Option<String>,
    /// When the ticket was opened. Needed with one row per ticket; with one row per event, the
    /// first event's time stands in when it is not given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub opened: Option<String>,
    /// When it was (last) resolved.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolved: Option<String>,
    /// When it was closed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub closed: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub priority: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub impact: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub urgency: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// The group (team, queue, assignee) that has the ticket: its visits.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// The ticket's state after the event (one row per event only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    /// The states that mean resolved (without regard to case); a row in another state after
    /// them is a reopen.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub resolved_states: Vec<String>,
    /// How many times it was reopened.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reopens: Option<String>,
    /// Whether it met its SLA: true/false, yes/no, 1/0, met/breached, or a remaining time
    /// (negative when breached).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub made_sla: Option<String>,
}

impl Mapping {
    /// Its fields, by their names in a scenario's `history.mapping` and on the command line.
    pub const FIELDS: [&'static str; 14] = [
        "ticket_id",
        "event_time",
        "opened",
        "resolved",
        "closed",
        "priority",
        "impact",
        "urgency",
        "category",
        "group",
        "state",
        "resolved_states",
        "reopens",
        "made_sla",
    ];

    /// The optional column named by `FIELDS[i]`; `None` for `ticket_id` and `resolved_states`.
    fn optional_mut(&mut self, i: usize) -> Option<&mut Option<String>> {
        Some(match i {
            1 => &mut self.event_time,
            2 => &mut self.opened,
            3 => &mut self.resolved,
            4 => &mut self.closed,
            5 => &mut self.priority,
            6 => &mut self.impact,
            7 => &mut self.urgency,
            8 => &mut self.category,
            9 => &mut self.group,
            10 => &mut self.state,
            12 => &mut self.reopens,
            13 => &mut self.made_sla,
            _ => return None,
        })
    }
}

/// The mapping's reader, field by field into the mapping itself: it reads what serde's derive
/// (`default`, `deny_unknown_fields`) read, with the same messages, in a fraction of the code the
/// derive writes for fourteen fields (`layout/tests.rs` holds the two side by side).
impl<'de> Deserialize<'de> for Mapping {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(MappingVisitor)
    }
}

struct MappingVisitor;

impl<'de> Visitor<'de> for MappingVisitor {
    type Value = Mapping;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("struct Mapping")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Mapping, A::Error> {
        let mut mapping = Mapping::default();
        let mut seen = [false; Mapping::FIELDS.len()];
        while let Some(key) = map.next_key::<String>()? {
            let i = Mapping::FIELDS
                .iter()
                .position(|f| *f == key)
                .ok_or_else(|| de::Error::unknown_field(&key, &Mapping::FIELDS))?;
            if std::mem::replace(&mut seen[i], true) {
                return Err(de::Error::duplicate_field(Mapping::FIELDS[i]));
            }
            match mapping.optional_mut(i) {
                Some(slot) => *slot = map.next_value()?,
                None if i == 0 => mapping.ticket_id = map.next_value()?,
                None => mapping.resolved_states = map.next_value()?,
            }
        }
        Ok(mapping)
    }
}

/// A ticket field, for messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Field {
    TicketId,
    EventTime,
    Opened,
    Resolved,
    Closed,
    Group,
}

impl Field {
    pub fn describe(self) -> &'static str {
        match self {
            Field::TicketId => "the ticket id",
            Field::EventTime => "the time of each update",
            Field::Opened => "when the ticket was opened",
            Field::Resolved => "when it was resolved",
            Field::Closed => "when it was closed",
            Field::Group => "the group holding the ticket",
        }
    }
}

/// The columns a read uses, by index in the header.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct Columns {
    pub id: usize,
    pub event_time: Option<usize>,
    pub opened: Option<usize>,
    pub resolved: Option<usize>,
    pub closed: Option<usize>,
    pub priority: Option<usize>,
    pub impact: Option<usize>,
    pub urgency: Option<usize>,
    pub category: Option<usize>,
    pub group: Option<usize>,
    pub state: Option<usize>,
    pub reopens: Option<usize>,
    pub made_sla: Option<usize>,
    /// The event log's `activity` and `reason`.
    pub activity: Option<usize>,
    pub reason: Option<usize>,
}

/// The layout of a file with this header, its mapping and the columns used: the mapping given,
/// else the first known export the header has the marks of. Refused when a column the layout
/// needs (or the given mapping names) is not in the header, or nothing is recognised.
pub(super) fn recognise(header: &[String], given: Option<&Mapping>) -> Result<(Layout, Mapping, Columns), Refused> {
    let find = |name: &str| header.iter().position(|h| same_without_case(h.trim(), name.trim()));
    let has = |name: &str| find(name).is_some();
    let first_of = |names: &[&str]| names.iter().find(|n| has(n)).map(std::string::ToString::to_string);
    let (layout, mapping) = if let Some(m) = given {
        (Layout::Mapped, m.clone())
    } else if has("case_id") && has("activity") && has("timestamp") && has("level") {
        let event_log = Mapping {
            ticket_id: "case_id".into(),
            event_time: Some("timestamp".into()),
            group: Some("level".into()),
            priority: first_of(&["priority"]),
            category: first_of(&["category"]),
            ..Mapping::default()
        };
        (Layout::EventLog, event_log)
    } else if has("number") && ["sys_updated_at", "incident_state", "opened_at"].iter().any(|c| has(c)) {
        (Layout::ServiceNow, service_now(&first_of))
    } else if has("issue key") {
        (Layout::Jira, jira(&first_of))
    } else if has("id") && ["created at", "solved at", "group stations", "requester id"].iter().any(|c| has(c)) {
        (Layout::Zendesk, zendesk(&first_of))
    } else {
        return Err(Refused::UnknownLayout { columns: header.to_vec() });
    };
    let mut missing = None;
    let mut need = |name: &Option<String>, field: Field, required: bool| -> Option<usize> {
        match name {
            Some(n) => {
                let at = find(n);
                if at.is_none() && missing.is_none() {
                    missing = Some((n.clone(), field));
                }
                at
            }
            None => {
                if required && missing.is_none() {
                    missing = Some((String::new(), field));
                }
                None
            }
        }
    };
    let per_event = mapping.event_time.is_some();
    let id = need(&Some(mapping.ticket_id.clone()), Field::TicketId, true);
    let mut columns = Columns {
        id: id.unwrap_or(0),
        event_time: need(&mapping.event_time, Field::EventTime, false),
        opened: need(&mapping.opened, Field::Opened, !per_event),
        resolved: need(&mapping.resolved, Field::Resolved, false),
        closed: need(&mapping.closed, Field::Closed, false),
        group: need(&mapping.group, Field::Group, false),
        ..Columns::default()
    };
    if let Some((column, field)) = missing {
        return Err(missing_column(layout, header, column, field.describe()));
    }
    // The rest are optional: a mapped column that is absent is still a mistake worth refusing.
    for (name, slot, what) in [
        (&mapping.priority, &mut columns.priority, "the priority"),
        (&mapping.impact, &mut columns.impact, "the impact"),
        (&mapping.urgency, &mut columns.urgency, "the urgency"),
        (&mapping.category, &mut columns.category, "the category"),
        (&mapping.state, &mut columns.state, "the state"),
        (&mapping.reopens, &mut columns.reopens, "the reopen count"),
        (&mapping.made_sla, &mut columns.made_sla, "whether the SLA was met"),
    ] {
        if let Some(n) = name {
            *slot = Some(find(n).ok_or_else(|| missing_column(layout, header, n.clone(), what))?);
        }
    }
    if layout == Layout::EventLog {
        columns.activity = find("activity");
        columns.reason = find("reason");
    }
    Ok((layout, mapping, columns))
}

fn missing_column(layout: Layout, header: &[String], column: String, field: &'static str) -> Refused {
    let near = super::super::problem::near_match(&column, header.iter().map(String::as_str)).map(str::to_string);
    Refused::MissingColumn { layout, column, field: field.to_string(), near, header: header.to_vec() }
}

fn service_now(first_of: &dyn Fn(&[&str]) -> Option<String>) -> Mapping {
    Mapping {
        ticket_id: "number".into(),
        event_time: Some("sys_updated_at".into()),
        opened: Some("opened_at".into()),
        resolved: first_of(&["resolved_at"]),
        closed: first_of(&["closed_at"]),
        priority: first_of(&["priority"]),
        impact: first_of(&["impact"]),
        urgency: first_of(&["urgency"]),
        category: first_of(&["category"]),
        group: first_of(&["assignment_group"]),
        state: first_of(&["incident_state", "state"]),
        resolved_states: vec!["Resolved".into(), "Closed".into(), "Canceled".into()],
        reopens: first_of(&["reopen_count"]),
        made_sla: first_of(&["made_sla"]),
    }
}

fn jira(first_of: &dyn Fn(&[&str]) -> Option<String>) -> Mapping {
    Mapping {
        ticket_id: "Issue key".into(),
        opened: Some("Created".into()),
        resolved: first_of(&["Resolved", "Resolution date"]),
        priority: first_of(&["Priority"]),
        category: first_of(&["Custom field (Request Type)", "Request Type", "Issue Type"]),
        group: first_of(&[
            "Custom field (Team)",
            "Team",
            "Custom field (Assignment group)",
            "Assignment group",
            "Assignee",
        ]),
        made_sla: first_of(&["Custom field (Time to resolution)", "Time to resolution"]),
        ..Mapping::default()
    }
}

fn zendesk(first_of: &dyn Fn(&[&str]) -> Option<String>) -> Mapping {
    Mapping {
        ticket_id: "Id".into(),
        opened: Some("Created at".into()),
        resolved: first_of(&["Solved at"]),
        priority: first_of(&["Priority"]),
        category: first_of(&["Ticket type", "Type"]),
        group: first_of(&["Group"]),
        reopens: first_of(&["Reopens"]),
        ..Mapping::default()
    }
}

#[cfg(test)]
mod tests;
