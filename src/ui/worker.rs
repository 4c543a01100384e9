//! The engine workers and their messages. Runs, comparisons, sweeps and staffing searches go to
//! the page's pool of workers (`ui/pool.rs`), each a member (`worker/member.rs`) that runs one
//! replication at a time; [`Response`] is what the pool then tells the app. Messages (`wire`)
//! cross as bytes in a `Uint8Array` (`worker/codec.rs`), not as JavaScript objects: written and
//! read in wasm memory, with no call into JavaScript per field, and with far less code per
//! message type in the download than a JavaScript-value serializer takes.
//!
//! A gloo worker ([`EngineWorker`]) plays a replication back for the trainer card
//! (`worker/playback.rs`): each request (start, move on, a change, a checkpoint, a return to one)
//! is done at once and answered with everything the card draws; the card talks to a worker of its
//! own ([`spawn_playback`]). It reads a ticket export for the History tab (`worker/history.rs`),
//! in a worker of its own too ([`spawn_history`]).

use gloo::worker::{HandlerId, Registrable, Worker, WorkerScope};

use crate::engine::compare::Comparison;
use crate::engine::precision::Interval;
use crate::engine::sweep::{Staffing, Sweep, Target};
use crate::engine::{Problem, Report};

pub mod codec;
mod history;
pub mod member;
mod playback;
mod spawning;

pub use crate::wire::{Answer, CheckView, Found, Markup, Play, Played, ProposalView, Reading, Request, Summary};
use playback::Player;
pub use spawning::{loader, spawn_history, spawn_playback};

/// The worker's loader script, relative to the page (next to `index.html`).
pub const SCRIPT_PATH: &str = "engine-worker.js";

/// What the pool tells the app about a run or a tool.
#[derive(Clone, Debug)]
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
    EngineWorker::registrar().encoding::<codec::Bytes>().register();
}
