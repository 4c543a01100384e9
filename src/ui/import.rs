//! Bringing a scenario in from a file: the header's *Import…* button (a JSON file read with
//! gloo), and what the app says about what a file or link opened (its errors, or why it could not be read). A failed import leaves the current
//! scenario as it was.

use serde_json::Value;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::engine;
use crate::ui::store::{Action, Notice, NoticeKind, Replaced, Store};

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

/// Reads an imported file or link. What cannot be read as a scenario is refused, saying why, and
/// the current scenario stays; a scenario with errors opens (a work in progress is worth
/// keeping), its errors then listed like those of any edit ([`opened_notice`]).
pub fn import(name: &str, text: Result<String, String>) -> Result<Value, Notice> {
    let fail = |line: String| Notice {
        kind: NoticeKind::Error,
        title: format!("Could not import {name}; the current scenario is unchanged"),
        lines: vec![line],
    };
    let text = text.map_err(|e| fail(format!("the file could not be read: {e}")))?;
    engine::opening::open(&text).map_err(|e| fail(e.to_string()))
}

/// What to say when a file or link (`by`, as in [`Replaced::by`]) has opened `doc`: its errors,
/// if it has any, so that the user sees at once why it cannot run.
pub fn opened_notice(by: &str, doc: &Value) -> Option<Notice> {
    let checked = engine::load(&doc.to_string());
    // Places in words, as the problem list shows them; a line and column only within the rules,
    // whose text the user sees (elsewhere they count in this compact text, not in the file).
    let mut lines: Vec<String> = checked
        .errors()
        .map(|p| match (p.path.as_str(), p.line, p.column) {
            ("", ..) => p.message.clone(),
            ("rules", Some(l), Some(c)) => format!("rules, line {l}, column {c}: {}", p.message),
            (path, ..) => format!("{}: {}", crate::ui::app::place_of(doc, path), p.message),
        })
        .collect();
    let n = lines.len();
    if n == 0 {
        return None;
    }
    if n > 8 {
        lines.truncate(7);
        lines.push(format!("and {} more, all listed under Problems", n - 7));
    }
    let errors = if n == 1 { "1 error: fix it".to_string() } else { format!("{n} errors: fix them") };
    Some(Notice {
        kind: NoticeKind::Warning,
        title: format!("{} opened with {errors} to run the scenario", capitalised(by)),
        lines,
    })
}

/// What an imported file replaced a scenario by, in words that can open a sentence: a file's name
/// is the file's own, in its own case, so it never comes first.
pub fn imported_by(file_name: &str) -> String {
    format!("the file “{file_name}”")
}

/// The undo bar's sentence: "The file “exported.json” replaced your scenario “Desk”."
pub fn replaced_message(r: &Replaced) -> String {
    let name = r.doc.get("name").and_then(Value::as_str).unwrap_or("untitled");
    format!("{} replaced your scenario “{name}”.", capitalised(&r.by))
}

/// The first letter in capitals: for `Replaced::by`, which always starts with a common word.
pub fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}
