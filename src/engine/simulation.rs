//! The discrete-event simulation of one replication.
//!
//! One `Simulation` owns the event list, the issue pool, the level queues, the arrival streams and
//! one seeded random generator. It can run to the end in one call or in slices of events, so a
//! caller (a Web Worker, a progress bar) can report progress and cancel between slices. Same model
//! and seed give the same result, bit for bit.

mod arrivals;
mod collector;
mod event_queue;
mod handlers;
mod issue;
mod journey;
mod policy;
mod recorder;

use std::collections::VecDeque;

use arrivals::Stream;
use collector::Collector;
use event_queue::{EventKind, EventQueue};
use issue::Pool;
use journey::JourneyLog;

use super::analytic;
use super::document::EndRule;
use super::model::{Model, Staffing};
use super::report::{Journey, Kpis};
use super::rng::SimRng;

pub use collector::Tallies;
pub use issue::Reason;

/// A level at run time: staff on duty, staff busy and the priority queues.
struct LevelState {
    staff: u32,
    /// Staff added (or, negative, taken away) during the run by [`Simulation::change_staff`].
    offset: i64,
    /// Staff the script's changes under way add (or take away), and its closures under way.
    scripted: i64,
    closed: u32,
    /// Issues that moved on from here to another level, and services here that resolved, so far.
    moved_out: u64,
    resolved: u64,
    busy: u32,
    /// Issues really waiting (queues may also hold stale entries of issues that left by a timer).
    waiting: u32,
    /// One FIFO per priority of (slot, visit) entries; an entry is live while the issue's visit matches.
    queues: Box<[VecDeque<(u32, u32)>]>,
    /// Work handed to the level by notifications that cost time (ms each), taken before issues.
    tasks: VecDeque<u64>,
}

/// A moment of a replication, for playback.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Snapshot {
    pub minute: f64,
    pub levels: Vec<LevelNow>,
    /// Issues that have arrived so far.
    pub arrived: u32,
    /// Issues not yet closed for good (waiting, in service, or in their follow-up).
    pub open: u32,
    pub finished: bool,
    /// The matrix now, per (level, priority) at `level * priorities + priority`: issues waiting
    /// there, and the largest share of an SLA target the nearest to breaching of them has used
    /// (1 and above: breached; -1: none of them has a target, or none waits).
    pub cells: Vec<(u32, f64)>,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LevelNow {
    pub name: String,
    pub staff: u32,
    pub busy: u32,
    pub waiting: u32,
    /// Issues that moved on from this level to another, since the start.
    pub moved_out: u64,
    /// Services at this level that resolved their issue, since the start.
    pub resolved: u64,
}

/// Why [`Simulation::change_staff`] made no change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StaffRefused {
    /// The model has no level of that index.
    NoSuchLevel,
    /// More staff would leave than are on duty.
    BelowZero { on_duty: u32 },
}

impl std::fmt::Display for StaffRefused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StaffRefused::NoSuchLevel => write!(f, "there is no such level"),
            StaffRefused::BelowZero { on_duty: 0 } => write!(f, "nobody is on duty there to leave"),
            StaffRefused::BelowZero { on_duty } => {
                write!(f, "only {on_duty} on duty there: fewer than nobody cannot be on duty")
            }
        }
    }
}

/// Everything one replication produced, before replications are combined into a `Report`. It
/// crosses from a browser worker to the page, which combines the replications in order.
#[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Replication {
    pub seed: u64,
    pub kpis: Kpis<Option<f64>>,
    pub end: u64,
    /// Flows, time series, heatmap counts, where breached issues waited, trigger fires.
    pub tallies: Tallies,
    /// With every field, in any format: a journey's JSON leaves out what it lacks
    /// (`report::whole_journeys`).
    #[serde(with = "super::report::whole_journeys")]
    pub journeys: Vec<Journey>,
}

/// Which event-queue lane each cell's queue-wait timers go into, and each lane's trigger.
struct TimerLanes {
    /// Per cell (as `Model::cell_index`), the lane of its first wait timer; the others follow.
    first: Box<[u32]>,
    /// Per lane, its trigger.
    trigger: Box<[u32]>,
}

impl TimerLanes {
    fn new(model: &Model) -> TimerLanes {
        let (mut first, mut trigger) = (Vec::with_capacity(model.cells.len()), Vec::new());
        for cell in &model.cells {
            first.push(trigger.len() as u32);
            trigger.extend(cell.wait_timers.iter().map(|&(_, t)| t as u32));
        }
        TimerLanes { first: first.into(), trigger: trigger.into() }
    }
}

pub struct Simulation<'m> {
    model: &'m Model,
    /// The arrival stream: arrival times and each issue's category, priority, attributes, tags
    /// and work key.
    rng: SimRng,
    /// Work sub-streams, reseeded from an issue's key before each draw (see `handlers`).
    work: SimRng,
    seed: u64,
    now: u64,
    events: EventQueue,
    /// The event queue's lanes for queue-wait timers: one per timer of each cell.
    lanes: TimerLanes,
    pool: Pool,
    levels: Box<[LevelState]>,
    streams: Vec<Stream>,
    /// Streams that may still produce arrivals.
    open_streams: usize,
    stats: Collector,
    journeys: JourneyLog,
    /// The event log's events not yet taken, while one is recorded (see `recorder`).
    log: Option<Vec<super::event_log::Event>>,
    next_uid: u32,
    /// Set while a rule routes an issue on a level change, so that the move it makes does not
    /// check the level-change rules again (two rules routing back and forth would never end).
    routing: bool,
    /// Age and SLA-share timers a change of policy set at its moment though they were due
    /// before it (`policy`): (slot, uid, trigger). Empty unless the policy changed.
    late: Vec<(u32, u32, u32)>,
    finished: bool,
}

impl<'m> Simulation<'m> {
    pub fn new(model: &'m Model, seed: u64) -> Simulation<'m> {
        let np = model.priorities.len();
        let expected_counted = analytic::expected_arrivals(model, model.run.horizon)
            - analytic::expected_arrivals(model, model.run.warmup);
        let lanes = TimerLanes::new(model);
        let mut sim = Simulation {
            model,
            rng: SimRng::new(seed),
            work: SimRng::new(seed),
            seed,
            now: 0,
            events: EventQueue::with_lanes(lanes.trigger.len()),
            lanes,
            pool: Pool::new(model.levels.len()),
            levels: model
                .levels
                .iter()
                .map(|_| LevelState {
                    staff: 0,
                    offset: 0,
                    scripted: 0,
                    closed: 0,
                    moved_out: 0,
                    resolved: 0,
                    busy: 0,
                    waiting: 0,
                    queues: vec![VecDeque::new(); np].into(),
                    tasks: VecDeque::new(),
                })
                .collect(),
            streams: Stream::all(model),
            open_streams: 0,
            stats: Collector::new(model),
            journeys: JourneyLog::new(model.run.journeys, expected_counted),
            log: None,
            next_uid: 0,
            routing: false,
            late: Vec::new(),
            finished: false,
        };
        for (l, level) in model.levels.iter().enumerate() {
            let staff = match &level.staffing {
                Staffing::Constant(c) => *c,
                Staffing::Shifts(s) => {
                    if let Some((t, _)) = s.next_change(super::time::SimTime(0)) {
                        sim.events.push(t.0, EventKind::ShiftChange { level: l as u32 });
                    }
                    s.staff_at(super::time::SimTime(0))
                }
            };
            sim.levels[l].staff = staff;
            sim.stats.level_state(l, 0, 0, 0, staff);
        }
        for (i, step) in model.script.steps.iter().enumerate() {
            sim.events.push(step.start, EventKind::Script { step: i as u32, ends: false });
            sim.events.push(step.end, EventKind::Script { step: i as u32, ends: true });
        }
        for i in 0..sim.streams.len() {
            if sim.schedule_next_arrival(i) {
                sim.open_streams += 1;
            }
        }
        sim
    }

    /// Traces these issues (by arrival index, the journeys' issue number) whether or not the
    /// report's sample or the warm-up would: a drill asks about them. Tracing draws nothing, so
    /// the run is the same with it. Call before the run starts.
    pub fn trace_issues(&mut self, issues: Vec<u32>) {
        self.journeys.choose(issues);
    }

    /// The traced issues' journeys that have ended so far (all of them once the run has ended).
    pub fn take_traced(&mut self) -> Vec<Journey> {
        self.journeys.take_traced()
    }

    /// Handles up to `max_events` events; returns true once the replication has ended.
    pub fn step(&mut self, max_events: u64) -> bool {
        let horizon = self.model.run.horizon;
        let hard_stop = self.model.run.end == EndRule::HardStop;
        for _ in 0..max_events {
            if self.finished {
                break;
            }
            let Some(next) = self.events.peek_time() else {
                self.finished = true;
                break;
            };
            // Once no arrival can come and no issue is open, only shift changes (and stale timers)
            // remain: they still shape the staff figures up to the horizon, but not beyond.
            let idle = self.open_streams == 0 && self.pool.live == 0;
            if next >= horizon && (hard_stop || idle) {
                self.finished = true;
                break;
            }
            let Some(event) = self.events.pop() else {
                break;
            };
            self.now = event.time;
            self.stats.processed += 1;
            self.handle(event.kind);
        }
        self.finished
    }

    /// Handles every event up to simulated time `t` (ms) and moves the clock to `t`: playback in
    /// steps of simulated time. Returns true once the replication has ended.
    pub fn run_until(&mut self, t: u64) -> bool {
        while !self.finished && self.events.peek_time().is_some_and(|next| next <= t) {
            self.step(1);
        }
        if self.events.peek_time().is_none() {
            self.finished = true;
        }
        if !self.finished {
            self.now = self.now.max(t);
        }
        self.finished
    }

    /// From now on, level `level` has `delta` more staff (fewer when negative) than its schedule
    /// says: someone joins or leaves mid-run. An issue in service is never interrupted; staff
    /// above the new count finish their current work first. Returns the staff on duty after the
    /// change; a change that would leave fewer than nobody on duty is refused, and nothing changes.
    pub fn change_staff(&mut self, level: usize, delta: i64) -> Result<u32, StaffRefused> {
        let Some(l) = self.model.levels.get(level) else { return Err(StaffRefused::NoSuchLevel) };
        let scheduled = i64::from(match &l.staffing {
            Staffing::Constant(c) => *c,
            Staffing::Shifts(schedule) => schedule.staff_at(super::time::SimTime(self.now)),
        });
        let ls = &mut self.levels[level];
        // Staff who left beyond what a later shift has on duty are gone already: a count held
        // at zero by the schedule starts again from zero, not from below it.
        let offset = ls.offset.max(-scheduled);
        if scheduled + offset + delta < 0 {
            return Err(StaffRefused::BelowZero { on_duty: (scheduled + offset) as u32 });
        }
        ls.offset = offset + delta;
        self.apply_staff(level);
        Ok(self.levels[level].staff)
    }

    /// From now on and for `minutes`, issues of category `category` also arrive at `per_hour` (an
    /// outage flooding the desk). Arrivals still stop at the horizon.
    pub fn inject_burst(&mut self, category: usize, per_hour: f64, minutes: f64) {
        if category >= self.model.categories.len() || !(per_hour > 0.0 && per_hour.is_finite()) {
            return;
        }
        let end = self.now.saturating_add(super::time::ms_from_minutes(minutes.max(0.0)));
        self.streams.push(Stream::injected(category, per_hour / 3_600_000.0, self.now, end));
        if self.schedule_next_arrival(self.streams.len() - 1) {
            self.open_streams += 1;
        }
    }

    /// Whether the run has ended (nothing more will happen).
    pub fn is_finished(&self) -> bool {
        self.finished
    }

    /// Where the run stands now: per level staff, busy and waiting; issues so far.
    pub fn snapshot(&self) -> Snapshot {
        Snapshot {
            minute: super::time::minutes(self.now),
            levels: self
                .levels
                .iter()
                .zip(&self.model.levels)
                .map(|(ls, l)| LevelNow {
                    name: l.name.clone(),
                    staff: ls.staff,
                    busy: ls.busy,
                    waiting: ls.waiting,
                    moved_out: ls.moved_out,
                    resolved: ls.resolved,
                })
                .collect(),
            arrived: self.next_uid,
            open: self.pool.live as u32,
            finished: self.finished,
            cells: self.cells_now(),
        }
    }

    /// Issues waiting per (level, priority), with the share of an SLA target the nearest to
    /// breaching has used (see [`Snapshot::cells`]).
    fn cells_now(&self) -> Vec<(u32, f64)> {
        let np = self.model.priorities.len();
        let mut cells = vec![(0u32, -1.0f64); self.model.levels.len() * np];
        for issue in &self.pool.issues {
            if issue.uid == issue::NONE || issue.state != issue::State::Waiting {
                continue;
            }
            let cell = &mut cells[issue.level as usize * np + issue.priority as usize];
            cell.0 += 1;
            for share in self.sla_shares(issue).into_iter().flatten() {
                cell.1 = cell.1.max(share);
            }
        }
        cells
    }

    /// Simulated time reached, in ms.
    pub fn now(&self) -> u64 {
        self.now
    }

    /// Rough completion fraction for progress bars: time over horizon, then the drain.
    pub fn progress(&self) -> f64 {
        if self.finished { 1.0 } else { (self.now as f64 / self.model.run.horizon as f64).min(0.99) }
    }

    /// Runs the replication to its end.
    pub fn run(model: &'m Model, seed: u64) -> Replication {
        let mut sim = Simulation::new(model, seed);
        while !sim.step(u64::MAX) {}
        sim.finish()
    }

    /// Closes the statistics (censoring open issues at a hard stop) and returns the results.
    pub fn finish(mut self) -> Replication {
        self.take_results()
    }

    /// As [`Simulation::finish`], for a caller that cannot give the simulation up (it is left
    /// empty, to be dropped).
    pub fn take_results(&mut self) -> Replication {
        // The run covers at least the horizon; a drain may take it past.
        let horizon = self.model.run.horizon;
        let end = if self.model.run.end == EndRule::HardStop { horizon } else { self.now.max(horizon) };
        self.now = end;
        let open: Vec<u32> = (0..self.pool.issues.len() as u32).filter(|&s| self.pool[s].uid != issue::NONE).collect();
        for slot in open {
            self.censor(slot);
        }
        let kpis = self.stats.kpis(self.model, end);
        let s = std::mem::replace(&mut self.stats, Collector::new(self.model));
        Replication {
            seed: self.seed,
            kpis,
            end,
            tallies: s.tallies,
            journeys: std::mem::replace(&mut self.journeys, JourneyLog::new(0, 0.0)).into_sample(),
        }
    }

    /// Schedules the stream's next arrival; returns false when the stream has ended.
    fn schedule_next_arrival(&mut self, stream: usize) -> bool {
        match self.streams[stream].next(&mut self.rng, self.model.run.horizon) {
            Some(t) => {
                self.events.push(t, EventKind::Arrival { stream: stream as u32 });
                true
            }
            None => false,
        }
    }
}
