//! What-if questions over one parameter: a sweep runs the scenario at each value of a knob (staff
//! at a level, the arrival rate, a wait timer) and gives SLA attainment and utilization at each;
//! the staffing helper finds few enough staff per level that a priority still meets a target
//! attainment. Every run uses the scenario's replications and seeds, so all values see the same
//! issues (common random numbers) and differences between them are not noise between runs.

use serde::{Deserialize, Serialize};

use super::document::Document;
use super::model::Model;
use super::problem::Problem;
use super::report::{Estimate, Kpis};
use super::runner::{Control, Progress};
use super::time::{format_duration, parse_duration};

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
                let map = match &mut t.when {
                    ConditionDoc::QueueWaitOver(m) | ConditionDoc::TimeAtLevelOver(m) => m,
                    _ => return Err(format!("\"{trigger}\" has no per-priority waiting time")),
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

/// A sweep's figures at `value` from its replications' KPIs.
pub fn point_of(value: f64, reps: &[Kpis<Option<f64>>]) -> Point {
    let Some(first) = reps.first() else { return Point { value, priorities: Vec::new(), levels: Vec::new() } };
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
    Point { value, priorities, levels }
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
        points.push(point_of(v, &reps));
    }
    Ok(Sweep { knob: knob.clone(), replications: doc.run.replications.max(1), seed: doc.run.seed, points })
}

/// Which SLA target a staffing goal counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Goal {
    Resolution,
    FirstResponse,
}

/// A staffing goal: at least `share` of `priority`'s issues within their `goal` target (the mean
/// over replications).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Target {
    pub priority: String,
    pub goal: Goal,
    pub share: f64,
}

/// What the staffing helper found.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Staffing {
    pub levels: Vec<LevelChange>,
    /// The goal's attainment with the new staff.
    pub attainment: Estimate,
    pub met: bool,
    /// Runs made (each of the scenario's replications).
    pub runs: usize,
}

/// A level's staff before and the change found: to its constant staff, or to each of its shifts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LevelChange {
    pub level: String,
    /// The constant staff before; `None` for a level on shifts.
    pub staff: Option<u32>,
    pub change: i64,
}

/// Few enough staff per level that `target` is met: staff are added where they raise the
/// attainment most until it is met, then removed one at a time wherever the target still holds.
/// The result is minimal in that sense: removing any one more person misses the target. A level
/// on shifts changes by the same number on each of its shifts. Runs the [`StaffingSearch`] to its
/// end here; the app's worker drives the same search in time slices instead.
pub fn staffing(
    doc: &Document,
    target: &Target,
    mut on_progress: impl FnMut(Progress) -> Control,
) -> Result<Staffing, SweepError> {
    let mut search = StaffingSearch::new(doc, target)?;
    while let Some(model) = search.next_model()? {
        let reps = replications(&model, search.runs(), MAX_POINTS, &mut on_progress)?;
        search.record(&reps)?;
    }
    Ok(search.found())
}

/// The staffing helper's search, one run at a time: [`next_model`](Self::next_model) gives the
/// scenario with the staff to try next, [`record`](Self::record) takes its replications' KPIs,
/// until `next_model` gives `None` and [`found`](Self::found) has the answer. Whoever drives it
/// chooses when each run happens, and can stop between any two.
#[derive(Clone, Debug)]
pub struct StaffingSearch {
    doc: Document,
    target: Target,
    /// The staff added per level so far.
    extra: Vec<i64>,
    /// The attainment at `extra`, once measured.
    best: Option<Estimate>,
    phase: Phase,
    /// The staff of the model last given out, until its KPIs are recorded.
    trying: Option<Vec<i64>>,
    runs: usize,
}

#[derive(Clone, Debug)]
enum Phase {
    /// Measuring the scenario as written.
    Start,
    /// Trying one more person at `level`; `step` is the round's best so far.
    Up {
        level: usize,
        step: Option<(usize, Estimate)>,
    },
    /// Trying one person less at `level`; `changed` if this pass removed anyone.
    Down {
        level: usize,
        changed: bool,
    },
    Done,
}

impl StaffingSearch {
    pub fn new(doc: &Document, target: &Target) -> Result<StaffingSearch, SweepError> {
        if !(target.share > 0.0 && target.share <= 1.0) {
            let message = format!("a target share must be above 0 and at most 1 (100%), not {}", target.share);
            return Err(SweepError::Goal(message));
        }
        if !doc.priorities.iter().any(|p| p.name == target.priority) {
            let names: Vec<_> = doc.priorities.iter().map(|p| format!("\"{}\"", p.name)).collect();
            let message = format!("there is no priority \"{}\" (known: {})", target.priority, names.join(", "));
            return Err(SweepError::Goal(message));
        }
        Ok(StaffingSearch {
            doc: doc.clone(),
            target: target.clone(),
            extra: vec![0; doc.levels.len()],
            best: None,
            phase: Phase::Start,
            trying: None,
            runs: 0,
        })
    }

    /// Runs recorded so far.
    pub fn runs(&self) -> usize {
        self.runs
    }

    /// The scenario to run next, or `None` when the search is over. Staff that make the scenario
    /// invalid while removing people are skipped; while adding or at the start they are an error.
    pub fn next_model(&mut self) -> Result<Option<Model>, SweepError> {
        loop {
            let mut staff = self.extra.clone();
            let value = match self.phase {
                Phase::Start => 0,
                Phase::Up { level, .. } => {
                    staff[level] += 1;
                    staff[level]
                }
                Phase::Down { level, .. } => {
                    staff[level] -= 1;
                    staff[level]
                }
                Phase::Done => return Ok(None),
            };
            match self.model_with(&staff, value as f64) {
                Ok(model) => {
                    self.trying = Some(staff);
                    return Ok(Some(model));
                }
                Err(SweepError::Value { .. } | SweepError::Invalid { .. })
                    if matches!(self.phase, Phase::Down { .. }) =>
                {
                    self.down_done(false)
                }
                Err(e) => return Err(e),
            }
        }
    }

    /// Takes the KPIs of the replications of the model [`next_model`](Self::next_model) gave last.
    /// The search is refused when the scenario as written gives the goal nothing to measure (no
    /// such target, or no issues of the priority), since no staffing could change that.
    pub fn record(&mut self, reps: &[Kpis<Option<f64>>]) -> Result<(), SweepError> {
        let Some(staff) = self.trying.take() else { return Ok(()) };
        self.runs += 1;
        let point = point_of(0.0, reps);
        let a = point.priorities.iter().find(|a| a.priority == self.target.priority).expect("checked in new");
        let e = match self.target.goal {
            Goal::Resolution => a.resolution,
            Goal::FirstResponse => a.first_response,
        };
        match std::mem::replace(&mut self.phase, Phase::Done) {
            Phase::Start if e.mean.is_none() => {
                let goal = match self.target.goal {
                    Goal::Resolution => "resolution",
                    Goal::FirstResponse => "first-response",
                };
                let p = &self.target.priority;
                let message = format!(
                    "no {p} issue was measured against a {goal} target (no SLA policy gives {p} one, or no {p} issues arrive), so there is nothing to staff for"
                );
                return Err(SweepError::Goal(message));
            }
            Phase::Start => {
                self.best = Some(e);
                self.up_round();
            }
            Phase::Up { level, mut step } => {
                if step.as_ref().is_none_or(|(_, b)| e.mean > b.mean) {
                    step = Some((level, e));
                }
                if level + 1 < self.extra.len() {
                    self.phase = Phase::Up { level: level + 1, step };
                } else {
                    let (i, e) = step.expect("a round tries every level");
                    self.extra[i] += 1;
                    self.best = Some(e);
                    self.up_round();
                }
            }
            Phase::Down { level, changed } => {
                let holds = self.meets(&e);
                if holds {
                    self.extra = staff;
                    self.best = Some(e);
                }
                self.phase = Phase::Down { level, changed };
                self.down_done(holds);
            }
            Phase::Done => {}
        }
        Ok(())
    }

    /// An estimate of how far the search is, in [0, 1], with `within` of the current run done.
    /// The number of rounds is not known in advance: this counts the runs left in the current
    /// round or pass and one pass of removals after it, so it falls back when another round
    /// begins (show the highest figure so far) and reaches 1 only at the end.
    pub fn progress(&self, within: f64) -> f64 {
        let n = self.extra.len();
        let left = match self.phase {
            Phase::Start => 1 + n,
            Phase::Up { level, .. } => (n - level) + n,
            Phase::Down { level, .. } => n - level,
            Phase::Done => return 1.0,
        };
        ((self.runs as f64 + within.clamp(0.0, 1.0)) / (self.runs + left) as f64).min(1.0)
    }

    /// The answer (so far, if the search is not over).
    pub fn found(&self) -> Staffing {
        let best = self.best.unwrap_or(Estimate::of(std::iter::empty()));
        Staffing {
            levels: self
                .doc
                .levels
                .iter()
                .zip(&self.extra)
                .map(|(l, &change)| LevelChange { level: l.name.clone(), staff: l.staff, change })
                .collect(),
            attainment: best,
            met: self.meets(&best),
            runs: self.runs,
        }
    }

    fn meets(&self, e: &Estimate) -> bool {
        e.mean.is_some_and(|m| m >= self.target.share)
    }

    /// The scenario with `staff` added per level; `value` names the change in errors.
    fn model_with(&self, staff: &[i64], value: f64) -> Result<Model, SweepError> {
        let mut d = self.doc.clone();
        for (l, &n) in self.doc.levels.iter().zip(staff) {
            if n != 0 {
                let knob = Knob::ExtraStaff { level: l.name.clone() };
                d = knob.apply(&d, n as f64).map_err(|message| SweepError::Value { value: n as f64, message })?;
            }
        }
        let checked = super::validate(&d);
        checked.model.ok_or(SweepError::Invalid { value, problems: checked.problems })
    }

    /// After the start or a round of additions: another round while the target is missed and
    /// a whole round still fits in the budget of runs; once met, passes of removals.
    fn up_round(&mut self) {
        let best = self.best.expect("measured before a round");
        let n = self.extra.len();
        self.phase = if !self.meets(&best) && n > 0 && self.runs + n <= MAX_POINTS {
            Phase::Up { level: 0, step: None }
        } else if self.meets(&best) && self.runs < MAX_POINTS {
            Phase::Down { level: 0, changed: false }
        } else {
            Phase::Done
        };
    }

    /// The removal at the current level is settled (`removed` if it kept the target): on to the
    /// next level, another pass if this one removed anyone, or the end.
    fn down_done(&mut self, removed: bool) {
        let Phase::Down { level, changed } = self.phase else { return };
        let changed = changed || removed;
        self.phase = if self.runs >= MAX_POINTS {
            Phase::Done
        } else if level + 1 < self.extra.len() {
            Phase::Down { level: level + 1, changed }
        } else if changed {
            Phase::Down { level: 0, changed: false }
        } else {
            Phase::Done
        };
    }
}
