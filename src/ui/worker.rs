//! The engine workers and their messages. Runs, comparisons, sweeps and staffing searches go to
//! the page's pool of workers (`ui/pool.rs`), each a member (`worker/member.rs`) that runs one
//! replication at a time; [`Response`] is what the pool then tells the app. Messages cross as
//! JavaScript values through `serde-wasm-bindgen`.
//!
//! A gloo worker ([`EngineWorker`]) plays a replication back for the trainer card
//! (`worker/playback.rs`): each request (start, move on, a change, a checkpoint, a return to one)
//! is done at once and answered with everything the card draws; the card talks to a worker of its
//! own ([`spawn_playback`]). It reads a ticket export for the History tab (`worker/history.rs`),
//! in a worker of its own too ([`spawn_history`]).

use gloo::worker::{Codec, HandlerId, Registrable, Worker, WorkerScope};
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;

use crate::engine::compare::Comparison;
use crate::engine::precision::Interval;
use crate::engine::sweep::{Staffing, Sweep, Target};
use crate::engine::{Problem, Report};

mod history;
pub mod member;
mod playback;
mod spawning;

pub use history::{CheckView, Found, Markup, ProposalView, Reading, Summary};
use playback::Player;
pub use playback::{Play, Played};
pub use spawning::{loader, spawn_history, spawn_playback};

/// The worker's loader script, relative to the page (next to `index.html`).
pub const SCRIPT_PATH: &str = "engine-worker.js";

/// A request from the app to a gloo worker.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum Request {
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

/// What the pool tells the app about a run or a tool.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum Response {
    /// Overall completion of run `id`, in [0, 1].
    Progress { id: u32, fraction: f64 },
    /// Run `id`, in precision mode, has `replications` done and goes on: its widest interval
    /// against its target so far (none before two replications).
    Narrowing { id: u32, replications: u32, widest: Option<Interval> },
    /// Run `id` finished; `elapsed_ms` is its wall-clock time from start to report.
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

/// What a gloo worker sends: the answers to a playback or a history read (with its id).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum Answer {
    Playback(u32, Played),
    History(u32, Reading),
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

pub struct EngineWorker {
    /// Trainer playback.
    playback: Option<Player>,
    /// The tickets of the history read last (the History tab's worker only).
    history: Option<history::Held>,
}

impl Worker for EngineWorker {
    type Message = ();
    type Input = Request;
    type Output = Answer;

    fn create(_scope: &WorkerScope<Self>) -> Self {
        Self { playback: None, history: None }
    }

    fn disconnected(&mut self, _scope: &WorkerScope<Self>, who: HandlerId) {
        if self.playback.as_ref().is_some_and(|p| p.who == who) {
            self.playback = None;
        }
    }

    fn update(&mut self, _scope: &WorkerScope<Self>, (): ()) {}

    fn received(&mut self, scope: &WorkerScope<Self>, request: Request, who: HandlerId) {
        match request {
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

/// Registers this module as the engine worker (inside the worker; see `src/bin/app.rs`).
pub fn register() {
    // A worker has no page to show a panic in: send it to the console, where the end-to-end tests
    // look for errors.
    std::panic::set_hook(Box::new(|info| gloo::console::error!(format!("engine worker panicked: {info}"))));
    EngineWorker::registrar().encoding::<JsCodec>().register();
}
