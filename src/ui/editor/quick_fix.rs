//! Quick fixes in the Rules tab: a problem that carries a fix (`engine::rules::fix`) gets a
//! button in the problem list that makes it, and Ctrl+. or Alt+Enter in the rule text makes the
//! fix of the problem under the caret or nearest before it on its line, leaving the caret after
//! the edit. Each fix is one step of the undo history, apart from the typing around it.

use std::rc::Rc;

use serde_json::Value;
use wasm_bindgen::JsCast;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::engine::rules::{Fix, RuleError};
use crate::ui::fields::use_store;
use crate::ui::store::{Action, Store};

const POINTER: &str = "/rules";

/// The fix that Ctrl+. makes with the caret at byte `at`: of the problems on the caret's line,
/// the one under the caret, else the one nearest before it.
pub fn fix_at<'e>(errors: &'e [RuleError], text: &str, at: usize) -> Option<&'e Fix> {
    let at = at.min(text.len());
    let line_start = text[..at].rfind('\n').map_or(0, |n| n + 1);
    let line_end = text[at..].find('\n').map_or(text.len(), |n| at + n);
    let on_line = errors.iter().filter(|e| e.fix.is_some() && (line_start..=line_end).contains(&e.span.0));
    let under = on_line.clone().find(|e| e.span.0 <= at && at <= e.span.1);
    let before = on_line.filter(|e| e.span.0 <= at).max_by_key(|e| e.span.0);
    under.or(before).and_then(|e| e.fix.as_deref())
}

/// Makes a fixed text the rules, as one undo step of its own: the typing before it and after it
/// are others.
fn make(store: &Store, fixed: String) {
    store.dispatch(Action::Seal);
    store.dispatch(Action::Set(POINTER.into(), Value::String(fixed)));
    store.dispatch(Action::Seal);
}

/// The rule text area, when the tab shows it.
fn text_area() -> Option<HtmlTextAreaElement> {
    gloo::utils::document().get_element_by_id("rules-text").and_then(|e| e.dyn_into::<HtmlTextAreaElement>().ok())
}

/// The keys of the rule text that make the fix at the caret: Ctrl+. (⌘. too) and Alt+Enter. The
/// caret goes after the edit once the text is redrawn.
#[hook]
pub fn use_fix_keys(errors: Rc<Vec<RuleError>>) -> Callback<KeyboardEvent> {
    let store = use_store();
    // A caret to put once the fixed text is drawn (in UTF-16 units, as the text area counts).
    let pending = use_mut_ref(|| None::<u32>);
    {
        let pending = pending.clone();
        use_effect(move || {
            if let (Some(caret), Some(area)) = (pending.borrow_mut().take(), text_area()) {
                let _ = area.set_selection_range(caret, caret);
            }
        });
    }
    Callback::from(move |e: KeyboardEvent| {
        let wanted = ((e.ctrl_key() || e.meta_key()) && e.key() == ".") || (e.alt_key() && e.key() == "Enter");
        if !wanted {
            return;
        }
        e.prevent_default();
        let Some(area) = text_area() else { return };
        let text = area.value();
        let units = area.selection_start().ok().flatten().unwrap_or(0) as usize;
        let at = byte_of_unit(&text, units);
        let Some((fixed, caret)) = fix_at(&errors, &text, at).and_then(|fix| fix.apply(&text)) else { return };
        *pending.borrow_mut() = Some(text_units(&fixed[..caret]));
        make(&store, fixed);
    })
}

fn text_units(s: &str) -> u32 {
    s.encode_utf16().count() as u32
}

/// The byte offset of the text area's UTF-16 position `units`.
fn byte_of_unit(text: &str, units: usize) -> usize {
    let mut seen = 0;
    for (i, c) in text.char_indices() {
        if seen >= units {
            return i;
        }
        seen += c.len_utf16();
    }
    text.len()
}

#[derive(Properties, PartialEq)]
pub struct QuickFixProps {
    pub fix: Fix,
    pub text: AttrValue,
}

/// A problem's fix as a button that makes it.
#[component]
pub fn QuickFix(props: &QuickFixProps) -> Html {
    let store = use_store();
    let onclick = {
        let (fix, text) = (props.fix.clone(), props.text.clone());
        Callback::from(move |_| {
            if let Some((fixed, _)) = fix.apply(&text) {
                make(&store, fixed);
            }
        })
    };
    html! { <button class="quick-fix" {onclick}>{ &props.fix.label }</button> }
}
