//! Triggers as written: when a condition holds for an issue in scope, the action taken. Part of
//! the scenario document (`docs/scenario-format.md`, Triggers).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// A trigger: when a condition holds for an issue in scope, take an action.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TriggerDoc {
    pub name: String,
    pub when: ConditionDoc,
    pub then: ActionDoc,
    /// Scope: only issues of these categories / priorities / at these levels (all when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub categories: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priorities: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub levels: Option<Vec<String>>,
    /// What must also hold when the moment comes, in the rule language's conditions
    /// (`impact is "high" and escalations < 2`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub only_if: Option<String>,
    /// For `notify`: the time the notified level spends on it (a duration such as `"10m"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost: Option<String>,
    /// For `queue_wait_over` and `time_at_level_over`: the business calendar the times count
    /// on (clock time when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calendar: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum ConditionDoc {
    /// A service at the level ended without resolving the issue.
    NotResolved {},
    /// The issue has waited in the level's queue longer than this (per priority; missing = never).
    QueueWaitOver(BTreeMap<String, String>),
    /// The issue has been open longer than `after` since it arrived, counted on `calendar`.
    OpenLongerThan {
        after: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        calendar: Option<String>,
    },
    /// The SLA clock for `target` has used `fraction` of the target.
    SlaElapsed { target: SlaTarget, fraction: f64 },
    /// The issue arrives (and, with `and_level_changes`, each time it moves to another level):
    /// `escalate_to` routes it to that level.
    OnArrival {
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        and_level_changes: bool,
    },
    /// The issue has been at its current level (queue and service) longer than this, per
    /// priority (missing = never).
    TimeAtLevelOver(BTreeMap<String, String>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SlaTarget {
    FirstResponse,
    Resolution,
}

/// Most passes back a `loop_back` may make (PagerDuty allows 9 loops, Opsgenie 20 repeats).
pub const MAX_LOOPS: u16 = 100;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum ActionDoc {
    /// Move to the next level of the category's path.
    EscalateNext,
    /// Move to the named level (which must be on the path).
    EscalateTo(String),
    /// Record a notification to a level (by name) as an event; the issue stays where it is.
    Notify(String),
    /// Close the issue as resolved, for good (an issue in service: when the service ends).
    Close,
    /// Give the issue this priority (by name); it stays where it is.
    SetPriority(String),
    /// Make the issue one step more urgent; it stays where it is.
    RaisePriority,
    /// Stop the SLA clocks; it stays where it is.
    PauseSla,
    /// Restart them (and end a hold).
    ResumeSla,
    /// Put the issue on hold (waiting on a third party): its agent-work clock stops, every
    /// other clock runs; it stays where it is. A pause ends it, and it ends a pause.
    HoldSla,
    /// Send the issue back to the named level (usually the first of the path) to go through the
    /// escalation again, at most `times` times per issue; after that the issue stays where it is.
    /// A vendor policy's repeats (PagerDuty's `num_loops`, Opsgenie's `repeat`).
    LoopBack { to: String, times: u32 },
}
