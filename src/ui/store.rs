//! The app's store: the state and its reducer (`authoring::state`, where they are plain
//! functions tested natively) behind yew's `use_reducer`, which this file wires up. The
//! authoring types are re-exported here, so that the components name them `ui::store::…`.

use std::rc::Rc;

use yew::prelude::*;

pub use crate::authoring::checked::{Checked, document_of};
pub use crate::authoring::pointer::{key, remove, set};
pub use crate::authoring::state::{Action, Notice, NoticeKind, Replaced, RunState, Snapshot, State, Tool, WhatIf};

/// Replications used by live re-runs: enough for a confidence interval, few enough to be quick.
pub const LIVE_REPLICATIONS: u32 = 3;

impl Reducible for State {
    type Action = Action;

    /// The same state, not a copy, when the action changes nothing.
    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        match self.apply(action, js_sys::Date::now()) {
            Some(next) => Rc::new(next),
            None => self,
        }
    }
}

/// The store handle the components share through a context.
pub type Store = UseReducerHandle<State>;

/// The validation path of a JSON pointer: `/levels/0/staff` is `levels[0].staff`.
pub fn path_of(pointer: &str) -> String {
    let mut out = String::new();
    for seg in pointer.split('/').skip(1) {
        let seg = seg.replace("~1", "/").replace("~0", "~");
        if !seg.is_empty() && seg.bytes().all(|b| b.is_ascii_digit()) {
            out.push_str(&format!("[{seg}]"));
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(&seg);
        }
    }
    out
}
