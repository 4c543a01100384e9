//! Share links in the page: opening the scenario a link's fragment carries, and making a link to
//! the current one (`engine::share` is the format).

use serde_json::Value;
use yew::prelude::*;

use crate::engine::share;
use crate::ui::fields::use_store;
use crate::ui::store::{Notice, NoticeKind};

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
            crate::ui::app::import("the link", Ok(text)).map_err(|mut n| {
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

/// The page's address without query or fragment.
fn page() -> String {
    web_sys::window()
        .and_then(|w| {
            let l = w.location();
            Some(format!("{}{}", l.origin().ok()?, l.pathname().ok()?))
        })
        .unwrap_or_default()
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
            <EmbedSnippet fragment={fragment.clone()} />
            <button class="button" onclick={close}>{ "Close" }</button>
        </section>
    }
}

/// The `<iframe>` that embeds the current scenario in a documentation page, with the charts,
/// read-only choice and sliders the writer picks.
#[derive(Properties, PartialEq)]
struct SnippetProps {
    /// The current scenario as a link's fragment.
    fragment: AttrValue,
}

#[component]
fn EmbedSnippet(props: &SnippetProps) -> Html {
    let store = use_store();
    let charts = use_state(|| share::Embed::default().charts);
    let readonly = use_state(|| false);
    let sliders = use_state(String::new);
    let query = {
        let mut q = format!("embed=1&charts={}", charts.join(","));
        if *readonly {
            q.push_str("&readonly=1");
        }
        for s in sliders.split_whitespace() {
            q.push_str(&format!("&slider={s}"));
        }
        q
    };
    // The scenario read once per edit, not on every progress message the box re-renders for.
    let doc = {
        let doc = store.doc.clone();
        use_memo(store.revision, move |_| crate::ui::store::document_of(&doc))
    };
    let checked = share::Embed::from_query(&query).unwrap_or(Err("no embed".into())).and_then(|e| match &*doc {
        Some(doc) => e.check_against(doc).map(|()| e),
        None => Ok(e),
    });
    let name = store.doc.get("name").and_then(Value::as_str).unwrap_or("Escalation scenario");
    let snippet = checked.as_ref().ok().map(|e| {
        let title = name.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;");
        format!(
            "<iframe src=\"{}?{}#{}\" title=\"{title}\" width=\"100%\" height=\"720\" style=\"border:0\" loading=\"lazy\"></iframe>",
            page(),
            e.to_query(),
            props.fragment
        )
    });
    let toggle = |name: &'static str| {
        let charts = charts.clone();
        Callback::from(move |_| {
            let mut next = (*charts).clone();
            match next.iter().position(|c| c == name) {
                Some(i) => {
                    next.remove(i);
                }
                None => next.push(name.to_string()),
            }
            charts.set(next);
        })
    };
    html! {
        <details class="embed-snippet">
            <summary>{ "Embed in a page" }</summary>
            <fieldset>
                <legend>{ "Charts" }</legend>
                { for share::EMBED_CHARTS.iter().map(|(c, what)| html! {
                    <label class="check" title={*what}>
                        <input type="checkbox" data-chart={*c} checked={charts.iter().any(|x| x == c)} onchange={toggle(c)} />
                        { *c }
                    </label>
                }) }
            </fieldset>
            <label class="check">
                <input type="checkbox" id="embed-readonly" checked={*readonly}
                    onchange={{ let r = readonly.clone(); Callback::from(move |_| r.set(!*r)) }} />
                { "Read-only (no link into the full app)" }
            </label>
            <label for="embed-sliders">{ "Sliders (up to 4, space-separated)" }</label>
            <input id="embed-sliders" placeholder="staff:L2:-2..4 rate:60..180:10" value={(*sliders).clone()}
                oninput={{ let s = sliders.clone(); Callback::from(move |e: InputEvent| s.set(e.target_unchecked_into::<web_sys::HtmlInputElement>().value())) }} />
            { match (&checked, snippet) {
                (Ok(_), Some(text)) => html! {
                    <>
                    <textarea id="embed-code" readonly=true rows="4" aria-label="Embed code" value={text} />
                    <p class="hint">{ "Served from a web server, the embed loads from this address. For pages opened from file://, copy standalone.html (the whole app in one file, built beside index.html) next to them and point src at it." }</p>
                    </>
                },
                (Err(message), _) => html! { <p class="problem error" role="alert">{ message.clone() }</p> },
                _ => Html::default(),
            } }
        </details>
    }
}
