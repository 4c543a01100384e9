//! The root component: header (undo and redo, presets, import, export), the editors, the run
//! panel with the problem list, and the results. It owns the store and the engine worker.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::timers::callback::Timeout;
use gloo::worker::WorkerBridge;
use serde_json::Value;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::engine::{self, Severity};
use crate::ui::charts::{
    BreachHeatmap, FiredCounts, FlowDiagram, JourneyTimeline, KpiCards, QueueChart, ResolutionChart, UtilizationChart,
};
use crate::ui::editor::{Editors, Tab};
use crate::ui::fields::{Field, Kind, dom_id};
use crate::ui::format;
use crate::ui::presets::{self, PRESETS};
use crate::ui::storage;
use crate::ui::store::{Action, Notice, NoticeKind, Replaced, RunState, State, Store, WhatIf};
use crate::ui::worker::{self, EngineWorker, Request, Response};

/// Live mode re-runs a scenario after an edit only if it is this small (issues over all
/// replications), so results follow typing without a queue of long runs.
pub const LIVE_MAX_ISSUES: f64 = 400_000.0;
/// Quiet time after the last edit before a live re-run, ms.
const LIVE_DELAY_MS: u32 = 350;

/// The first state: the autosaved scenario if there is one, else the default preset.
fn initial_state() -> State {
    // An embed shows the scenario its link carries and never touches the visitor's storage.
    if crate::ui::embed::requested().is_some() {
        let (doc, notice) = match crate::ui::share::opened_with() {
            Some(Ok(linked)) => {
                // Sliders that do not fit the scenario are refused now, not when first moved.
                let misfit = match (crate::ui::embed::requested(), crate::ui::store::document_of(&linked)) {
                    (Some(Ok(embed)), Some(doc)) => embed.check_against(&doc).err(),
                    _ => None,
                };
                let notice = misfit.map(|m| Notice {
                    kind: NoticeKind::Error,
                    title: "A slider of this embed does not fit its scenario".into(),
                    lines: vec![m],
                });
                (linked, notice)
            }
            Some(Err(problem)) => (Value::Null, Some(problem)),
            None => (
                Value::Null,
                Some(Notice {
                    kind: NoticeKind::Error,
                    title: "This embed carries no scenario".into(),
                    lines: vec!["its address should end with #s=… (make one with Share link)".into()],
                }),
            ),
        };
        let mut state = State::new(doc, None);
        state.notice = notice;
        return state;
    }
    let default = || {
        let p = presets::find(presets::DEFAULT).expect("the default preset exists");
        (serde_json::from_str(p.text).expect("presets are JSON"), Some(p.key.to_string()))
    };
    let (doc, preset, notice, baseline) = match storage::load() {
        Ok(Some(saved)) => (saved.doc, saved.preset, None, saved.baseline),
        Ok(None) => {
            let (d, p) = default();
            (d, p, None, None)
        }
        Err(message) => {
            let (d, p) = default();
            (d, p, Some(Notice { kind: NoticeKind::Warning, title: "Storage".into(), lines: vec![message] }), None)
        }
    };
    // A share link wins over the autosaved work, which stays one click away; a broken link
    // leaves the work and says why.
    let (doc, preset, notice, replaced) = match crate::ui::share::opened_with() {
        Some(Ok(linked)) if linked != doc => {
            let replaced = Replaced { doc: Rc::new(doc), preset, by: "the shared link".into() };
            let notice = opened_notice("the shared link", &linked).or(notice);
            (linked, None, notice, Some(replaced))
        }
        Some(Ok(linked)) => {
            let notice = opened_notice("the shared link", &linked).or(notice);
            (linked, None, notice, None)
        }
        Some(Err(problem)) => (doc, preset, Some(problem), None),
        None => (doc, preset, notice, None),
    };
    let mut state = State::new(doc, preset);
    state.notice = notice;
    if let Some(replaced) = replaced {
        state.opened_over(replaced);
    }
    state.baseline = baseline.map(Rc::new);
    state.interrupted = storage::was_running();
    state
}

pub type Bridge = Rc<RefCell<Option<WorkerBridge<EngineWorker>>>>;

/// Sends the current scenario to the worker.
pub fn start_run(store: &Store, bridge: &Bridge, live: bool) {
    if !store.checked.runnable {
        return;
    }
    let id = store.next_run_id();
    store.dispatch(Action::RunStarted { id, live });
    if let Some(b) = bridge.borrow().as_ref() {
        let scenario = serde_json::to_string(&*store.doc).expect("a JSON value serializes");
        b.send(Request::Run { id, scenario, replications: None });
    }
}

#[component]
pub fn App() -> Html {
    let store = use_reducer(initial_state);
    let tab = use_state(|| Tab::Matrix);
    let bridge: Bridge = use_mut_ref(|| None);

    // The engine worker, spawned once; its answers become store actions.
    {
        let (store, bridge) = (store.clone(), bridge.clone());
        use_effect_with((), move |()| {
            let b = worker::spawn(move |response| match response {
                Response::Progress { id, fraction } => store.dispatch(Action::Progress { id, fraction }),
                Response::Done { id, report, elapsed_ms } => {
                    let replications = report.replications;
                    store.dispatch(Action::Finished { id, report: Rc::new(*report), elapsed_ms, replications })
                }
                Response::Compared { id, comparison, .. } => {
                    store.dispatch(Action::Compared { id, comparison: Rc::new(*comparison) })
                }
                Response::Swept { id, sweep } => {
                    store.dispatch(Action::WhatIfDone { id, result: WhatIf::Sweep(Rc::new(*sweep)) })
                }
                Response::Staffed { id, staffing, target } => {
                    store.dispatch(Action::WhatIfDone { id, result: WhatIf::Staffing(Rc::new(*staffing), target) })
                }
                Response::Refused { id, message } => {
                    store.dispatch(Action::WhatIfDone { id, result: WhatIf::Refused(message) })
                }
                Response::Invalid { id, .. } | Response::Cancelled { id } => store.dispatch(Action::Stopped { id }),
            });
            *bridge.borrow_mut() = Some(b);
            move || drop(bridge.borrow_mut().take())
        });
    }

    // A link pasted into the address bar of the open app changes only the fragment: open it
    // then too (the page is not reloaded). An embed keeps the scenario it was given.
    {
        let store = store.clone();
        use_effect_with((), move |()| {
            let window = web_sys::window().expect("a window");
            let on_hash = wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || {
                if crate::ui::embed::requested().is_some() {
                    return;
                }
                match crate::ui::share::opened_with() {
                    Some(Ok(doc)) => {
                        let notice = opened_notice("the shared link", &doc);
                        store.dispatch(Action::Replace { doc, preset: None, by: "the shared link".into() });
                        store.dispatch(Action::Notify(notice));
                    }
                    Some(Err(notice)) => store.dispatch(Action::Notify(Some(notice))),
                    None => {}
                }
            });
            window.set_onhashchange(Some(wasm_bindgen::JsCast::unchecked_ref(on_hash.as_ref())));
            move || {
                window.set_onhashchange(None);
                drop(on_hash);
            }
        });
    }

    let embed = use_memo((), |()| crate::ui::embed::requested().map(|r| r.map(Rc::new)));
    // Live mode: re-run a moment after each edit (and once at start; an embed runs once at start
    // whatever its size).
    {
        let (s, bridge) = (store.clone(), bridge.clone());
        let small = store.checked.expected_issues <= LIVE_MAX_ISSUES || (embed.is_some() && store.report.is_none());
        // A comparison the user started is not pre-empted: the re-run waits for it to end.
        let wanted =
            store.live && store.checked.runnable && small && store.tool.is_none() && !store.report_is_current();
        use_effect_with((store.revision, wanted), move |&(_, wanted)| {
            let timer = wanted.then(|| Timeout::new(LIVE_DELAY_MS, move || start_run(&s, &bridge, true)));
            move || drop(timer)
        });
    }

    // A run the user started is marked in storage while it lasts, so that a reload during it can
    // say it stopped one. (Live re-runs start again by themselves after a reload.)
    {
        let user_run = matches!(store.run, RunState::Running { live: false, .. }) && store.tool.is_none();
        let embedded = embed.is_some();
        use_effect_with(user_run, move |&user_run| {
            if !embedded {
                storage::mark_running(user_run);
            }
        });
    }
    crate::ui::undo::use_undo_keys(store.clone(), embed.is_none());

    // Autosave after each edit; a failure is reported once, and cleared when saving works again.
    {
        let s = store.clone();
        let embedded = embed.is_some();
        // The baseline by identity: it is replaced, never edited, and comparing whole documents
        // on every render (progress messages) would be work for nothing.
        use_effect_with((store.revision, store.baseline.as_ref().map(Rc::as_ptr)), move |_| {
            if embedded {
                return;
            }
            let result = storage::save(&s.doc, s.preset.as_deref(), s.baseline.as_deref());
            let storage_notice = s.notice.as_ref().is_some_and(|n| n.title == "Storage");
            match result {
                Err(message) if !storage_notice => s.dispatch(Action::Notify(Some(Notice {
                    kind: NoticeKind::Warning,
                    title: "Storage".into(),
                    lines: vec![message],
                }))),
                Ok(()) if storage_notice => s.dispatch(Action::Notify(None)),
                _ => {}
            }
        });
    }

    let on_tab = {
        let tab = tab.clone();
        Callback::from(move |t: Tab| tab.set(t))
    };
    // Jump to the field a problem concerns: open its tab, then focus it once it is drawn.
    let on_problem = {
        let tab = tab.clone();
        Callback::from(move |path: String| {
            tab.set(Tab::for_path(&path));
            let id = dom_id(&pointer_of(&path));
            Timeout::new(30, move || focus(&id)).forget();
        })
    };

    let base = use_memo((), |()| crate::ui::store::document_of(&store.doc).map(Rc::new));
    if let Some(requested) = &*embed {
        return html! {
            <ContextProvider<Store> context={store.clone()}>
                <div class="app embed-app">
                    if let Some(n) = &store.notice { <NoticeBanner notice={n.clone()} /> }
                    { match (requested, &*base) {
                        (Ok(e), Some(b)) => html! {
                            <crate::ui::embed::EmbedView embed={e.clone()} base={b.clone()} bridge={BridgeProp(bridge.clone())} />
                        },
                        (Err(message), _) => html! {
                            <p class="notice error" role="alert">{ format!("This embed's address is wrong: {message}.") }</p>
                        },
                        (Ok(_), None) => Html::default(),
                    } }
                </div>
            </ContextProvider<Store>>
        };
    }
    html! {
        <ContextProvider<Store> context={store.clone()}>
            <div class="app">
                <Header />
                if let Some(n) = &store.notice { <NoticeBanner notice={n.clone()} /> }
                if store.interrupted { <InterruptedBar bridge={BridgeProp(bridge.clone())} /> }
                <UndoBar />
                <main class="layout">
                    <div class="edit-column">
                        <Editors tab={*tab} {on_tab} />
                    </div>
                    <div class="result-column">
                        <RunPanel bridge={BridgeProp(bridge.clone())} {on_problem} />
                        <crate::ui::compare::CompareCard bridge={BridgeProp(bridge.clone())} />
                        <crate::ui::whatif::WhatIfCard bridge={BridgeProp(bridge.clone())} />
                        <crate::ui::trainer::TrainerCard />
                        <Results />
                    </div>
                </main>
                <footer class="footer">
                    { "Escalation Lab — runs entirely in this browser; nothing is sent anywhere." }
                </footer>
            </div>
        </ContextProvider<Store>>
    }
}

pub use crate::authoring::pointer::{place_of, pointer_of};

fn element(id: &str) -> Option<web_sys::HtmlElement> {
    use wasm_bindgen::JsCast;
    gloo::utils::document().get_element_by_id(id).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
}

/// Focuses the element with this id, without scrolling the page.
fn focus_quietly(id: &str) {
    if let Some(el) = element(id) {
        let _ = el.focus();
    }
}

/// Focuses the element with this id and scrolls it into view.
fn focus(id: &str) {
    if let Some(el) = element(id) {
        let _ = el.focus();
        el.scroll_into_view_with_bool(false);
    }
}

/// A bridge handle as a prop (compared by identity).
#[derive(Clone)]
pub struct BridgeProp(pub Bridge);

impl PartialEq for BridgeProp {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

#[component]
fn Header() -> Html {
    let store = use_context::<Store>().expect("store");
    let on_preset = {
        let store = store.clone();
        Callback::from(move |e: Event| {
            let select = e.target_unchecked_into::<web_sys::HtmlSelectElement>();
            let key = select.value();
            // The list offers presets; the scenario's own name is shown beside it.
            select.set_selected_index(0);
            if let Some(p) = presets::find(&key) {
                let doc: Value = serde_json::from_str(p.text).expect("presets are JSON");
                store.dispatch(Action::Replace {
                    doc,
                    preset: Some(p.key.to_string()),
                    by: format!("the preset “{}”", p.title),
                });
                store.dispatch(Action::Notify(None));
            }
        })
    };
    let on_import = {
        let store = store.clone();
        let reader = use_mut_ref(|| None::<gloo::file::callbacks::FileReader>);
        Callback::from(move |e: Event| {
            let input = e.target_unchecked_into::<HtmlInputElement>();
            let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
            input.set_value("");
            let file = gloo::file::File::from(file);
            let name = file.name();
            let store = store.clone();
            let task = gloo::file::callbacks::read_as_text(&file, move |result| {
                match import(&name, result.map_err(|e| e.to_string())) {
                    Ok(doc) => {
                        let notice = opened_notice(&imported_by(&name), &doc);
                        store.dispatch(Action::Replace { doc, preset: None, by: imported_by(&name) });
                        store.dispatch(Action::Notify(notice));
                    }
                    Err(notice) => store.dispatch(Action::Notify(Some(notice))),
                }
            });
            *reader.borrow_mut() = Some(task);
        })
    };
    let on_export = {
        let store = store.clone();
        Callback::from(move |_| {
            let text = crate::ui::raw::pretty(&store.doc);
            if let Err(message) = storage::download(&storage::file_name(&store.doc), &text, "application/json") {
                store.dispatch(Action::Notify(Some(Notice {
                    kind: NoticeKind::Error,
                    title: "Export".into(),
                    lines: vec![message],
                })));
            }
        })
    };
    let sharing = use_state(|| false);
    let on_share = {
        let sharing = sharing.clone();
        Callback::from(move |_| sharing.set(!*sharing))
    };
    let current = store.preset.clone().unwrap_or_default();
    let name =
        store.doc.get("name").and_then(Value::as_str).filter(|n| !n.trim().is_empty()).unwrap_or("(untitled scenario)");
    let origin = presets::find(&current).map(|p| format!("from the preset \u{201c}{}\u{201d}", p.title));
    html! {
        <>
        <header class="header">
            <div class="brand">
                <h1>{ "Escalation Lab" }</h1>
                <p class="tagline">{ "Author an escalation matrix, run synthetic issues through it, see where SLAs break." }</p>
                <p class="scenario-title" id="scenario-title" data-preset={current.clone()}>
                    <strong>{ name }</strong>
                    if let Some(o) = origin { <span class="scenario-origin">{ " · " }{ o }</span> }
                </p>
            </div>
            <div class="header-actions">
                <crate::ui::undo::UndoButtons />
                <label for="preset" class="preset-label">{ "Preset" }</label>
                <select id="preset" onchange={on_preset}>
                    <option value="" selected=true disabled=true>{ "Start from a preset…" }</option>
                    { for PRESETS.iter().map(|p| html! {
                        <option value={p.key}>{ p.title }</option>
                    }) }
                </select>
                <label class="button" for="import-file">{ "Import…" }</label>
                <input id="import-file" class="visually-hidden" type="file" accept=".json,application/json" onchange={on_import} />
                <button class="button" onclick={on_export}>{ "Export" }</button>
                <button id="share" class="button" aria-expanded={sharing.to_string()} onclick={on_share}>{ "Share link" }</button>
            </div>
        </header>
        if *sharing {
            <crate::ui::share::ShareBox on_close={{
                let sharing = sharing.clone();
                Callback::from(move |()| {
                    sharing.set(false);
                    // Back to the button that opened it, not to the top of the page.
                    Timeout::new(0, || focus("share")).forget();
                })
            }} />
        }
        </>
    }
}

pub use crate::authoring::opening::{import, opened_notice};

#[derive(Properties, PartialEq)]
struct NoticeProps {
    notice: Notice,
}

/// The offer to undo a replaced scenario, while the history can: the same as pressing Undo until
/// the replacement is undone.
#[component]
fn UndoBar() -> Html {
    let store = use_context::<Store>().expect("store");
    let Some(r) = store.replacement().cloned() else { return Html::default() };
    let undo = {
        let store = store.clone();
        Callback::from(move |_| store.dispatch(Action::UndoReplacement))
    };
    let keep = Callback::from(move |_| store.dispatch(Action::KeepReplacement));
    html! {
        <div class="notice info undo-bar" id="undo-bar" role="status">
            <span>{ replaced_message(&r) }</span>
            <button class="button small" id="undo-replace" onclick={undo}>{ "Undo" }</button>
            <button class="button small" id="keep-replace" onclick={keep}>{ "Keep the new one" }</button>
        </div>
    }
}

pub use crate::authoring::opening::{imported_by, replaced_message};

#[component]
fn NoticeBanner(props: &NoticeProps) -> Html {
    let store = use_context::<Store>().expect("store");
    let n = &props.notice;
    let class = match n.kind {
        NoticeKind::Info => "notice info",
        NoticeKind::Warning => "notice warning",
        NoticeKind::Error => "notice error",
    };
    let dismiss = Callback::from(move |_| store.dispatch(Action::Notify(None)));
    html! {
        <div class={class} role="alert">
            <strong>{ &n.title }</strong>
            <ul>{ for n.lines.iter().map(|l| html! { <li>{ l }</li> }) }</ul>
            <button class="button small" onclick={dismiss} aria-label="Dismiss">{ "Dismiss" }</button>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct BridgeProps {
    bridge: BridgeProp,
}

/// Says that a run was stopped by closing or reloading the page, and offers to run again.
#[component]
fn InterruptedBar(props: &BridgeProps) -> Html {
    let store = use_context::<Store>().expect("store");
    let again = {
        let (store, bridge) = (store.clone(), props.bridge.0.clone());
        Callback::from(move |_| {
            start_run(&store, &bridge, false);
            // The notice goes with the button: keep the keyboard's place on Cancel.
            Timeout::new(0, || focus_quietly("cancel")).forget();
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
struct RunPanelProps {
    bridge: BridgeProp,
    on_problem: Callback<String>,
}

#[component]
fn RunPanel(props: &RunPanelProps) -> Html {
    let store = use_context::<Store>().expect("store");
    let bridge = props.bridge.0.clone();
    let errors = store.checked.errors().count();
    let on_run = {
        let (store, bridge) = (store.clone(), bridge.clone());
        Callback::from(move |_| {
            start_run(&store, &bridge, false);
            // Run disables itself: keep the keyboard's place on the button that now does something.
            Timeout::new(0, || focus_quietly("cancel")).forget();
        })
    };
    // When a run ends, a focus left nowhere (on the Cancel button that disabled itself) goes
    // back to Run.
    {
        let running = matches!(store.run, RunState::Running { .. });
        use_effect_with(running, move |&running| {
            let lost = gloo::utils::document().active_element().is_none_or(|e| e.tag_name() == "BODY");
            if !running && lost {
                focus_quietly("run");
            }
        });
    }
    let on_cancel = {
        let (store, bridge) = (store.clone(), bridge.clone());
        Callback::from(move |_| {
            if let (RunState::Running { id, .. }, Some(b)) = (&store.run, bridge.borrow().as_ref()) {
                b.send(Request::Cancel { id: *id });
            }
        })
    };
    let on_live = {
        let store = store.clone();
        Callback::from(move |e: Event| {
            store.dispatch(Action::SetLive(e.target_unchecked_into::<HtmlInputElement>().checked()))
        })
    };
    let running = matches!(store.run, RunState::Running { .. });
    let too_big = store.checked.expected_issues > LIVE_MAX_ISSUES;
    let status = match (&store.run, errors) {
        (RunState::Running { fraction, .. }, _) => format!("Running… {}", format::percent(*fraction)),
        (_, 0) if store.report_is_current() => match store.last_run {
            Some((ms, reps)) => format!("Up to date: {reps} replications in {} s", format::trim(ms / 1000.0, 2)),
            None => "Up to date".into(),
        },
        (_, 0) if store.report.is_some() => "Results are from an earlier version of the scenario".into(),
        (_, 0) => "Ready to run".into(),
        (_, n) => format!("Cannot run: {n} error{} to fix", if n == 1 { "" } else { "s" }),
    };
    let fraction = match store.run {
        RunState::Running { fraction, .. } => fraction,
        _ => 0.0,
    };
    html! {
        <section class="run-panel" aria-label="Run">
            <div class="run-controls">
                <button class="button primary" id="run" onclick={on_run} disabled={errors > 0 || running}>{ "Run" }</button>
                <button class="button" id="cancel" onclick={on_cancel} disabled={!running}>{ "Cancel" }</button>
                <Field label="Replications" pointer="/run/replications" kind={Kind::Integer} class="replications" />
                <div class="field check">
                    <input id="live" type="checkbox" checked={store.live} onchange={on_live} />
                    <label for="live">{ "Live: re-run after each edit" }</label>
                </div>
            </div>
            <div class="run-status" id="run-status" role="status" aria-live="polite" data-state={if running { "running" } else { "idle" }}
                data-elapsed-ms={store.last_run.map(|(ms, _)| ms.to_string())}>
                <span>{ status }</span>
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
                                            (Some(l), Some(c)) => format!("{}, line {l}, column {c}", place_of(&store.doc, &p.path)),
                                            _ => place_of(&store.doc, &p.path),
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

#[derive(Properties)]
struct ReportProps {
    report: Rc<engine::Report>,
}

impl PartialEq for ReportProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.report, &other.report)
    }
}

#[derive(Properties)]
struct ToolsProps {
    report: Rc<engine::Report>,
    /// The results are not the current scenario's: nothing is offered to take away.
    stale: bool,
}

impl PartialEq for ToolsProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.report, &other.report) && self.stale == other.stale
    }
}

/// Why the downloads of stale results are off.
const STALE_TOOLS: &str =
    "These results are from the scenario before your last edits: run it to download or print them";

/// Downloads of the results: each CSV table, and the printable review report. Off while the
/// results are not the current scenario's, so that no file or print passes them off as its.
#[component]
fn ResultsTools(props: &ToolsProps) -> Html {
    let store = use_context::<Store>().expect("store");
    let csv = |stem: &'static str| {
        let (store, report) = (store.clone(), props.report.clone());
        Callback::from(move |_| {
            let text = engine::report::csv::table(&report, stem).unwrap_or_default();
            let name = storage::file_name(&store.doc).replace(".json", &format!("-{stem}.csv"));
            if let Err(message) = storage::download(&name, &text, "text/csv") {
                store.dispatch(Action::Notify(Some(Notice {
                    kind: NoticeKind::Error,
                    title: "Export".into(),
                    lines: vec![message],
                })));
            }
        })
    };
    let print = Callback::from(|_| {
        let _ = gloo::utils::window().print();
    });
    let stale = props.stale;
    let title = stale.then_some(STALE_TOOLS);
    html! {
        <div class="results-tools" role="group" aria-label="Download the results">
            <span>{ "CSV:" }</span>
            { for engine::report::csv::TABLES.iter().map(|&stem| html! {
                <button class="button small" data-csv={stem} onclick={csv(stem)} disabled={stale} {title}>{ stem.replace('-', " ") }</button>
            }) }
            <button id="print-report" class="button small" onclick={print} disabled={stale} {title}>{ "Print review report" }</button>
        </div>
    }
}

/// Findings and recommendations worded from the figures (`engine::report::review`).
#[component]
fn ReviewCard(props: &ReportProps) -> Html {
    let text = engine::report::review::review(&props.report);
    html! {
        <section class="review" id="review" aria-labelledby="review-title">
            <h3 id="review-title">{ "Findings and recommendations" }</h3>
            <ul class="findings">{ for text.findings.iter().skip(1).map(|f| html! { <li>{ f }</li> }) }</ul>
            <h4>{ "What to try" }</h4>
            <ul class="recommendations">{ for text.recommendations.iter().map(|r| html! { <li>{ r }</li> }) }</ul>
        </section>
    }
}

/// What the banner over results that are not the current scenario's says; none while a run that
/// will replace them is under way or about to start (live re-runs), which would only flash it.
fn stale_banner(store: &State) -> Option<String> {
    if store.report.is_none() || store.report_is_current() {
        return None;
    }
    let before = "These results are from the scenario before your last edits";
    let errors = store.checked.errors().count();
    let running = matches!(store.run, RunState::Running { .. }) && store.tool.is_none();
    let live_next = store.live && store.checked.expected_issues <= LIVE_MAX_ISSUES && store.tool.is_none();
    match errors {
        0 if running || live_next => None,
        0 => Some(format!("{before}; run it again to bring them up to date.")),
        1 => Some(format!("{before}; the scenario now has 1 error, so it cannot run.")),
        n => Some(format!("{before}; the scenario now has {n} errors, so it cannot run.")),
    }
}

#[component]
fn Results() -> Html {
    let store = use_context::<Store>().expect("store");
    let Some(report) = store.report.clone() else {
        return html! { <section class="results empty" id="results"><p>{ "Run the scenario to see where issues pile up and which SLAs break." }</p></section> };
    };
    let stale = !store.report_is_current();
    html! {
        <section class={classes!("results", stale.then_some("stale"))} id="results" aria-label="Results">
            if let Some(why) = stale_banner(&store) {
                <p class="stale-banner" id="stale-results" role="status">{ why }</p>
            }
            <ResultsTools report={report.clone()} {stale} />
            <h2 class="print-only">{ format!("Post-escalation review: {}", report.scenario) }</h2>
            <p class="print-only">{ format!(
                "{} replication(s) from seed {}, {} h simulated after a {} h warm-up. {}",
                report.replications, report.seed, report.horizon_hours, report.warmup_hours, report.end_note
            ) }</p>
            <p class="bottleneck-summary" id="bottleneck-summary">{ &report.bottleneck_summary }</p>
            <ReviewCard report={report.clone()} />
            <KpiCards report={report.clone()} />
            <UtilizationChart report={report.clone()} />
            <FlowDiagram report={report.clone()} />
            <FiredCounts report={report.clone()} />
            <QueueChart report={report.clone()} />
            <ResolutionChart report={report.clone()} />
            <BreachHeatmap report={report.clone()} />
            <JourneyTimeline report={report} />
        </section>
    }
}
