//! The results pane beside the editor: the run's results first, and the tools that answer other
//! questions of the same scenario (compare two policies, what if a knob moves, play a run back,
//! read the desk's ticket history) one tab away instead of stacked above them. Every tab's panel stays mounted while another is
//! shown, so a playback, a what-if range or a comparison is still there when the user comes back.

use yew::prelude::*;

use crate::ui::compare::CompareCard;
use crate::ui::focus;
use crate::ui::history::HistoryCard;
use crate::ui::results::Results;
use crate::ui::store::{Store, Tool};
use crate::ui::trainer::TrainerCard;
use crate::ui::whatif::WhatIfCard;

/// A tab of the results pane.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    Results,
    Compare,
    WhatIf,
    Trainer,
    History,
}

impl View {
    pub const ALL: [View; 5] = [View::Results, View::Compare, View::WhatIf, View::Trainer, View::History];

    /// The tab's name in element ids (`view-compare`, `view-panel-compare`).
    pub fn key(self) -> &'static str {
        match self {
            View::Results => "results",
            View::Compare => "compare",
            View::WhatIf => "what-if",
            View::Trainer => "trainer",
            View::History => "history",
        }
    }

    fn title(self) -> &'static str {
        match self {
            View::Results => "Results",
            View::Compare => "Compare policies",
            View::WhatIf => "What if",
            View::Trainer => "Trainer playback",
            View::History => "History",
        }
    }

    /// Whether the tool this tab shows is running now.
    fn busy(self, tool: Option<Tool>) -> bool {
        matches!(
            (self, tool),
            (View::Compare, Some(Tool::Compare)) | (View::WhatIf, Some(Tool::Sweep | Tool::Staffing))
        )
    }
}

/// The tab strip and the panels: the results, compare, what-if and trainer.
#[component]
pub fn ResultsPane() -> Html {
    let store = use_context::<Store>().expect("store");
    let view = use_state(|| View::Results);
    // A scenario with a drill (an exercise link's, or one given a drill) opens on the trainer,
    // where the drill starts.
    {
        let view = view.clone();
        use_effect_with(store.doc.get("drill").is_some(), move |&drill| {
            if drill {
                view.set(View::Trainer);
            }
        });
    }
    // One stop for Tab; arrows, Home and End move between tabs (WAI-ARIA tabs pattern).
    let on_key = {
        let view = view.clone();
        Callback::from(move |e: KeyboardEvent| {
            let at = View::ALL.iter().position(|&v| v == *view).unwrap_or(0);
            let Some(to) = focus::tab_key(&e.key(), at, View::ALL.len()) else { return };
            e.prevent_default();
            let next = View::ALL[to];
            view.set(next);
            focus::focus_quietly(&format!("view-{}", next.key()));
        })
    };
    let panel = |v: View, body: Html| {
        html! {
            <div class="view-panel" role="tabpanel" id={format!("view-panel-{}", v.key())}
                aria-labelledby={format!("view-{}", v.key())} hidden={*view != v}>
                { body }
            </div>
        }
    };
    html! {
        <section class="results-pane" aria-label="Results and tools">
            <div class="tabs view-tabs" role="tablist" aria-label="Results and tools" onkeydown={on_key}>
                { for View::ALL.iter().map(|&v| {
                    let current = v == *view;
                    let view = view.clone();
                    html! {
                        <button role="tab" id={format!("view-{}", v.key())} aria-selected={current.to_string()}
                            tabindex={if current { "0" } else { "-1" }} aria-controls={format!("view-panel-{}", v.key())}
                            class={classes!("tab", current.then_some("active"))}
                            onclick={Callback::from(move |_| view.set(v))}>
                            { v.title() }
                            if v.busy(store.tool) { <span class="tab-busy" aria-label="running">{ " …" }</span> }
                        </button>
                    }
                }) }
            </div>
            { panel(View::Results, html! { <Results /> }) }
            { panel(View::Compare, html! { <CompareCard /> }) }
            { panel(View::WhatIf, html! { <WhatIfCard /> }) }
            { panel(View::Trainer, html! { <TrainerCard /> }) }
            { panel(View::History, html! { <HistoryCard /> }) }
        </section>
    }
}
