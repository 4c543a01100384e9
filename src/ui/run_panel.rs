//! The run panel: Run and Cancel, the replications, live mode, where the run stands with its
//! progress, and the problem list (each problem jumps to its field). Also the notice that a run was
//! stopped by a reload, with *Run again*.

use gloo::timers::callback::Timeout;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::engine::Severity;
use crate::ui::engine::{use_engine_handle, use_progress};
use crate::ui::fields::{Field, Kind};
use crate::ui::focus;
use crate::ui::format;
use crate::ui::store::{Action, RunState, Store};

/// Live mode re-runs a scenario after an edit only if it is this small (issues over all
/// replications), so results follow typing without a queue of long runs.
pub const LIVE_MAX_ISSUES: f64 = 400_000.0;

/// Says that a run was stopped by closing or reloading the page, and offers to run again.
#[component]
pub fn InterruptedBar() -> Html {
    let store = use_context::<Store>().expect("store");
    let engine = use_engine_handle();
    let again = {
        let (store, engine) = (store.clone(), engine.clone());
        Callback::from(move |_| {
            engine.run(&store, false);
            // The notice goes with the button: keep the keyboard's place on Cancel.
            Timeout::new(0, || focus::focus_quietly("cancel")).forget();
        })
    };
    let runnable = store.checked.runnable;
    let dismiss = Callback::from(move |_| store.dispatch(Action::DismissInterrupted));
    html! {
        <div class="notice warning" id="interrupted-run" role="alert">
            <span>{ "A run was in progress when the page was closed or reloaded; it was stopped." }</span>
            <button class="button small primary" id="run-again" onclick={again} disabled={!runnable}
                title={(!runnable).then_some("The scenario has errors to fix first")}>{ "Run again" }</button>
            <button class="button small" onclick={dismiss}>{ "Dismiss" }</button>
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct RunPanelProps {
    /// A problem was chosen: show the field at its path.
    pub on_problem: Callback<String>,
}

/// Run and Cancel, the replications, live mode, where the run stands, and the problem list.
#[component]
pub fn RunPanel(props: &RunPanelProps) -> Html {
    let store = use_context::<Store>().expect("store");
    let engine = use_engine_handle();
    let errors = store.checked.errors().count();
    let on_run = {
        let (store, engine) = (store.clone(), engine.clone());
        Callback::from(move |_| {
            engine.run(&store, false);
            // Run disables itself: keep the keyboard's place on the button that now does something.
            Timeout::new(0, || focus::focus_quietly("cancel")).forget();
        })
    };
    // When a run ends, a focus left nowhere (on the Cancel button that disabled itself) goes
    // back to Run.
    {
        let running = matches!(store.run, RunState::Running { .. });
        use_effect_with(running, move |&running| {
            let lost = gloo::utils::document().active_element().is_none_or(|e| e.tag_name() == "BODY");
            if !running && lost {
                focus::focus_quietly("run");
            }
        });
    }
    let on_cancel = {
        let (store, engine) = (store.clone(), engine.clone());
        Callback::from(move |_| engine.cancel(&store))
    };
    let on_live = {
        let store = store.clone();
        Callback::from(move |e: Event| {
            store.dispatch(Action::SetLive(e.target_unchecked_into::<HtmlInputElement>().checked()));
        })
    };
    let running = matches!(store.run, RunState::Running { .. });
    let too_big = store.checked.expected_issues > LIVE_MAX_ISSUES;
    let fraction = use_progress(&store.run);
    let status = match (&store.run, errors) {
        (RunState::Running { .. }, _) => format!("Running… {}", format::percent(fraction)),
        (_, 0) if store.report_is_current() => match store.last_run {
            Some((ms, reps)) => format!("Up to date: {reps} replications in {} s", format::trim(ms / 1000.0, 2)),
            None => "Up to date".into(),
        },
        (_, 0) if store.report.is_some() => "Results are from an earlier version of the scenario".into(),
        (_, 0) => "Ready to run".into(),
        (_, n) => format!("Cannot run: {n} error{} to fix", if n == 1 { "" } else { "s" }),
    };
    html! {
        <section class="run-panel" aria-label="Run">
            <div class="run-controls">
                <button class="button primary" id="run" onclick={on_run} disabled={errors > 0 || running}>{ "Run" }</button>
                <button class="button" id="cancel" onclick={on_cancel} disabled={!running}>{ "Cancel" }</button>
                // Until precise, the count is the run's to find: its most is set in the run settings.
                if let Some(most) = precise_up_to(&store) {
                    <p class="field replications" id="replications-precise">{ format!("Replications: until precise, up to {most}") }</p>
                } else {
                    <Field label="Replications" pointer="/run/replications" kind={Kind::Integer} class="replications" />
                }
                <div class="field check">
                    <input id="live" type="checkbox" checked={store.live} onchange={on_live} />
                    <label for="live">{ "Live: re-run after each edit" }</label>
                </div>
            </div>
            <div class="run-status" id="run-status" role="status" aria-live="polite" data-state={if running { "running" } else { "idle" }}
                data-elapsed-ms={store.last_run.map(|(ms, _)| ms.to_string())}>
                <span>{ status }</span>
                if let (true, Some(text)) = (running, &store.narrowing) {
                    <span id="precision-progress">{ format!(" · {text}") }</span>
                }
                if store.live && too_big && errors == 0 {
                    <span class="hint">{ format!(" · about {} issues: too large for live re-runs, press Run", format::count(store.checked.expected_issues)) }</span>
                }
            </div>
            <progress id="run-progress" max="1" value={fraction.to_string()} class={classes!((!running).then_some("idle"))} aria-label="Run progress" />
            <ProblemList on_problem={props.on_problem.clone()} />
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct ProblemListProps {
    on_problem: Callback<String>,
}

/// Every problem of the scenario; each jumps to its field.
#[component]
fn ProblemList(props: &ProblemListProps) -> Html {
    let store = use_context::<Store>().expect("store");
    let problems = &store.checked.problems;
    if problems.is_empty() {
        return html! { <p class="problems-none" id="problems">{ "No problems found." }</p> };
    }
    html! {
        <div class="problems" id="problems">
            <h3>{ format!("{} problem{}", problems.len(), if problems.len() == 1 { "" } else { "s" }) }</h3>
            <ul>
                { for problems.iter().map(|p| {
                    let path = p.path.clone();
                    let on_problem = props.on_problem.clone();
                    let class = if p.severity == Severity::Error { "problem error" } else { "problem warning" };
                    html! {
                        <li class={class}>
                            <button class="link" onclick={Callback::from(move |_| on_problem.emit(path.clone()))}>
                                <span class="severity">{ if p.severity == Severity::Error { "Error" } else { "Warning" } }</span>
                                if !p.path.is_empty() {
                                    <span class="problem-place" title={p.path.clone()}>{
                                        match (p.line, p.column) {
                                            (Some(l), Some(c)) => format!("{}, line {l}, column {c}", crate::authoring::pointer::place_of(&store.doc, &p.path)),
                                            _ => crate::authoring::pointer::place_of(&store.doc, &p.path),
                                        }
                                    }</span>
                                }
                                <span>{ &p.message }</span>
                            </button>
                        </li>
                    }
                }) }
            </ul>
        </div>
    }
}

/// In precision mode, the most replications a run may take (the scenario's, or the default).
fn precise_up_to(store: &Store) -> Option<u64> {
    let precision = store.doc.pointer("/run/precision")?;
    let most = precision.get("max_replications").and_then(serde_json::Value::as_u64);
    Some(most.unwrap_or(u64::from(crate::engine::precision::DEFAULT_MAX_REPLICATIONS)))
}
