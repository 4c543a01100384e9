//! The engine Web Worker (`escalation-lab-worker`): the browser app's second Trunk binary, so that
//! simulations never run on the UI thread. For now it only answers a ping, which proves the worker
//! loads and that messages travel both ways; the engine runs will be added here.
//!
//! The app spawns it from `escalation-lab-worker.js` (Trunk names worker output after the binary,
//! without a hash) and includes this file as a module to share [`engine_worker`]'s message types.
//! Natively the binary is an empty `main`, so host builds and tests are unaffected.

/// The worker's message protocol and its `gloo` worker, shared with the app (`src/bin/app.rs`).
#[cfg(target_arch = "wasm32")]
pub mod engine_worker {
    use gloo::worker::{HandlerId, Worker, WorkerScope};
    use serde::{Deserialize, Serialize};

    /// Where the app finds the worker's script: relative to the page, next to `index.html`.
    pub const SCRIPT_PATH: &str = "escalation-lab-worker.js";

    /// A request from the app to the worker.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
    pub enum Request {
        /// Asks the worker to answer [`Response::Pong`]: it has loaded and can take work.
        Ping,
    }

    /// An answer from the worker to the app.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
    pub enum Response {
        /// The answer to [`Request::Ping`].
        Pong,
    }

    /// The worker itself: stateless until it runs simulations.
    pub struct EngineWorker;

    impl Worker for EngineWorker {
        type Message = ();
        type Input = Request;
        type Output = Response;

        fn create(_scope: &WorkerScope<Self>) -> Self {
            Self
        }

        fn update(&mut self, _scope: &WorkerScope<Self>, _msg: Self::Message) {}

        fn received(&mut self, scope: &WorkerScope<Self>, request: Self::Input, id: HandlerId) {
            match request {
                Request::Ping => scope.respond(id, Response::Pong),
            }
        }
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {
    use gloo::worker::Registrable;

    // A worker has no page to show a panic in: send it to the console, where the app's end-to-end
    // tests look for errors. `panic = "abort"` stops the worker right after the hook returns.
    std::panic::set_hook(Box::new(|info| gloo::console::error!(format!("engine worker panicked: {info}"))));
    engine_worker::EngineWorker::registrar().register();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {}
