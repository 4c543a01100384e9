//! Bringing a scenario in from a file: the header's *Import…* button (a JSON file read with
//! gloo). A scenario file replaces the scenario at once; a vendor's policy (PagerDuty, Opsgenie,
//! Zendesk) is first shown in a dialog, with what maps and what does not, and replaces it only
//! on *Use this scenario*. What the app says about a file (its preview, its errors, or why it
//! could not be read) is `authoring::import_preview`'s and `authoring::opening`'s. A failed or
//! cancelled import leaves the current scenario as it was.

use gloo::timers::callback::Timeout;
use web_sys::{HtmlDialogElement, HtmlInputElement};
use yew::prelude::*;

use crate::authoring::import_preview::{Opened, Preview, open_file};
use crate::authoring::opening::{imported_by, opened_notice};
use crate::ui::focus;
use crate::ui::store::{Action, Store};

/// The *Import…* button: a label over a hidden file input, and the preview of a vendor's policy
/// while one is open (a modal dialog, opened when it appears).
#[component]
pub fn ImportButton() -> Html {
    let store = use_context::<Store>().expect("store");
    let reader = use_mut_ref(|| None::<gloo::file::callbacks::FileReader>);
    let preview = use_state(|| None::<Preview>);
    let on_import = {
        let store = store.clone();
        let preview = preview.clone();
        Callback::from(move |e: Event| {
            let input = e.target_unchecked_into::<HtmlInputElement>();
            let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
            input.set_value("");
            let file = gloo::file::File::from(file);
            let name = file.name();
            let store = store.clone();
            let preview = preview.clone();
            let task = gloo::file::callbacks::read_as_text(&file, move |result| {
                match open_file(&name, result.map_err(|e| e.to_string())) {
                    Ok(Opened::Scenario(doc)) => {
                        let notice = opened_notice(&imported_by(&name), &doc);
                        store.dispatch(Action::Replace { doc, preset: None, by: imported_by(&name) });
                        store.dispatch(Action::Notify(notice));
                    }
                    Ok(Opened::Policy(p)) => {
                        store.dispatch(Action::Notify(None));
                        preview.set(Some(p));
                    }
                    Err(notice) => store.dispatch(Action::Notify(Some(notice))),
                }
            });
            *reader.borrow_mut() = Some(task);
        })
    };
    let close = {
        let preview = preview.clone();
        move || {
            preview.set(None);
            // Back to the button that opened it, not to the top of the page.
            Timeout::new(0, || focus::focus_quietly("import-file")).forget();
        }
    };
    let on_use = {
        let close = close.clone();
        let preview = preview.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(p) = preview.as_ref() {
                store.dispatch(Action::Replace { doc: p.doc.clone(), preset: None, by: p.by.clone() });
                store.dispatch(Action::Notify(opened_notice(&p.by, &p.doc)));
            }
            close();
        })
    };
    let on_cancel = {
        let close = close.clone();
        Callback::from(move |_: MouseEvent| close())
    };
    // Escape: the browser would close the dialog itself; the dialog goes with the preview instead.
    let on_escape = Callback::from(move |e: Event| {
        e.prevent_default();
        close();
    });
    let dialog = use_node_ref();
    {
        let dialog = dialog.clone();
        use_effect_with(preview.is_some(), move |open| {
            if *open && let Some(d) = dialog.cast::<HtmlDialogElement>() {
                let _ = d.show_modal();
            }
        });
    }
    html! {
        <>
            <label class="button" for="import-file" title="A scenario file, or a PagerDuty, Opsgenie or Zendesk policy">{ "Import…" }</label>
            <input id="import-file" class="visually-hidden" type="file" accept=".json,application/json" onchange={on_import} />
            if let Some(p) = preview.as_ref() {
                <dialog ref={dialog} id="import-preview" class="import-preview" aria-labelledby="import-preview-title"
                    aria-describedby="import-preview-read" oncancel={on_escape}>
                    { preview_body(p) }
                    <div class="dialog-actions">
                        <button class="button" id="import-cancel" onclick={on_cancel}>{ "Cancel" }</button>
                        <button class="button primary" id="import-use" autofocus=true onclick={on_use}>{ "Use this scenario" }</button>
                    </div>
                </dialog>
            }
        </>
    }
}

/// What the preview of a vendor's policy says: what was read, what maps and every warning of
/// what does not. It is shown as a modal dialog (Escape cancels).
fn preview_body(p: &Preview) -> Html {
    let n = p.unmapped.len();
    html! {
        <>
            <h2 id="import-preview-title">{ format!("Import “{}”", p.name) }</h2>
            <p id="import-preview-read" class="hint">{ format!("Read {}.", p.read) }</p>
            <section aria-labelledby="import-maps-title">
                <h3 id="import-maps-title">{ "What maps" }</h3>
                <ul id="import-maps">{ for p.maps.iter().map(|l| html! { <li>{ l }</li> }) }</ul>
            </section>
            <section aria-labelledby="import-unmapped-title" class={classes!("import-unmapped", (n > 0).then_some("some"))}>
                <h3 id="import-unmapped-title">{ format!("What does not map ({n})") }</h3>
                if n == 0 {
                    <p class="import-none">{ "Everything in the file maps." }</p>
                } else {
                    <ul id="import-warnings">{ for p.unmapped.iter().map(|w| html! {
                        <li><code>{ &w.path }</code>{ ": " }{ &w.message }</li>
                    }) }</ul>
                }
            </section>
            <p class="hint">{ "Work times and arrivals are assumed, as the file does not say them (the scenario's description says which). Using it replaces your scenario; Undo brings yours back." }</p>
        </>
    }
}
