//! Precision mode (`run.precision`, `docs/precision.md`): replications until the 95% interval
//! of every headline figure is as narrow as asked. The headline figures are SLA attainment per
//! priority and utilization per level (absolute half-widths, as shares) and the mean time to
//! resolve per priority (half-width relative to the mean). After each replication from the
//! minimum on, [`Sequential::look`] computes the Student-t interval of each figure over the
//! replications so far; the run stops when every interval is within its target, or at the
//! maximum. Replication k is the same as in a fixed run, so a run that stops at n replications
//! has the report of a fixed run of n.

use serde::{Deserialize, Serialize};

use super::report::numbers;
use super::report::{Estimate, Kpis};

/// Half-width of an attainment or utilization when the scenario does not say: ±2 points.
pub const DEFAULT_SHARE_HALF_WIDTH: f64 = 0.02;
/// Half-width of a mean time to resolve, relative to the mean, when the scenario does not say.
pub const DEFAULT_TIME_RELATIVE_HALF_WIDTH: f64 = 0.05;
/// Replications before the first look.
pub const DEFAULT_MIN_REPLICATIONS: u32 = 5;
/// Replications after which the run stops, precise or not.
pub const DEFAULT_MAX_REPLICATIONS: u32 = 200;
/// The most a maximum may be: the cap on a fixed run's replications.
pub const MOST_REPLICATIONS: u32 = 1000;

/// Precision mode as written: every field optional, with the defaults of `engine::precision`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrecisionDoc {
    /// Largest 95% half-width of a share (SLA attainment, utilization), e.g. 0.02 for ±2 points.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub share_half_width: Option<f64>,
    /// Largest 95% half-width of a mean time to resolve, as a share of the mean (0.05: ±5%).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_relative_half_width: Option<f64>,
    /// Replications before the first look at the intervals.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_replications: Option<u32>,
    /// Replications after which the run stops, precise or not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_replications: Option<u32>,
}

/// The checked targets of precision mode.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Targets {
    pub share_half_width: f64,
    pub time_relative_half_width: f64,
    pub min_replications: u32,
    pub max_replications: u32,
}

impl Targets {
    /// The targets as written, with the defaults filled in; unchecked.
    pub fn of(doc: &PrecisionDoc) -> Targets {
        Targets {
            share_half_width: doc.share_half_width.unwrap_or(DEFAULT_SHARE_HALF_WIDTH),
            time_relative_half_width: doc.time_relative_half_width.unwrap_or(DEFAULT_TIME_RELATIVE_HALF_WIDTH),
            min_replications: doc.min_replications.unwrap_or(DEFAULT_MIN_REPLICATIONS),
            max_replications: doc.max_replications.unwrap_or(DEFAULT_MAX_REPLICATIONS),
        }
    }

    /// Every problem of these targets, as (field, message).
    pub fn problems(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        for (field, v, what) in [
            ("share_half_width", self.share_half_width, "a share's half-width"),
            ("time_relative_half_width", self.time_relative_half_width, "a time's relative half-width"),
        ] {
            if !(v > 0.0 && v < 1.0) {
                out.push((field, format!("{what} of {v} is not between 0 and 1 (0.02 is ±2 points, or ±2%)")));
            }
        }
        let (min, max) = (self.min_replications, self.max_replications);
        if min < 2 {
            out.push(("min_replications", format!("{min} replications give no interval: use at least 2")));
        }
        if max < min {
            out.push(("max_replications", format!("the maximum ({max}) is below the minimum ({min})")));
        } else if max > MOST_REPLICATIONS {
            out.push(("max_replications", format!("{max} replications: use at most {MOST_REPLICATIONS}")));
        }
        out
    }
}

/// One headline figure's 95% interval against its target.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Interval {
    /// The figure in words: "SLA attainment of P1", "utilization of L2", "mean time to resolve of P3".
    pub figure: String,
    pub mean: f64,
    /// The 95% half-width: a share for attainment and utilization; for a time, a share of its mean.
    pub half_width: f64,
    pub target: f64,
    /// `half_width` and `target` are shares of the mean (a time), not shares themselves.
    pub relative: bool,
}

impl Interval {
    fn ratio(&self) -> f64 {
        self.half_width / self.target
    }

    pub fn within(&self) -> bool {
        self.half_width <= self.target
    }

    /// "SLA attainment of P1 ±1.8 points (target ±2)", "mean time to resolve of P2 ±4.1% (target ±5%)".
    pub fn describe(&self) -> String {
        let pct = |v: f64| numbers::trim(v * 100.0, 1);
        if self.relative {
            format!("{} ±{}% (target ±{}%)", self.figure, pct(self.half_width), pct(self.target))
        } else {
            format!("{} ±{} points (target ±{})", self.figure, pct(self.half_width), pct(self.target))
        }
    }
}

/// What precision mode came to: kept in the report of a run that asked for it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    /// Replications it took.
    pub replications: u32,
    pub min_replications: u32,
    pub max_replications: u32,
    /// Every figure's interval was within its target (else the maximum was reached).
    pub converged: bool,
    /// Converged: the figure that came within its target last. At the maximum: the widest
    /// interval against its target. `None` when no figure had data.
    pub last: Option<Interval>,
    /// Figures with fewer than two replications with a value (a priority without issues): they
    /// have no interval and do not hold the run up.
    pub without_data: Vec<String>,
}

impl Outcome {
    /// The outcome in a sentence or two.
    pub fn sentence(&self) -> String {
        let n = self.replications;
        let mut text = match (&self.last, self.converged) {
            (Some(last), true) => {
                format!("Precise after {n} replications; the last figure to converge was {}.", last.describe())
            }
            (None, true) => format!("Precise after {n} replications: no headline figure had data to hold it up."),
            (Some(last), false) => format!(
                "The maximum of {n} replications was reached before every figure was precise; the widest interval is {}.",
                last.describe()
            ),
            (None, false) => format!("The maximum of {n} replications was reached."),
        };
        if !self.without_data.is_empty() {
            text.push_str(&format!(" Without data, not waited for: {}.", self.without_data.join(", ")));
        }
        text
    }
}

/// Each headline figure's interval over the replications so far, and the figures without one.
pub fn intervals(targets: &Targets, reps: &[Kpis<Option<f64>>]) -> (Vec<Interval>, Vec<String>) {
    let Some(first) = reps.first() else { return (Vec::new(), Vec::new()) };
    let (mut found, mut without) = (Vec::new(), Vec::new());
    let mut add = |figure: String, values: Vec<Option<f64>>, relative: bool| {
        let e = Estimate::of(values.into_iter().map(|v| v.unwrap_or(f64::NAN)));
        match (e.mean, e.ci95) {
            (Some(mean), Some(ci)) if !relative => {
                found.push(Interval { figure, mean, half_width: ci, target: targets.share_half_width, relative });
            }
            (Some(mean), Some(ci)) if mean > 0.0 => found.push(Interval {
                figure,
                mean,
                half_width: ci / mean,
                target: targets.time_relative_half_width,
                relative,
            }),
            _ => without.push(figure),
        }
    };
    for (p, group) in first.priorities.iter().enumerate() {
        let attained = reps.iter().map(|r| r.priorities[p].resolution_breach.map(|b| 1.0 - b)).collect();
        add(format!("SLA attainment of {}", group.name), attained, false);
    }
    for (l, level) in first.levels.iter().enumerate() {
        add(format!("utilization of {}", level.name), reps.iter().map(|r| r.levels[l].utilization).collect(), false);
    }
    for (p, group) in first.priorities.iter().enumerate() {
        let ttr = reps.iter().map(|r| r.priorities[p].ttr.mean).collect();
        add(format!("mean time to resolve of {}", group.name), ttr, true);
    }
    (found, without)
}

/// The widest interval against its target.
pub fn widest(intervals: &[Interval]) -> Option<&Interval> {
    intervals.iter().max_by(|a, b| a.ratio().total_cmp(&b.ratio()))
}

/// The sequential procedure: a look after each replication.
#[derive(Clone, Debug)]
pub struct Sequential {
    pub targets: Targets,
    /// The figures of each replication so far.
    reps: Vec<Kpis<Option<f64>>>,
    /// The figures outside their target at the last look.
    outside: Vec<String>,
}

/// What a look says.
#[derive(Clone, Debug, PartialEq)]
pub enum Look {
    /// Another replication, please; the widest interval so far, if there is one.
    Continue(Option<Interval>),
    /// Enough.
    Stop(Outcome),
}

impl Sequential {
    pub fn new(targets: Targets) -> Sequential {
        Sequential { targets, reps: Vec::new(), outside: Vec::new() }
    }

    /// Looks at the replications so far, given the figures of the next one (in seed order).
    pub fn look(&mut self, next: &Kpis<Option<f64>>) -> Look {
        self.reps.push(next.clone());
        let n = u32::try_from(self.reps.len()).unwrap_or(u32::MAX);
        let (found, without_data) = intervals(&self.targets, &self.reps);
        let widest_now = widest(&found).cloned();
        if n < self.targets.min_replications {
            return Look::Continue(widest_now);
        }
        let outcome = |converged, last| Outcome {
            replications: n,
            min_replications: self.targets.min_replications,
            max_replications: self.targets.max_replications,
            converged,
            last,
            without_data: without_data.clone(),
        };
        if found.iter().all(Interval::within) {
            // The last to converge: of the figures still outside at the last look, the one
            // nearest its target now; at the first look, the widest against its target.
            let late: Vec<Interval> = found.iter().filter(|i| self.outside.contains(&i.figure)).cloned().collect();
            let last = if late.is_empty() { widest_now } else { widest(&late).cloned() };
            return Look::Stop(outcome(true, last));
        }
        if n >= self.targets.max_replications {
            return Look::Stop(outcome(false, widest_now));
        }
        self.outside = found.into_iter().filter(|i| !i.within()).map(|i| i.figure).collect();
        Look::Continue(widest_now)
    }
}
