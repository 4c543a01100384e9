//! The checked model: what `validate` makes of a scenario document, and all the simulation reads.
//!
//! Names are resolved to indices, durations to milliseconds, mixes to cumulative probabilities,
//! and the per-(level, category, priority) parameters and triggers are laid out in flat tables so
//! the simulation never searches. Nothing in here can be invalid once built.

use chrono::{DateTime, FixedOffset};

use super::calendar::{Calendar, LocalClock, ShiftSchedule, Span};
use super::distribution::Distribution;
use super::document::{EndRule, Role, SlaTarget};
use super::time::SimTime;

mod guard;

pub use guard::{Compare, Guard, GuardView, Measure, SlaClock};

/// Index of a level in `Model::levels`.
pub type LevelId = usize;
/// Index of a category in `Model::categories`.
pub type CategoryId = usize;
/// Index of a priority in `Model::priorities`; 0 is the most urgent.
pub type PriorityId = usize;
/// Index of a trigger in `Model::triggers`.
pub type TriggerId = usize;
/// Index of a calendar in `Model::calendars`; 0 is the built-in `24x7`.
pub type CalendarId = usize;

/// At most this many attributes per issue (their values are stored inline).
pub const MAX_ATTRIBUTES: usize = 8;

/// A checked scenario, ready to simulate. Its tables are boxed slices: they are fixed once
/// validated, and indexing a slice is inline code in the size-tuned browser build too, where
/// `Vec`'s indexing is a call (on the simulation's hottest paths, a fifth of its time there).
#[derive(Clone, Debug)]
pub struct Model {
    pub name: String,
    pub start: DateTime<FixedOffset>,
    /// Clock-local time, for shifts and the arrival profile.
    pub clock: LocalClock,
    pub priorities: Box<[Priority]>,
    pub attributes: Box<[Attribute]>,
    pub triage: Option<Triage>,
    pub calendars: Box<[NamedCalendar]>,
    pub levels: Box<[Level]>,
    pub categories: Box<[Category]>,
    pub workload: Workload,
    pub sla: Box<[SlaPolicy]>,
    pub triggers: Box<[Trigger]>,
    pub reopen_after: Option<Distribution>,
    /// The script's staff changes, closures and surges (its issues are in the workload).
    pub script: Script,
    /// The questions a drill asks in trainer playback, when the scenario sets one.
    pub drill: Option<super::drill::Plan>,
    pub run: RunControl,
    /// Per (level, category, priority): see `Model::cell`.
    pub cells: Box<[Cell]>,
}

impl Model {
    /// When a waiting or time-at-level timer of trigger `t` set at `from` for `ms` fires: `ms`
    /// later on the trigger's calendar (the clock, or business time).
    pub fn timer_at(&self, t: TriggerId, from: u64, ms: u64) -> u64 {
        match self.triggers[t].calendar {
            0 => from.saturating_add(ms),
            k => self.calendars[k].calendar.add(SimTime(from), ms).0,
        }
    }

    /// Index into `cells` and the other per-(level, category, priority) tables.
    #[inline(always)]
    pub fn cell_index(&self, level: LevelId, category: CategoryId, priority: PriorityId) -> usize {
        (level * self.categories.len() + category) * self.priorities.len() + priority
    }

    #[inline(always)]
    pub fn cell(&self, level: LevelId, category: CategoryId, priority: PriorityId) -> &Cell {
        &self.cells[self.cell_index(level, category, priority)]
    }

    pub fn level_index(&self, name: &str) -> Option<LevelId> {
        self.levels.iter().position(|l| l.name == name)
    }
}

#[derive(Clone, Debug)]
pub struct Priority {
    pub name: String,
    pub label: String,
    /// The share of its issues that should meet the first-response and the resolution target.
    pub goals: super::goals::Goals,
}

#[derive(Clone, Debug)]
pub struct Attribute {
    pub name: String,
    pub values: Vec<String>,
    pub cumulative: Vec<f64>,
}

#[derive(Clone, Debug)]
pub struct Triage {
    pub impacts: Vec<String>,
    pub urgencies: Vec<String>,
    /// How an issue's impact and urgency are drawn.
    pub draw: TriageDraw,
    /// `matrix[impact][urgency]`.
    pub matrix: Vec<Vec<PriorityId>>,
}

/// How triage draws an issue's (impact, urgency).
#[derive(Clone, Debug)]
pub enum TriageDraw {
    /// Each from its own mix, independently: two draws, impact first.
    Independent { impact_cumulative: Vec<f64>, urgency_cumulative: Vec<f64> },
    /// The pair in one draw: `pairs[k]` is `(impact, urgency)`, the pairs of positive probability
    /// in impact then urgency order, `cumulative[k]` their cumulative probability.
    Joint { pairs: Vec<(usize, usize)>, cumulative: Vec<f64> },
}

impl TriageDraw {
    /// The probability of each (impact, urgency), `[impact][urgency]`.
    #[must_use]
    pub fn probabilities(&self, impacts: usize, urgencies: usize) -> Vec<Vec<f64>> {
        let mut out = vec![vec![0.0; urgencies]; impacts];
        match self {
            TriageDraw::Independent { impact_cumulative, urgency_cumulative } => {
                let (pi, pu) = (increments(impact_cumulative), increments(urgency_cumulative));
                for (i, row) in out.iter_mut().enumerate() {
                    for (u, p) in row.iter_mut().enumerate() {
                        *p = pi[i] * pu[u];
                    }
                }
            }
            TriageDraw::Joint { pairs, cumulative } => {
                for (&(i, u), p) in pairs.iter().zip(increments(cumulative)) {
                    out[i][u] = p;
                }
            }
        }
        out
    }
}

/// Probabilities from their running sums.
fn increments(cum: &[f64]) -> Vec<f64> {
    let mut prev = 0.0;
    cum.iter()
        .map(|&c| {
            let d = c - prev;
            prev = c;
            d
        })
        .collect()
}

#[derive(Clone, Debug)]
pub struct NamedCalendar {
    pub name: String,
    pub calendar: Calendar,
}

#[derive(Clone, Debug)]
pub struct Level {
    pub name: String,
    pub role: Role,
    pub staffing: Staffing,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Staffing {
    Constant(u32),
    Shifts(ShiftSchedule),
}

impl Staffing {
    pub fn mean_staff(&self) -> f64 {
        match self {
            Staffing::Constant(c) => f64::from(*c),
            Staffing::Shifts(s) => s.mean_staff(),
        }
    }

    pub fn max_staff(&self) -> u32 {
        match self {
            Staffing::Constant(c) => *c,
            Staffing::Shifts(s) => s.max_staff(),
        }
    }
}

/// Everything the simulation needs for an issue of one category and priority at one level.
#[derive(Clone, Debug)]
pub struct Cell {
    pub service: Distribution,
    pub resolve_probability: f64,
    pub handoff: Option<Distribution>,
    /// What a service that does not resolve leads to.
    pub on_not_resolved: Outcome,
    /// `not_resolved` triggers with a guard, in order, before the one `on_not_resolved` names:
    /// the first whose guard holds chooses the move instead.
    pub guarded_not_resolved: Vec<TriggerId>,
    /// Queue-wait timers that start when the issue joins this level's queue: (after ms, trigger).
    pub wait_timers: Vec<(u64, TriggerId)>,
    /// Time-at-level timers that start when the issue enters this level: (after ms, trigger).
    pub level_timers: Vec<(u64, TriggerId)>,
}

/// The move after an unresolved service: a trigger's action, or the path's default.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Outcome {
    pub action: Action,
    /// The `not_resolved` trigger that chose the action; `None` for the path's default.
    pub trigger: Option<TriggerId>,
}

#[derive(Clone, Debug)]
pub struct Category {
    pub name: String,
    pub share: f64,
    pub path: Box<[LevelId]>,
    /// Per priority: index into `path` where issues enter.
    pub entry: Box<[usize]>,
    pub priority_cumulative: Box<[f64]>,
    pub priority_mix: Box<[f64]>,
    pub reopen_probability: f64,
    /// Per priority: timers that start at arrival (age and SLA-fraction triggers).
    pub arrival_timers: Box<[Vec<TriggerId>]>,
    /// Per priority: `on_arrival` triggers, in order.
    pub on_arrival: Box<[Vec<TriggerId>]>,
}

impl Category {
    /// Position of `level` on this category's path.
    pub fn position(&self, level: LevelId) -> Option<usize> {
        self.path.iter().position(|&l| l == level)
    }
}

#[derive(Clone, Debug)]
pub struct Workload {
    /// Base arrivals per millisecond.
    pub rate_per_ms: f64,
    /// Rate multiplier for each hour of the week in clock-local time (Monday 00:00 first).
    pub hour_of_week: [f64; 168],
    pub category_cumulative: Vec<f64>,
    pub bursts: Vec<Burst>,
    /// Fixed-time issues, in time order.
    pub scheduled: Vec<ScheduledIssue>,
    /// Tag names with the chance an issue carries each; bit `i` of an issue's tags is tag `i`.
    pub tags: Vec<(String, f64)>,
}

/// Most tags a scenario may declare (an issue's tags are one 32-bit set).
pub const MAX_TAGS: usize = 32;

/// What the scenario's script does beside its issues, and every event in words for the charts.
#[derive(Clone, Debug, Default)]
pub struct Script {
    /// Staff changes and closures of levels, in the order written.
    pub steps: Vec<ScriptStep>,
    /// Arrival rates multiplied for a while.
    pub surges: Vec<Surge>,
    /// Every event: when (ms) and what, in time order.
    pub marks: Vec<(u64, String)>,
}

/// A level's staff changed, or the level closed, from `start` until `end` (ms).
#[derive(Clone, Copy, Debug)]
pub struct ScriptStep {
    pub start: u64,
    pub end: u64,
    pub level: LevelId,
    /// Staff added (negative: taken away); `None`: the level closes.
    pub change: Option<i64>,
}

/// Every arrival rate (the base stream with its weekly profile) times `factor`, from `start`
/// until `end` (ms).
#[derive(Clone, Copy, Debug)]
pub struct Surge {
    pub start: u64,
    pub end: u64,
    pub factor: f64,
}

#[derive(Clone, Debug)]
pub struct ScheduledIssue {
    pub at: u64,
    pub category: CategoryId,
    pub priority: PriorityId,
    /// Per attribute: a fixed value, or `None` to draw it.
    pub attributes: Vec<Option<usize>>,
    /// Fixed tags (bit set), or `None` to draw them.
    pub tags: Option<u32>,
}

#[derive(Clone, Debug)]
pub struct Burst {
    pub name: String,
    pub start: u64,
    pub end: u64,
    pub rate_per_ms: f64,
    pub category: CategoryId,
    pub priority_cumulative: Option<Vec<f64>>,
    pub priority_mix: Option<Vec<f64>>,
}

#[derive(Clone, Debug)]
pub struct SlaPolicy {
    pub name: String,
    /// Categories it applies to; `None` = all.
    pub categories: Option<Vec<bool>>,
    /// (attribute, value) pairs that must all hold.
    pub attributes: Vec<(usize, usize)>,
    pub calendar: CalendarId,
    /// Per priority, open time or working days on the calendar; `None` = no target. A working-day
    /// target holds a different amount of open time for each arrival time (`Calendar::span_ms`).
    pub first_response: Box<[Option<Span>]>,
    pub resolution: Box<[Option<Span>]>,
    /// Per priority, the targets of [`MoreTarget::ALL`](super::document::MoreTarget::ALL) in its order.
    pub more: Box<[[Option<Span>; 5]]>,
    /// Whether any priority has one of `more`: only then does the simulation keep their clocks.
    pub has_more: bool,
}

impl SlaPolicy {
    pub fn target(&self, which: SlaTarget, priority: PriorityId) -> Option<Span> {
        match which {
            SlaTarget::FirstResponse => self.first_response[priority],
            SlaTarget::Resolution => self.resolution[priority],
        }
    }
}

#[derive(Clone, Debug)]
pub struct Trigger {
    pub name: String,
    pub condition: Condition,
    pub action: Action,
    /// Levels at which the trigger applies; `None` = all.
    pub levels: Option<Vec<bool>>,
    /// What must also hold when the trigger's moment comes (`only_if`); `None` = nothing more.
    pub guard: Option<Guard>,
    /// For a notification: the time the notified level spends on it, in ms.
    pub cost: Option<u64>,
    /// The calendar a waiting or time-at-level threshold counts on (0: the clock).
    pub calendar: CalendarId,
}

impl Trigger {
    pub fn applies_at(&self, level: LevelId) -> bool {
        self.levels.as_ref().is_none_or(|l| l[level])
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Condition {
    NotResolved,
    /// Per priority threshold in ms (`None`: never for that priority).
    QueueWaitOver(Vec<Option<u64>>),
    OpenLongerThan {
        after: u64,
        calendar: CalendarId,
    },
    SlaElapsed {
        target: SlaTarget,
        fraction: f64,
    },
    /// At arrival (and each time the issue moves to another level, with `level_changes`): an
    /// `EscalateTo` routes the issue there.
    OnArrival {
        level_changes: bool,
    },
    /// Per priority threshold in ms on the time since the issue entered its level.
    TimeAtLevelOver(Vec<Option<u64>>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    EscalateNext,
    EscalateTo(LevelId),
    /// Record a notification to this level; the issue does not move.
    Notify(LevelId),
    /// Close the issue as resolved (for good: no follow-up, no reopen). An issue in service is
    /// closed when the service ends.
    Close,
    /// Give the issue this priority; it stays where it is.
    SetPriority(PriorityId),
    /// Make the issue one step more urgent (no change at the most urgent); it stays where it is.
    RaisePriority,
    /// Stop the issue's SLA clocks (its targets stop counting down); it stays where it is.
    PauseSla,
    /// Restart them (and end a hold).
    ResumeSla,
    /// Put the issue on hold (waiting on a third party): its agent-work clock stops, every other
    /// clock runs; it stays where it is.
    HoldSla,
    /// Back to this level (a waiting or time-at-level timer's move), while the issue has looped
    /// back fewer than `times` times (`Issue::loops`); after that it stays where it is.
    LoopBack {
        to: LevelId,
        times: u16,
    },
}

impl Action {
    /// Acts on the issue where it is: a notification, a priority or SLA-clock change.
    pub fn in_place(self) -> bool {
        matches!(
            self,
            Action::Notify(_)
                | Action::SetPriority(_)
                | Action::RaisePriority
                | Action::PauseSla
                | Action::ResumeSla
                | Action::HoldSla
        )
    }

    /// The move after an unresolved service: an action in place acts, then the issue moves on as
    /// by default.
    pub fn after_service(self) -> Action {
        if self.in_place() { Action::EscalateNext } else { self }
    }
}

#[derive(Clone, Debug)]
pub struct RunControl {
    pub horizon: u64,
    pub warmup: u64,
    pub replications: u32,
    pub seed: u64,
    pub end: EndRule,
    pub max_issues: u64,
    pub bucket: u64,
    pub journeys: u32,
    /// Replications until the headline figures are precise (`run.precision`), `None` for the fixed count.
    pub precision: Option<super::precision::Targets>,
}
