//! Moving the keyboard's focus to an element by its id: after a button disables itself, after a
//! dialog closes, or to the field a problem names.

fn element(id: &str) -> Option<web_sys::HtmlElement> {
    use wasm_bindgen::JsCast;
    gloo::utils::document().get_element_by_id(id).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
}

/// Focuses the element with this id, without scrolling the page.
pub fn focus_quietly(id: &str) {
    if let Some(el) = element(id) {
        let _ = el.focus();
    }
}

/// Focuses the element with this id and scrolls it into view.
pub fn focus(id: &str) {
    if let Some(el) = element(id) {
        let _ = el.focus();
        el.scroll_into_view_with_bool(false);
    }
}
