//! Where a run starts and where its result lands. [`use_engine`] (called once, by the root) spawns
//! the engine worker and turns each of its answers into a store action; the [`Engine`] handle it
//! returns is given to every card through a Yew context ([`use_engine_handle`]) and has one method
//! per request: [`Engine::run`], [`Engine::compare`], [`Engine::sweep`], [`Engine::staff`],
//! [`Engine::cancel`]. Each method takes the next request id from the store, tells the store what
//! started (so the run panel shows it at once), then sends the request.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::worker::WorkerBridge;
use serde_json::Value;
use yew::prelude::*;

use crate::engine::sweep::{Knob, Target};
use crate::ui::store::{Action, RunState, Store, Tool, WhatIf};
use crate::ui::worker::{self, EngineWorker, Request, Response};

/// The engine worker, as the cards see it. Cheap to clone; equal to its clones (by identity), so
/// that a context holding it never re-renders its consumers.
#[derive(Clone)]
pub struct Engine {
    bridge: Rc<RefCell<Option<WorkerBridge<EngineWorker>>>>,
}

impl PartialEq for Engine {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.bridge, &other.bridge)
    }
}

impl Engine {
    /// Runs the current scenario (`live`: a re-run after an edit, not one the user asked for).
    /// Nothing happens while it has errors.
    pub fn run(&self, store: &Store, live: bool) {
        if !store.checked.runnable {
            return;
        }
        let scenario = serde_json::to_string(&*store.doc).expect("a JSON value serializes");
        self.start(store, |id| Action::RunStarted { id, live }, |id| Request::Run { id, scenario, replications: None });
    }

    /// Compares the current scenario (B) with the baseline `a` on the same issues.
    pub fn compare(&self, store: &Store, a: &Value) {
        let (a, b) = (a.to_string(), store.doc.to_string());
        self.tool(store, Tool::Compare, |id| Request::Compare { id, a, b });
    }

    /// Runs the current scenario at each value of a knob.
    pub fn sweep(&self, store: &Store, knob: Knob, values: Vec<f64>) {
        let scenario = store.doc.to_string();
        self.tool(store, Tool::Sweep, |id| Request::Sweep { id, scenario, knob, values });
    }

    /// Looks for few enough staff to meet every goal, or `target` first.
    pub fn staff(&self, store: &Store, target: Option<Target>) {
        let scenario = store.doc.to_string();
        self.tool(store, Tool::Staffing, |id| Request::Staffing { id, scenario, target });
    }

    /// Stops whatever is running (a run or a tool), if anything is.
    pub fn cancel(&self, store: &Store) {
        if let RunState::Running { id, .. } = store.run {
            self.send(Request::Cancel { id });
        }
    }

    fn tool(&self, store: &Store, tool: Tool, request: impl FnOnce(u32) -> Request) {
        self.start(store, |id| Action::ToolStarted { id, tool }, request);
    }

    /// Tells the store what started, then sends its request under the same id.
    fn start(&self, store: &Store, started: impl FnOnce(u32) -> Action, request: impl FnOnce(u32) -> Request) {
        let id = store.next_run_id();
        store.dispatch(started(id));
        self.send(request(id));
    }

    fn send(&self, request: Request) {
        if let Some(bridge) = self.bridge.borrow().as_ref() {
            bridge.send(request);
        }
    }
}

/// Spawns the engine worker once, for the life of the component calling it (the root), and
/// turns each of its answers into a store action.
#[hook]
pub fn use_engine(store: &Store) -> Engine {
    let bridge = use_mut_ref(|| None);
    {
        let (store, bridge) = (store.clone(), bridge.clone());
        use_effect_with((), move |()| {
            let spawned = worker::spawn(move |response| store.dispatch(action_of(response)));
            *bridge.borrow_mut() = Some(spawned);
            move || drop(bridge.borrow_mut().take())
        });
    }
    Engine { bridge }
}

/// The engine handle the root provides.
#[hook]
pub fn use_engine_handle() -> Engine {
    use_context::<Engine>().expect("the root provides the engine")
}

/// What an answer of the worker does to the state.
fn action_of(response: Response) -> Action {
    match response {
        Response::Progress { id, fraction } => Action::Progress { id, fraction },
        Response::Narrowing { id, replications, widest } => {
            let widest = widest.map_or_else(String::new, |w| format!("; widest interval: {}", w.describe()));
            Action::Narrowing { id, text: format!("{replications} replications so far{widest}").into() }
        }
        Response::Done { id, report, elapsed_ms } => {
            let replications = report.replications;
            Action::Finished { id, report: Rc::new(*report), elapsed_ms, replications }
        }
        Response::Compared { id, comparison, .. } => Action::Compared { id, comparison: Rc::new(*comparison) },
        Response::Swept { id, sweep } => Action::WhatIfDone { id, result: WhatIf::Sweep(Rc::new(*sweep)) },
        Response::Staffed { id, staffing, target } => {
            Action::WhatIfDone { id, result: WhatIf::Staffing(Rc::new(*staffing), target) }
        }
        Response::Refused { id, message } => Action::WhatIfDone { id, result: WhatIf::Refused(message) },
        Response::Invalid { id, .. } | Response::Cancelled { id } => Action::Stopped { id },
    }
}
