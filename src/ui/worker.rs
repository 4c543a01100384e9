//! The engine worker and its message protocol. The app sends a scenario's text; the worker
//! validates it, runs the replications in slices of a few milliseconds' work, reports progress
//! after each, and answers with the report (or, for a comparison, runs two scenarios' replications
//! in turns from the same seeds and answers with the paired comparison). Between slices it yields to the worker's event loop
//! (a zero-delay timeout, a macrotask), so a `Cancel` sent mid-run is read and obeyed within one
//! slice. Messages cross as JavaScript values through `serde-wasm-bindgen`.
//!
//! The worker also plays a replication back for the trainer card (`worker/playback.rs`): each
//! request (start, move on, a change, a checkpoint, a return to one) is done at once and answered
//! with everything the card draws. A playback is kept apart from the job, so that a run never
//! ends a playback and a playback never ends a run; the card talks to a worker of its own
//! ([`spawn_playback`]), so that neither waits for the other either. It reads a ticket export for
//! the History tab (`worker/history.rs`), in a worker of its own too ([`spawn_history`]).

use gloo::worker::{Codec, HandlerId, Registrable, Worker, WorkerScope};
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;

use crate::engine::compare::{self, Comparison};
use crate::engine::precision::{Interval, Look, Outcome, Sequential};
use crate::engine::sweep::{self, Knob, Staffing, StaffingSearch, Sweep, Target};
use crate::engine::{self, Model, Problem, Report, runner, simulation::Replication, simulation::Simulation};

mod history;
mod playback;
mod spawning;

pub use history::{CheckView, Found, Markup, ProposalView, Reading, Summary};
use playback::Player;
pub use playback::{Play, Played};
pub use spawning::{spawn, spawn_history, spawn_playback};

/// The worker's loader script, relative to the page (next to `index.html`).
pub const SCRIPT_PATH: &str = "engine-worker.js";

/// Events handled per slice before checking the clock.
const EVENTS_PER_CHECK: u64 = 20_000;
/// Wall-clock length of a slice, ms: long enough that yielding costs little, short enough that
/// progress is smooth and a cancel takes effect at once.
const SLICE_MS: f64 = 40.0;

/// A request from the app.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum Request {
    /// Validate and run a scenario. `replications` overrides the scenario's own count.
    Run { id: u32, scenario: String, replications: Option<u32> },
    /// Compare scenario `b` with the baseline `a` on the same issues (replication k of both
    /// from `a`'s seed + k), with `a`'s replications and horizon.
    Compare { id: u32, a: String, b: String },
    /// Run the scenario at each value of a knob (`engine::sweep`).
    Sweep { id: u32, scenario: String, knob: Knob, values: Vec<f64> },
    /// Find few enough staff for a target (`engine::sweep::StaffingSearch`), one run at a time.
    Staffing { id: u32, scenario: String, target: Option<Target> },
    /// Stop run `id` if it is still going.
    Cancel { id: u32 },
    /// Trainer playback `id`: answered with [`Played`] (except `Stop`), never with a [`Response`].
    Playback { id: u32, play: Play },
    /// Read a ticket export (`engine::history`): the file itself, passed through as the page's
    /// `Blob`, how to read it, and the scenario (JSON text) whose SLA targets judge an export
    /// without its own SLA flag. Answered with progress, then what was found; the worker keeps
    /// the tickets for the two requests below.
    History {
        id: u32,
        #[serde(with = "serde_wasm_bindgen::preserve")]
        file: JsValue,
        options: crate::engine::history::ReadOptions,
        scenario: String,
    },
    /// Propose a scenario from the history read last, with these merges, order and cap.
    Calibrate { id: u32, options: crate::engine::calibrate::Options },
    /// Check a scenario (JSON text) against the history read last, over `replications`.
    CheckFit { id: u32, scenario: String, replications: u32 },
}

/// An answer from the worker.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum Response {
    /// Overall completion of run `id`, in [0, 1].
    Progress { id: u32, fraction: f64 },
    /// Run `id`, in precision mode, has `replications` done and goes on: its widest interval
    /// against its target so far (none before two replications).
    Narrowing { id: u32, replications: u32, widest: Option<Interval> },
    /// Run `id` finished; `elapsed_ms` is its wall-clock time in the worker.
    Done { id: u32, report: Box<Report>, elapsed_ms: f64 },
    /// Comparison `id` finished.
    Compared { id: u32, comparison: Box<Comparison>, elapsed_ms: f64 },
    /// Sweep `id` finished.
    Swept { id: u32, sweep: Box<Sweep> },
    /// Staffing search `id` finished.
    Staffed { id: u32, staffing: Box<Staffing>, target: Option<Target> },
    /// Request `id` could not be done, and why.
    Refused { id: u32, message: String },
    /// Run `id` could not start: the scenario has errors (the app normally catches them first).
    Invalid { id: u32, problems: Vec<Problem> },
    /// Run `id` was cancelled.
    Cancelled { id: u32 },
}

/// What the worker sends: the answers to a job, or to a playback (with its id).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum Answer {
    Job(Response),
    Playback(u32, Played),
    History(u32, Reading),
}

impl From<Response> for Answer {
    fn from(response: Response) -> Answer {
        Answer::Job(response)
    }
}

/// Encodes messages as plain JavaScript values (structured-clonable), not as bytes.
pub struct JsCodec;

impl Codec for JsCodec {
    fn encode<I: Serialize>(input: I) -> JsValue {
        let serializer = serde_wasm_bindgen::Serializer::new().serialize_maps_as_objects(true);
        input.serialize(&serializer).expect("worker messages serialize")
    }

    fn decode<O: for<'de> Deserialize<'de>>(input: JsValue) -> O {
        serde_wasm_bindgen::from_value(input).expect("worker messages deserialize")
    }
}

self_cell::self_cell!(
    /// A replication in progress together with the model it borrows.
    struct Running {
        owner: Model,
        #[covariant]
        dependent: Simulation,
    }
);

/// A run or a comparison in progress: replications of one model, or of two in turns.
struct Job {
    id: u32,
    who: HandlerId,
    kind: Kind,
    warnings: Vec<Problem>,
    replications: u32,
    /// Finished replications, per model.
    done: Vec<Vec<Replication>>,
    /// The current replication and the index of its model; `None` between replications.
    current: Option<(usize, Running)>,
    /// The models, each held here between its replications.
    models: Vec<Option<Model>>,
    started_ms: f64,
    /// The highest progress reported, so that the bar never moves back.
    shown: f64,
    /// A run in precision mode: its looks, the replications' figures so far, and where it ended.
    precision: Option<(Sequential, Option<Outcome>)>,
}

/// What a job's replications are for.
enum Kind {
    Run,
    Compare,
    Sweep(Knob, Vec<f64>),
    /// The staffing helper: the job's replications are those of the search's current model.
    Staffing(Box<StaffingSearch>, Option<Target>),
}

impl Job {
    fn new(id: u32, who: HandlerId, kind: Kind, warnings: Vec<Problem>, models: Vec<Model>) -> Job {
        Job {
            id,
            who,
            kind,
            warnings,
            replications: models[0].run.replications,
            done: models.iter().map(|_| Vec::new()).collect(),
            current: None,
            models: models.into_iter().map(Some).collect(),
            started_ms: now_ms(),
            shown: 0.0,
            precision: None,
        }
    }

    fn finished(&self) -> usize {
        self.done.iter().map(Vec::len).sum()
    }

    fn total(&self) -> usize {
        self.done.len() * self.replications as usize
    }
}

/// Internal messages: continue the current job after yielding.
pub enum Tick {
    Continue(u32),
}

pub struct EngineWorker {
    job: Option<Job>,
    /// Trainer playback, apart from the job: neither ends the other.
    playback: Option<Player>,
    /// The tickets of the history read last (the History tab's worker only).
    history: Option<history::Held>,
}

impl Worker for EngineWorker {
    type Message = Tick;
    type Input = Request;
    type Output = Answer;

    fn create(_scope: &WorkerScope<Self>) -> Self {
        Self { job: None, playback: None, history: None }
    }

    fn disconnected(&mut self, _scope: &WorkerScope<Self>, who: HandlerId) {
        if self.playback.as_ref().is_some_and(|p| p.who == who) {
            self.playback = None;
        }
    }

    fn update(&mut self, scope: &WorkerScope<Self>, Tick::Continue(id): Tick) {
        if self.job.as_ref().is_some_and(|j| j.id == id) {
            self.slice(scope);
        }
    }

    fn received(&mut self, scope: &WorkerScope<Self>, request: Request, who: HandlerId) {
        match request {
            Request::Run { id, scenario, replications } => {
                if let Some(old) = self.job.take() {
                    scope.respond(old.who, Response::Cancelled { id: old.id }.into());
                }
                let checked = engine::load(&scenario);
                let Some(mut model) = checked.model else {
                    scope.respond(who, Response::Invalid { id, problems: checked.problems }.into());
                    return;
                };
                if let Some(r) = replications {
                    model.run.replications = r.max(1);
                    model.run.precision = None;
                }
                let targets = model.run.precision;
                let mut job = Job::new(id, who, Kind::Run, checked.problems, vec![model]);
                if let Some(targets) = targets {
                    job.replications = targets.max_replications;
                    job.precision = Some((Sequential::new(targets), None));
                }
                self.job = Some(job);
                self.slice(scope);
            }
            Request::Compare { id, a, b } => {
                if let Some(old) = self.job.take() {
                    scope.respond(old.who, Response::Cancelled { id: old.id }.into());
                }
                let (ca, cb) = (engine::load(&a), engine::load(&b));
                let (Some(ma), Some(mut mb)) = (ca.model, cb.model) else {
                    let problems = ca.problems.into_iter().chain(cb.problems).filter(Problem::is_error).collect();
                    scope.respond(who, Response::Invalid { id, problems }.into());
                    return;
                };
                // The same issues: B runs with A's seeds, replications and horizon.
                mb.run.seed = ma.run.seed;
                mb.run.replications = ma.run.replications;
                self.job = Some(Job::new(id, who, Kind::Compare, Vec::new(), vec![ma, mb]));
                self.slice(scope);
            }
            Request::Sweep { id, scenario, knob, values } => {
                if let Some(old) = self.job.take() {
                    scope.respond(old.who, Response::Cancelled { id: old.id }.into());
                }
                let models = engine::parse(&scenario).map_err(|p| p.to_string()).and_then(|doc| {
                    if values.is_empty() || values.len() > sweep::MAX_POINTS {
                        return Err(format!("give 1 to {} values", sweep::MAX_POINTS));
                    }
                    values.iter().map(|&v| sweep::model_at(&doc, &knob, v).map_err(|e| e.to_string())).collect()
                });
                match models {
                    Ok(models) => {
                        self.job = Some(Job::new(id, who, Kind::Sweep(knob, values), Vec::new(), models));
                        self.slice(scope);
                    }
                    Err(message) => scope.respond(who, Response::Refused { id, message }.into()),
                }
            }
            Request::Staffing { id, scenario, target } => {
                if let Some(old) = self.job.take() {
                    scope.respond(old.who, Response::Cancelled { id: old.id }.into());
                }
                // One run at a time, in time slices like any other job, so that it reports
                // progress and can be cancelled between slices.
                let started = engine::parse(&scenario).map_err(|p| p.to_string()).and_then(|doc| {
                    let targets: Vec<Target> = target.iter().cloned().collect();
                    let mut search = StaffingSearch::new(&doc, &targets).map_err(|e| e.to_string())?;
                    let model = search.next_model().map_err(|e| e.to_string())?;
                    Ok((search, model.expect("a search starts with the scenario as written")))
                });
                match started {
                    Ok((search, model)) => {
                        let kind = Kind::Staffing(Box::new(search), target);
                        self.job = Some(Job::new(id, who, kind, Vec::new(), vec![model]));
                        self.slice(scope);
                    }
                    Err(message) => scope.respond(who, Response::Refused { id, message }.into()),
                }
            }
            Request::Cancel { id } => {
                if self.job.as_ref().is_some_and(|j| j.id == id) {
                    let job = self.job.take().expect("checked above");
                    scope.respond(job.who, Response::Cancelled { id }.into());
                }
            }
            Request::Playback { id, play } => {
                if let Some(played) = self.play(id, who, play) {
                    scope.respond(who, Answer::Playback(id, played));
                }
            }
            Request::History { id, file, options, scenario } => {
                let reading = history::read(&file, &options, &scenario, &mut self.history, |f| {
                    scope.respond(who, Answer::History(id, Reading::Progress(f)));
                });
                scope.respond(who, Answer::History(id, reading));
            }
            Request::Calibrate { id, options } => {
                scope.respond(who, Answer::History(id, history::propose(self.history.as_mut(), &options)));
            }
            Request::CheckFit { id, scenario, replications } => {
                let reading = history::check(self.history.as_ref(), &scenario, replications);
                scope.respond(who, Answer::History(id, reading));
            }
        }
    }
}

impl EngineWorker {
    /// Works on the current job for about [`SLICE_MS`], then reports progress and yields, or
    /// answers with the report when the last replication ends.
    fn slice(&mut self, scope: &WorkerScope<Self>) {
        let Some(job) = self.job.as_mut() else { return };
        let deadline = now_ms() + SLICE_MS;
        loop {
            let (_, running) = match job.current.as_mut() {
                Some(c) => c,
                None => {
                    // Models take turns: replication r of A, then replication r of B.
                    let which = job.finished() % job.models.len();
                    let model = job.models[which].take().expect("the model is held between replications");
                    let seed = model.run.seed.wrapping_add(job.done[which].len() as u64);
                    job.current.insert((which, Running::new(model, |m| Simulation::new(m, seed))))
                }
            };
            let finished = running.with_dependent_mut(|_, sim| sim.step(EVENTS_PER_CHECK));
            if finished {
                let (which, mut running) = job.current.take().expect("just used");
                // Take the replication's results out, then the model back.
                job.done[which].push(running.with_dependent_mut(|_, sim| sim.take_results()));
                job.models[which] = Some(running.into_owner());
                if let Some((sequential, outcome)) = job.precision.as_mut() {
                    let replications = u32::try_from(job.done[0].len()).unwrap_or(u32::MAX);
                    match sequential.look(&job.done[0].last().expect("just pushed").kpis) {
                        Look::Continue(widest) => {
                            scope.respond(job.who, Response::Narrowing { id: job.id, replications, widest }.into());
                        }
                        Look::Stop(found) => {
                            *outcome = Some(found);
                            job.replications = replications;
                        }
                    }
                }
                if job.finished() == job.total() {
                    if let Kind::Staffing(search, _) = &mut job.kind {
                        let kpis: Vec<_> = job.done[0].drain(..).map(|r| r.kpis).collect();
                        match search.record(&kpis).and_then(|()| search.next_model()) {
                            Ok(Some(model)) => {
                                job.replications = model.run.replications;
                                job.models = vec![Some(model)];
                                continue;
                            }
                            Ok(None) => {}
                            Err(e) => {
                                let (id, who) = (job.id, job.who);
                                self.job = None;
                                scope.respond(who, Response::Refused { id, message: e.to_string() }.into());
                                return;
                            }
                        }
                    }
                    let job = self.job.take().expect("the current job");
                    let elapsed_ms = now_ms() - job.started_ms;
                    let model = job.models[0].as_ref().expect("returned above");
                    let kpis = |reps: Vec<Replication>| reps.into_iter().map(|r| r.kpis).collect::<Vec<_>>();
                    let mut done = job.done.into_iter();
                    let response = match job.kind {
                        Kind::Run => {
                            let mut report = runner::combine(model, &job.warnings, done.next().unwrap_or_default());
                            report.precision = job.precision.and_then(|(_, outcome)| outcome);
                            Response::Done { id: job.id, report: Box::new(report), elapsed_ms }
                        }
                        Kind::Compare => {
                            let (a, b) = (kpis(done.next().unwrap_or_default()), kpis(done.next().unwrap_or_default()));
                            let mut comparison = compare::from_replications(&a, &b, job.replications, model.run.seed);
                            if let (Some(ma), Some(mb)) = (job.models[0].as_ref(), job.models[1].as_ref()) {
                                comparison.judge(ma, mb, &a, &b);
                            }
                            Response::Compared { id: job.id, comparison: Box::new(comparison), elapsed_ms }
                        }
                        Kind::Sweep(knob, values) => {
                            let models = job.models.iter().map(|m| m.as_ref().expect("returned above"));
                            let points = values
                                .iter()
                                .zip(done)
                                .zip(models)
                                .map(|((&v, reps), m)| sweep::point_of(m, v, &kpis(reps)))
                                .collect();
                            let sweep = Sweep { knob, replications: job.replications, seed: model.run.seed, points };
                            Response::Swept { id: job.id, sweep: Box::new(sweep) }
                        }
                        Kind::Staffing(search, target) => {
                            Response::Staffed { id: job.id, staffing: Box::new(search.found()), target }
                        }
                    };
                    scope.respond(job.who, response.into());
                    return;
                }
            }
            if now_ms() >= deadline {
                break;
            }
        }
        let within = job.current.as_ref().map_or(0.0, |(_, r)| r.borrow_dependent().progress());
        let mut fraction = (job.finished() as f64 + within) / job.total() as f64;
        if let Kind::Staffing(search, _) = &job.kind {
            fraction = search.progress(fraction);
        }
        job.shown = job.shown.max(fraction);
        scope.respond(job.who, Response::Progress { id: job.id, fraction: job.shown }.into());
        let (scope, id) = (scope.clone(), job.id);
        // A macrotask, so that messages from the app (a cancel) are handled before the next slice.
        gloo::timers::callback::Timeout::new(0, move || scope.send_message(Tick::Continue(id))).forget();
    }
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// Registers this module as the engine worker (inside the worker; see `src/bin/app.rs`).
pub fn register() {
    // A worker has no page to show a panic in: send it to the console, where the end-to-end tests
    // look for errors.
    std::panic::set_hook(Box::new(|info| gloo::console::error!(format!("engine worker panicked: {info}"))));
    EngineWorker::registrar().encoding::<JsCodec>().register();
}
