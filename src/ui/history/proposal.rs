//! The proposed scenario, to review before it is used: its levels (written as lines to merge and
//! reorder groups), every estimate with its interval and sample size, each level's fitted
//! service time over its histogram, and the assumptions in words. Then it can replace the
//! scenario (an Undo brings the previous one back), and any scenario can be checked against the
//! history: observed against simulated, row by row.

use std::rc::Rc;

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::draw;
use crate::authoring::levels;
use crate::engine::calibrate::Options;
use crate::ui::store::{Action, Store};
use crate::ui::worker::{CheckView, ProposalView};

/// Where the fit check stands.
#[derive(Clone, Debug, PartialEq)]
pub enum Check {
    None,
    Checking,
    Done(Rc<Result<CheckView, String>>),
    /// Cancelled: the worker, and the history it held, are gone.
    Cancelled,
}

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The export's name, for what replaced the scenario.
    pub name: AttrValue,
    pub proposal: Rc<Result<ProposalView, String>>,
    /// How the history was read, kept in the scenario when it is used (`None`: the defaults).
    pub settings: Option<Rc<serde_json::Value>>,
    /// The history is still held by the worker: proposals and checks can be asked.
    pub held: bool,
    /// A proposal is being made.
    pub proposing: bool,
    pub check: Check,
    pub on_propose: Callback<Options>,
    /// Check the current scenario over this many replications.
    pub on_check: Callback<u32>,
    pub on_cancel: Callback<()>,
}

#[component]
pub fn Proposal(props: &Props) -> Html {
    let store = use_context::<Store>().expect("store");
    let written = use_state(String::new);
    let max_levels = use_state(|| "8".to_string());
    let utilization = use_state(|| "80".to_string());
    let replications = use_state(|| "10".to_string());
    let problem = use_state(|| None::<String>);
    // A new proposal shows its own levels.
    {
        let written = written.clone();
        use_effect_with(props.proposal.clone(), move |p| {
            if let Ok(p) = &**p {
                written.set(levels::text(&p.levels));
            }
        });
    }
    let p = match &*props.proposal {
        Ok(p) => p,
        Err(message) => {
            return html! {
                <section class="history-proposal" id="history-proposal">
                    <h3>{ "Proposed scenario" }</h3>
                    <p class="problem error" role="alert">{ format!("No scenario could be proposed: {message}") }</p>
                </section>
            };
        }
    };
    let known: Vec<String> = p.levels.iter().flat_map(|(_, g)| g.iter().cloned()).collect();
    let propose = {
        let (written, max_levels, utilization, problem, on_propose) =
            (written.clone(), max_levels.clone(), utilization.clone(), problem.clone(), props.on_propose.clone());
        Callback::from(move |_| {
            let Ok(max) = max_levels
                .trim()
                .parse::<usize>()
                .map_err(|_| ())
                .and_then(|m| if (1..=30).contains(&m) { Ok(m) } else { Err(()) })
            else {
                problem.set(Some(format!(
                    "at most how many levels: a whole number from 1 to 30, not “{}”",
                    max_levels.trim()
                )));
                return;
            };
            let Some(u) = crate::engine::number::parse(utilization.trim()).filter(|u| *u > 0.0 && *u < 100.0) else {
                problem.set(Some(format!(
                    "staff for a utilization above 0% and below 100%, not “{}”",
                    utilization.trim()
                )));
                return;
            };
            let base = Options { max_levels: max, target_utilization: u / 100.0, ..Options::default() };
            let known: Vec<&str> = known.iter().map(String::as_str).collect();
            match levels::options(&written, &known, &base) {
                Ok(options) => {
                    problem.set(None);
                    on_propose.emit(options);
                }
                Err(message) => problem.set(Some(message)),
            }
        })
    };
    let use_it = {
        let (store, scenario, name, settings) =
            (store.clone(), p.scenario.clone(), props.name.clone(), props.settings.clone());
        Callback::from(move |_| {
            if let Ok(mut doc) = serde_json::from_str::<serde_json::Value>(&scenario) {
                if let (Some(settings), Some(object)) = (&settings, doc.as_object_mut()) {
                    object.insert("history".into(), (**settings).clone());
                }
                store.dispatch(Action::Replace {
                    doc,
                    preset: None,
                    by: format!("the scenario calibrated from “{name}”"),
                });
            }
        })
    };
    let check = {
        let (replications, problem, on_check) = (replications.clone(), problem.clone(), props.on_check.clone());
        Callback::from(move |_| match replications.trim().parse::<u32>() {
            Ok(r) if (2..=100).contains(&r) => {
                problem.set(None);
                on_check.emit(r);
            }
            _ => problem.set(Some(format!(
                "replications of the check: a whole number from 2 to 100, not “{}”",
                replications.trim()
            ))),
        })
    };
    let text_input = |state: &UseStateHandle<String>| {
        let state = state.clone();
        Callback::from(move |e: InputEvent| state.set(e.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let on_levels = {
        let written = written.clone();
        Callback::from(move |e: InputEvent| {
            written.set(e.target_unchecked_into::<web_sys::HtmlTextAreaElement>().value());
        })
    };
    let checking = props.check == Check::Checking;
    let busy = checking || props.proposing || !props.held;
    html! {
        <section class="history-proposal" id="history-proposal" aria-labelledby="history-proposal-title">
            <h3 id="history-proposal-title">{ "Proposed scenario" }</h3>
            <p class="hint">{ "A scenario fitted to this history. Review it, change how groups map to levels if you like, then use it: it replaces the scenario in the editor, and Undo brings the previous one back." }</p>
            <div class="history-levels">
                <label class="field wide" for="history-levels"><span>{ "Levels, frontline first — one per line, “Level: group, group” merges groups" }</span></label>
                <textarea id="history-levels" rows={p.levels.len().clamp(3, 10).to_string()} spellcheck="false"
                    value={(*written).clone()} oninput={on_levels} />
                <div class="what-if-row">
                    <label class="field short"><span>{ "At most levels" }</span>
                        <input id="history-max-levels" inputmode="numeric" value={(*max_levels).clone()} oninput={text_input(&max_levels)} />
                    </label>
                    <label class="field short"><span>{ "Staff for utilization (%)" }</span>
                        <input id="history-utilization" inputmode="decimal" value={(*utilization).clone()} oninput={text_input(&utilization)} />
                    </label>
                    <button id="history-propose" class="button" disabled={busy} onclick={propose}>{ "Propose again" }</button>
                    <button id="history-use" class="button primary" onclick={use_it}>{ "Use this scenario" }</button>
                </div>
            </div>
            if let Some(message) = &*problem { <p class="problem error" role="alert" id="history-problem">{ message.clone() }</p> }
            { draw::markup("history-figures", &p.markup, &store) }
            <h3>{ "Check the fit" }</h3>
            <p class="hint">{ "Simulates the scenario now in the editor over the history's span and puts what the desk did against it. Use the proposal first to check it, or check your own edits." }</p>
            <div class="what-if-row">
                <label class="field short"><span>{ "Replications" }</span>
                    <input id="history-replications" inputmode="numeric" value={(*replications).clone()} oninput={text_input(&replications)} />
                </label>
                <button id="history-check" class="button" disabled={busy} onclick={check}>{ "Check the current scenario" }</button>
                <button id="history-check-cancel" class="button" disabled={!checking}
                    onclick={{ let c = props.on_cancel.clone(); Callback::from(move |_| c.emit(())) }}>{ "Cancel" }</button>
            </div>
            { check_view(&props.check, props.held, &store) }
        </section>
    }
}

fn check_view(check: &Check, held: bool, store: &Store) -> Html {
    match check {
        Check::None if held => Html::default(),
        Check::None | Check::Cancelled => html! {
            <p class="history-status" id="history-check-status" data-state="cancelled">
                { "The check was cancelled, and the history with it: read the file again to check." }
            </p>
        },
        Check::Checking => html! {
            <p class="history-status" id="history-check-status" role="status" data-state="checking">{ "Simulating the history's span…" }</p>
        },
        Check::Done(result) => match &**result {
            Err(message) => html! {
                <p class="problem error" id="history-check-status" role="alert" data-state="refused">{ format!("Could not check: {message}") }</p>
            },
            Ok(c) => html! {
                <div class="history-check" id="history-check-result" data-inside={c.inside.to_string()} data-compared={c.compared.to_string()}>
                    <p class="visually-hidden" id="history-check-status" role="status" data-state="checked">{ format!("{} of {} rows inside", c.inside, c.compared) }</p>
                    { draw::markup("history-figures", &c.markup, store) }
                </div>
            },
        },
    }
}
