//! Where a run starts and where its result lands. [`use_engine`] (called once, by the root) makes
//! the pool of engine workers (`ui/pool.rs`) and turns each of its answers into a store action; the [`Engine`] handle it
//! returns is given to every card through a Yew context ([`use_engine_handle`]) and has one method
//! per request: [`Engine::run`], [`Engine::compare`], [`Engine::sweep`], [`Engine::staff`],
//! [`Engine::cancel`]. Each method takes the next request id from the store, tells the store what
//! started (so the run panel shows it at once), then hands the job to the pool. Progress reports
//! go to the handle's own feed ([`use_progress`]) rather than to the store, so that they redraw
//! only what shows them.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use serde_json::Value;
use yew::prelude::*;

use crate::engine::batch::Batch;
use crate::engine::sweep::{Knob, Target};
use crate::ui::pool::Pool;
use crate::ui::store::{Action, Progress, RunState, Store, Tool, WhatIf};
use crate::ui::worker::Response;

/// The engine workers, as the cards see them. Cheap to clone; equal to its clones (by identity),
/// so that a context holding it never re-renders its consumers.
#[derive(Clone)]
pub struct Engine {
    pool: Rc<RefCell<Option<Pool>>>,
    progress: Rc<Feed>,
}

/// The last progress report, and the components that show it. A report every few tens of
/// milliseconds as a store action would redraw every part of the page that reads the store
/// (the whole editor) each time; through the feed, only its listeners redraw.
#[derive(Default)]
struct Feed {
    now: Cell<Progress>,
    listeners: RefCell<Vec<(u32, Callback<()>)>>,
    next_key: Cell<u32>,
}

impl Feed {
    fn set(&self, progress: Progress) {
        if self.now.replace(progress) != progress {
            for (_, listener) in self.listeners.borrow().iter() {
                listener.emit(());
            }
        }
    }

    fn listen(&self, listener: Callback<()>) -> u32 {
        let key = self.next_key.get();
        self.next_key.set(key + 1);
        self.listeners.borrow_mut().push((key, listener));
        key
    }

    fn stop(&self, key: u32) {
        self.listeners.borrow_mut().retain(|(k, _)| *k != key);
    }
}

impl PartialEq for Engine {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.pool, &other.pool)
    }
}

/// A job as the pool takes it, or what to answer at once when it cannot start.
type Started = Result<Batch, Response>;

impl Engine {
    /// Runs the current scenario (`live`: a re-run after an edit, not one the user asked for).
    /// Nothing happens while it has errors.
    pub fn run(&self, store: &Store, live: bool) {
        if !store.checked.runnable {
            return;
        }
        let scenario = serde_json::to_string(&*store.doc).expect("a JSON value serializes");
        let started = |id| Batch::run(&scenario).map_err(|problems| Response::Invalid { id, problems });
        self.start(store, |id| Action::RunStarted { id, live }, started);
    }

    /// Compares the current scenario (B) with the baseline `a` on the same issues.
    pub fn compare(&self, store: &Store, a: &Value) {
        let (a, b) = (a.to_string(), store.doc.to_string());
        self.tool(store, Tool::Compare, |id| {
            Batch::compare(&a, &b).map_err(|problems| Response::Invalid { id, problems })
        });
    }

    /// Runs the current scenario at each value of a knob.
    pub fn sweep(&self, store: &Store, knob: Knob, values: Vec<f64>) {
        let scenario = store.doc.to_string();
        self.tool(store, Tool::Sweep, |id| {
            Batch::sweep(&scenario, knob, values).map_err(|message| Response::Refused { id, message })
        });
    }

    /// Looks for few enough staff to meet every goal, or `target` first.
    pub fn staff(&self, store: &Store, target: Option<Target>) {
        let scenario = store.doc.to_string();
        self.tool(store, Tool::Staffing, |id| {
            Batch::staffing(&scenario, target).map_err(|message| Response::Refused { id, message })
        });
    }

    /// Stops whatever is running (a run or a tool), if anything is.
    pub fn cancel(&self, store: &Store) {
        if let (RunState::Running { id, .. }, Some(pool)) = (&store.run, self.pool.borrow().as_ref()) {
            pool.cancel(*id);
        }
    }

    fn tool(&self, store: &Store, tool: Tool, batch: impl FnOnce(u32) -> Started) {
        self.start(store, |id| Action::ToolStarted { id, tool }, batch);
    }

    /// Tells the store what started, then gives the pool the job under the same id. A live re-run
    /// is shared out like any run: measured at one day and one week of B1 with 4 replications,
    /// two workers were as fast as one or faster, and a one-replication re-run is one unit anyway.
    fn start(&self, store: &Store, started: impl FnOnce(u32) -> Action, batch: impl FnOnce(u32) -> Started) {
        let id = store.next_run_id();
        store.dispatch(started(id));
        if let Some(pool) = self.pool.borrow().as_ref() {
            match batch(id) {
                Ok(batch) => pool.start(id, batch),
                Err(response) => pool.answer([response]),
            }
        }
    }
}

/// Makes the pool of engine workers once, for the life of the component calling it (the root),
/// and turns each of its answers into a store action.
#[hook]
pub fn use_engine(store: &Store) -> Engine {
    let pool = use_mut_ref(|| None);
    let progress = (*use_state(|| Rc::new(Feed::default()))).clone();
    {
        let (store, pool, feed) = (store.clone(), pool.clone(), progress.clone());
        use_effect_with((), move |()| {
            *pool.borrow_mut() = Some(Pool::new(move |response| answer(response, &store, &feed)));
            move || drop(pool.borrow_mut().take())
        });
    }
    Engine { pool, progress }
}

/// The engine handle the root provides.
#[hook]
pub fn use_engine_handle() -> Engine {
    use_context::<Engine>().expect("the root provides the engine")
}

/// How far the run under way has got (0 when nothing runs): the component calling it redraws
/// at each report, and the page around it does not.
#[hook]
pub fn use_progress(run: &RunState) -> f64 {
    let feed = use_engine_handle().progress;
    let update = use_force_update();
    {
        let feed = feed.clone();
        use_effect_with((), move |()| {
            let key = feed.listen(Callback::from(move |()| update.force_update()));
            move || feed.stop(key)
        });
    }
    feed.now.get().of(run)
}

/// Takes an answer of the pool: a progress report to the feed, anything else to the store.
fn answer(response: Response, store: &Store, feed: &Feed) {
    let action = match response {
        Response::Progress { id, fraction } => return feed.set(Progress { id, fraction }),
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
    };
    store.dispatch(action);
}
