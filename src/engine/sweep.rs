//! What-if questions over one parameter: a sweep runs the scenario at each value of a knob (staff
//! at a level, the arrival rate, a wait timer) and gives SLA attainment and utilization at each;
//! the staffing helper finds few enough staff per level that a priority still meets a target
//! attainment. Every run uses the scenario's replications and seeds, so all values see the same
//! issues (common random numbers) and differences between them are not noise between runs.

use serde::{Deserialize, Serialize};

use super::document::Document;
use super::goals::{Judgement, Standing};
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

/// Which SLA target a staffing goal counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Goal {
    Resolution,
    FirstResponse,
}

/// One goal set before a staffing search: at least `share` of `priority`'s issues within their
/// `goal` target (the mean over replications). It replaces that goal of the scenario; the
/// scenario's other goals still hold.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Target {
    pub priority: String,
    pub goal: Goal,
    pub share: f64,
}

/// What the staffing search optimises, in words.
pub const OPTIMISED: &str =
    "the fewest staff, counted per level and per shift, with which every goal is met and no level is overloaded";

/// What the staffing helper found.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Staffing {
    /// What the search optimised, in words.
    pub optimised: String,
    pub levels: Vec<LevelChange>,
    /// Every goal against the run with the staff found (the search's best so far if it was
    /// stopped or its budget ran out).
    pub judgement: Judgement,
    /// Every goal met and no level overloaded.
    pub met: bool,
    /// How the search ended, in words.
    pub note: String,
    /// Runs made (each of the scenario's replications).
    pub runs: usize,
}

/// Adding a person must bring the run at least this much closer to its goals (0.2 points of
/// share, summed over the goals missed) for the search to keep adding once no level is
/// overloaded; below that, the goals left are beyond what staff can reach (the work itself takes
/// longer than the target, say) and more people would only chase noise.
pub const MIN_GAIN: f64 = 0.002;

/// A level's staff as written and as found: its constant staff, or each of its shifts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LevelChange {
    pub level: String,
    /// Constant staff (before, after); `None` for a level on shifts.
    pub staff: Option<(u32, u32)>,
    pub shifts: Vec<ShiftChange>,
}

/// One shift's staff as written and as found.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ShiftChange {
    /// Its days and hours: `weekdays 08:00–18:00`.
    pub when: String,
    pub before: u32,
    pub after: u32,
}

impl LevelChange {
    pub fn changed(&self) -> bool {
        self.staff.is_some_and(|(b, a)| b != a) || self.shifts.iter().any(|s| s.before != s.after)
    }

    /// Head-counts in words: `2 → 3`, or `weekdays 08:00–18:00: 4 → 5; sat 09:00–13:00: 2`.
    pub fn words(&self) -> String {
        let count = |b: u32, a: u32| if b == a { format!("{a} (unchanged)") } else { format!("{b} → {a}") };
        match self.staff {
            Some((b, a)) => count(b, a),
            None => self
                .shifts
                .iter()
                .map(|s| format!("{}: {}", s.when, count(s.before, s.after)))
                .collect::<Vec<_>>()
                .join("; "),
        }
    }
}

/// Few enough staff, per level and per shift, that every goal of the scenario is met (with
/// `targets` replacing the goals they name) and no level is overloaded. Runs the
/// [`StaffingSearch`] to its end here; the app's worker drives the same search in time slices.
pub fn staffing(
    doc: &Document,
    targets: &[Target],
    mut on_progress: impl FnMut(Progress) -> Control,
) -> Result<Staffing, SweepError> {
    let mut search = StaffingSearch::new(doc, targets)?;
    search.run(&mut on_progress)?;
    Ok(search.found())
}

/// The scenario with `targets` replacing the goals they name.
pub fn with_goals(doc: &Document, targets: &[Target]) -> Result<Document, SweepError> {
    let mut doc = doc.clone();
    for t in targets {
        if !(t.share > 0.0 && t.share <= 1.0) {
            let message = format!("a goal must be above 0 and at most 1 (100%), not {}", t.share);
            return Err(SweepError::Goal(message));
        }
        let Some(p) = doc.priorities.iter_mut().find(|p| p.name == t.priority) else {
            let names: Vec<_> = doc.priorities.iter().map(|p| format!("\"{}\"", p.name)).collect();
            let message = format!("there is no priority \"{}\" (known: {})", t.priority, names.join(", "));
            return Err(SweepError::Goal(message));
        };
        match t.goal {
            Goal::Resolution => p.goals.resolution = Some(t.share),
            Goal::FirstResponse => p.goals.first_response = Some(t.share),
        }
    }
    Ok(doc)
}

/// One head-count the search changes: a level's constant staff, or one of its shifts.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Unit {
    level: usize,
    shift: Option<usize>,
}

/// The staffing helper's search, one run at a time: [`next_model`](Self::next_model) gives the
/// scenario with the staff to try next, [`record`](Self::record) takes its replications' KPIs,
/// until `next_model` gives `None` and [`found`](Self::found) has the answer. Whoever drives it
/// chooses when each run happens, and can stop between any two.
///
/// The search starts from the staff as written, raised where a level could not keep up with the
/// work the outcome probabilities alone send it (its offered load from the traffic equations);
/// then, while some goal is missed or some level is overloaded, it adds one person where that
/// brings the run closest to its goals ([`Judgement::distance`]); once everything holds, it
/// removes one person at a time wherever everything still holds, pass after pass, until no
/// single removal keeps it. The answer is minimal in that sense: taking away any one more
/// person, at any level or shift, misses a goal or overloads a level.
#[derive(Clone, Debug)]
pub struct StaffingSearch {
    doc: Document,
    units: Vec<Unit>,
    /// Staff per unit as written.
    written: Vec<u32>,
    /// Staff per unit of the best answer so far.
    staff: Vec<u32>,
    /// The judgement at `staff`, once measured.
    best: Option<Judgement>,
    phase: Phase,
    /// The staff and model last given out, until its KPIs are recorded.
    trying: Option<(Vec<u32>, Model)>,
    runs: usize,
    /// Set when adding people stopped helping before every goal was met: the distance to the
    /// goals reached then, which removals may not worsen by more than [`MIN_GAIN`].
    plateau: Option<f64>,
    /// Set when the budget of runs ran out while adding.
    out_of_budget: bool,
    /// The staff and judgement before a round that brought less than [`MIN_GAIN`]: one such
    /// round may be noise, two in a row are a plateau, and the search goes back to these.
    stalled: Option<(Vec<u32>, Judgement)>,
}

#[derive(Clone, Debug)]
enum Phase {
    /// Measuring the starting staff.
    Start,
    /// Trying one more person at `unit`; `step` is the round's best so far.
    Up {
        unit: usize,
        step: Option<(usize, Judgement)>,
    },
    /// Trying one person less at `unit`; `changed` if this pass removed anyone.
    Down {
        unit: usize,
        changed: bool,
    },
    Done,
}

impl StaffingSearch {
    pub fn new(doc: &Document, targets: &[Target]) -> Result<StaffingSearch, SweepError> {
        let doc = with_goals(doc, targets)?;
        let mut units = Vec::new();
        let mut written = Vec::new();
        for (l, level) in doc.levels.iter().enumerate() {
            match level.staff {
                Some(n) => {
                    units.push(Unit { level: l, shift: None });
                    written.push(n);
                }
                None => {
                    for (s, shift) in level.shifts.iter().enumerate() {
                        units.push(Unit { level: l, shift: Some(s) });
                        written.push(shift.staff);
                    }
                }
            }
        }
        let mut search = StaffingSearch {
            doc,
            units,
            staff: written.clone(),
            written,
            best: None,
            phase: Phase::Start,
            trying: None,
            runs: 0,
            plateau: None,
            out_of_budget: false,
            stalled: None,
        };
        search.staff = search.stable_start()?;
        Ok(search)
    }

    /// The staff as written, raised at each level that the traffic equations say is offered
    /// as much work as its staff can do: to the fewest that can (a level on shifts by the same
    /// number on each shift).
    fn stable_start(&self) -> Result<Vec<u32>, SweepError> {
        let model = self.model_with(&self.written, 0.0)?;
        let mut staff = self.written.clone();
        for a in super::analytic::analyse(&model).iter().enumerate().filter(|(_, a)| a.theory_rho >= 1.0) {
            let (l, a) = a;
            let mine: Vec<usize> = (0..self.units.len()).filter(|&u| self.units[u].level == l).collect();
            for _ in 0..MAX_POINTS {
                let trial = self.model_with(&staff, 0.0)?;
                let mean_staff = trial.levels[l].staffing.mean_staff();
                if mean_staff > a.offered_load || mine.is_empty() {
                    break;
                }
                for &u in &mine {
                    staff[u] += 1;
                }
            }
        }
        Ok(staff)
    }

    /// Makes every run the search asks for, to its end (the command line's way; the app's
    /// worker drives [`next_model`](Self::next_model) and [`record`](Self::record) in slices).
    pub fn run(&mut self, on_progress: &mut dyn FnMut(Progress) -> Control) -> Result<(), SweepError> {
        while let Some(model) = self.next_model()? {
            let reps = replications(&model, self.runs(), MAX_POINTS, on_progress)?;
            self.record(&reps)?;
        }
        Ok(())
    }

    /// Runs recorded so far.
    pub fn runs(&self) -> usize {
        self.runs
    }

    /// The scenario to run next, or `None` when the search is over. Staff that make the scenario
    /// invalid while removing people are skipped; while adding or at the start they are an error.
    pub fn next_model(&mut self) -> Result<Option<Model>, SweepError> {
        loop {
            let mut staff = self.staff.clone();
            let value = match self.phase {
                Phase::Start => 0,
                Phase::Up { unit, .. } => {
                    staff[unit] += 1;
                    staff[unit]
                }
                Phase::Down { unit, .. } => {
                    if staff[unit] == 0 {
                        self.down_done(false);
                        continue;
                    }
                    staff[unit] -= 1;
                    staff[unit]
                }
                Phase::Done => return Ok(None),
            };
            match self.model_with(&staff, f64::from(value)) {
                Ok(model) => {
                    self.trying = Some((staff, model.clone()));
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
    /// The search is refused when the starting staff give no goal anything to measure (no SLA
    /// target with issues), since no staffing could change that.
    pub fn record(&mut self, reps: &[Kpis<Option<f64>>]) -> Result<(), SweepError> {
        let Some((staff, model)) = self.trying.take() else { return Ok(()) };
        self.runs += 1;
        let j = Judgement::of_run(&model, reps);
        match std::mem::replace(&mut self.phase, Phase::Done) {
            Phase::Start if j.checks.iter().all(|c| c.standing() == Standing::NotMeasured) => {
                let message = "no goal could be measured (no priority has both issues and an SLA target), so there is nothing to staff for".to_string();
                return Err(SweepError::Goal(message));
            }
            Phase::Start => {
                self.best = Some(j);
                self.up_round();
            }
            Phase::Up { unit, mut step } => {
                if step.as_ref().is_none_or(|(_, b)| j.distance() < b.distance()) {
                    step = Some((unit, j));
                }
                if unit + 1 < self.units.len() {
                    self.phase = Phase::Up { unit: unit + 1, step };
                } else {
                    let (u, j) = step.expect("a round tries every unit");
                    let best = self.best.clone().expect("measured before a round");
                    // Gains are measured from before the first of the rounds that stalled.
                    let from = self.stalled.as_ref().map_or(&best, |(_, j)| j).distance();
                    if j.overloaded.is_empty() && from - j.distance() < MIN_GAIN {
                        if let Some((staff, before)) = self.stalled.take() {
                            // Two rounds in a row without gain: no more people help. Go back to
                            // the staff before them and remove whoever is not needed to stay there.
                            self.plateau = Some(before.distance());
                            self.staff = staff;
                            self.best = Some(before);
                            self.phase = Phase::Down { unit: 0, changed: false };
                            return Ok(());
                        }
                        self.stalled = Some((self.staff.clone(), best));
                    } else {
                        self.stalled = None;
                    }
                    self.staff[u] += 1;
                    self.best = Some(j);
                    self.up_round();
                }
            }
            Phase::Down { unit, changed } => {
                let holds = match self.plateau {
                    None => j.met(),
                    Some(d) => {
                        let best = self.best.as_ref().expect("measured before removals");
                        // Nothing met before is missed now, no level overloads, and the goals
                        // missed are no further off than where adding stopped helping.
                        j.overloaded.is_empty()
                            && j.distance() <= d + MIN_GAIN
                            && j.checks
                                .iter()
                                .zip(&best.checks)
                                .all(|(now, was)| was.standing() != Standing::Met || now.standing() == Standing::Met)
                    }
                };
                if holds {
                    self.staff = staff;
                    self.best = Some(j);
                }
                self.phase = Phase::Down { unit, changed };
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
        let n = self.units.len();
        let left = match self.phase {
            Phase::Start => 1 + n,
            Phase::Up { unit, .. } => (n - unit) + n,
            Phase::Down { unit, .. } => n - unit,
            Phase::Done => return 1.0,
        };
        ((self.runs as f64 + within.clamp(0.0, 1.0)) / (self.runs + left) as f64).min(1.0)
    }

    /// The answer (so far, if the search is not over).
    pub fn found(&self) -> Staffing {
        let judgement = self.best.clone().unwrap_or(Judgement { checks: Vec::new(), overloaded: Vec::new() });
        let levels = self
            .doc
            .levels
            .iter()
            .enumerate()
            .map(|(l, level)| {
                let mine = |u: &usize| self.units[*u].level == l;
                let units: Vec<usize> = (0..self.units.len()).filter(mine).collect();
                match level.staff {
                    Some(_) => LevelChange {
                        level: level.name.clone(),
                        staff: units.first().map(|&u| (self.written[u], self.staff[u])),
                        shifts: Vec::new(),
                    },
                    None => LevelChange {
                        level: level.name.clone(),
                        staff: None,
                        shifts: units
                            .iter()
                            .map(|&u| {
                                let s = &level.shifts[self.units[u].shift.expect("a shift unit")];
                                ShiftChange {
                                    when: format!("{} {}–{}", s.days.join(", "), s.from, s.to),
                                    before: self.written[u],
                                    after: self.staff[u],
                                }
                            })
                            .collect(),
                    },
                }
            })
            .collect();
        let met = self.best.as_ref().is_some_and(Judgement::met);
        let missed: Vec<String> = judgement.missed().map(|c| c.words()).collect();
        let note = if met {
            "Every goal is met and no level is overloaded; removing any one person, at any level or shift, would miss a goal or overload a level.".to_string()
        } else if self.plateau.is_some() {
            format!(
                "No staffing meets every goal: {} stays below its goal however many people are added (one more person anywhere brought it less than {} points closer), so the work itself, not the queue, keeps it there. These are the fewest staff that reach as close as staff can.",
                missed.join(", "),
                MIN_GAIN * 100.0
            )
        } else if self.out_of_budget {
            format!(
                "The search stopped after {} runs, its limit, before every goal was met ({}); these are the closest staff tried.",
                self.runs,
                missed.join(", ")
            )
        } else {
            "The search has not finished.".to_string()
        };
        Staffing { optimised: OPTIMISED.to_string(), levels, met, note, judgement, runs: self.runs }
    }

    /// The scenario with `staff` per unit; `value` names the change in errors.
    fn model_with(&self, staff: &[u32], value: f64) -> Result<Model, SweepError> {
        let checked = super::validate(&self.doc_with(staff));
        checked.model.ok_or(SweepError::Invalid { value, problems: checked.problems })
    }

    fn doc_with(&self, staff: &[u32]) -> Document {
        let mut d = self.doc.clone();
        for (unit, &n) in self.units.iter().zip(staff) {
            let level = &mut d.levels[unit.level];
            match unit.shift {
                None => level.staff = Some(n),
                Some(s) => level.shifts[s].staff = n,
            }
        }
        d
    }

    /// The scenario with the staff found (for the app's Apply and the command line's output).
    pub fn document(&self) -> Document {
        self.doc_with(&self.staff)
    }

    /// After the start or a round of additions: another round while something is missed and a
    /// whole round still fits in the budget of runs; once everything holds, passes of removals.
    fn up_round(&mut self) {
        let met = self.best.as_ref().is_some_and(Judgement::met);
        let n = self.units.len();
        self.out_of_budget = !met && self.runs + n > MAX_POINTS;
        self.phase = if !met && n > 0 && self.runs + n <= MAX_POINTS {
            Phase::Up { unit: 0, step: None }
        } else if met && n > 0 && self.runs < MAX_POINTS {
            Phase::Down { unit: 0, changed: false }
        } else {
            Phase::Done
        };
    }

    /// The removal at the current unit is settled (`removed` if everything still held): on to
    /// the next unit, another pass if this one removed anyone, or the end.
    fn down_done(&mut self, removed: bool) {
        let Phase::Down { unit, changed } = self.phase else { return };
        let changed = changed || removed;
        self.phase = if self.runs >= MAX_POINTS {
            Phase::Done
        } else if unit + 1 < self.units.len() {
            Phase::Down { unit: unit + 1, changed }
        } else if changed {
            Phase::Down { unit: 0, changed: false }
        } else {
            Phase::Done
        };
    }
}
