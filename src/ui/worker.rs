//! The engine worker and its message protocol. The app sends a scenario's text; the worker
//! validates it, runs the replications in slices of a few milliseconds' work, reports progress
//! after each, and answers with the report. Between slices it yields to the worker's event loop
//! (a zero-delay timeout, a macrotask), so a `Cancel` sent mid-run is read and obeyed within one
//! slice. Messages cross as JavaScript values through `serde-wasm-bindgen`.

use gloo::worker::{Codec, HandlerId, Registrable, Spawnable, Worker, WorkerBridge, WorkerScope};
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;

use crate::engine::{self, Model, Problem, Report, runner, simulation::Replication, simulation::Simulation};

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
    /// Stop run `id` if it is still going.
    Cancel { id: u32 },
}

/// An answer from the worker.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum Response {
    /// Overall completion of run `id`, in [0, 1].
    Progress { id: u32, fraction: f64 },
    /// Run `id` finished; `elapsed_ms` is its wall-clock time in the worker.
    Done { id: u32, report: Box<Report>, elapsed_ms: f64 },
    /// Run `id` could not start: the scenario has errors (the app normally catches them first).
    Invalid { id: u32, problems: Vec<Problem> },
    /// Run `id` was cancelled.
    Cancelled { id: u32 },
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

/// A run in progress.
struct Job {
    id: u32,
    who: HandlerId,
    warnings: Vec<Problem>,
    replications: u32,
    done: Vec<Replication>,
    /// The current replication; `None` between replications and after the last.
    current: Option<Running>,
    /// The model, held here between replications.
    model: Option<Model>,
    started_ms: f64,
}

/// Internal messages: continue the current job after yielding.
pub enum Tick {
    Continue(u32),
}

pub struct EngineWorker {
    job: Option<Job>,
}

impl Worker for EngineWorker {
    type Message = Tick;
    type Input = Request;
    type Output = Response;

    fn create(_scope: &WorkerScope<Self>) -> Self {
        Self { job: None }
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
                    scope.respond(old.who, Response::Cancelled { id: old.id });
                }
                let checked = engine::load(&scenario);
                let Some(mut model) = checked.model else {
                    scope.respond(who, Response::Invalid { id, problems: checked.problems });
                    return;
                };
                if let Some(r) = replications {
                    model.run.replications = r.max(1);
                }
                self.job = Some(Job {
                    id,
                    who,
                    warnings: checked.problems,
                    replications: model.run.replications,
                    done: Vec::new(),
                    current: None,
                    model: Some(model),
                    started_ms: now_ms(),
                });
                self.slice(scope);
            }
            Request::Cancel { id } => {
                if self.job.as_ref().is_some_and(|j| j.id == id) {
                    let job = self.job.take().expect("checked above");
                    scope.respond(job.who, Response::Cancelled { id });
                }
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
            let running = match job.current.as_mut() {
                Some(r) => r,
                None => {
                    let model = job.model.take().expect("the model is held between replications");
                    let seed = model.run.seed.wrapping_add(u64::from(job.done.len() as u32));
                    job.current.insert(Running::new(model, |m| Simulation::new(m, seed)))
                }
            };
            let finished = running.with_dependent_mut(|_, sim| sim.step(EVENTS_PER_CHECK));
            if finished {
                let mut running = job.current.take().expect("just used");
                // Take the replication's results out, then the model back.
                job.done.push(running.with_dependent_mut(|_, sim| sim.take_results()));
                job.model = Some(running.into_owner());
                if job.done.len() as u32 == job.replications {
                    let job = self.job.take().expect("the current job");
                    let model = job.model.as_ref().expect("returned above");
                    let report = runner::combine(model, &job.warnings, job.done);
                    let elapsed_ms = now_ms() - job.started_ms;
                    scope.respond(job.who, Response::Done { id: job.id, report: Box::new(report), elapsed_ms });
                    return;
                }
            }
            if now_ms() >= deadline {
                break;
            }
        }
        let within = job.current.as_ref().map_or(0.0, |r| r.borrow_dependent().progress());
        let fraction = (job.done.len() as f64 + within) / f64::from(job.replications);
        scope.respond(job.who, Response::Progress { id: job.id, fraction });
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

/// Spawns the worker from the app, with `on_response` receiving its answers.
pub fn spawn(on_response: impl Fn(Response) + 'static) -> WorkerBridge<EngineWorker> {
    EngineWorker::spawner().encoding::<JsCodec>().callback(on_response).spawn_with_loader(SCRIPT_PATH)
}
