//! A member of the page's pool of engine workers (`ui/pool.rs`): it runs one replication at a
//! time, as the page asks, and answers with everything the replication produced; the page
//! combines them in replication order, so that how many members there are never changes a bit of
//! the result. A member is started with the page's own compiled module (the loader
//! `static/engine-worker.js` receives it as its first message), and speaks this small protocol
//! (`wire::member`) instead of gloo's, since a gloo bridge cannot post the module before the
//! worker has started.
//!
//! A replication runs in slices of a few milliseconds' work, as a whole run did before; after each
//! the member reports how far it got and yields to its event loop, so that a `Cancel`, or a newer
//! unit that replaces it, is read within one slice. It yields by a message to itself through a
//! channel: a zero-delay timeout would do the same, but browsers hold back a timeout set from
//! within timeouts by at least 4 ms, a tenth of each slice.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::Closure;
use wasm_bindgen::{JsCast, JsValue};

use super::codec;
use crate::engine::batch::{Source, Unit};
use crate::engine::{Model, simulation::Simulation};
use crate::wire::{FromMember, ToMember};

/// Events handled per slice before checking the clock.
const EVENTS_PER_CHECK: u64 = 20_000;
/// Wall-clock length of a slice, ms: long enough that yielding costs little, short enough that
/// progress is smooth and a cancel takes effect at once.
const SLICE_MS: f64 = 40.0;
/// Models a member keeps between units, so that the replications of one scenario are validated
/// once per member, not once per replication.
const KEPT_MODELS: usize = 8;

self_cell::self_cell!(
    /// A replication in progress together with the model it borrows.
    struct Running {
        owner: Rc<Model>,
        #[covariant]
        dependent: Simulation,
    }
);

/// The member's state: the models it keeps, and the unit it is running.
#[derive(Default)]
struct Member {
    models: Vec<(Source, Rc<Model>)>,
    /// The job and unit under way.
    current: Option<(u32, Unit, Running)>,
    /// Counts units started, so that a slice scheduled for an earlier one does nothing.
    started: u64,
    /// The channel the member yields through: a message on the second port (the count of the
    /// unit it is for) runs the next slice from the first.
    resume: Option<(web_sys::MessagePort, web_sys::MessagePort)>,
}

impl Member {
    fn model(&mut self, source: &Source) -> Result<Rc<Model>, String> {
        if let Some((_, m)) = self.models.iter().find(|(s, _)| s == source) {
            return Ok(m.clone());
        }
        let model = Rc::new(source.model()?);
        if self.models.len() == KEPT_MODELS {
            self.models.remove(0);
        }
        self.models.push((source.clone(), model.clone()));
        Ok(model)
    }
}

/// Makes this worker a pool member (inside the worker; see `src/bin/app.rs`).
pub fn start() {
    std::panic::set_hook(Box::new(|info| gloo::console::error!(format!("engine worker panicked: {info}"))));
    let member = Rc::new(RefCell::new(Member::default()));
    let channel = web_sys::MessageChannel::new().expect("a worker can open a message channel");
    let on_resume = {
        let member = member.clone();
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
            slice(&member, event.data().as_f64().unwrap_or(-1.0) as u64);
        })
    };
    channel.port1().set_onmessage(Some(on_resume.as_ref().unchecked_ref()));
    on_resume.forget();
    member.borrow_mut().resume = Some((channel.port1(), channel.port2()));
    let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
        match codec::from_js::<ToMember>(event.data()) {
            Ok(ToMember::Unit { id, unit }) => begin(&member, id, unit),
            Ok(ToMember::Cancel { id }) => {
                let mut m = member.borrow_mut();
                if m.current.as_ref().is_some_and(|(job, ..)| *job == id) {
                    m.current = None;
                }
            }
            Err(e) => gloo::console::error!(format!("the engine worker could not read a message: {e}")),
        }
    });
    scope().set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    post(&FromMember::Ready);
}

fn scope() -> web_sys::DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

fn post(message: &FromMember) {
    if let Err(e) = codec::post(message, |m, transfer| scope().post_message_with_transfer(m, transfer)) {
        gloo::console::error!(format!("the engine worker could not answer: {e}"));
    }
}

/// Starts `unit`, in place of whatever ran.
fn begin(member: &Rc<RefCell<Member>>, id: u32, unit: Unit) {
    let mut m = member.borrow_mut();
    m.current = None;
    match m.model(&unit.source) {
        Ok(model) => {
            let seed = unit.seed;
            m.current = Some((id, unit, Running::new(model, |m| Simulation::new(m, seed))));
            m.started += 1;
            let started = m.started;
            drop(m);
            slice(member, started);
        }
        Err(message) => post(&FromMember::Refused { id, round: unit.round, message }),
    }
}

/// Works on the current unit for about [`SLICE_MS`], then reports progress and yields, or
/// answers with the replication when it ends.
fn slice(member: &Rc<RefCell<Member>>, started: u64) {
    let mut m = member.borrow_mut();
    if m.started != started {
        return;
    }
    let Some((id, unit, running)) = m.current.as_mut() else { return };
    let (id, round, index) = (*id, unit.round, unit.index);
    let deadline = js_sys::Date::now() + SLICE_MS;
    loop {
        if running.with_dependent_mut(|_, sim| sim.step(EVENTS_PER_CHECK)) {
            let (.., mut running) = m.current.take().expect("just used");
            let replication = Box::new(running.with_dependent_mut(|_, sim| sim.take_results()));
            post(&FromMember::Replicated { id, round, index, replication });
            return;
        }
        if js_sys::Date::now() >= deadline {
            break;
        }
    }
    let fraction = running.borrow_dependent().progress();
    post(&FromMember::Progress { id, round, index, fraction });
    // A macrotask, so that messages from the page (a cancel, a newer unit) are read first.
    if let Some((_, port)) = &m.resume
        && let Err(e) = port.post_message(&JsValue::from_f64(started as f64))
    {
        gloo::console::error!(format!("the engine worker could not go on: {e:?}"));
    }
}
