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

/// Where the arrow keys, Home and End move within a tab strip of `count` tabs from tab `at`
/// (WAI-ARIA tabs pattern: the arrows wrap round); `None` for any other key.
pub fn tab_key(key: &str, at: usize, count: usize) -> Option<usize> {
    let last = count.checked_sub(1)?;
    match key {
        "ArrowRight" => Some(if at >= last { 0 } else { at + 1 }),
        "ArrowLeft" => Some(if at == 0 { last } else { at - 1 }),
        "Home" => Some(0),
        "End" => Some(last),
        _ => None,
    }
}
