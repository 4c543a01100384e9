//! The page's header and the notices under it: the header's actions on the whole scenario, a
//! notice not tied to a field (an import that failed, storage trouble), and the offer to undo a
//! scenario a preset, import or link replaced.

use gloo::timers::callback::Timeout;
use serde_json::Value;
use yew::prelude::*;

use crate::authoring::opening::replaced_message;
use crate::ui::focus;
use crate::ui::import::ImportButton;
use crate::ui::presets::{self, PRESETS};
use crate::ui::storage;
use crate::ui::store::{Action, Notice, NoticeKind, Store};

/// The app's name, the scenario's own name and where it came from, and the actions on the whole
/// scenario: undo and redo, presets, import, export, share link.
#[component]
pub fn Header() -> Html {
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
                <ImportButton />
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
                    Timeout::new(0, || focus::focus("share")).forget();
                })
            }} />
        }
        </>
    }
}

#[derive(Properties, PartialEq)]
pub struct NoticeProps {
    pub notice: Notice,
}

/// The offer to undo a replaced scenario, while the history can: the same as pressing Undo until
/// the replacement is undone.
#[component]
pub fn UndoBar() -> Html {
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

#[component]
pub fn NoticeBanner(props: &NoticeProps) -> Html {
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
