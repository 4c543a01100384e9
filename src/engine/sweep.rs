//! What-if questions over one parameter: a sweep runs the scenario at each value of a knob (staff
//! at a level, the arrival rate, a wait timer) and gives SLA attainment and utilization at each;
//! the staffing helper (`staffing`) finds few enough staff per level that a priority still meets
//! a target attainment. Every run uses the scenario's replications and seeds, so all values see
//! the same issues (common random numbers) and differences between them are not noise between
//! runs.

use serde::{Deserialize, Serialize};

use super::document::Document;
use super::goals::Judgement;
use super::model::Model;
use super::problem::Problem;
use super::report::{Estimate, Kpis};
use super::runner::{Control, Progress};
use super::time::{format_duration, parse_duration};

mod staffing;

pub use staffing::{
    Goal, LevelChange, MIN_GAIN, OPTIMISED, ShiftChange, Staffing, StaffingSearch, Target, staffing, with_goals,
};

/// The most values a sweep takes, and the most runs the staffing helper makes.
pub const MAX_POINTS: usize = 200;

/// What a sweep varies.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Knob {
    /// Staff added to a level: to its constant staff, or to each of its shifts (negative removes).
    ExtraStaff { level: String },
    /// The base arrival rate, issues per hour.
    ArrivalRate,
    /// Trigger `trigger`'s waiting or time-at-level threshold for `priority`, in minutes.
    Timer { trigger: String, priority: String },
}

impl Knob {
    /// Reads `staff:LEVEL`, `rate` or `timer:TRIGGER:PRIORITY` (the command line's spelling).
    pub fn parse(text: &str) -> Result<Knob, String> {
        let mut parts = text.splitn(3, ':');
        match (parts.next(), parts.next(), parts.next()) {
            (Some("staff"), Some(level), None) if !level.is_empty() => Ok(Knob::ExtraStaff { level: level.into() }),
            (Some("rate"), None, None) => Ok(Knob::ArrivalRate),
            (Some("timer"), Some(t), Some(p)) if !t.is_empty() && !p.is_empty() => {
                Ok(Knob::Timer { trigger: t.into(), priority: p.into() })
            }
            _ => Err(format!("\"{text}\" is not a parameter; use staff:LEVEL, rate or timer:TRIGGER:PRIORITY")),
        }
    }

    /// In words, with the unit of its values.
    pub fn describe(&self) -> String {
        match self {
            Knob::ExtraStaff { level } => format!("staff added at {level}"),
            Knob::ArrivalRate => "arrivals per hour".into(),
            Knob::Timer { trigger, priority } => format!("{priority} threshold of \"{trigger}\", minutes"),
        }
    }

    /// The scenario with this knob at `value`.
    pub fn apply(&self, doc: &Document, value: f64) -> Result<Document, String> {
        if !value.is_finite() {
            return Err(format!("{value} is not a number"));
        }
        let mut doc = doc.clone();
        match self {
            Knob::ExtraStaff { level } => {
                let l = doc
                    .levels
                    .iter_mut()
                    .find(|l| l.name == *level)
                    .ok_or_else(|| format!("there is no level \"{level}\""))?;
                if value.fract() != 0.0 {
                    return Err(format!("staff come in whole people, not {value}"));
                }
                let add = |n: u32| -> Result<u32, String> {
                    let n = f64::from(n) + value;
                    if n < 0.0 || n > f64::from(u16::MAX) {
                        return Err(format!("{level} would have {n} staff"));
                    }
                    Ok(n as u32)
                };
                match &mut l.staff {
                    Some(n) => *n = add(*n)?,
                    None => {
                        for s in &mut l.shifts {
                            s.staff = add(s.staff)?;
                        }
                    }
                }
            }
            Knob::ArrivalRate => {
                if value <= 0.0 {
                    return Err(format!("an arrival rate must be above 0, not {value}"));
                }
                doc.workload.arrivals_per_hour = value;
            }
            Knob::Timer { trigger, priority } => {
                use super::document::ConditionDoc;
                let t = doc
                    .triggers
                    .iter_mut()
                    .find(|t| t.name == *trigger)
                    .ok_or_else(|| format!("there is no trigger \"{trigger}\""))?;
                let (ConditionDoc::QueueWaitOver(map) | ConditionDoc::TimeAtLevelOver(map)) = &mut t.when else {
                    return Err(format!("\"{trigger}\" has no per-priority waiting time"));
                };
                if value <= 0.0 {
                    return Err(format!("a timer must be above 0 minutes, not {value}"));
                }
                map.insert(priority.clone(), format_duration((value * 60_000.0).round() as u64));
            }
        }
        Ok(doc)
    }

    /// The knob's value in a scenario (before any change), where it has one.
    pub fn current(&self, doc: &Document) -> Option<f64> {
        match self {
            Knob::ExtraStaff { .. } => Some(0.0),
            Knob::ArrivalRate => Some(doc.workload.arrivals_per_hour),
            Knob::Timer { trigger, priority } => {
                use super::document::ConditionDoc;
                let t = doc.triggers.iter().find(|t| t.name == *trigger)?;
                match &t.when {
                    ConditionDoc::QueueWaitOver(m) | ConditionDoc::TimeAtLevelOver(m) => {
                        parse_duration(m.get(priority)?).ok().map(|ms| ms as f64 / 60_000.0)
                    }
                    _ => None,
                }
            }
        }
    }
}

/// Figures of one run of a sweep.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Point {
    pub value: f64,
    /// Per priority: the share resolved within the resolution target, and the share answered
    /// within the first-response target (1 = all), over replications.
    pub priorities: Vec<Attainment>,
    /// Per level: utilization (0..1).
    pub levels: Vec<(String, Estimate)>,
    /// Per level: mean queue wait, minutes.
    pub waits: Vec<(String, Estimate)>,
    /// Every goal against the run at this value, and its overloaded levels.
    pub judgement: Judgement,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Attainment {
    pub priority: String,
    pub resolution: Estimate,
    pub first_response: Estimate,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Sweep {
    pub knob: Knob,
    pub replications: u32,
    pub seed: u64,
    pub points: Vec<Point>,
}

/// Why a sweep or a staffing search stopped.
#[derive(Clone, Debug, PartialEq)]
pub enum SweepError {
    /// The knob cannot take this value.
    Value {
        value: f64,
        message: String,
    },
    /// At this value the scenario is invalid.
    Invalid {
        value: f64,
        problems: Vec<Problem>,
    },
    /// The staffing goal cannot be searched for.
    Goal(String),
    Cancelled,
}

impl std::fmt::Display for SweepError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SweepError::Value { value, message } => write!(f, "at {value}: {message}"),
            SweepError::Invalid { value, problems } => {
                write!(f, "at {value} the scenario is invalid")?;
                for p in problems.iter().filter(|p| p.is_error()) {
                    write!(f, "; {p}")?;
                }
                Ok(())
            }
            SweepError::Goal(message) => f.write_str(message),
            SweepError::Cancelled => f.write_str("cancelled"),
        }
    }
}

/// Runs the model's replications, reporting progress as the `done`-th of `total` runs.
fn replications(
    model: &Model,
    done: usize,
    total: usize,
    on_progress: &mut dyn FnMut(Progress) -> Control,
) -> Result<Vec<Kpis<Option<f64>>>, SweepError> {
    let reps = f64::from(model.run.replications.max(1));
    let runs = super::runner::replications(model, |p| {
        let fraction = (f64::from(p.replication) + p.fraction) / reps;
        on_progress(Progress { replication: done as u32, replications: total as u32, fraction })
    });
    Ok(runs.ok_or(SweepError::Cancelled)?.into_iter().map(|r| r.kpis).collect())
}

/// The model of the scenario with the knob at `value`.
pub fn model_at(doc: &Document, knob: &Knob, value: f64) -> Result<Model, SweepError> {
    let changed = knob.apply(doc, value).map_err(|message| SweepError::Value { value, message })?;
    let checked = super::validate(&changed);
    checked.model.ok_or(SweepError::Invalid { value, problems: checked.problems })
}

/// A sweep's figures at `value` from the replications' KPIs of `model`.
pub fn point_of(model: &Model, value: f64, reps: &[Kpis<Option<f64>>]) -> Point {
    let summary = super::report::summarize(reps);
    let judgement = Judgement::of_summary(model, &summary);
    let Some(first) = reps.first() else {
        return Point { value, priorities: Vec::new(), levels: Vec::new(), waits: Vec::new(), judgement };
    };
    let share_met = |breach: Option<f64>| breach.map_or(f64::NAN, |b| 1.0 - b);
    let priorities = first
        .priorities
        .iter()
        .enumerate()
        .map(|(i, g)| Attainment {
            priority: g.name.clone(),
            resolution: Estimate::of(reps.iter().map(|k| share_met(k.priorities[i].resolution_breach))),
            first_response: Estimate::of(reps.iter().map(|k| share_met(k.priorities[i].first_response_breach))),
        })
        .collect();
    let levels = first
        .levels
        .iter()
        .enumerate()
        .map(|(i, l)| (l.name.clone(), Estimate::of(reps.iter().map(|k| k.levels[i].utilization.unwrap_or(f64::NAN)))))
        .collect();
    let waits = summary.levels.iter().map(|l| (l.name.clone(), l.queue_wait.mean)).collect();
    Point { value, priorities, levels, waits, judgement }
}

/// Runs the scenario at each value of the knob.
pub fn sweep(
    doc: &Document,
    knob: &Knob,
    values: &[f64],
    mut on_progress: impl FnMut(Progress) -> Control,
) -> Result<Sweep, SweepError> {
    if values.is_empty() || values.len() > MAX_POINTS {
        let message = format!("give 1 to {MAX_POINTS} values, not {}", values.len());
        return Err(SweepError::Value { value: values.first().copied().unwrap_or(f64::NAN), message });
    }
    // Every value is checked before any is run, so that a value the scenario cannot take is
    // reported at once rather than after the runs before it.
    let models = values.iter().map(|&v| model_at(doc, knob, v)).collect::<Result<Vec<_>, _>>()?;
    let mut points = Vec::with_capacity(values.len());
    for (i, (model, &v)) in models.iter().zip(values).enumerate() {
        let reps = replications(model, i, values.len(), &mut on_progress)?;
        points.push(point_of(model, v, &reps));
    }
    Ok(Sweep { knob: knob.clone(), replications: doc.run.replications.max(1), seed: doc.run.seed, points })
}
