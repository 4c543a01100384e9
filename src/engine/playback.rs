//! Playback for trainers: one replication stepped through simulated time, with the changes a
//! trainer makes as it goes (someone leaves or joins a level, an outage floods the desk), each
//! logged with its moment and worded for the log, and checkpoints to return to. A return replays
//! the run from the start with the changes made before the checkpoint, at their moments and in
//! their order, so it is exactly the run seen then.
//!
//! A trainer may also change the policy at the moment reached (`policy`: timers, rules, staff):
//! the run goes on under the edited model from there, and the change is logged and replayed like
//! the others.
//!
//! A playback borrows its models (the scenario as it started, then each policy it changed to)
//! rather than owning them, so that whoever holds it (the engine worker) keeps them beside it,
//! and returning to a checkpoint starts a new replication of the same models without giving
//! anything up.

pub mod policy;

use serde::{Deserialize, Serialize};

use super::Model;
use super::report::numbers;
use super::simulation::{Simulation, Snapshot, StaffRefused};
use super::time;

/// A change a trainer makes to the run at the moment it has reached.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum Change {
    /// `delta` more staff at level `level` (negative: someone leaves).
    Staff { level: usize, delta: i64 },
    /// An outage: issues of category `category` also arrive at `per_hour` for `minutes`;
    /// `times_usual` is that rate as a multiple of the usual arrivals, for the log.
    Burst { category: usize, per_hour: f64, minutes: f64, times_usual: f64 },
}

/// A change made, at its moment (ms), with its line in the log.
#[derive(Clone, Debug, PartialEq)]
struct Made {
    at: u64,
    change: Step,
    line: String,
}

/// A change to the run: one the trainer makes from the card, or a change of policy to the
/// playback's model of this index.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Step {
    Change(Change),
    Policy(usize),
}

/// What a playback carries over when its models are added to: its changes, checkpoints and
/// last refusal, and the moment reached.
#[derive(Clone, Debug)]
pub struct Carried {
    at: u64,
    changes: Vec<Made>,
    checkpoints: Vec<Checkpoint>,
    refused: Option<String>,
}

/// A saved moment, with the changes made before it.
#[derive(Clone, Debug)]
struct Checkpoint {
    at: u64,
    changes: Vec<Made>,
}

/// A line of the log of changes: when (ms) and what.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LogLine {
    pub at: u64,
    pub line: String,
}

/// A level as the trainer card draws it: staff on duty and busy, issues waiting, and the last
/// step's moves.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LevelView {
    pub name: String,
    pub staff: u32,
    pub busy: u32,
    pub waiting: u32,
    /// Issues that moved on from this level to another in the last step (none at the start,
    /// after a return, or for a change made at the moment reached).
    pub moved: u64,
    /// Services at this level that resolved their issue in the last step.
    pub resolved: u64,
}

/// What the trainer card draws: where the run stands, each level with the last step's moves,
/// the changes made, the checkpoints, and the last refusal. Flat, of few types, since it crosses
/// from the worker to the page after every step and each type that crosses costs the download
/// its decoder.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct View {
    pub minute: f64,
    /// Issues that have arrived so far.
    pub arrived: u32,
    /// Issues not yet closed for good.
    pub open: u32,
    pub finished: bool,
    pub levels: Vec<LevelView>,
    /// The priorities, most urgent first, and the matrix now (`Snapshot::cells`): per (level,
    /// priority), issues waiting and how close the nearest of them is to breaching.
    pub priorities: Vec<String>,
    pub cells: Vec<(u32, f64)>,
    pub log: Vec<LogLine>,
    /// The scenario's script, each event at its moment (ms) in words.
    pub script: Vec<LogLine>,
    /// The checkpoints' moments (ms), in the order they were saved.
    pub checkpoints: Vec<u64>,
    /// Which policy plays now: 0 for the scenario's own, k for the k-th it changed to.
    pub policy: usize,
    /// Why the last staff change was refused, until one is accepted.
    pub refused: Option<String>,
    /// The model's categories, for choosing an outage's.
    pub categories: Vec<String>,
    pub seed: u64,
    /// The drill under way, if the playback is one (`engine::drill`; its holder fills it in).
    #[serde(default)]
    pub drill: Option<super::drill::DrillView>,
}

/// One replication played back, with the changes made to it and the checkpoints saved.
pub struct Playback<'m> {
    /// The scenario's model as the playback started, then each policy it changed to.
    models: &'m [Model],
    /// The first model: levels, categories and priorities are the same in all of them.
    model: &'m Model,
    seed: u64,
    sim: Simulation<'m>,
    /// The moment before the last advance; `None` at the start and after a return.
    previous: Option<Snapshot>,
    changes: Vec<Made>,
    checkpoints: Vec<Checkpoint>,
    refused: Option<String>,
}

impl<'m> Playback<'m> {
    /// A playback of the first of `models` from seed `seed`, at its start.
    ///
    /// # Panics
    /// When `models` is empty.
    pub fn new(models: &'m [Model], seed: u64) -> Playback<'m> {
        let model = &models[0];
        Playback {
            models,
            model,
            seed,
            sim: Simulation::new(model, seed),
            previous: None,
            changes: Vec::new(),
            checkpoints: Vec::new(),
            refused: None,
        }
    }

    /// The seed it plays from.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// Shows why a change was refused, until a staff or policy change is accepted.
    pub fn refuse(&mut self, why: String) {
        self.refused = Some(why);
    }

    /// Simulated time reached, in ms.
    pub fn now(&self) -> u64 {
        self.sim.now()
    }

    /// Where the run stands now.
    pub fn snapshot(&self) -> Snapshot {
        self.sim.snapshot()
    }

    /// Whether the run has ended.
    pub fn is_finished(&self) -> bool {
        self.sim.is_finished()
    }

    /// Moves the run `minutes` of simulated time on (nothing once it has ended); the moment it
    /// was at becomes the previous snapshot.
    pub fn advance(&mut self, minutes: f64) {
        self.previous = Some(self.sim.snapshot());
        if !self.sim.is_finished() {
            let to = self.sim.now().saturating_add(time::ms_from_minutes(minutes));
            self.sim.run_until(to);
        }
    }

    /// Makes a change now and logs it. A staff change that would leave fewer than nobody on duty
    /// is refused, changes nothing and is not logged: its reason is kept for the view until a
    /// staff change is accepted.
    pub fn change(&mut self, change: Change) -> Result<(), StaffRefused> {
        let result = apply(&mut self.sim, self.models, Step::Change(change));
        if let Change::Staff { level, .. } = change {
            self.refused = result.err().map(|why| format!("Nobody left {}: {why}.", self.level_name(level)));
        }
        result?;
        let line = self.word(change);
        self.changes.push(Made { at: self.sim.now(), change: Step::Change(change), line });
        Ok(())
    }

    /// Goes on under the policy of model `to` from the moment reached, and logs it with `what`
    /// changed (`policy::policy_change`). Returns false, changing nothing, when there is no
    /// model `to`.
    pub fn change_policy(&mut self, to: usize, what: &[String]) -> bool {
        if to >= self.models.len() {
            return false;
        }
        let _ = apply(&mut self.sim, self.models, Step::Policy(to));
        // Timers the change has made due act now, as they will when the change is replayed.
        self.sim.run_until(self.sim.now());
        let line =
            if what.is_empty() { "Policy changed".to_string() } else { format!("Policy changed: {}", what.join("; ")) };
        self.changes.push(Made { at: self.sim.now(), change: Step::Policy(to), line });
        self.previous = None;
        self.refused = None;
        true
    }

    /// What the playback carries over to one over more models ([`Playback::resume`]).
    pub fn carried(&self) -> Carried {
        Carried {
            at: self.sim.now(),
            changes: self.changes.clone(),
            checkpoints: self.checkpoints.clone(),
            refused: self.refused.clone(),
        }
    }

    /// A playback of `models` (the models of the playback `carried` came from, and more) from
    /// seed `seed`, replayed to where that one stood with its changes, keeping its checkpoints.
    ///
    /// # Panics
    /// When `models` is empty.
    pub fn resume(models: &'m [Model], seed: u64, carried: Carried) -> Playback<'m> {
        Playback {
            models,
            model: &models[0],
            seed,
            sim: replay(models, seed, &carried.changes, carried.at),
            previous: None,
            changes: carried.changes,
            checkpoints: carried.checkpoints,
            refused: carried.refused,
        }
    }

    /// Saves the moment reached, with the changes made before it.
    pub fn save(&mut self) {
        self.checkpoints.push(Checkpoint { at: self.sim.now(), changes: self.changes.clone() });
    }

    /// Returns to checkpoint `i`: the run replayed from the start with that checkpoint's changes,
    /// each at its moment, then up to the checkpoint's moment. The checkpoints stay; the changes
    /// are the checkpoint's. Returns false, changing nothing, when there is no checkpoint `i`.
    pub fn restore(&mut self, i: usize) -> bool {
        let Some(Checkpoint { at, changes }) = self.checkpoints.get(i).cloned() else { return false };
        self.sim = replay(self.models, self.seed, &changes, at);
        self.changes = changes;
        self.previous = None;
        true
    }

    /// Everything a view of the playback draws.
    pub fn view(&self) -> View {
        let now = self.sim.snapshot();
        let before = |i: usize| self.previous.as_ref().and_then(|p| p.levels.get(i));
        let levels = now
            .levels
            .into_iter()
            .enumerate()
            .map(|(i, l)| {
                let (moved, resolved) = before(i).map_or((0, 0), |b| {
                    (l.moved_out.saturating_sub(b.moved_out), l.resolved.saturating_sub(b.resolved))
                });
                LevelView { name: l.name, staff: l.staff, busy: l.busy, waiting: l.waiting, moved, resolved }
            })
            .collect();
        View {
            minute: now.minute,
            arrived: now.arrived,
            open: now.open,
            finished: now.finished,
            levels,
            priorities: self.model.priorities.iter().map(|p| p.name.clone()).collect(),
            cells: now.cells,
            log: self.changes.iter().map(|m| LogLine { at: m.at, line: m.line.clone() }).collect(),
            script: self.model.script.marks.iter().map(|(at, line)| LogLine { at: *at, line: line.clone() }).collect(),
            checkpoints: self.checkpoints.iter().map(|c| c.at).collect(),
            policy: policy_of(&self.changes),
            refused: self.refused.clone(),
            categories: self.model.categories.iter().map(|c| c.name.clone()).collect(),
            seed: self.seed,
            drill: None,
        }
    }

    fn level_name(&self, level: usize) -> &str {
        self.model.levels.get(level).map_or("", |l| l.name.as_str())
    }

    /// A change just made, in words, from the staff on duty after it.
    fn word(&self, change: Change) -> String {
        match change {
            Change::Staff { level, delta } => {
                let now = self.sim.snapshot().levels.get(level).map_or(0, |l| l.staff);
                let who = if delta < 0 { "Someone left" } else { "Someone joined" };
                format!("{who} {}: {now} on duty", self.level_name(level))
            }
            Change::Burst { category, per_hour, minutes, times_usual } => {
                let name = self.model.categories.get(category).map_or("", |c| c.name.as_str());
                format!(
                    "Outage: {} more arrivals an hour of {name} ({}× the usual) for {}",
                    numbers::trim(per_hour, 1),
                    numbers::trim(times_usual, 2),
                    numbers::minutes(minutes)
                )
            }
        }
    }
}

/// The policy in effect after `changes`: that of the last change of policy among them.
fn policy_of(changes: &[Made]) -> usize {
    changes
        .iter()
        .rev()
        .find_map(|m| match m.change {
            Step::Policy(to) => Some(to),
            Step::Change(_) => None,
        })
        .unwrap_or(0)
}

/// The run of the first of `models` from `seed`, with `changes` made at their moments, up to `at`.
fn replay<'m>(models: &'m [Model], seed: u64, changes: &[Made], at: u64) -> Simulation<'m> {
    let mut sim = Simulation::new(&models[0], seed);
    for made in changes {
        sim.run_until(made.at);
        // Each was accepted when it was made, on this same run.
        let _ = apply(&mut sim, models, made.change);
    }
    sim.run_until(at);
    sim
}

/// Makes `change` in the run.
fn apply<'m>(sim: &mut Simulation<'m>, models: &'m [Model], change: Step) -> Result<(), StaffRefused> {
    match change {
        Step::Change(Change::Staff { level, delta }) => sim.change_staff(level, delta).map(drop),
        Step::Change(Change::Burst { category, per_hour, minutes, .. }) => {
            sim.inject_burst(category, per_hour, minutes);
            Ok(())
        }
        Step::Policy(to) => {
            sim.switch_policy(&models[to]);
            Ok(())
        }
    }
}
