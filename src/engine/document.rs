//! The scenario file as written by people: a versioned serde document (JSON).
//!
//! These types mirror the file one to one and check only its shape: names are plain strings,
//! durations are unparsed text, probabilities are any number. `validate` turns a `Document` into
//! a checked `Model` and reports every problem with its JSON path. The format is documented in
//! `docs/scenario-format.md`; keep the two in step.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

mod distribution;
mod drill;
mod script;
mod sla;
mod trigger;

pub use drill::DrillDoc;
pub use script::{ScriptBurstDoc, ScriptCloseDoc, ScriptEventDoc, ScriptIssueDoc, ScriptStaffDoc};
pub use sla::{MoreTarget, SlaPolicyDoc, SlaTargetDoc};
pub use trigger::{ActionDoc, ConditionDoc, MAX_LOOPS, SlaTarget, TriggerDoc};

/// `run.precision`, written beside the procedure that reads it.
pub use super::precision::PrecisionDoc;

/// The format version this build reads and writes.
pub const FORMAT_VERSION: u32 = 1;

/// Reads a part of a scenario already held as a JSON value (`T` is `Document` or one of its
/// parts). It goes through the value's text rather than `serde_json::from_value`, so that the
/// browser module carries one decoder per type (the text one every file read uses) instead of
/// two. The message names what is wrong, without a position in text the user never saw.
pub fn from_value<T: serde::de::DeserializeOwned>(value: &serde_json::Value) -> Result<T, String> {
    serde_json::from_str(&value.to_string()).map_err(|e| {
        let text = e.to_string();
        match text.rfind(" at line ") {
            Some(i) if e.line() > 0 => text[..i].to_string(),
            _ => text,
        }
    })
}

/// A scenario or a part of one as a JSON value: through its text, like [`from_value`], so that
/// the browser module writes each type one way only.
pub fn to_value<T: Serialize>(part: &T) -> serde_json::Value {
    let text = serde_json::to_string(part).expect("a scenario's parts are plain data");
    serde_json::from_str(&text).expect("the JSON just written reads back")
}

/// A scenario or a part of one as indented JSON text: through its value, like [`to_value`], so
/// that the browser module carries the indenting writer for JSON values only.
pub fn pretty<T: Serialize>(part: &T) -> String {
    serde_json::to_string_pretty(&to_value(part)).expect("a JSON value serializes")
}

/// A whole scenario file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    pub version: u32,
    #[serde(default)]
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clock: Option<ClockDoc>,
    pub priorities: Vec<PriorityDoc>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<AttributeDoc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub triage: Option<TriageDoc>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub calendars: Vec<CalendarDoc>,
    pub levels: Vec<LevelDoc>,
    pub categories: Vec<CategoryDoc>,
    pub workload: WorkloadDoc,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sla: Vec<SlaPolicyDoc>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub triggers: Vec<TriggerDoc>,
    /// Escalation rules in the rule language (`docs/rules.md`); they act after the triggers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rules: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reopen: Option<ReopenDoc>,
    /// Events at set moments: an exercise's timeline (`docs/scenario-format.md`, Script).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub script: Vec<ScriptEventDoc>,
    /// Questions asked in trainer playback (`docs/scenario-format.md`, Drill).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub drill: Option<DrillDoc>,
    pub run: RunDoc,
    /// How the desk's ticket history is read (the History tab keeps it with the scenario): never
    /// the history itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub history: Option<HistoryDoc>,
}

/// How a ticket export is read: which column holds what, and how its dates are read. Kept with
/// the scenario, so that the same kind of export reads the same way next time; the tickets
/// themselves are never kept.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HistoryDoc {
    /// Which column holds each field; unset, the export's layout is recognised from its header.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mapping: Option<super::history::Mapping>,
    /// For dates that read both ways (no day above 12): whether the day comes first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub day_first: Option<bool>,
    /// The time zone of times written without an offset, minutes east of UTC (within ±18 hours).
    #[serde(skip_serializing_if = "is_zero")]
    pub utc_offset_minutes: i32,
}

#[allow(clippy::trivially_copy_pass_by_ref, reason = "serde's skip_serializing_if passes a reference")]
fn is_zero(minutes: &i32) -> bool {
    *minutes == 0
}

/// Where simulated time zero sits on the calendar.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClockDoc {
    /// RFC 3339 instant, e.g. `2026-01-05T08:00:00+01:00`. Its offset is the local time of shifts and
    /// of the hour-of-week profile.
    pub start: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PriorityDoc {
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub label: String,
    /// The share of this priority's issues that should meet each SLA target (95% where not given).
    #[serde(default, skip_serializing_if = "GoalsDoc::is_default")]
    pub goals: GoalsDoc,
}

/// Attainment goals of a priority, each a share from 0 to 1; absent means the default, 0.95.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoalsDoc {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_response: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolution: Option<f64>,
}

impl GoalsDoc {
    pub fn is_default(&self) -> bool {
        self.first_response.is_none() && self.resolution.is_none()
    }
}

/// An optional issue attribute such as customer tier, drawn per issue from a mix.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttributeDoc {
    pub name: String,
    /// Value name -> probability; the probabilities sum to 1.
    pub values: BTreeMap<String, f64>,
}

/// Priority from impact x urgency, as ITIL triage does it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TriageDoc {
    /// Impact name -> probability, drawn independently of the urgency. Absent when `pairs` is given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub impact: Option<BTreeMap<String, f64>>,
    /// Urgency name -> probability, drawn independently of the impact. Absent when `pairs` is given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub urgency: Option<BTreeMap<String, f64>>,
    /// impact -> urgency -> probability: the (impact, urgency) pair drawn in one draw, so that
    /// impact and urgency can go together. Instead of `impact` and `urgency`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pairs: Option<BTreeMap<String, BTreeMap<String, f64>>>,
    /// impact -> urgency -> priority name.
    pub matrix: BTreeMap<String, BTreeMap<String, String>>,
}

/// A business-hours calendar for SLA clocks and business-hour timers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CalendarDoc {
    pub name: String,
    /// Offset from UTC of the calendar's wall clock, `+HH:MM` or `-HH:MM`. Defaults to the clock's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub utc_offset: Option<String>,
    /// Weekly opening hours.
    pub hours: Vec<WindowDoc>,
    /// Closed days, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub holidays: Vec<String>,
}

/// A weekly time window: some days, from a time of day to another (which may wrap past midnight).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WindowDoc {
    /// Day names (`mon`..`sun`), or `weekdays`, `weekend`, `all`.
    pub days: Vec<String>,
    /// `HH:MM`.
    pub from: String,
    /// `HH:MM`; `24:00` is the end of the day; a time before `from` wraps past midnight.
    pub to: String,
}

/// A shift: staff present in a weekly window.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShiftDoc {
    pub days: Vec<String>,
    pub from: String,
    pub to: String,
    pub staff: u32,
}

/// One level (team) of the escalation chain.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LevelDoc {
    pub name: String,
    #[serde(default)]
    pub role: Role,
    /// Constant staff. Give either this or `shifts`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub staff: Option<u32>,
    /// Staff by time of week; overlapping shifts add up; no shift means nobody on duty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub shifts: Vec<ShiftDoc>,
    /// Work time of one service.
    pub service: DistributionDoc,
    /// Probability that a service here resolves the issue.
    pub resolve_probability: f64,
    /// Extra work time (context transfer) added to the first service of an issue that was escalated here.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handoff: Option<DistributionDoc>,
    /// Per category and/or priority overrides; the most specific match wins.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub overrides: Vec<OverrideDoc>,
}

/// The kind of team a level is; shown in the app and used in wording, never in the mechanics.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    #[default]
    Frontline,
    TeamLead,
    Manager,
    Specialist,
    Executive,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OverrideDoc {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<DistributionDoc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolve_probability: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handoff: Option<DistributionDoc>,
}

/// A random duration. Durations are text with units (`"4m"`, `"1.5h"`). Read by hand
/// (`distribution`), written as serde writes an enum tagged by its `dist` field.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "dist", rename_all = "snake_case")]
pub enum DistributionDoc {
    Exponential {
        mean: String,
    },
    /// Log-normal given by its mean and coefficient of variation (sd / mean).
    Lognormal {
        mean: String,
        cv: f64,
    },
    /// Gamma given by its mean and shape k (cv = 1 / sqrt(k)).
    Gamma {
        mean: String,
        shape: f64,
    },
    Triangular {
        min: String,
        mode: String,
        max: String,
    },
    Uniform {
        min: String,
        max: String,
    },
    Deterministic {
        value: String,
    },
}

/// An issue category with its escalation path.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CategoryDoc {
    pub name: String,
    /// Share of the base arrival stream; shares of all categories sum to 1.
    pub share: f64,
    /// Level names from first to last.
    pub path: Vec<String>,
    /// Priority -> entry level (skip-level entry); other priorities enter at the start of the path.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub entry: BTreeMap<String, String>,
    /// Priority mix of this category, overriding the workload's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority_mix: Option<BTreeMap<String, f64>>,
    /// Reopen probability of this category, overriding `reopen.probability`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reopen_probability: Option<f64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorkloadDoc {
    /// Base Poisson arrival rate.
    pub arrivals_per_hour: f64,
    /// Priority name -> probability (unless `triage` gives priorities).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority_mix: Option<BTreeMap<String, f64>>,
    /// 168 multipliers of the base rate, Monday 00:00-01:00 first, in clock-local time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hour_of_week: Option<Vec<f64>>,
    /// 24 multipliers by hour of day (combined with `day_of_week` as a product).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hour_of_day: Option<Vec<f64>>,
    /// 7 multipliers, Monday first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub day_of_week: Option<Vec<f64>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bursts: Vec<BurstDoc>,
    /// Single issues at fixed times, beside the random streams (walk-throughs, hand-checked cases).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scheduled: Vec<ScheduledDoc>,
    /// Tag name -> chance that an issue carries it, each drawn on its own (`"lawsuit": 0.02`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub tags: BTreeMap<String, f64>,
}

/// One issue that arrives at a fixed time.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScheduledDoc {
    /// Offset from the start of the run.
    pub at: String,
    pub category: String,
    pub priority: String,
    /// Attribute values; attributes not given are drawn from their mix.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, String>,
    /// The tags it carries (when given, tags are not drawn for it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
}

/// Extra arrivals of one category for a while, e.g. a server outage.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BurstDoc {
    #[serde(default)]
    pub name: String,
    /// Offset from the start of the run.
    pub start: String,
    pub duration: String,
    pub arrivals_per_hour: f64,
    pub category: String,
    /// Priority mix of the burst, overriding the category's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority_mix: Option<BTreeMap<String, f64>>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReopenDoc {
    pub probability: f64,
    /// Delay from resolution to the reopen (the follow-up).
    pub after: DistributionDoc,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunDoc {
    pub horizon: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub warmup: Option<String>,
    #[serde(default = "one")]
    pub replications: u32,
    #[serde(default = "one_u64")]
    pub seed: u64,
    #[serde(default)]
    pub end: EndRule,
    /// Largest number of issues the whole run (all replications) may simulate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_issues: Option<u64>,
    /// Width of a time-series bucket (default: horizon / 200 rounded to a round unit).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bucket: Option<String>,
    /// How many issue journeys the report keeps.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub journeys: Option<u32>,
    /// Replications until the headline figures are precise, instead of a fixed count
    /// (`docs/precision.md`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub precision: Option<PrecisionDoc>,
}

fn one() -> u32 {
    1
}

fn one_u64() -> u64 {
    1
}

/// What happens at the horizon.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EndRule {
    /// Arrivals stop at the horizon and the run goes on until every issue is resolved.
    #[default]
    Drain,
    /// The run stops at the horizon; issues still open are reported as censored.
    HardStop,
}
