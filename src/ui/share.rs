//! Share links in the page: opening the scenario a link's fragment carries (when the page loads,
//! and when a link is pasted into the address bar of the open app), and making a link to the
//! current one (`engine::share` is the format).

mod snippet;

use serde_json::Value;
use yew::prelude::*;

use crate::engine::share;
use crate::ui::fields::use_store;
use crate::ui::store::{Action, Notice, NoticeKind, Store};

/// The scenario of the link the page was opened with, if its fragment carries one: `Ok` with the
/// scenario, or `Err` with what is wrong (the caller keeps the current scenario). The fragment is
/// then removed from the address, so that a reload restores the autosaved work, not the link.
pub fn opened_with() -> Option<Result<Value, Notice>> {
    let window = web_sys::window()?;
    let hash = window.location().hash().ok()?;
    let fragment = hash.strip_prefix('#').unwrap_or(&hash);
    if !share::is_link(fragment) {
        return None;
    }
    let opened = share::decode(fragment)
        .map_err(|e| Notice {
            kind: NoticeKind::Error,
            title: "Could not open the link; the current scenario is unchanged".into(),
            lines: vec![e.to_string()],
        })
        .and_then(|text| {
            crate::authoring::opening::import("the link", Ok(text)).map_err(|mut n| {
                n.title = "Could not open the link; the current scenario is unchanged".into();
                n
            })
        });
    let location = window.location();
    let plain = format!("{}{}", location.pathname().unwrap_or_default(), location.search().unwrap_or_default());
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&plain));
    }
    Some(opened)
}

/// The page's address without query or fragment (from the whole address: a page opened from
/// `file://` has no origin).
fn page() -> String {
    let href = web_sys::window().and_then(|w| w.location().href().ok()).unwrap_or_default();
    crate::authoring::embed::page_address(&href).to_string()
}

#[derive(Properties, PartialEq)]
pub struct ShareBoxProps {
    pub on_close: Callback<()>,
}

/// The link to the current scenario, selected for copying, with its length.
#[component]
pub fn ShareBox(props: &ShareBoxProps) -> Html {
    let store = use_store();
    // Compressing the scenario once per edit, not on every progress message.
    let fragment = {
        let doc = store.doc.clone();
        use_memo(store.revision, move |_| share::encode_within_limits(&doc.to_string()))
    };
    let close = props.on_close.reform(|_| ());
    let on_key = {
        let close = props.on_close.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                close.emit(());
            }
        })
    };
    let fragment = match &*fragment {
        Ok(f) => f.clone(),
        Err(message) => {
            return html! {
                <section class="share-box" aria-labelledby="share-title" onkeydown={on_key}>
                    <h2 id="share-title">{ "Share link" }</h2>
                    <p class="problem error" role="alert" id="share-problem">{ format!("This scenario is too large to share as a link: {message}. Export it as a file instead.") }</p>
                    <button class="button" onclick={close}>{ "Close" }</button>
                </section>
            };
        }
    };
    let link = format!("{}#{fragment}", page());
    let input = use_node_ref();
    {
        let input = input.clone();
        use_effect_with(link.clone(), move |_| {
            if let Some(i) = input.cast::<web_sys::HtmlInputElement>() {
                let _ = i.focus();
                i.select();
            }
        });
    }
    html! {
        <section class="share-box" aria-labelledby="share-title" onkeydown={on_key}>
            <h2 id="share-title">{ "Share link" }</h2>
            <p class="hint">{ format!(
                "The whole scenario and its seed are in this link ({} characters): whoever opens it gets the same run, with no server. Copy it (Ctrl+C or ⌘C).",
                link.chars().count()
            ) }</p>
            <input id="share-link" ref={input} readonly=true value={link} aria-label="Link to this scenario" />
            <snippet::EmbedSnippet fragment={fragment.clone()} page={page()} />
            <button class="button" onclick={close}>{ "Close" }</button>
        </section>
    }
}

/// A link pasted into the address bar of the open app changes only the fragment: open it then
/// too (the page is not reloaded). An embed keeps the scenario it was given.
#[hook]
pub fn use_pasted_links(store: &Store) {
    let store = store.clone();
    use_effect_with((), move |()| {
        let window = web_sys::window().expect("a window");
        let on_hash = wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || {
            if crate::ui::embed::requested().is_some() {
                return;
            }
            match opened_with() {
                Some(Ok(doc)) => {
                    let notice = crate::authoring::opening::opened_notice("the shared link", &doc);
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
