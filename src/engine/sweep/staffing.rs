//! The staffing helper: few enough staff, per level and per shift, that every goal is met and no
//! level is overloaded, found by a search that asks for one run at a time.

use serde::{Deserialize, Serialize};

use super::{MAX_POINTS, SweepError, replications};
use crate::engine::document::Document;
use crate::engine::goals::{Judgement, Standing};
use crate::engine::model::Model;
use crate::engine::report::Kpis;
use crate::engine::runner::{Control, Progress};

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

/// Few enough staff, per level and per shift, that every goal is met (with `targets` replacing the goals they name)
/// and no level is overloaded. Runs the [`StaffingSearch`] to its end here (the app shares it out: `engine::batch`).
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

/// The staffing helper's search, one run at a time: [`next_model`](Self::next_model) gives the scenario with the staff
/// to try next, [`record`](Self::record) takes its replications' KPIs, until `next_model` gives `None` and
/// [`found`](Self::found) has the answer. Whoever drives it chooses when each run happens, and can stop between any
/// two.
///
/// The search starts from the staff as written, raised where a level could not keep up with the work the outcome
/// probabilities alone send it (its offered load from the traffic equations); then, while some goal is missed or some
/// level is overloaded, it adds one person where that brings the run closest to its goals ([`Judgement::distance`]);
/// once everything holds, it removes one person at a time wherever everything still holds, pass after pass, until no
/// single removal keeps it. The answer is minimal in that sense: taking away any one more person, at any level or
/// shift, misses a goal or overloads a level.
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
        for a in crate::engine::analytic::analyse(&model).iter().enumerate().filter(|(_, a)| a.theory_rho >= 1.0) {
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

    /// Makes every run the search asks for, to its end (the command line's way; `engine::batch` is the app's).
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
                    self.down_done(false);
                }
                Err(e) => return Err(e),
            }
        }
    }

    /// The scenario of the model [`next_model`](Self::next_model) gave last, until it is recorded.
    pub fn trying_document(&self) -> Option<Document> {
        self.trying.as_ref().map(|(staff, _)| self.doc_with(staff))
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
        let missed: Vec<String> = judgement.missed().map(super::super::goals::Check::words).collect();
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
        let checked = crate::engine::validate(&self.doc_with(staff));
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
