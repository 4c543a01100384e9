//! SLA policies in a scenario: which issues each covers, the calendar its clocks count on, and
//! the targets per priority (`docs/scenario-format.md`, SLA targets).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// SLA targets, matched top-down: the first policy whose conditions hold applies.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SlaPolicyDoc {
    pub name: String,
    /// Applies only to these categories (all when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub categories: Option<Vec<String>>,
    /// Applies only when every attribute has the given value.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, String>,
    /// Calendar name whose business hours the clock counts; `24x7` (the default) counts every hour.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calendar: Option<String>,
    /// Priority -> targets.
    pub targets: BTreeMap<String, SlaTargetDoc>,
}

/// A priority's targets, each a duration of time on the policy's calendar (`"8h"`) or working
/// days (`"3wd"`); every one is optional. What each clock counts is in `docs/scenario.md`
/// ("SLA targets"): the last five follow the service tools' reply, update and status clocks.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SlaTargetDoc {
    /// Arrival to the first service start, less paused time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_response: Option<String>,
    /// Arrival to the final close, less paused time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolution: Option<String>,
    /// Each time the issue is handed to another level or reopens, to its next service start,
    /// less paused time: the reply the requester waits for again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_reply: Option<String>,
    /// Between agent updates (each service start and end) from the first response to the
    /// close, pauses included.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub periodic_update: Option<String>,
    /// Between agent updates like `periodic_update`, less paused time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pausable_update: Option<String>,
    /// Arrival to the final close, less paused time and the follow-ups between a resolution
    /// and its reopen: the time the requester waits, on hold included.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requester_wait: Option<String>,
    /// The requester's wait less the time on hold (waiting on a third party).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent_work: Option<String>,
}

impl SlaTargetDoc {
    /// The targets besides first response and resolution, in [`MoreTarget::ALL`]'s order.
    pub fn more(&self) -> [&Option<String>; 5] {
        [&self.next_reply, &self.periodic_update, &self.pausable_update, &self.requester_wait, &self.agent_work]
    }

    pub fn more_mut(&mut self, which: MoreTarget) -> &mut Option<String> {
        match which {
            MoreTarget::NextReply => &mut self.next_reply,
            MoreTarget::PeriodicUpdate => &mut self.periodic_update,
            MoreTarget::PausableUpdate => &mut self.pausable_update,
            MoreTarget::RequesterWait => &mut self.requester_wait,
            MoreTarget::AgentWork => &mut self.agent_work,
        }
    }
}

/// The SLA targets besides first response and resolution: the reply, update and status clocks
/// of service tools (Zendesk's next reply, periodic and pausable update, requester wait and
/// agent work time).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MoreTarget {
    NextReply,
    PeriodicUpdate,
    PausableUpdate,
    RequesterWait,
    AgentWork,
}

impl MoreTarget {
    pub const ALL: [MoreTarget; 5] = [
        MoreTarget::NextReply,
        MoreTarget::PeriodicUpdate,
        MoreTarget::PausableUpdate,
        MoreTarget::RequesterWait,
        MoreTarget::AgentWork,
    ];

    /// The field's name in a scenario (`next_reply`).
    pub fn key(self) -> &'static str {
        match self {
            MoreTarget::NextReply => "next_reply",
            MoreTarget::PeriodicUpdate => "periodic_update",
            MoreTarget::PausableUpdate => "pausable_update",
            MoreTarget::RequesterWait => "requester_wait",
            MoreTarget::AgentWork => "agent_work",
        }
    }

    /// In words (`next reply`).
    pub fn words(self) -> &'static str {
        match self {
            MoreTarget::NextReply => "next reply",
            MoreTarget::PeriodicUpdate => "periodic update",
            MoreTarget::PausableUpdate => "pausable update",
            MoreTarget::RequesterWait => "requester wait",
            MoreTarget::AgentWork => "agent work",
        }
    }
}
