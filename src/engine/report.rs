//! The report of a run: what every view, export and test reads. It is a pure function of the
//! model, the seed and the replication count: no wall-clock figure ever goes in here.
//!
//! Scalar KPIs are kept per replication (`Kpis<Option<f64>>`, `None` where a figure is undefined,
//! such as the wait at a level nobody visited) and summarised as mean and 95% confidence
//! half-width (`Kpis<Estimate>`). Durations are in minutes, rates per hour.

pub mod csv;
pub mod heatmap;
pub mod numbers;
pub mod review;
mod summary;
pub mod whole_journeys;

use serde::{Deserialize, Serialize};

use super::analytic::LevelAnalysis;
use super::document::{EndRule, MoreTarget};
use super::problem::Problem;
pub use summary::{Estimate, summarize, t975};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub scenario: String,
    /// Seed of replication k is `seed + k - 1`.
    pub seed: u64,
    pub replications: u32,
    pub horizon_hours: f64,
    pub warmup_hours: f64,
    pub end: EndRule,
    /// What the end rule meant for this run, in words.
    pub end_note: String,
    pub priorities: Vec<String>,
    pub categories: Vec<String>,
    pub levels: Vec<String>,
    pub summary: Kpis<Estimate>,
    pub per_replication: Vec<Kpis<Option<f64>>>,
    /// Moves of counted issues between levels, mean per replication.
    pub flows: Vec<Flow>,
    pub time_series: TimeSeries,
    pub heatmap: Heatmap,
    /// Levels ranked by how much their waiting contributes to resolution-SLA breaches.
    pub bottlenecks: Vec<Bottleneck>,
    /// The bottleneck in one sentence.
    pub bottleneck_summary: String,
    pub triggers: Vec<TriggerCount>,
    /// Sampled journeys from the first replication.
    pub journeys: Vec<Journey>,
    /// The script's events, in time order, for the time-series charts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub script: Vec<ScriptMark>,
    pub analytic: Vec<LevelAnalysis>,
    /// The SLA policies' targets, for drawing target lines beside the distributions.
    pub sla_targets: Vec<SlaTargets>,
    /// Each priority's attainment goals (the scenario's, or the default 95%).
    pub goals: Vec<super::goals::PriorityGoals>,
    pub warnings: Vec<Problem>,
    /// What precision mode came to, when the run asked for it (`run.precision`); absent from
    /// the JSON of a fixed run, whose report is unchanged by it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub precision: Option<super::precision::Outcome>,
}

/// Scalar figures of one replication (`T = Option<f64>`) or their summary (`T = Estimate`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Kpis<T> {
    /// Issues that arrived in [warm-up, horizon).
    pub counted_issues: T,
    pub resolved: T,
    /// Counted issues still open when a hard-stop run ended.
    pub censored: T,
    /// Simulated time at which the replication ended, hours.
    pub end_hours: T,
    pub priorities: Vec<GroupKpis<T>>,
    pub categories: Vec<GroupKpis<T>>,
    pub levels: Vec<LevelKpis<T>>,
    pub events: EventKpis<T>,
}

/// Figures for the counted issues of one priority or one category.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GroupKpis<T> {
    pub name: String,
    pub counted: T,
    pub resolved: T,
    /// Time to resolution (final, after any reopen), minutes.
    pub ttr: Quantiles<T>,
    /// Time to first response (first service start), minutes.
    pub first_response: Quantiles<T>,
    /// Fraction whose resolution time on the SLA clock exceeded the target.
    pub resolution_breach: T,
    pub first_response_breach: T,
    /// Fractions breaching the reply, update and status targets, of the issues each applies to.
    pub more_breach: MoreBreaches<T>,
    pub reopened: T,
    /// Issues escalated at least once.
    pub escalated: T,
    /// SLA-fraction triggers that fired for them.
    pub at_risk_warnings: T,
    /// Distribution of the time to resolution: the fraction of resolved issues in each bin of
    /// [`TTR_EDGES_MIN`] (bin i is `[edge[i-1], edge[i])`, the first starts at 0 and the last is open).
    pub ttr_histogram: Vec<T>,
}

/// Per target of [`MoreTarget::ALL`]: a figure (the fraction of the issues it applies to that
/// breached it). A recurring target applies to issues that had an interval of it (a reply owed,
/// two updates), a status target to every issue of a priority that has it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MoreBreaches<T> {
    pub next_reply: T,
    pub periodic_update: T,
    pub pausable_update: T,
    pub requester_wait: T,
    pub agent_work: T,
}

impl<T> MoreBreaches<T> {
    pub fn from_fn(mut f: impl FnMut(MoreTarget) -> T) -> MoreBreaches<T> {
        MoreBreaches {
            next_reply: f(MoreTarget::NextReply),
            periodic_update: f(MoreTarget::PeriodicUpdate),
            pausable_update: f(MoreTarget::PausableUpdate),
            requester_wait: f(MoreTarget::RequesterWait),
            agent_work: f(MoreTarget::AgentWork),
        }
    }

    pub fn get(&self, which: MoreTarget) -> &T {
        match which {
            MoreTarget::NextReply => &self.next_reply,
            MoreTarget::PeriodicUpdate => &self.periodic_update,
            MoreTarget::PausableUpdate => &self.pausable_update,
            MoreTarget::RequesterWait => &self.requester_wait,
            MoreTarget::AgentWork => &self.agent_work,
        }
    }
}

/// Bin edges, in minutes, of [`GroupKpis::ttr_histogram`]: round durations from a minute to two
/// months, roughly evenly spaced on a log scale.
pub const TTR_EDGES_MIN: [f64; 28] = [
    1.0, 2.0, 5.0, 10.0, 15.0, 30.0, 45.0, 60.0, 90.0, 120.0, 180.0, 240.0, 360.0, 480.0, 720.0, 960.0, 1440.0, 2160.0,
    2880.0, 4320.0, 5760.0, 7200.0, 10080.0, 14400.0, 20160.0, 30240.0, 43200.0, 86400.0,
];

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Quantiles<T> {
    pub mean: T,
    pub p50: T,
    pub p90: T,
    pub p99: T,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LevelKpis<T> {
    pub name: String,
    /// Share of staffed time spent working within [warm-up, horizon], at most 1: busy staff up
    /// to the staff on duty, over the staff on duty.
    pub utilization: T,
    /// Staff working past their shift's end (finishing the issue in hand), on average within
    /// [warm-up, horizon]: work done beyond the staffed time, kept apart from `utilization`.
    pub overtime: T,
    /// Time-average queue length within [warm-up, horizon].
    pub mean_queue_length: T,
    pub mean_busy: T,
    pub mean_staff: T,
    /// Services ended per hour within [warm-up, horizon].
    pub services_per_hour: T,
    /// Queue joins per hour within [warm-up, horizon] (all issues), for Little's law.
    pub joins_per_hour: T,
    /// Queue visits per hour within [warm-up, horizon] that ended without a service: a timer or
    /// trigger moved the waiting issue on (all issues).
    pub left_unserved_per_hour: T,
    /// Arrivals per hour within [warm-up, horizon] brought from another level by wait timers,
    /// age or SLA triggers (all issues).
    pub moved_in_per_hour: T,
    /// Queue wait of visits by counted issues, minutes; a visit ended by a timer counts its full wait.
    pub queue_wait: Quantiles<T>,
    pub visits: T,
    pub resolved_here: T,
    pub escalations_out: EscalationsOut<T>,
}

/// Moves out of a level by counted issues, by reason.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EscalationsOut<T> {
    pub outcome: T,
    pub wait_timer: T,
    pub age_trigger: T,
    pub sla_trigger: T,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EventKpis<T> {
    /// Issues simulated, warm-up and drain included.
    pub arrivals: T,
    pub service_completions: T,
    /// Moves out of a queue by a wait timer.
    pub timer_escalations: T,
    /// arrivals + service completions + timer escalations: comparable across simulators.
    pub model_events: T,
    /// Events taken off the event list, stale timers included.
    pub processed_events: T,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Flow {
    /// A level name, or `arrival` / `follow-up`.
    pub from: String,
    /// A level name, or `resolved`.
    pub to: String,
    pub reason: String,
    /// Mean per replication.
    pub count: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TimeSeries {
    pub bucket_minutes: f64,
    /// Start of each bucket, hours since the start of the run.
    pub bucket_start_hours: Vec<f64>,
    pub levels: Vec<LevelSeries>,
    /// Per priority, resolution-SLA breaches per bucket (at the moment the target passed).
    pub breaches: Vec<Vec<f64>>,
    pub arrivals: Vec<f64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LevelSeries {
    pub name: String,
    /// Time-average queue length, busy staff and staff on duty per bucket.
    pub queue: Vec<f64>,
    pub busy: Vec<f64>,
    pub staff: Vec<f64>,
}

/// Counted arrivals and resolution breaches by clock-local hour of week of arrival, per priority.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Heatmap {
    pub arrivals: Vec<Vec<f64>>,
    pub breaches: Vec<Vec<f64>>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Bottleneck {
    pub level: String,
    pub utilization: Option<f64>,
    pub mean_wait_min: Option<f64>,
    /// Breached issues whose longest wait was at this level, mean per replication.
    pub breaches_waited_longest: f64,
    /// Their share of all breached issues.
    pub share_of_breaches: f64,
    /// The same share per priority (`None` where a priority had no breach).
    pub share_by_priority: Vec<Option<f64>>,
    /// Mean wait here of breached issues, minutes.
    pub wait_of_breached_min: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TriggerCount {
    pub trigger: String,
    /// Mean per replication; for counted issues.
    pub fired: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Journey {
    pub issue: u32,
    pub category: String,
    pub priority: String,
    pub attributes: Vec<(String, String)>,
    pub arrival_min: f64,
    pub resolved_min: Option<f64>,
    pub resolution_breached: bool,
    /// The reply, update and status targets it breached (`next_reply`, ...), in their order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also_breached: Vec<String>,
    pub steps: Vec<Step>,
}

/// An event of the scenario's script: when, in hours from the start, and what.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScriptMark {
    pub at_hours: f64,
    pub what: String,
}

/// One SLA policy's targets per priority, in minutes of its calendar.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SlaTargets {
    pub policy: String,
    pub calendar: String,
    /// True when the calendar is not round the clock: targets count business time only.
    pub business_hours: bool,
    /// Minutes of open time; for a target in working days, that many mean working days of the
    /// calendar (the open time it holds varies with the arrival time).
    pub first_response_min: Vec<Option<f64>>,
    pub resolution_min: Vec<Option<f64>>,
    /// The targets in words that cannot be misread, calendar included: `"4 h on 24x7"`, `"72
    /// business hours = 7.2 working days on Office hours"`, `"3 working days on Office hours"`.
    #[serde(default)]
    pub first_response_text: Vec<Option<String>>,
    #[serde(default)]
    pub resolution_text: Vec<Option<String>>,
    /// Per priority, the reply, update and status targets it has, as (field name, words):
    /// `("next_reply", "2 h on 24x7")`.
    #[serde(default)]
    pub more_text: Vec<Vec<(String, String)>>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Step {
    pub t_min: f64,
    pub level: Option<String>,
    /// `arrived`, `queued`, `service_started`, `service_ended`, `escalated`, `requeued`,
    /// `escalation_pending`, `notified`, `at_risk`, `follow_up`, `reopened`, `resolved`, `censored`.
    pub event: String,
    pub detail: String,
    /// The trigger behind this step, if one was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trigger: Option<String>,
    /// Share of the first-response target elapsed on its SLA clock, until the first response.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sla_response_used: Option<f64>,
    /// Share of the resolution target elapsed on its SLA clock.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sla_resolution_used: Option<f64>,
}
