//! The page's pool of engine workers: as many as the run settings say (`ui/settings.rs`: the
//! browser's `navigator.hardwareConcurrency`, at most 8, unless the user chose fewer). A run,
//! comparison, sweep or staffing search is an [`engine::batch::Batch`]: the pool hands its units
//! (one replication each) to whichever member is free, takes each replication back, and the batch
//! puts them together in replication order, so the result is the same bit for bit whatever the
//! pool's size. Progress is the whole batch's (the members' own progress summed); a cancel, or a
//! newer job, stops every member.
//!
//! The page's wasm module is compiled once: each member is sent the page's own
//! `WebAssembly.Module` (`wasm_bindgen::module()`) as its first message, and instantiates it
//! (`static/engine-worker.js`, `worker/member.rs`), so that starting N workers costs no more
//! downloads or compilations than one.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

use crate::engine::batch::{Batch, Finished, Recorded};
use crate::ui::settings;
use crate::ui::worker::{self, Response, codec};
use crate::wire::{FromMember, ToMember};

/// The name a member is started under, by which the loader knows to wait for the module.
const MEMBER_NAME: &str = "engine-pool-member";
/// Least time between a job's start or its last progress report and the next, ms: members report
/// after every slice and each report redraws the run panel, which would slow a short run.
const PROGRESS_MS: f64 = 40.0;

/// The pool. Dropping it ends its workers.
pub struct Pool {
    inner: Rc<RefCell<Inner>>,
}

struct Inner {
    members: Vec<Member>,
    job: Option<Job>,
    on_response: Rc<dyn Fn(Response)>,
    /// When progress was last reported.
    reported_ms: f64,
    /// Itself, for the members' message handlers.
    this: Weak<RefCell<Inner>>,
}

struct Member {
    worker: web_sys::Worker,
    /// Whether it has started (and takes units).
    ready: bool,
    /// The unit it runs.
    busy: Option<Busy>,
    _on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::ErrorEvent)>,
}

/// A unit under way: of job `id`, the batch's `round` and `index`, and how far it got.
#[derive(Clone, Copy)]
struct Busy {
    id: u32,
    round: u32,
    index: u32,
    fraction: f64,
}

impl Busy {
    fn is(&self, id: u32, round: u32, index: u32) -> bool {
        (self.id, self.round, self.index) == (id, round, index)
    }
}

struct Job {
    id: u32,
    batch: Batch,
    started_ms: f64,
}

impl Pool {
    /// A pool whose answers go to `on_response`; its members start with the first job.
    pub fn new(on_response: impl Fn(Response) + 'static) -> Pool {
        let inner = Rc::new_cyclic(|this| {
            RefCell::new(Inner {
                members: Vec::new(),
                job: None,
                on_response: Rc::new(on_response),
                reported_ms: 0.0,
                this: this.clone(),
            })
        });
        Pool { inner }
    }

    /// Starts job `id`, stopping the one under way.
    pub fn start(&self, id: u32, batch: Batch) {
        let stopped = {
            let mut inner = self.inner.borrow_mut();
            let stopped = inner.stop();
            inner.resize(settings::workers());
            inner.job = Some(Job { id, batch, started_ms: now_ms() });
            inner.reported_ms = now_ms();
            inner.feed();
            stopped
        };
        self.answer(stopped);
    }

    /// Stops job `id` if it is under way.
    pub fn cancel(&self, id: u32) {
        let stopped = {
            let mut inner = self.inner.borrow_mut();
            if inner.job.as_ref().is_none_or(|j| j.id != id) {
                return;
            }
            inner.stop()
        };
        self.answer(stopped);
    }

    /// Answers `response` as if it came from the pool (a job refused before it started).
    pub fn answer(&self, response: impl IntoIterator<Item = Response>) {
        deliver(&self.inner, response);
    }
}

/// Hands `responses` to the pool's owner, with the pool not borrowed (the owner may start a job).
fn deliver(inner: &RefCell<Inner>, responses: impl IntoIterator<Item = Response>) {
    let on_response = inner.borrow().on_response.clone();
    for r in responses {
        on_response(r);
    }
}

impl Inner {
    /// Ends the job under way, if any, and says so.
    fn stop(&mut self) -> Option<Response> {
        let job = self.job.take()?;
        self.release(job.id);
        Some(Response::Cancelled { id: job.id })
    }

    /// Ends job `id`, if it is the one under way, as refused with `message`, and says so.
    fn refuse(&mut self, id: u32, message: String) -> Option<Response> {
        if self.job.as_ref().is_none_or(|j| j.id != id) {
            return None;
        }
        self.job = None;
        self.release(id);
        Some(Response::Refused { id, message })
    }

    /// Tells the members still running units of job `id` to stop, and frees them.
    fn release(&mut self, id: u32) {
        for m in &mut self.members {
            if m.busy.is_some_and(|b| b.id == id) {
                post(&m.worker, &ToMember::Cancel { id });
            }
            m.busy = None;
        }
    }

    /// Starts or ends workers to have `size`.
    fn resize(&mut self, size: usize) {
        while self.members.len() > size {
            let m = self.members.pop().expect("more than size");
            m.worker.terminate();
        }
        while self.members.len() < size {
            match self.spawn(self.members.len()) {
                Ok(m) => self.members.push(m),
                Err(e) => {
                    gloo::console::error!(format!("an engine worker could not start: {e}"));
                    break;
                }
            }
        }
    }

    /// Starts member `index`, giving it the page's compiled module.
    fn spawn(&self, index: usize) -> Result<Member, String> {
        let options = web_sys::WorkerOptions::new();
        options.set_name(MEMBER_NAME);
        let worker = web_sys::Worker::new_with_options(&worker::loader(), &options).map_err(|e| format!("{e:?}"))?;
        worker.post_message(&wasm_bindgen::module()).map_err(|e| format!("{e:?}"))?;
        let this = self.this.clone();
        let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
            let Some(inner) = this.upgrade() else { return };
            let message = codec::from_js::<FromMember>(event.data());
            let answers = match message {
                Ok(message) => inner.borrow_mut().received(index, message),
                Err(e) => {
                    gloo::console::error!(format!("an engine worker's answer could not be read: {e}"));
                    Vec::new()
                }
            };
            deliver(&inner, answers);
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        let this = self.this.clone();
        let on_error = Closure::<dyn FnMut(web_sys::ErrorEvent)>::new(move |event: web_sys::ErrorEvent| {
            let Some(inner) = this.upgrade() else { return };
            let answers = inner.borrow_mut().failed(index, &event.message());
            deliver(&inner, answers);
        });
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Ok(Member { worker, ready: false, busy: None, _on_message: on_message, _on_error: on_error })
    }

    /// Member `index` stopped on an internal error (a trap of the engine): its job, if any, is refused
    /// rather than left waiting, and a member that had started is replaced by a fresh one. One that
    /// never started (its loader failed, and said so in the console) is left idle, not restarted
    /// in a loop.
    fn failed(&mut self, index: usize, message: &str) -> Vec<Response> {
        gloo::console::error!(format!("an engine worker stopped on an internal error: {message}"));
        let Some(m) = self.members.get_mut(index) else { return Vec::new() };
        let (started, busy) = (m.ready, m.busy.take());
        m.ready = false;
        if started {
            m.worker.terminate();
            match self.spawn(index) {
                Ok(fresh) => self.members[index] = fresh,
                Err(e) => gloo::console::error!(format!("an engine worker could not start: {e}")),
            }
        }
        let refused = busy.and_then(|b| {
            self.refuse(b.id, format!("the engine stopped on an internal error ({message}); the run was abandoned"))
        });
        self.feed();
        refused.into_iter().collect()
    }

    /// Hands units to the free members.
    fn feed(&mut self) {
        let Some(job) = self.job.as_mut() else { return };
        for m in &mut self.members {
            if !m.ready || m.busy.is_some() {
                continue;
            }
            let Some(unit) = job.batch.next_unit() else { break };
            m.busy = Some(Busy { id: job.id, round: unit.round, index: unit.index, fraction: 0.0 });
            post(&m.worker, &ToMember::Unit { id: job.id, unit });
        }
    }

    /// Takes a member's message; returns what to tell the page.
    fn received(&mut self, index: usize, message: FromMember) -> Vec<Response> {
        let Some(m) = self.members.get_mut(index) else { return Vec::new() };
        let mut answers = Vec::new();
        match message {
            FromMember::Ready => m.ready = true,
            FromMember::Progress { id, round, index: unit, fraction } => {
                if let Some(busy) = m.busy.as_mut().filter(|b| b.is(id, round, unit)) {
                    busy.fraction = fraction;
                }
                answers.extend(self.progress());
            }
            FromMember::Replicated { id, round, index: unit, replication } => {
                if m.busy.is_some_and(|b| b.is(id, round, unit)) {
                    m.busy = None;
                }
                let Some(job) = self.job.as_mut().filter(|j| j.id == id) else {
                    self.feed();
                    return answers;
                };
                match job.batch.record(round, unit, *replication) {
                    Recorded::Going(narrowing) => {
                        if let Some((replications, widest)) = narrowing {
                            answers.push(Response::Narrowing { id, replications, widest });
                        }
                        answers.extend(self.progress());
                    }
                    Recorded::Finished(finished) => {
                        let job = self.job.take().expect("the job under way");
                        self.release(id);
                        answers.push(response(id, finished, now_ms() - job.started_ms));
                    }
                }
            }
            FromMember::Refused { id, message, .. } => answers.extend(self.refuse(id, message)),
        }
        self.feed();
        answers
    }

    /// The job's progress, at most every [`PROGRESS_MS`].
    fn progress(&mut self) -> Option<Response> {
        let job = self.job.as_ref()?;
        let t = now_ms();
        if t - self.reported_ms < PROGRESS_MS {
            return None;
        }
        self.reported_ms = t;
        let within: f64 =
            self.members.iter().filter_map(|m| m.busy.filter(|b| b.id == job.id)).map(|b| b.fraction).sum();
        Some(Response::Progress { id: job.id, fraction: job.batch.fraction(within) })
    }
}

impl Drop for Inner {
    fn drop(&mut self) {
        for m in &self.members {
            m.worker.terminate();
        }
    }
}

/// The page's answer for a finished batch.
fn response(id: u32, finished: Finished, elapsed_ms: f64) -> Response {
    match finished {
        Finished::Report(report) => {
            fingerprint::note(&report);
            Response::Done { id, report, elapsed_ms }
        }
        Finished::Comparison(comparison) => Response::Compared { id, comparison, elapsed_ms },
        Finished::Sweep(sweep) => Response::Swept { id, sweep },
        Finished::Staffing(staffing, target) => Response::Staffed { id, staffing, target },
        Finished::Refused(message) => Response::Refused { id, message },
    }
}

fn post(worker: &web_sys::Worker, message: &ToMember) {
    if let Err(e) = codec::post(message, |m, transfer| worker.post_message_with_transfer(m, transfer)) {
        gloo::console::error!(format!("an engine worker could not be asked: {e}"));
    }
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// The end-to-end tests' view of a report: when the page holds an array
/// `escalationLabFingerprints`, the fingerprint of each run's report is added to it (the FNV-1a
/// hash of its JSON, as `tests/shared/fingerprint.rs` computes natively).
mod fingerprint {
    use wasm_bindgen::{JsCast, JsValue};

    use crate::engine::Report;

    pub fn note(report: &Report) {
        let Ok(list) = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("escalationLabFingerprints")) else {
            return;
        };
        let Some(list) = list.dyn_ref::<js_sys::Array>() else { return };
        let text = serde_json::to_string(report).unwrap_or_default();
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in text.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        list.push(&JsValue::from_str(&format!("{h:016x}")));
    }
}
