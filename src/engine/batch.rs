//! A run, comparison, sweep or staffing search cut into units of one replication each, so that
//! several runners (the app's pool of workers) can share it: [`Batch::next_unit`] hands the units
//! out, [`Batch::record`] takes each one's [`Replication`] back in whatever order they finish, and
//! the result is put together in replication order, exactly as [`runner`], [`compare`] and
//! [`sweep`] do on one thread. How many runners there are, and which finishes first, cannot change
//! a bit of it.
//!
//! Precision mode's looks happen in seed order too: a replication that finishes early waits for
//! those before it, and once the looks stop the report has the replications up to there, however
//! many more were under way. A staffing search hands out its candidates one at a time (each
//! depends on the last one's figures); each candidate's replications are units of one round.

use serde::{Deserialize, Serialize};

use super::compare::{self, Comparison};
use super::precision::{Interval, Look, Outcome, Sequential};
use super::simulation::Replication;
use super::sweep::{self, Knob, Staffing, StaffingSearch, Sweep, Target};
use super::{Model, Problem, Report, runner};

/// What a runner loads to run a unit: the same text for every unit of a model, so that a runner
/// can keep the model it validated between units.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Source {
    /// A scenario's JSON text.
    Text(String),
    /// A scenario's JSON text with a sweep's knob at `value` (as [`sweep::model_at`]).
    At { text: String, knob: Knob, value: f64 },
}

impl Source {
    /// The model to run, or why there is none.
    pub fn model(&self) -> Result<Model, String> {
        match self {
            Source::Text(text) => {
                let checked = super::load(text);
                checked.model.ok_or_else(|| match checked.problems.iter().find(|p| p.is_error()) {
                    Some(p) => format!("the scenario cannot run: {p}"),
                    None => "the scenario cannot run".to_string(),
                })
            }
            Source::At { text, knob, value } => {
                let doc = super::parse(text).map_err(|p| p.to_string())?;
                sweep::model_at(&doc, knob, *value).map_err(|e| e.to_string())
            }
        }
    }
}

/// One replication to run: of `source`, from `seed`. `round` and `index` are the batch's own
/// bookkeeping, given back with the replication.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Unit {
    pub round: u32,
    pub index: u32,
    pub source: Source,
    pub seed: u64,
}

/// What a finished batch gives.
#[derive(Debug)]
pub enum Finished {
    Report(Box<Report>),
    Comparison(Box<Comparison>),
    Sweep(Box<Sweep>),
    Staffing(Box<Staffing>, Option<Target>),
    /// A staffing search that could not go on, and why.
    Refused(String),
}

/// What a recorded replication did.
#[derive(Debug)]
pub enum Recorded {
    /// The batch goes on. In precision mode, after a look that asked for more: the replications
    /// looked at so far and the widest interval against its target (none before two).
    Going(Option<(u32, Option<Interval>)>),
    Finished(Finished),
}

/// What the replications are for.
enum Kind {
    Run { warnings: Vec<Problem>, precision: Option<Precision> },
    Compare,
    Sweep(Knob, Vec<f64>),
    Staffing(Box<StaffingSearch>, Option<Target>),
}

/// Precision mode's looks: how many replications were looked at, and where they stopped.
struct Precision {
    sequential: Sequential,
    looked: u32,
    outcome: Option<Outcome>,
}

/// A batch in progress.
pub struct Batch {
    kind: Kind,
    /// Per model: the model (to put the result together with) and what a runner loads.
    models: Vec<Model>,
    sources: Vec<Source>,
    /// Replications per model (in precision mode, the most until the looks stop).
    replications: u32,
    round: u32,
    /// Units handed out this round: unit `i` is replication `i % replications` of model
    /// `i / replications`, so that a runner runs one model's units in a row.
    next: u32,
    /// Per model, per replication.
    done: Vec<Vec<Option<Replication>>>,
    /// Replications recorded this round among those the result needs.
    recorded: u32,
}

impl Batch {
    /// A run of the scenario (JSON text): its replications, or in precision mode replications
    /// until precise. The scenario's errors if it cannot run.
    pub fn run(scenario: &str) -> Result<Batch, Vec<Problem>> {
        let checked = super::load(scenario);
        let Some(model) = checked.model else { return Err(checked.problems) };
        let precision = model.run.precision.map(|targets| Precision {
            sequential: Sequential::new(targets),
            looked: 0,
            outcome: None,
        });
        let replications = model.run.precision.map_or(model.run.replications, |t| t.max_replications);
        let kind = Kind::Run { warnings: checked.problems, precision };
        Ok(Batch::new(kind, vec![model], vec![Source::Text(scenario.to_string())], replications))
    }

    /// Scenario `b` against the baseline `a` on the same issues: replication k of both from
    /// `a`'s seed + k, with `a`'s replications. Both scenarios' errors if either cannot run.
    pub fn compare(a: &str, b: &str) -> Result<Batch, Vec<Problem>> {
        let (ca, cb) = (super::load(a), super::load(b));
        let (Some(ma), Some(mut mb)) = (ca.model, cb.model) else {
            return Err(ca.problems.into_iter().chain(cb.problems).filter(Problem::is_error).collect());
        };
        mb.run.seed = ma.run.seed;
        mb.run.replications = ma.run.replications;
        let replications = ma.run.replications;
        let sources = vec![Source::Text(a.to_string()), Source::Text(b.to_string())];
        Ok(Batch::new(Kind::Compare, vec![ma, mb], sources, replications))
    }

    /// The scenario at each value of a knob; why not, if a value cannot be taken.
    pub fn sweep(scenario: &str, knob: Knob, values: Vec<f64>) -> Result<Batch, String> {
        let doc = super::parse(scenario).map_err(|p| p.to_string())?;
        if values.is_empty() || values.len() > sweep::MAX_POINTS {
            return Err(format!("give 1 to {} values", sweep::MAX_POINTS));
        }
        let models = values
            .iter()
            .map(|&v| sweep::model_at(&doc, &knob, v).map_err(|e| e.to_string()))
            .collect::<Result<Vec<_>, _>>()?;
        let sources =
            values.iter().map(|&value| Source::At { text: scenario.to_string(), knob: knob.clone(), value }).collect();
        let replications = models[0].run.replications;
        Ok(Batch::new(Kind::Sweep(knob, values), models, sources, replications))
    }

    /// The staffing search for every goal, or `target` first; why not, if it cannot start.
    pub fn staffing(scenario: &str, target: Option<Target>) -> Result<Batch, String> {
        let doc = super::parse(scenario).map_err(|p| p.to_string())?;
        let targets: Vec<Target> = target.iter().cloned().collect();
        let mut search = StaffingSearch::new(&doc, &targets).map_err(|e| e.to_string())?;
        let model =
            search.next_model().map_err(|e| e.to_string())?.expect("a search starts with the scenario as written");
        let source = candidate(&search)?;
        let replications = model.run.replications;
        Ok(Batch::new(Kind::Staffing(Box::new(search), target), vec![model], vec![source], replications))
    }

    fn new(kind: Kind, models: Vec<Model>, sources: Vec<Source>, replications: u32) -> Batch {
        let mut batch =
            Batch { kind, models, sources, replications: 0, round: 0, next: 0, done: Vec::new(), recorded: 0 };
        batch.begin_round(replications.max(1));
        batch
    }

    fn begin_round(&mut self, replications: u32) {
        self.replications = replications;
        self.next = 0;
        self.recorded = 0;
        self.done = self.models.iter().map(|_| (0..replications).map(|_| None).collect()).collect();
    }

    /// Units this round.
    fn units(&self) -> u32 {
        self.replications * self.models.len() as u32
    }

    /// Replications per model the round began with.
    fn per_model(&self) -> u32 {
        self.done.first().map_or(0, |reps| reps.len() as u32)
    }

    /// The next unit to run, or `None` when every unit of the round is handed out.
    pub fn next_unit(&mut self) -> Option<Unit> {
        // In precision mode the looks may have stopped before every unit was handed out.
        let per_model = self.per_model();
        while self.next < self.done.len() as u32 * per_model {
            let index = self.next;
            self.next += 1;
            let (m, k) = ((index / per_model) as usize, index % per_model);
            if k >= self.replications {
                continue;
            }
            let seed = self.models[m].run.seed.wrapping_add(u64::from(k));
            return Some(Unit { round: self.round, index, source: self.sources[m].clone(), seed });
        }
        None
    }

    /// Takes the replication of unit `index` of `round`. Replications of an earlier round, or
    /// that precision mode no longer needs, are dropped.
    pub fn record(&mut self, round: u32, index: u32, replication: Replication) -> Recorded {
        let per_model = self.per_model().max(1);
        let (m, k) = ((index / per_model) as usize, index % per_model);
        if round != self.round || m >= self.models.len() || k >= self.replications {
            return Recorded::Going(None);
        }
        let slot = &mut self.done[m][k as usize];
        if slot.is_some() {
            return Recorded::Going(None);
        }
        *slot = Some(replication);
        self.recorded += 1;
        let narrowing = self.look();
        if self.recorded < self.units() {
            return Recorded::Going(narrowing);
        }
        self.finish()
    }

    /// Precision mode: looks at each replication in seed order, as far as they are in.
    fn look(&mut self) -> Option<(u32, Option<Interval>)> {
        let Kind::Run { precision: Some(p), .. } = &mut self.kind else { return None };
        let mut narrowing = None;
        while p.outcome.is_none() && p.looked < self.replications {
            let Some(rep) = &self.done[0][p.looked as usize] else { break };
            p.looked += 1;
            match p.sequential.look(&rep.kpis) {
                Look::Continue(widest) => narrowing = Some((p.looked, widest)),
                Look::Stop(found) => {
                    p.outcome = Some(found);
                    self.replications = p.looked;
                    self.recorded = p.looked;
                }
            }
        }
        narrowing
    }

    /// Puts the round's replications together: the result, or for a staffing search the next
    /// candidate's round.
    fn finish(&mut self) -> Recorded {
        let n = self.replications as usize;
        let mut done: Vec<Vec<Replication>> = std::mem::take(&mut self.done)
            .into_iter()
            .map(|reps| reps.into_iter().take(n).flatten().collect())
            .collect();
        let kpis = |reps: &[Replication]| reps.iter().map(|r| r.kpis.clone()).collect::<Vec<_>>();
        let finished = match &mut self.kind {
            Kind::Run { warnings, precision } => {
                let mut report = runner::combine(&self.models[0], warnings, done.swap_remove(0));
                report.precision = precision.as_mut().and_then(|p| p.outcome.take());
                Finished::Report(Box::new(report))
            }
            Kind::Compare => {
                let (a, b) = (kpis(&done[0]), kpis(&done[1]));
                let mut comparison = compare::from_replications(&a, &b, self.replications, self.models[0].run.seed);
                comparison.judge(&self.models[0], &self.models[1], &a, &b);
                Finished::Comparison(Box::new(comparison))
            }
            Kind::Sweep(knob, values) => {
                let points = values
                    .iter()
                    .zip(&done)
                    .zip(&self.models)
                    .map(|((&v, reps), m)| sweep::point_of(m, v, &kpis(reps)))
                    .collect();
                let seed = self.models[0].run.seed;
                Finished::Sweep(Box::new(Sweep { knob: knob.clone(), replications: self.replications, seed, points }))
            }
            Kind::Staffing(search, target) => {
                let next = search.record(&kpis(&done[0])).and_then(|()| search.next_model()).map_err(|e| e.to_string());
                match next.and_then(|m| m.map(|model| candidate(search).map(|source| (model, source))).transpose()) {
                    Ok(Some((model, source))) => {
                        let replications = model.run.replications.max(1);
                        self.models = vec![model];
                        self.sources = vec![source];
                        self.round += 1;
                        self.begin_round(replications);
                        return Recorded::Going(None);
                    }
                    Err(message) => Finished::Refused(message),
                    Ok(None) => Finished::Staffing(Box::new(search.found()), target.take()),
                }
            }
        };
        Recorded::Finished(finished)
    }

    /// How far the batch is, in [0, 1], with `within` the summed progress of the units under way.
    pub fn fraction(&self, within: f64) -> f64 {
        let fraction = ((f64::from(self.recorded) + within) / f64::from(self.units())).min(1.0);
        match &self.kind {
            Kind::Staffing(search, _) => search.progress(fraction),
            _ => fraction,
        }
    }
}

/// What a runner loads for the staffing search's current candidate: its scenario as JSON text.
fn candidate(search: &StaffingSearch) -> Result<Source, String> {
    let doc = search.trying_document().ok_or("the search gave no candidate")?;
    serde_json::to_string(&doc).map(Source::Text).map_err(|e| e.to_string())
}
