//! The raw JSON view: the scenario document as text, edited in place. Text that is not JSON
//! yet (mid-typing) stays in the box with its syntax error and line:column, and the scenario keeps
//! its last good version; once the text parses it becomes the scenario. Unfinished text is kept
//! while the user looks at another tab, as long as the scenario has not changed meanwhile.

use std::cell::RefCell;

use serde_json::Value;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::ui::fields::use_store;
use crate::ui::store::Action;

thread_local! {
    /// Text that is not JSON yet, and the revision of the scenario it was typed over.
    static DRAFT: RefCell<Option<(u64, String)>> = const { RefCell::new(None) };
}

#[component]
pub fn RawJson() -> Html {
    let store = use_store();
    let draft = DRAFT.with_borrow(|d| d.as_ref().filter(|(r, _)| *r == store.revision).map(|(_, t)| t.clone()));
    // The text shown, and the revision it was last in step with.
    let error =
        use_state(|| draft.as_deref().and_then(|t| serde_json::from_str::<Value>(t).err()).map(|e| located(&e)));
    let text = use_state(|| draft.unwrap_or_else(|| pretty(&store.doc)));
    let synced = use_mut_ref(|| store.revision);
    if *synced.borrow() != store.revision {
        // The document changed elsewhere (or from this box: then it is the same scenario).
        let current: Option<Value> = serde_json::from_str(&text).ok();
        if current.as_ref() != Some(&*store.doc) {
            text.set(pretty(&store.doc));
            error.set(None);
        }
        *synced.borrow_mut() = store.revision;
    }
    let oninput = {
        let (store, text, error) = (store.clone(), text.clone(), error.clone());
        Callback::from(move |e: InputEvent| {
            let t = e.target_unchecked_into::<HtmlTextAreaElement>().value();
            match serde_json::from_str::<Value>(&t) {
                Ok(doc) => {
                    DRAFT.set(None);
                    error.set(None);
                    store.dispatch(Action::Edit(doc));
                }
                Err(e) => {
                    DRAFT.set(Some((store.revision, t.clone())));
                    error.set(Some(located(&e)));
                }
            }
            text.set(t);
        })
    };
    let lines = text.lines().count();
    html! {
        <section class="raw-json" aria-labelledby="raw-json-title">
            <h3 id="raw-json-title">{ "Scenario as JSON" }</h3>
            <p class="hint">{ "The same document the editors change. Edits here apply as soon as the text is valid JSON; the format is described in docs/scenario-format.md." }</p>
            <label for="raw-json-text" class="visually-hidden">{ "Scenario JSON" }</label>
            <textarea id="raw-json-text" spellcheck="false" rows={lines.clamp(12, 40).to_string()}
                aria-invalid={error.is_some().to_string()} aria-describedby="raw-json-error"
                value={(*text).clone()} {oninput} />
            if let Some(e) = &*error {
                <p class="problem error" id="raw-json-error" role="status">
                    { format!("Not valid JSON yet, so the scenario keeps its last valid version — {e}") }
                </p>
            }
        </section>
    }
}

pub fn pretty(doc: &Value) -> String {
    serde_json::to_string_pretty(doc).expect("a JSON value serializes")
}

/// Where and what: "line L, column C: message".
fn located(e: &serde_json::Error) -> String {
    format!("line {}, column {}: {}", e.line(), e.column(), describe(e))
}

/// serde_json's message without its own " at line L column C" suffix.
pub fn describe(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.rfind(" at line ") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}
