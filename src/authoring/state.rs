//! The app's state and its transitions. The scenario is held as a JSON document, the same text the
//! raw view shows and the engine reads: editors change it through JSON pointers, so a value a user
//! types that has the wrong shape (a word where a number goes) is kept as typed and reported by
//! validation at its path, rather than lost.
//!
//! Every change of the document is one step of the undo history (`authoring::history`), named
//! in words (`authoring::change`); typing in one field merges into one step. [`State::apply`] is
//! the whole reducer, a plain function of the state, an action and the time, so that it is tested
//! natively; the app's store (`ui::store`) only wraps it.

use std::rc::Rc;

use serde_json::Value;

use super::change::Change;
use super::checked::Checked;
use super::history::History;
use super::pointer::{remove, set};
use crate::engine::Report;
use crate::engine::compare::Comparison;
use crate::engine::sweep::{Staffing, Sweep, Target};

mod identity;
#[cfg(test)]
mod tests;

/// A tool the user runs in the worker besides the scenario's own run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tool {
    Compare,
    Sweep,
    Staffing,
}

/// What a what-if tool found.
#[derive(Clone, Debug, PartialEq)]
pub enum WhatIf {
    Sweep(Rc<Sweep>),
    Staffing(Rc<Staffing>, Option<Target>),
    Refused(String),
}

/// Where a run stands.
#[derive(Clone, Debug, PartialEq)]
pub enum RunState {
    Idle,
    Running { id: u32, live: bool },
}

/// How far run `id` has got, from 0 to 1. Kept apart from [`State`]: the workers report every
/// few tens of milliseconds, and each change of the state redraws every part of the page that
/// reads it, while progress is shown in the run panel alone.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Progress {
    pub id: u32,
    pub fraction: f64,
}

impl Progress {
    /// The fraction to show while the state's run is `run`: a report of any other run (one
    /// since replaced or cancelled) counts for nothing.
    pub fn of(self, run: &RunState) -> f64 {
        match run {
            RunState::Running { id, .. } if *id == self.id => self.fraction,
            _ => 0.0,
        }
    }
}

/// A message for the user that is not tied to a field: import failures, storage trouble.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub kind: NoticeKind,
    pub title: String,
    pub lines: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoticeKind {
    Info,
    Warning,
    Error,
}

#[derive(Clone, Debug)]
pub struct State {
    pub doc: Rc<Value>,
    pub checked: Rc<Checked>,
    /// Bumped on every change of the document.
    pub revision: u64,
    pub run: RunState,
    pub report: Option<Rc<Report>>,
    /// The revision the report was computed from.
    pub report_revision: u64,
    /// Wall time of the last finished run in the worker, ms, and its replications.
    pub last_run: Option<(f64, u32)>,
    /// The run in progress is in precision mode: its replications so far and widest interval, in words.
    pub narrowing: Option<Rc<str>>,
    /// Re-run automatically after edits (for short scenarios).
    pub live: bool,
    pub notice: Option<Notice>,
    /// The preset last loaded, if the document came from one.
    pub preset: Option<String>,
    /// The scenario kept as policy A, to compare the current one (B) with.
    pub baseline: Option<Rc<Value>>,
    /// The last comparison, with the revision of the scenario it compared as B.
    pub comparison: Option<(Rc<Comparison>, u64)>,
    /// The run in progress is one the user started from a tool (a comparison, a sweep, a
    /// staffing search), and which one.
    pub tool: Option<Tool>,
    /// The last sweep or staffing search, with the revision it was made for.
    pub what_if: Option<(WhatIf, u64)>,
    /// The scenario a preset, an import or a link last replaced, until the user undoes or
    /// dismisses that. Shown while that replacement is a step the history can undo
    /// (`replacement`).
    pub replaced: Option<Rc<Replaced>>,
    /// The history step of that replacement.
    replaced_step: u64,
    /// Every change of the document, to undo and redo.
    pub history: Rc<History<Snapshot>>,
    /// A run the user started was under way when the page was last closed or reloaded.
    pub interrupted: bool,
    next_id: u32,
    /// The revision the current run was started from.
    running_revision: u64,
}

/// What an undo step brings back: the document and the preset it came from.
#[derive(Clone, Debug, PartialEq)]
pub struct Snapshot {
    pub doc: Rc<Value>,
    pub preset: Option<String>,
}

/// A scenario replaced as a whole, kept so that the replacement can be undone.
#[derive(Clone, Debug, PartialEq)]
pub struct Replaced {
    pub doc: Rc<Value>,
    pub preset: Option<String>,
    /// What replaced it, in words that start with a common word, so that they can open a
    /// sentence: "the preset “B1”", "the file “billing.json”", "the shared link". Never a bare
    /// name, whose first letter is not ours to capitalise.
    pub by: String,
}

impl State {
    pub fn new(doc: Value, preset: Option<String>) -> State {
        State {
            checked: Rc::new(Checked::of(&doc)),
            doc: Rc::new(doc),
            revision: 0,
            run: RunState::Idle,
            report: None,
            report_revision: 0,
            last_run: None,
            narrowing: None,
            live: true,
            notice: None,
            preset,
            baseline: None,
            comparison: None,
            tool: None,
            what_if: None,
            replaced: None,
            replaced_step: 0,
            history: Rc::new(History::default()),
            interrupted: false,
            next_id: 1,
            running_revision: 0,
        }
    }

    /// The value at a JSON pointer, if there is one.
    pub fn get(&self, pointer: &str) -> Option<&Value> {
        self.doc.pointer(pointer)
    }

    /// The id the next run will get.
    pub fn next_run_id(&self) -> u32 {
        self.next_id
    }

    pub fn report_is_current(&self) -> bool {
        self.report.is_some() && self.report_revision == self.revision
    }

    /// The replacement the undo bar offers to undo: the last one, while the history can still
    /// undo it.
    pub fn replacement(&self) -> Option<&Rc<Replaced>> {
        self.replaced.as_ref().filter(|_| self.history.holds(self.replaced_step))
    }

    /// The document was opened over `replaced` (a link over autosaved work): one undoable step.
    pub fn opened_over(&mut self, replaced: Replaced) {
        let before = Snapshot { doc: replaced.doc.clone(), preset: replaced.preset.clone() };
        let label = Change::Replace(&replaced.by).describe(&replaced.doc);
        let after = self.snapshot();
        let step = Rc::make_mut(&mut self.history).record(before, &after, label, None, 0.0);
        self.replaced_step = step.unwrap_or(0);
        self.replaced = Some(Rc::new(replaced));
    }

    fn snapshot(&self) -> Snapshot {
        Snapshot { doc: self.doc.clone(), preset: self.preset.clone() }
    }
}

pub enum Action {
    /// Sets the value at a pointer, creating a missing last key.
    Set(String, Value),
    /// Removes an object key or an array element.
    Remove(String),
    /// Appends to the array at a pointer (creating it if missing).
    Push(String, Value),
    /// Swaps array elements `i` and `i + 1` of the array at a pointer.
    MoveDown(String, usize),
    /// Replaces the whole document by another scenario (a preset, an import).
    /// Replaces the whole document (a preset, an import, a link); `by` says what, for the
    /// offer to undo it.
    Replace {
        doc: Value,
        preset: Option<String>,
        by: String,
    },
    /// Back to the scenario the last replacement replaced: every step since undone, and that one.
    UndoReplacement,
    /// Keeps the replacement: the offer to undo it goes (the history keeps it).
    KeepReplacement,
    /// Undoes the last change of the document.
    Undo,
    /// Redoes the change undone last.
    Redo,
    /// Ends the undo step open to typing (the focus moved): the next change starts its own.
    Seal,
    /// The notice of a run stopped by a reload goes.
    DismissInterrupted,
    /// Replaces the whole document by an edited version of it (the raw JSON view).
    Edit(Value),
    RunStarted {
        id: u32,
        live: bool,
    },
    /// Run `id` (precision mode) narrows: where it stands, in words.
    Narrowing {
        id: u32,
        text: Rc<str>,
    },
    Finished {
        id: u32,
        report: Rc<Report>,
        elapsed_ms: f64,
        replications: u32,
    },
    /// The run ended without a report (cancelled or refused).
    Stopped {
        id: u32,
    },
    SetLive(bool),
    Notify(Option<Notice>),
    /// Keeps the current scenario as baseline A (or forgets it).
    SetBaseline(Option<Rc<Value>>),
    /// A tool's run started in the worker.
    ToolStarted {
        id: u32,
        tool: Tool,
    },
    /// A sweep, staffing search, or its refusal, came back.
    WhatIfDone {
        id: u32,
        result: WhatIf,
    },
    Compared {
        id: u32,
        comparison: Rc<Comparison>,
    },
}

impl State {
    /// The state after `action`, taken at `now_ms` (wall time, ms: changes to one field within a
    /// pause of each other are one undo step), or `None` when the action changes nothing (an
    /// edit that leaves the document as it is, an answer to a run since replaced or cancelled),
    /// so that the store keeps the state it has and nothing redraws.
    pub fn apply(&self, action: Action, now_ms: f64) -> Option<State> {
        let mut s = self.clone();
        match action {
            Action::Set(pointer, value) => {
                let mut doc = (*s.doc).clone();
                let named = named(Change::Set(&pointer), &s.doc);
                if !set(&mut doc, &pointer, value) || !s.edit(doc, named, now_ms) {
                    return None;
                }
            }
            Action::Remove(pointer) => {
                let mut doc = (*s.doc).clone();
                let named = named(Change::Remove(&pointer), &s.doc);
                if !remove(&mut doc, &pointer) || !s.edit(doc, named, now_ms) {
                    return None;
                }
            }
            Action::Push(pointer, value) => {
                let mut doc = (*s.doc).clone();
                if doc.pointer(&pointer).is_none() {
                    set(&mut doc, &pointer, Value::Array(Vec::new()));
                }
                let named = named(Change::Push(&pointer, &value), &s.doc);
                match doc.pointer_mut(&pointer) {
                    Some(Value::Array(items)) => items.push(value),
                    _ => return None,
                }
                if !s.edit(doc, named, now_ms) {
                    return None;
                }
            }
            Action::MoveDown(pointer, i) => {
                let mut doc = (*s.doc).clone();
                match doc.pointer_mut(&pointer) {
                    Some(Value::Array(items)) if i + 1 < items.len() => items.swap(i, i + 1),
                    _ => return None,
                }
                if !s.edit(doc, named(Change::MoveDown(&pointer, i), &s.doc), now_ms) {
                    return None;
                }
            }
            Action::Replace { doc, preset, by } => {
                let before = s.snapshot();
                s.change(Rc::new(doc));
                s.preset = preset;
                s.report = None;
                let label = Change::Replace(&by).describe(&before.doc);
                let after = s.snapshot();
                let step = Rc::make_mut(&mut s.history).record(before.clone(), &after, label, None, now_ms);
                if let Some(step) = step {
                    s.replaced = Some(Rc::new(Replaced { doc: before.doc, preset: before.preset, by }));
                    s.replaced_step = step;
                }
            }
            Action::Edit(doc) => {
                let named = named(Change::Edit(&doc), &s.doc);
                if !s.edit(doc, named, now_ms) {
                    return None;
                }
            }
            Action::RunStarted { id, live } => {
                s.start(id, live, None);
                s.interrupted = false;
            }
            Action::ToolStarted { id, tool } => s.start(id, false, Some(tool)),
            Action::WhatIfDone { id, result } => {
                if !s.end(id) {
                    return None;
                }
                s.what_if = Some((result, s.running_revision));
            }
            Action::Compared { id, comparison } => {
                if !s.end(id) {
                    return None;
                }
                s.comparison = Some((comparison, s.running_revision));
            }
            Action::SetBaseline(doc) => {
                s.baseline = doc;
                s.comparison = None;
            }
            Action::Narrowing { id, text } => match s.run {
                RunState::Running { id: current, .. } if current == id => s.narrowing = Some(text),
                _ => return None,
            },
            Action::Finished { id, report, elapsed_ms, replications } => {
                if !s.end(id) {
                    return None;
                }
                s.report = Some(report);
                s.report_revision = s.running_revision;
                s.last_run = Some((elapsed_ms, replications));
            }
            Action::Stopped { id } => {
                if !s.end(id) {
                    return None;
                }
            }
            Action::UndoReplacement => {
                s.replacement()?;
                let mut current = s.snapshot();
                let history = Rc::make_mut(&mut s.history);
                while history.holds(s.replaced_step) {
                    match history.undo(current.clone()) {
                        Some(before) => current = before,
                        None => break,
                    }
                }
                s.restore(current);
                s.replaced = None;
                // The notice that the replacement opened with errors speaks of a scenario that
                // is gone now.
                if s.notice.as_ref().is_some_and(|n| n.kind == NoticeKind::Warning && n.title.contains(" opened with "))
                {
                    s.notice = None;
                }
            }
            Action::KeepReplacement => s.replaced = None,
            Action::Undo => {
                let current = s.snapshot();
                let before = Rc::make_mut(&mut s.history).undo(current)?;
                s.restore(before);
            }
            Action::Redo => {
                let current = s.snapshot();
                let after = Rc::make_mut(&mut s.history).redo(current)?;
                s.restore(after);
            }
            Action::Seal => {
                if !s.history.is_open() {
                    return None;
                }
                Rc::make_mut(&mut s.history).seal();
            }
            Action::DismissInterrupted => s.interrupted = false,
            Action::SetLive(live) => s.live = live,
            Action::Notify(notice) => s.notice = notice,
        }
        Some(s)
    }

    /// Run `id` (a tool's, when `tool` is given) starts from the current revision.
    fn start(&mut self, id: u32, live: bool, tool: Option<Tool>) {
        self.run = RunState::Running { id, live };
        self.narrowing = None;
        self.running_revision = self.revision;
        self.next_id = id + 1;
        self.tool = tool;
    }

    /// Ends run `id` if it is the one running; false, changing nothing, for any other (an
    /// answer to a run since replaced or cancelled).
    fn end(&mut self, id: u32) -> bool {
        if !matches!(self.run, RunState::Running { id: current, .. } if current == id) {
            return false;
        }
        self.run = RunState::Idle;
        self.tool = None;
        true
    }

    /// An editor's change, `named` from the document before it: the document becomes `doc`, one
    /// step of the history (or part of the step open to typing in the same field). False,
    /// changing nothing, when `doc` is the document already.
    fn edit(&mut self, doc: Value, (label, key): (String, Option<String>), now_ms: f64) -> bool {
        if doc == *self.doc {
            return false;
        }
        let before = self.snapshot();
        self.change(Rc::new(doc));
        let after = self.snapshot();
        Rc::make_mut(&mut self.history).record(before, &after, label, key.as_deref(), now_ms);
        true
    }

    /// Back (or forward) to a state of the history.
    fn restore(&mut self, to: Snapshot) {
        self.change(to.doc);
        self.preset = to.preset;
    }

    fn change(&mut self, doc: Rc<Value>) {
        self.checked = Rc::new(Checked::of(&doc));
        self.doc = doc;
        self.revision += 1;
    }
}

/// A change's name in the history and its coalescing key, from the document before it.
fn named(change: Change, before: &Value) -> (String, Option<String>) {
    (change.describe(before), change.coalescing_key(before))
}
