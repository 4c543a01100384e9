//! The app's store: the state and its reducer (`authoring::state`, where they are plain
//! functions tested natively) behind yew's `use_reducer`, which this file wires up. The
//! authoring types are re-exported here, so that the components name them `ui::store::…`.

use std::rc::Rc;

use yew::prelude::*;

pub use crate::authoring::checked::{Checked, document_of};
pub use crate::authoring::pointer::{key, path_of, remove, set};
pub use crate::authoring::state::{
    Action, Notice, NoticeKind, Progress, Replaced, RunState, Snapshot, State, Tool, WhatIf,
};

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
