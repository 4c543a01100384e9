//! Undo and redo of every change to the scenario: the header's buttons, and the keys anywhere in
//! the page (Ctrl+Z or ⌘Z to undo; Ctrl+Shift+Z, ⌘⇧Z or Ctrl+Y to redo). The history itself is
//! `authoring::history`, kept in the store.
//!
//! The keys are left to the browser where its own undo is what the user means: in a text box
//! that is not part of the scenario (the what-if, trainer and share boxes), and in the JSON view
//! while it holds text that is not JSON yet, which is not in the scenario until it parses.

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use yew::events::KeyboardEvent;
use yew::prelude::*;

use crate::ui::store::{Action, Store};

/// Listens for the undo and redo keys, and for the focus moving or a click (either ends the undo
/// step of typing in one field: some browsers do not focus a clicked button), on the whole page.
/// Not in an embed, which has no editors.
#[hook]
pub fn use_undo_keys(store: Store, enabled: bool) {
    use_effect_with(enabled, move |&enabled| {
        let document = gloo::utils::document();
        let keys = {
            let store = store.clone();
            Closure::<dyn Fn(KeyboardEvent)>::new(move |e: KeyboardEvent| {
                let Some(action) = action_of(&e) else { return };
                if browser_undo_wanted(e.target()) {
                    return;
                }
                e.prevent_default();
                store.dispatch(action);
            })
        };
        let seal = Closure::<dyn Fn(web_sys::Event)>::new(move |_| store.dispatch(Action::Seal));
        let on_key: js_sys::Function = keys.as_ref().unchecked_ref::<js_sys::Function>().clone();
        let on_seal: js_sys::Function = seal.as_ref().unchecked_ref::<js_sys::Function>().clone();
        let listeners = [("keydown", on_key), ("focusin", on_seal.clone()), ("pointerdown", on_seal)];
        if enabled {
            for (event, f) in &listeners {
                let _ = document.add_event_listener_with_callback(event, f);
            }
        }
        move || {
            if enabled {
                for (event, f) in &listeners {
                    let _ = document.remove_event_listener_with_callback(event, f);
                }
            }
            drop((keys, seal));
        }
    });
}

/// Undo or redo, if the keys say so.
fn action_of(e: &KeyboardEvent) -> Option<Action> {
    if e.alt_key() || !(e.ctrl_key() || e.meta_key()) {
        return None;
    }
    match e.key().to_ascii_lowercase().as_str() {
        "z" if e.shift_key() => Some(Action::Redo),
        "z" => Some(Action::Undo),
        "y" if e.ctrl_key() && !e.shift_key() => Some(Action::Redo),
        _ => None,
    }
}

/// Whether the keys belong to the browser's own undo of the text box they were typed in: one
/// outside the scenario's editors, or the JSON view holding text that is not JSON yet.
fn browser_undo_wanted(target: Option<web_sys::EventTarget>) -> bool {
    let Some(element) = target.and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return false };
    let tag = element.tag_name();
    let typed_in = tag == "TEXTAREA"
        || (tag == "INPUT"
            && !matches!(
                element.get_attribute("type").as_deref(),
                Some("checkbox" | "radio" | "button" | "submit" | "range" | "file" | "color")
            ));
    if !typed_in {
        return false;
    }
    if element.id() == "raw-json-text" {
        return element.get_attribute("aria-invalid").as_deref() == Some("true");
    }
    element.closest(".edit-column, .run-panel").ok().flatten().is_none()
}

/// The Undo and Redo buttons, each saying what it would do.
#[component]
pub fn UndoButtons() -> Html {
    let store = use_context::<Store>().expect("store");
    let (can_undo, can_redo) = (store.history.undo_label().is_some(), store.history.redo_label().is_some());
    let undo_title = store.history.undo_label().map_or_else(|| "Nothing to undo".into(), |l| format!("Undo: {l}"));
    let redo_title = store.history.redo_label().map_or_else(|| "Nothing to redo".into(), |l| format!("Redo: {l}"));
    let undo = {
        let store = store.clone();
        Callback::from(move |_| store.dispatch(Action::Undo))
    };
    let redo = Callback::from(move |_| store.dispatch(Action::Redo));
    html! {
        <div class="undo-redo" role="group" aria-label="Undo and redo">
            <button id="undo" class="button" onclick={undo} disabled={!can_undo}
                aria-keyshortcuts="Control+Z Meta+Z"
                title={undo_title}>{ "Undo" }</button>
            <button id="redo" class="button" onclick={redo} disabled={!can_redo}
                aria-keyshortcuts="Control+Shift+Z Meta+Shift+Z Control+Y"
                title={redo_title}>{ "Redo" }</button>
        </div>
    }
}
