//! A scenario's script: events at set moments that unfold the same way in every run and
//! replication (an exercise's timeline), beside the random workload.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// One event of the script: when, a name for the charts and the debrief, and exactly one of
/// what happens.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScriptEventDoc {
    /// An offset from the start of the run (`"1d10h30m"`), a weekday and clock-local time (`"Tue
    /// 10:30"`: the first such moment at or after the start), or a clock-local date and time
    /// (`"2026-01-06 10:30"`).
    pub at: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// A given issue arrives.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issue: Option<ScriptIssueDoc>,
    /// Every arrival rate is multiplied for a while (the weekly profile is kept).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub burst: Option<ScriptBurstDoc>,
    /// Staff join (positive) or leave (negative) a level for a while.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub staff: Option<ScriptStaffDoc>,
    /// A level closes for a while: nobody there starts work (services under way finish).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub close: Option<ScriptCloseDoc>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScriptIssueDoc {
    pub category: String,
    pub priority: String,
    /// Attribute values; attributes not given are drawn from their mix.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, String>,
    /// The tags it carries (when given, tags are not drawn for it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScriptBurstDoc {
    /// Multiplier of the arrival rate, above 1.
    pub factor: f64,
    #[serde(rename = "for")]
    pub duration: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScriptStaffDoc {
    pub level: String,
    /// Staff who join (positive) or leave (negative); never below nobody on duty.
    pub change: i64,
    #[serde(rename = "for")]
    pub duration: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScriptCloseDoc {
    pub level: String,
    #[serde(rename = "for")]
    pub duration: String,
}
