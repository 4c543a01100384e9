//! The rule editor's help at the caret: a completion list under it (Ctrl+Space, or while a word
//! is typed), and the explanation of the rule or name under the mouse or where the caret rests.
//! What to offer and what to say is `authoring::rule_complete` and `authoring::rule_explain`;
//! this file listens to the rule text area (`#rules-text`) and draws.
//!
//! The listeners are the text area's own (not Yew's), so the Rules tab only places the two
//! components; the text area keeps its value from the store, and an accepted completion is one
//! `Action::Set` of the whole text, one step of the undo history.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::timers::callback::Timeout;
use serde_json::Value;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{HtmlElement, HtmlTextAreaElement};
use yew::events::{KeyboardEvent, MouseEvent};
use yew::prelude::*;

use crate::authoring::rule_complete::{Completion, apply, complete, name_at, typed_out};
use crate::authoring::rule_explain::{explain, explain_name};
use crate::authoring::rule_names::RuleNames;
use crate::engine::rules::parse_all;
use crate::ui::fields::use_store;
use crate::ui::format;
use crate::ui::store::{Action, Store};

const AREA: &str = "rules-text";
const LIST: &str = "rules-completion";

/// An open completion list: what it offers, the one chosen, and where it is drawn.
struct Open {
    completion: Completion,
    active: usize,
    left: f64,
    top: f64,
}

fn area() -> Option<HtmlTextAreaElement> {
    gloo::utils::document().get_element_by_id(AREA).and_then(|e| e.dyn_into().ok())
}

/// The byte offset of a text area position (it counts UTF-16 units).
fn byte_of(text: &str, units: u32) -> usize {
    let mut seen = 0;
    for (i, c) in text.char_indices() {
        if seen >= units as usize {
            return i;
        }
        seen += c.len_utf16();
    }
    text.len()
}

fn units_of(text: &str, at: usize) -> u32 {
    text.get(..at).map_or(0, |s| s.encode_utf16().count()) as u32
}

/// The caret as a byte offset of the area's text.
fn caret(area: &HtmlTextAreaElement, text: &str) -> usize {
    byte_of(text, area.selection_end().ok().flatten().unwrap_or(0))
}

/// The text area's measures: the font is monospaced, so a column is a fixed width.
struct Metrics {
    line: f64,
    left: f64,
    char: f64,
    /// Characters per row before the text wraps.
    per_row: usize,
}

impl Metrics {
    fn of(area: &HtmlTextAreaElement) -> Option<Metrics> {
        let style = gloo::utils::window().get_computed_style(area).ok().flatten()?;
        let px = |p: &str| {
            style.get_property_value(p).ok().and_then(|v| crate::engine::number::parse(v.trim_end_matches("px")))
        };
        let size = px("font-size").unwrap_or(13.0);
        let line = px("line-height").unwrap_or(size * 1.55);
        let (left, right) = (px("padding-left").unwrap_or(0.0), px("padding-right").unwrap_or(0.0));
        // A hundred characters in the area's font, measured once in its box.
        let probe: HtmlElement = gloo::utils::document().create_element("span").ok()?.dyn_into().ok()?;
        let font = style.get_property_value("font").unwrap_or_default();
        let _ = probe
            .set_attribute("style", &format!("position: absolute; visibility: hidden; white-space: pre; font: {font}"));
        probe.set_text_content(Some(&"0".repeat(100)));
        let parent = area.parent_element()?;
        let _ = parent.append_child(&probe);
        let char = match probe.offset_width() {
            0 => size * 0.6,
            w => f64::from(w) / 100.0,
        };
        probe.remove();
        let width = f64::from(area.client_width()) - left - right;
        Some(Metrics { line, left, char, per_row: ((width / char).floor() as usize).max(1) })
    }

    /// The top of line `n` (0-based) in the area: the highlighted copy below has a box per line,
    /// which knows how the lines above it wrapped.
    fn line_top(area: &HtmlTextAreaElement, n: usize, fallback: f64) -> f64 {
        area.previous_element_sibling()
            .and_then(|pre| pre.child_nodes().get(n as u32))
            .and_then(|line| line.dyn_into::<HtmlElement>().ok())
            .map_or(fallback, |line| f64::from(line.offset_top()))
    }
}

/// Where the caret is drawn, as (left, bottom) in the area's pixels.
fn caret_place(area: &HtmlTextAreaElement, text: &str, at: usize) -> (f64, f64) {
    let Some(m) = Metrics::of(area) else { return (0.0, 0.0) };
    let before = &text[..at];
    let n = before.matches('\n').count();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column: usize = before[line_start..].chars().map(|c| if c == '\t' { 2 } else { 1 }).sum();
    let top = Metrics::line_top(area, n, m.line * n as f64);
    let row = column / m.per_row;
    (m.left + (column % m.per_row) as f64 * m.char, top + (row + 1) as f64 * m.line)
}

/// The byte offset under a point of the area (pixels from its padding edge), if text is there.
fn offset_at(area: &HtmlTextAreaElement, text: &str, x: f64, y: f64) -> Option<usize> {
    let m = Metrics::of(area)?;
    let lines: Vec<&str> = text.split('\n').collect();
    // The last line whose top is above the point.
    let n =
        lines.iter().enumerate().rev().map(|(n, _)| n).find(|&n| Metrics::line_top(area, n, m.line * n as f64) <= y)?;
    let row = ((y - Metrics::line_top(area, n, m.line * n as f64)) / m.line).floor().max(0.0) as usize;
    if x < m.left {
        return None;
    }
    let column = row * m.per_row + ((x - m.left) / m.char).floor() as usize;
    let start: usize = lines[..n].iter().map(|l| l.len() + 1).sum();
    lines[n].char_indices().nth(column).map(|(i, _)| start + i)
}

/// Whether typing has reached a place where the list opens by itself: a word of one letter or
/// more, or the space after `is` or `to`.
fn typing_a_word(text: &str, at: usize) -> bool {
    let before = &text[..at];
    if before.ends_with("is ") || before.ends_with("to ") {
        return true;
    }
    let word = before.trim_end_matches(|c: char| c.is_alphanumeric() || c == '_' || c == '.');
    let word = &before[word.len()..];
    word.chars().any(char::is_alphabetic) && before.ends_with(|c: char| c.is_alphabetic())
}

/// What the listeners share with the drawing.
#[derive(Clone)]
struct Assist {
    list: Rc<RefCell<Option<Open>>>,
    doc: Rc<RefCell<Rc<Value>>>,
    store: Store,
    redraw: UseForceUpdateHandle,
}

impl Assist {
    /// Opens, refreshes or closes the list for the text as it is now; `asked` opens it whatever
    /// is being typed (Ctrl+Space).
    fn refresh(&self, asked: bool) {
        let Some(area) = area() else { return };
        let text = area.value();
        let at = caret(&area, &text);
        let was_open = self.list.borrow().is_some();
        if !asked && !typing_a_word(&text, at) {
            if was_open {
                self.close(&area);
            }
            return;
        }
        let names = RuleNames::of(&self.doc.borrow());
        let completion = complete(&text, at, &names);
        if completion.items.is_empty() {
            self.close(&area);
            return;
        }
        let (left, top) = caret_place(&area, &text, completion.span.0.min(at));
        *self.list.borrow_mut() = Some(Open { completion, active: 0, left, top });
        self.mark(&area);
        self.redraw.force_update();
    }

    fn close(&self, area: &HtmlTextAreaElement) {
        if self.list.borrow_mut().take().is_some() {
            for a in ["aria-activedescendant", "aria-controls", "aria-autocomplete"] {
                let _ = area.remove_attribute(a);
            }
            self.redraw.force_update();
        }
    }

    /// The area points at the chosen option.
    fn mark(&self, area: &HtmlTextAreaElement) {
        if let Some(open) = &*self.list.borrow() {
            let _ = area.set_attribute("aria-activedescendant", &format!("{LIST}-{}", open.active));
            let _ = area.set_attribute("aria-controls", LIST);
            let _ = area.set_attribute("aria-autocomplete", "list");
        }
    }

    fn accept(&self, index: usize) {
        let Some(area) = area() else { return };
        let Some(open) = self.list.borrow_mut().take() else { return };
        let Some(item) = open.completion.items.get(index) else { return };
        let text = area.value();
        let (new, (a, b)) = apply(&text, &open.completion, item);
        let (a, b) = (units_of(&new, a), units_of(&new, b));
        area.set_value(&new);
        let _ = area.set_selection_range(a, b);
        self.store.dispatch(Action::Set("/rules".into(), Value::String(new)));
        // The store's redraw writes the same text back; the selection stays where it was put.
        Timeout::new(0, move || {
            if let Some(area) = self::area() {
                let _ = area.set_selection_range(a, b);
            }
        })
        .forget();
        *self.list.borrow_mut() = None;
        self.refresh(false);
        if self.list.borrow().is_none() {
            for attr in ["aria-activedescendant", "aria-controls", "aria-autocomplete"] {
                let _ = area.remove_attribute(attr);
            }
            self.redraw.force_update();
        }
    }

    fn key(&self, e: &KeyboardEvent) {
        let Some(area) = area() else { return };
        if e.ctrl_key() && (e.key() == " " || e.code() == "Space") {
            e.prevent_default();
            self.refresh(true);
            return;
        }
        let (active, len, done) = match &*self.list.borrow() {
            Some(open) => (
                open.active,
                open.completion.items.len(),
                open.completion.items.get(open.active).is_some_and(|i| typed_out(&area.value(), &open.completion, i)),
            ),
            None => return,
        };
        match e.key().as_str() {
            "ArrowDown" => self.choose(&area, (active + 1) % len),
            "ArrowUp" => self.choose(&area, (active + len - 1) % len),
            // The word is complete as typed: the list closes and the key does what it does.
            "Enter" if done => {
                self.close(&area);
                return;
            }
            "Enter" | "Tab" if !e.shift_key() => self.accept(active),
            "Escape" => self.close(&area),
            _ => return,
        }
        e.prevent_default();
    }

    fn choose(&self, area: &HtmlTextAreaElement, active: usize) {
        if let Some(open) = &mut *self.list.borrow_mut() {
            open.active = active;
        }
        self.mark(area);
        self.redraw.force_update();
    }
}

/// Listens to the rule text area while mounted: each `(event, handler)` pair added on mount and
/// removed on unmount.
fn listen(handlers: Vec<(&'static str, Handler)>) -> impl FnOnce() {
    let target = area();
    if let Some(area) = &target {
        for (event, f) in &handlers {
            let _ = area.add_event_listener_with_callback(event, f.as_ref().unchecked_ref());
        }
    }
    move || {
        if let Some(area) = &target {
            for (event, f) in &handlers {
                let _ = area.remove_event_listener_with_callback(event, f.as_ref().unchecked_ref());
            }
        }
    }
}

/// A listener of the text area.
type Handler = Closure<dyn Fn(web_sys::Event)>;

/// Where in the text to explain, found from the area and its text when the wait is over.
type Place = Box<dyn Fn(&HtmlTextAreaElement, &str) -> Option<usize>>;

fn handler(f: impl Fn(web_sys::Event) + 'static) -> Handler {
    Closure::new(f)
}

/// The completion list, drawn under the caret inside the rule editor's box.
#[component]
pub fn RuleCompletion() -> Html {
    let store = use_store();
    let list = use_mut_ref(|| None::<Open>);
    let doc = use_mut_ref(|| store.doc.clone());
    *doc.borrow_mut() = store.doc.clone();
    let assist = Assist { list, doc, store, redraw: use_force_update() };
    {
        let assist = assist.clone();
        use_effect_with((), move |()| {
            let (on_key, on_input, on_blur) = (assist.clone(), assist.clone(), assist);
            listen(vec![
                ("keydown", handler(move |e| on_key.key(e.unchecked_ref::<KeyboardEvent>()))),
                ("input", handler(move |_| on_input.refresh(false))),
                ("blur", handler(move |_| area().into_iter().for_each(|a| on_blur.close(&a)))),
            ])
        });
    }
    // The chosen option kept in view.
    use_effect(|| {
        let document = gloo::utils::document();
        let list = document.get_element_by_id(LIST).and_then(|e| e.dyn_into::<HtmlElement>().ok());
        let chosen = document.query_selector(&format!("#{LIST} [aria-selected=\"true\"]")).ok().flatten();
        if let (Some(list), Some(chosen)) = (list, chosen.and_then(|e| e.dyn_into::<HtmlElement>().ok())) {
            let (top, height) = (chosen.offset_top(), chosen.offset_height());
            if top < list.scroll_top() || top + height > list.scroll_top() + list.client_height() {
                list.set_scroll_top(top - list.client_height() / 2);
            }
        }
    });
    let open = assist.list.borrow();
    let Some(open) = &*open else { return Html::default() };
    let options = open.completion.items.iter().enumerate().map(|(i, item)| {
        let onmousedown = {
            let assist = assist.clone();
            Callback::from(move |e: MouseEvent| {
                // The text area keeps the focus.
                e.prevent_default();
                assist.accept(i);
            })
        };
        html! {
            <li id={format!("{LIST}-{i}")} role="option" aria-selected={(i == open.active).to_string()}
                class={classes!((i == open.active).then_some("active"))} {onmousedown}>
                <span class="completion-label">{ &item.label }</span>
                <span class="completion-detail">{ item.detail }</span>
            </li>
        }
    });
    html! {
        <ul id={LIST} class="rule-completion" role="listbox" aria-label="Completions"
            style={format!("left: {:.0}px; top: {:.0}px", open.left, open.top)}>
            { for options }
        </ul>
    }
}

#[derive(Properties, PartialEq)]
pub struct RuleExplainProps {
    /// Each rule's fire count in the last run (empty without a run of this text).
    pub fired: Rc<Vec<(String, f64)>>,
}

/// What the panel says: about a rule or about a name.
#[derive(Clone, PartialEq)]
struct Panel {
    title: String,
    lines: Vec<String>,
    /// The rule's name, for its fire count; none for a name.
    rule: Option<String>,
}

/// The panel for byte offset `at` of the text.
fn panel_at(text: &str, at: usize, doc: &Value) -> Option<Panel> {
    let names = RuleNames::of(doc);
    if let Some((kind, name, _)) = name_at(text, at, &names) {
        return Some(Panel {
            title: format!("{} “{name}”", kind.word()),
            lines: explain_name(doc, kind, &name, &names),
            rule: None,
        });
    }
    let (file, _) = parse_all(text);
    let e = explain(text, &file, &names, at)?;
    let mut lines = e.lines;
    if lines.is_empty() {
        lines.push("It compiles to no trigger.".to_string());
    }
    lines.extend(e.shadows);
    Some(Panel { title: format!("rule “{}”", e.name), lines, rule: Some(e.name) })
}

/// The explanation beside the editor: the rule or name under the mouse, else where the caret
/// rests.
#[component]
pub fn RuleExplain(props: &RuleExplainProps) -> Html {
    let store = use_store();
    let panel = use_state(|| None::<Panel>);
    let doc = use_mut_ref(|| store.doc.clone());
    *doc.borrow_mut() = store.doc.clone();
    {
        let (panel, doc) = (panel.clone(), doc.clone());
        use_effect_with((), move |()| {
            let timer: Rc<RefCell<Option<Timeout>>> = Rc::default();
            // Explains `at` (a function of the area and its text) once the caret or mouse has
            // rested a moment: nothing is worked out while typing goes on.
            let rest = {
                let timer = timer.clone();
                move |wait: u32, at: Place| {
                    let (panel, doc) = (panel.clone(), doc.clone());
                    *timer.borrow_mut() = Some(Timeout::new(wait, move || {
                        let Some(area) = area() else { return };
                        let text = area.value();
                        let Some(at) = at(&area, &text) else { return };
                        if let Some(shown) = panel_at(&text, at, &doc.borrow()) {
                            panel.set(Some(shown));
                        }
                    }));
                }
            };
            let at_caret = {
                let rest = rest.clone();
                move |_: web_sys::Event| rest(400, Box::new(|area, text| Some(caret(area, text))))
            };
            let on_mouse = move |e: web_sys::Event| {
                let e: &MouseEvent = e.unchecked_ref();
                let (x, y) = (f64::from(e.offset_x()), f64::from(e.offset_y()));
                rest(250, Box::new(move |area, text| offset_at(area, text, x, y)));
            };
            let cancel = move |_: web_sys::Event| drop(timer.borrow_mut().take());
            listen(vec![
                ("keyup", handler(at_caret.clone())),
                ("click", handler(at_caret.clone())),
                ("focus", handler(at_caret)),
                ("mousemove", handler(on_mouse)),
                ("input", handler(cancel)),
            ])
        });
    }
    let fired = |rule: &str| match props.fired.iter().find(|(name, _)| name == rule) {
        Some((_, n)) if *n == 0.0 => "It never fired in the last run.".to_string(),
        Some((_, n)) => format!("It fired {} times per replication in the last run.", format::trim(*n, 1)),
        None => "Run the scenario to see how often it fires.".to_string(),
    };
    html! {
        <section id="rules-explain" class="rule-explain" aria-live="polite" aria-label="What the rule or name at the caret means">
            if let Some(p) = &*panel {
                <h3 class="explain-title">{ &p.title }</h3>
                <ul>{ for p.lines.iter().map(|l| html! { <li>{ l }</li> }) }</ul>
                if let Some(rule) = &p.rule { <p class="explain-fired">{ fired(rule) }</p> }
            } else {
                <p class="hint">{ "Rest the caret in a rule or a name, or point at one, to see what it means. Ctrl+Space lists what can be written at the caret." }</p>
            }
        </section>
    }
}
