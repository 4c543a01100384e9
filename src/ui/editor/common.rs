//! Helpers shared by the editor tabs: defensive reads of the document, problem lookups, and small
//! components used on several tabs (list item controls, rename-aware name fields, scope
//! checkboxes, a multi-line text field, an "optional section" switch, add buttons, and the row of
//! a key the editor does not know).
//!
//! One file just over 500 lines: each piece is small, and every tab imports several of them.

use std::cell::RefCell;
use std::rc::Rc;

use serde_json::Value;
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::engine::rename::{NameKind, Renames};
use crate::engine::{Problem, Severity, references};
use crate::ui::fields::{FieldProblems, dom_id, show, use_store};
use crate::ui::store::{Action, Store, path_of};

/// The level roles of the format, with their display text.
pub const ROLES: [(&str, &str); 5] = [
    ("frontline", "Frontline"),
    ("team_lead", "Team lead"),
    ("manager", "Manager"),
    ("specialist", "Specialist"),
    ("executive", "Executive"),
];

/// The display text of a role value.
pub fn role_title(role: &str) -> &str {
    ROLES.iter().find(|(v, _)| *v == role).map_or(role, |(_, t)| t)
}

/// The elements of the array at `pointer` (none when it is missing or not an array).
pub fn items<'a>(doc: &'a Value, pointer: &str) -> &'a [Value] {
    doc.pointer(pointer).and_then(Value::as_array).map_or(&[], Vec::as_slice)
}

/// The string at `pointer`, or "".
pub fn text_at(doc: &Value, pointer: &str) -> String {
    doc.pointer(pointer).and_then(Value::as_str).unwrap_or("").to_string()
}

/// An item's `name` as text ("" when missing or not a string).
pub fn name_of(item: &Value) -> String {
    item.get("name").and_then(Value::as_str).unwrap_or("").to_string()
}

/// The names of the items of an array (e.g. `/levels`), skipping unnamed items: the names other
/// sections can refer to.
pub fn names(doc: &Value, list: &str) -> Vec<String> {
    items(doc, list).iter().map(name_of).filter(|n| !n.is_empty()).collect()
}

/// Priorities as (name, label) pairs, label defaulting to the name.
pub fn priorities(doc: &Value) -> Vec<(String, String)> {
    items(doc, "/priorities")
        .iter()
        .map(|p| {
            let name = name_of(p);
            let label = p.get("label").and_then(Value::as_str).filter(|l| !l.is_empty()).unwrap_or(&name).to_string();
            (name, label)
        })
        .filter(|(n, _)| !n.is_empty())
        .collect()
}

/// Select options from plain names.
pub fn options(names: &[String]) -> Vec<(String, String)> {
    names.iter().map(|n| (n.clone(), n.clone())).collect()
}

/// A name like `stem N` that is not in `taken`, counting from `from`.
pub fn fresh_name(taken: &[String], stem: &str, from: usize) -> String {
    // One of the first `taken.len() + 1` numbers is free.
    (from..=from + taken.len())
        .map(|n| format!("{stem}{n}"))
        .find(|c| !taken.contains(c))
        .unwrap_or_else(|| stem.to_string())
}

/// The strings of a list value (non-strings skipped); `None` when the key is absent.
pub fn string_list(value: Option<&Value>) -> Option<Vec<String>> {
    match value? {
        Value::Array(list) => Some(list.iter().filter_map(Value::as_str).map(str::to_string).collect()),
        _ => Some(Vec::new()),
    }
}

/// A number value (numbers only; text typed into a number field is not one).
pub fn number(value: Option<&Value>) -> Option<f64> {
    value.and_then(Value::as_f64)
}

/// Problems at a validation path or inside it.
pub fn problems_within(store: &Store, path: &str) -> Vec<Problem> {
    store.checked.within(path).cloned().collect()
}

pub use crate::ui::fields::problems_at;

/// Props of a card in a list: its index and the list's length (for the move buttons).
#[derive(Properties, PartialEq)]
pub struct CardProps {
    pub index: usize,
    pub len: usize,
}

/// The worst severity among problems within a path, as a class for a card's badge.
pub fn severity_class(problems: &[Problem]) -> Option<&'static str> {
    if problems.iter().any(|p| p.severity == Severity::Error) {
        Some("has-errors")
    } else if problems.is_empty() {
        None
    } else {
        Some("has-warnings")
    }
}

/// A small badge counting the problems inside a card.
pub fn problem_badge(problems: &[Problem]) -> Html {
    if problems.is_empty() {
        return html! {};
    }
    let errors = problems.iter().filter(|p| p.severity == Severity::Error).count();
    let warnings = problems.len() - errors;
    let text = match (errors, warnings) {
        (0, w) => format!("{w} warning{}", plural(w)),
        (e, 0) => format!("{e} error{}", plural(e)),
        (e, w) => format!("{e} error{}, {w} warning{}", plural(e), plural(w)),
    };
    html! { <span class={classes!("problem-badge", if errors > 0 { "error" } else { "warning" })}>{ text }</span> }
}

pub fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// A probability as a short percentage ("5%", "12.5%").
pub fn pct(p: f64) -> String {
    crate::ui::format::percent(p)
}

#[derive(Properties, PartialEq)]
pub struct ItemControlsProps {
    /// The array's pointer.
    pub list: AttrValue,
    pub index: usize,
    pub len: usize,
    /// What the item is, for the buttons' labels: "level L2".
    pub what: AttrValue,
    /// Offer moving (when the order matters or helps reading).
    #[prop_or(true)]
    pub movable: bool,
}

/// Move up, move down and remove buttons for one item of a list. Removing a level, category or
/// priority that the scenario refers to first says where, and offers to remove the references
/// with it (`engine::references`), so that nothing is left naming it.
#[component]
pub fn ItemControls(props: &ItemControlsProps) -> Html {
    let store = use_store();
    let (list, i) = (props.list.to_string(), props.index);
    // The places that name the item, while the user decides.
    let asking = use_state(|| None::<Vec<String>>);
    let up = {
        let (store, list) = (store.clone(), list.clone());
        Callback::from(move |_| store.dispatch(Action::MoveDown(list.clone(), i.saturating_sub(1))))
    };
    let down = {
        let (store, list) = (store.clone(), list.clone());
        Callback::from(move |_| store.dispatch(Action::MoveDown(list.clone(), i)))
    };
    let kind = references::Kind::of_list(&list);
    let remove_only = {
        let (store, list, asking) = (store.clone(), list.clone(), asking.clone());
        Callback::from(move |_| {
            asking.set(None);
            store.dispatch(Action::Remove(format!("{list}/{i}")));
        })
    };
    let remove = {
        let (store, asking, remove_only) = (store.clone(), asking.clone(), remove_only.clone());
        Callback::from(move |e: MouseEvent| {
            let places: Vec<String> = kind
                .map_or_else(Vec::new, |k| references::find(&store.doc, k, i).into_iter().map(|r| r.place).collect());
            if places.is_empty() {
                remove_only.emit(e);
            } else {
                asking.set(Some(places));
            }
        })
    };
    let remove_all = {
        let (store, asking) = (store.clone(), asking.clone());
        Callback::from(move |_| {
            asking.set(None);
            if let Some(k) = kind {
                store.dispatch(Action::Edit(references::remove(&store.doc, k, i)));
            }
        })
    };
    let cancel = {
        let asking = asking.clone();
        Callback::from(move |_| asking.set(None))
    };
    html! {
        <div class="item-controls">
            if props.movable {
                <button type="button" class="button small icon" onclick={up} disabled={i == 0}
                    aria-label={format!("Move {} up", props.what)} title="Move up">{ "↑" }</button>
                <button type="button" class="button small icon" onclick={down} disabled={i + 1 >= props.len}
                    aria-label={format!("Move {} down", props.what)} title="Move down">{ "↓" }</button>
            }
            <button type="button" class="button small danger" onclick={remove}
                aria-label={format!("Remove {}", props.what)} aria-expanded={asking.is_some().then_some("true")}>{ "Remove" }</button>
            if let Some(places) = &*asking {
                <div class="remove-references" role="group" aria-label={format!("Remove {}", props.what)} id="remove-references">
                    <p>{ format!("The scenario refers to {} in {} place{}:", props.what, places.len(), plural(places.len())) }</p>
                    <ul>{ for places.iter().map(|p| html! { <li>{ p }</li> }) }</ul>
                    <div class="remove-actions">
                        <button type="button" class="button small danger" id="remove-with-references" onclick={remove_all}>
                            { format!("Remove it and its {} reference{}", places.len(), plural(places.len())) }
                        </button>
                        <button type="button" class="button small" id="remove-only" onclick={remove_only}>{ format!("Remove only {}", props.what) }</button>
                        <button type="button" class="button small" id="remove-cancel" onclick={cancel}>{ "Cancel" }</button>
                    </div>
                </div>
            }
        </div>
    }
}

/// What the editor remembers across renames about references that could not follow an item by
/// name (`engine::rename::Renames`), shared by every name field. It is not part of the scenario:
/// a reload starts without it.
#[derive(Clone, Default)]
pub struct RenameMemory(pub Rc<RefCell<Renames>>);

impl PartialEq for RenameMemory {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

#[derive(Properties, PartialEq)]
pub struct NameFieldProps {
    pub label: AttrValue,
    /// The named item's pointer, e.g. `/levels/2`.
    pub item: AttrValue,
    pub kind: NameKind,
    #[prop_or_default]
    pub hidden_label: bool,
    #[prop_or_default]
    pub class: Classes,
}

/// The name of a level, category, priority, calendar or attribute. The text is committed when the
/// field is left (or Enter is pressed), renaming the item's references with it in one edit; the
/// references follow the item through renames to names that are taken.
#[component]
pub fn NameField(props: &NameFieldProps) -> Html {
    let store = use_store();
    let memory = use_context::<RenameMemory>().unwrap_or_default();
    let pointer = format!("{}/name", props.item);
    let draft = use_state(|| None::<String>);
    let current = show(store.get(&pointer));
    let value = (*draft).clone().unwrap_or(current);
    let problems = problems_at(&store, &pointer);
    let id = dom_id(&pointer);
    let describe = format!("{id}-problems");
    let oninput = {
        let draft = draft.clone();
        Callback::from(move |e: InputEvent| draft.set(Some(e.target_unchecked_into::<HtmlInputElement>().value())))
    };
    let onchange = {
        let (store, draft, item, kind) = (store.clone(), draft.clone(), props.item.to_string(), props.kind);
        Callback::from(move |e: Event| {
            let text = e.target_unchecked_into::<HtmlInputElement>().value();
            draft.set(None);
            let renamed = memory.0.borrow_mut().rename(&store.doc, kind, &item, &text);
            store.dispatch(Action::Edit(renamed));
        })
    };
    let invalid = problems.iter().any(|p| p.severity == Severity::Error);
    html! {
        <div class={classes!("field", "name-field", props.class.clone(), invalid.then_some("invalid"))}>
            <label for={id.clone()} class={classes!(props.hidden_label.then_some("visually-hidden"))}>{ &props.label }</label>
            <div class="field-input">
                <input id={id} type="text" {value} {oninput} {onchange} data-pointer={pointer}
                    aria-invalid={invalid.to_string()} spellcheck="false"
                    aria-describedby={(!problems.is_empty()).then(|| describe.clone())} />
            </div>
            <FieldProblems id={describe} problems={problems} />
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct ScopeProps {
    pub legend: AttrValue,
    /// The list's pointer, e.g. `/triggers/0/levels`.
    pub pointer: AttrValue,
    /// Every name the list may hold, in display order.
    pub options: Vec<String>,
    /// The text of the "all" box: "All levels".
    pub all_label: AttrValue,
}

/// A scope list as checkboxes: "all" (the key absent), or the names ticked. Names in the list
/// that are not known stay visible (ticked, marked unknown) so they can be removed.
#[component]
pub fn ScopeChecks(props: &ScopeProps) -> Html {
    let store = use_store();
    let pointer = props.pointer.to_string();
    let current = string_list(store.get(&pointer));
    let all = current.is_none();
    let chosen = current.clone().unwrap_or_default();
    let unknown: Vec<String> = chosen.iter().filter(|n| !props.options.contains(n)).cloned().collect();
    let id = dom_id(&pointer);
    let on_all = {
        let (store, pointer, options) = (store.clone(), pointer.clone(), props.options.clone());
        Callback::from(move |e: Event| {
            if e.target_unchecked_into::<HtmlInputElement>().checked() {
                store.dispatch(Action::Remove(pointer.clone()));
            } else {
                store.dispatch(Action::Set(pointer.clone(), Value::from(options.clone())));
            }
        })
    };
    let toggle = |name: String| {
        let (store, pointer, options, chosen) = (store.clone(), pointer.clone(), props.options.clone(), chosen.clone());
        Callback::from(move |e: Event| {
            let on = e.target_unchecked_into::<HtmlInputElement>().checked();
            let mut next: Vec<String> =
                options.iter().filter(|o| if **o == name { on } else { chosen.contains(o) }).cloned().collect();
            // Keep unknown names unless this box is the one unticked.
            next.extend(chosen.iter().filter(|c| !options.contains(c) && (**c != name || on)).cloned());
            store.dispatch(Action::Set(pointer.clone(), Value::from(next)));
        })
    };
    let problems = problems_within(&store, &path_of(&pointer));
    html! {
        <fieldset class="scope">
            <legend>{ &props.legend }</legend>
            <div class="scope-boxes">
                <span class="check-pill all">
                    <input type="checkbox" id={id.clone()} checked={all} onchange={on_all} data-pointer={pointer.clone()} />
                    <label for={id.clone()}>{ &props.all_label }</label>
                </span>
                { for props.options.iter().enumerate().map(|(n, name)| {
                    let box_id = format!("{id}-o{n}");
                    html! {
                        <span class={classes!("check-pill", all.then_some("implied"))}>
                            <input type="checkbox" id={box_id.clone()} checked={all || chosen.contains(name)}
                                disabled={all} onchange={toggle(name.clone())} />
                            <label for={box_id}>{ name }</label>
                        </span>
                    }
                }) }
                { for unknown.iter().enumerate().map(|(n, name)| {
                    let box_id = format!("{id}-u{n}");
                    html! {
                        <span class="check-pill unknown">
                            <input type="checkbox" id={box_id.clone()} checked=true onchange={toggle(name.clone())} />
                            <label for={box_id}>{ format!("{name} (unknown)") }</label>
                        </span>
                    }
                }) }
            </div>
            if current.as_ref().is_some_and(Vec::is_empty) {
                <p class="hint warning-text">{ "Nothing ticked: this matches nothing." }</p>
            }
            <FieldProblems id={format!("{id}-problems")} problems={problems} />
        </fieldset>
    }
}

#[derive(Properties, PartialEq)]
pub struct TextAreaProps {
    pub label: AttrValue,
    pub pointer: AttrValue,
    #[prop_or_default]
    pub placeholder: Option<AttrValue>,
}

/// A multi-line text bound to a pointer; emptied, the key is removed.
#[component]
pub fn TextArea(props: &TextAreaProps) -> Html {
    let store = use_store();
    let pointer = props.pointer.to_string();
    let id = dom_id(&pointer);
    let value = show(store.get(&pointer));
    let problems = problems_at(&store, &pointer);
    let oninput = {
        let (store, pointer) = (store.clone(), pointer.clone());
        Callback::from(move |e: InputEvent| {
            let text = e.target_unchecked_into::<HtmlTextAreaElement>().value();
            if text.is_empty() {
                store.dispatch(Action::Remove(pointer.clone()));
            } else {
                store.dispatch(Action::Set(pointer.clone(), Value::String(text)));
            }
        })
    };
    html! {
        <div class="field textarea">
            <label for={id.clone()}>{ &props.label }</label>
            <textarea id={id.clone()} rows="3" {value} {oninput} placeholder={props.placeholder.clone()} data-pointer={pointer} />
            <FieldProblems id={format!("{id}-problems")} problems={problems} />
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct OptionalProps {
    /// The optional key's pointer.
    pub pointer: AttrValue,
    pub label: AttrValue,
    /// The value written when the box is ticked.
    pub default: Value,
    /// Shown when the key is absent: what applies instead.
    #[prop_or_default]
    pub absent_hint: Option<AttrValue>,
    #[prop_or_default]
    pub children: Html,
}

/// A checkbox that adds or removes an optional part of the scenario (a priority mix, triage,
/// reopens), and shows its editor when present.
#[component]
pub fn Optional(props: &OptionalProps) -> Html {
    let store = use_store();
    let pointer = props.pointer.to_string();
    let present = store.get(&pointer).is_some();
    let id = format!("{}-on", dom_id(&pointer));
    let onchange = {
        let (store, pointer, default) = (store.clone(), pointer.clone(), props.default.clone());
        Callback::from(move |e: Event| {
            if e.target_unchecked_into::<HtmlInputElement>().checked() {
                store.dispatch(Action::Set(pointer.clone(), default.clone()));
            } else {
                store.dispatch(Action::Remove(pointer.clone()));
            }
        })
    };
    html! {
        <div class={classes!("optional", present.then_some("on"))}>
            <div class="field check">
                <input type="checkbox" id={id.clone()} checked={present} {onchange} />
                <label for={id}>{ &props.label }</label>
            </div>
            if present {
                { props.children.clone() }
            } else if let Some(h) = &props.absent_hint {
                <p class="hint">{ h }</p>
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct AddButtonProps {
    /// The array's pointer.
    pub list: AttrValue,
    pub value: Value,
    pub text: AttrValue,
    #[prop_or_default]
    pub id: Option<AttrValue>,
}

/// A button appending an item to a list.
#[component]
pub fn AddButton(props: &AddButtonProps) -> Html {
    let store = use_store();
    let onclick = {
        let (list, value) = (props.list.to_string(), props.value.clone());
        Callback::from(move |_| store.dispatch(Action::Push(list.clone(), value.clone())))
    };
    html! { <button type="button" class="button small add" id={props.id.clone()} {onclick}>{ &props.text }</button> }
}

#[derive(Properties, PartialEq)]
pub struct PointerProps {
    pub pointer: AttrValue,
}

/// The problems exactly at a pointer's path, as the list under a field.
#[component]
pub fn PointerProblems(props: &PointerProps) -> Html {
    let store = use_store();
    html! { <FieldProblems id={format!("{}-problems", dom_id(&props.pointer))} problems={problems_at(&store, &props.pointer)} /> }
}

#[derive(Properties, PartialEq)]
pub struct StrayProps {
    /// The key's pointer.
    pub pointer: AttrValue,
    /// The button's accessible name: "Remove the entry for P9".
    pub aria: AttrValue,
    #[prop_or(AttrValue::Static("Remove"))]
    pub text: AttrValue,
}

/// A key the document has but the editor does not offer (an unknown priority, attribute or
/// urgency): its problems and a button removing it.
#[component]
pub fn StrayKey(props: &StrayProps) -> Html {
    let store = use_store();
    let onclick = {
        let pointer = props.pointer.to_string();
        Callback::from(move |_| store.dispatch(Action::Remove(pointer.clone())))
    };
    html! {
        <span class="stray">
            <PointerProblems pointer={props.pointer.clone()} />
            <button type="button" class="button small danger" {onclick} aria-label={props.aria.clone()}>{ &props.text }</button>
        </span>
    }
}
