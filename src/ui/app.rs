//! The root component: builds the store and the engine worker ([`crate::ui::engine`]), provides
//! both as contexts, and lays out the page: header ([`crate::ui::header`]), editors, run panel
//! ([`crate::ui::run_panel`]), and the results pane ([`crate::ui::pane`]: the results, and the
//! compare, what-if and trainer tools one tab away). It also holds what belongs to the whole page: the first state
//! (autosave, share link or embed), live re-runs after edits, autosave, and the mark of a run in
//! progress.

use std::rc::Rc;

use gloo::timers::callback::Timeout;
use serde_json::Value;
use yew::prelude::*;

use crate::authoring::opening::opened_notice;
use crate::authoring::pointer::pointer_of;
use crate::engine::Document;
use crate::ui::editor::{Editors, Tab};
use crate::ui::engine::{Engine, use_engine};
use crate::ui::fields::dom_id;
use crate::ui::focus;
use crate::ui::header::{Header, NoticeBanner, UndoBar};
use crate::ui::pane::ResultsPane;
use crate::ui::presets;
use crate::ui::run_panel::{InterruptedBar, LIVE_MAX_ISSUES, RunPanel};
use crate::ui::share::use_pasted_links;
use crate::ui::storage;
use crate::ui::store::{Action, Notice, NoticeKind, Replaced, RunState, State, Store};

/// Quiet time after the last edit before a live re-run, ms.
const LIVE_DELAY_MS: u32 = 350;

/// The first state: the autosaved scenario if there is one, else the default preset.
fn initial_state() -> State {
    // An embed shows the scenario its link carries and never touches the visitor's storage.
    if let Some(requested) = crate::ui::embed::requested() {
        // A scenario file beside the page is read once the page is up (`use_embed_source`).
        if requested.as_ref().is_ok_and(|e| e.src.is_some()) {
            return State::new(Value::Null, None);
        }
        let (doc, notice) = match crate::ui::share::opened_with() {
            Some(Ok(linked)) => {
                // Sliders or a chosen issue that do not fit the scenario are refused now, not when used.
                let misfit = match (&requested, crate::ui::store::document_of(&linked)) {
                    (Ok(embed), Some(doc)) => embed.check_against(&doc).err(),
                    _ => None,
                };
                let notice = misfit.map(|m| Notice {
                    kind: NoticeKind::Error,
                    title: "This embed does not fit its scenario".into(),
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

type Requested = Option<Result<Rc<crate::authoring::embed::Embed>, String>>;

/// An embed's `src=` file, read once at start: its scenario replaces the empty one (and becomes
/// the base its sliders move), or the notice says why it cannot be shown. Returns the file's name
/// while it is being read.
#[hook]
fn use_embed_source(
    store: &Store,
    embed: &Rc<Requested>,
    base: &UseStateHandle<Option<Rc<Document>>>,
) -> Option<String> {
    let src = match &**embed {
        Some(Ok(e)) => e.src.clone().map(|s| (s, e.clone())),
        _ => None,
    };
    let name = src.as_ref().map(|(s, _)| s.clone());
    let (store, base) = (store.clone(), base.clone());
    use_effect_with((), move |()| {
        if let Some((src, embed)) = src {
            wasm_bindgen_futures::spawn_local(async move {
                let read = crate::ui::embed::fetch_source(&src).await;
                match read.and_then(|(value, doc)| embed.check_against(&doc).map(|()| (value, doc))) {
                    Ok((value, doc)) => {
                        base.set(Some(Rc::new(doc)));
                        store.dispatch(Action::Edit(value));
                    }
                    Err(message) => store.dispatch(Action::Notify(Some(Notice {
                        kind: NoticeKind::Error,
                        title: "This embed's scenario file cannot be shown".into(),
                        lines: vec![message],
                    }))),
                }
            });
        }
    });
    name
}

#[component]
pub fn App() -> Html {
    let store = use_reducer(initial_state);
    let tab = use_state(|| Tab::Matrix);

    let engine = use_engine(&store);
    use_pasted_links(&store);

    let embed = use_memo((), |()| crate::ui::embed::requested().map(|r| r.map(Rc::new)));
    // Live mode: re-run a moment after each edit (and once at start; an embed runs once at start
    // whatever its size).
    {
        let (s, engine) = (store.clone(), engine.clone());
        let small = store.checked.expected_issues <= LIVE_MAX_ISSUES || (embed.is_some() && store.report.is_none());
        // A comparison the user started is not pre-empted: the re-run waits for it to end.
        let wanted =
            store.live && store.checked.runnable && small && store.tool.is_none() && !store.report_is_current();
        use_effect_with((store.revision, wanted), move |&(_, wanted)| {
            let timer = wanted.then(|| Timeout::new(LIVE_DELAY_MS, move || engine.run(&s, true)));
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
            Timeout::new(30, move || focus::focus(&id)).forget();
        })
    };

    let base = use_state(|| crate::ui::store::document_of(&store.doc).map(Rc::new));
    let reading = use_embed_source(&store, &embed, &base);
    if let Some(requested) = &*embed {
        return html! {
            <ContextProvider<Store> context={store.clone()}>
            <ContextProvider<Engine> context={engine.clone()}>
                <div class="app embed-app">
                    if let Some(n) = &store.notice { <NoticeBanner notice={n.clone()} /> }
                    { match (requested, &*base) {
                        (Ok(e), Some(b)) => html! {
                            <crate::ui::embed::EmbedView embed={e.clone()} base={b.clone()} />
                        },
                        (Err(message), _) => html! {
                            <p class="notice error" role="alert">{ format!("This embed's address is wrong: {message}.") }</p>
                        },
                        (Ok(_), None) => match &reading {
                            Some(src) if store.notice.is_none() => html! {
                                <p class="embed-status" id="embed-loading">{ format!("Reading {src}…") }</p>
                            },
                            _ => Html::default(),
                        },
                    } }
                </div>
            </ContextProvider<Engine>>
            </ContextProvider<Store>>
        };
    }
    html! {
        <ContextProvider<Store> context={store.clone()}>
        <ContextProvider<Engine> context={engine}>
            <div class="app">
                <Header />
                if let Some(n) = &store.notice { <NoticeBanner notice={n.clone()} /> }
                if store.interrupted { <InterruptedBar /> }
                <UndoBar />
                <main class="layout">
                    <div class="edit-column">
                        <Editors tab={*tab} {on_tab} />
                    </div>
                    <div class="result-column">
                        <RunPanel {on_problem} />
                        <ResultsPane />
                    </div>
                </main>
                <footer class="footer">
                    { "Escalation Lab — runs entirely in this browser; nothing is sent anywhere." }
                </footer>
            </div>
        </ContextProvider<Engine>>
        </ContextProvider<Store>>
    }
}
