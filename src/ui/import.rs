//! Bringing a scenario in from a file: the header's *Import…* button (a JSON file read with
//! gloo). What the app says about what a file or link opened (its errors, or why it could not be
//! read) is `authoring::opening`'s. A failed import leaves the current scenario as it was.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::ui::store::{Action, Store};

/// The *Import…* button: a label over a hidden file input.
#[component]
pub fn ImportButton() -> Html {
    let store = use_context::<Store>().expect("store");
    let reader = use_mut_ref(|| None::<gloo::file::callbacks::FileReader>);
    let on_import = Callback::from(move |e: Event| {
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
    });
    html! {
        <>
            <label class="button" for="import-file">{ "Import…" }</label>
            <input id="import-file" class="visually-hidden" type="file" accept=".json,application/json" onchange={on_import} />
        </>
    }
}

use crate::authoring::opening::{import, imported_by, opened_notice};
