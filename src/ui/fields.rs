//! Form fields bound to the scenario document by JSON pointer. Each field reads its value from the
//! store, writes edits back as they are typed, and shows the validation problems at its path
//! beside itself (`aria-invalid`, `aria-describedby`), so an error appears where it is made.

use serde_json::{Value, json};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::engine::{Problem, Severity};
use crate::ui::store::{Action, Store, path_of};

/// The shared store, from the app's context.
#[hook]
pub fn use_store() -> Store {
    use_context::<Store>().expect("fields are rendered inside the app's store context")
}

/// A DOM id for a pointer (for labels and `aria-describedby`).
pub fn dom_id(pointer: &str) -> String {
    let mut id = String::from("f");
    for c in pointer.chars() {
        id.push(if c.is_ascii_alphanumeric() { c } else { '-' });
    }
    id
}

/// The problems at one path, as the small list under a field.
#[derive(Properties, PartialEq)]
pub struct ProblemListProps {
    pub id: AttrValue,
    pub problems: Vec<Problem>,
}

#[component]
pub fn FieldProblems(props: &ProblemListProps) -> Html {
    if props.problems.is_empty() {
        return html! {};
    }
    html! {
        <ul class="field-problems" id={props.id.clone()}>
            { for props.problems.iter().map(|p| {
                let class = if p.severity == Severity::Error { "problem error" } else { "problem warning" };
                html! { <li class={class} data-path={p.path.clone()}>{ &p.message }</li> }
            }) }
        </ul>
    }
}

/// Problems exactly at a pointer's path, and the classes/attributes a field gets from them.
pub fn problems_at(store: &Store, pointer: &str) -> Vec<Problem> {
    let path = path_of(pointer);
    store.checked.at(&path).cloned().collect()
}

fn has_error(problems: &[Problem]) -> bool {
    problems.iter().any(|p| p.severity == Severity::Error)
}

/// How a field's text becomes a JSON value.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    /// Text as a string (names, durations such as `4m`, times of day).
    Text,
    /// A number; text that is not one is kept as typed (and validation says so).
    Number,
    /// A whole number.
    Integer,
}

#[derive(Properties, PartialEq)]
pub struct FieldProps {
    pub label: AttrValue,
    pub pointer: AttrValue,
    #[prop_or(Kind::Text)]
    pub kind: Kind,
    /// Remove the key when the text is emptied (optional fields).
    #[prop_or_default]
    pub optional: bool,
    #[prop_or_default]
    pub placeholder: Option<AttrValue>,
    /// Shown after the input (a unit such as "per hour").
    #[prop_or_default]
    pub unit: Option<AttrValue>,
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    #[prop_or_default]
    pub class: Classes,
    /// A `step` for number inputs.
    #[prop_or_default]
    pub step: Option<AttrValue>,
    /// The label is for screen readers only (in tables, where the header says it).
    #[prop_or_default]
    pub hidden_label: bool,
    /// The field's problems are listed elsewhere, in the element with this id (a table row's
    /// full-width line, where a long message cannot widen a narrow column); the field is still
    /// marked invalid.
    #[prop_or_default]
    pub problems_in: Option<AttrValue>,
}

/// Turns typed text into the value stored in the document.
pub fn parse(kind: Kind, text: &str) -> Value {
    let t = text.trim();
    match kind {
        Kind::Text => Value::String(text.to_string()),
        Kind::Number => crate::engine::number::parse(t)
            .and_then(serde_json::Number::from_f64)
            .map_or_else(|| Value::String(text.to_string()), Value::Number),
        Kind::Integer => match t.parse::<i64>() {
            Ok(n) => json!(n),
            Err(_) => Value::String(text.to_string()),
        },
    }
}

/// A value as the text a field shows.
pub fn show(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        Some(v) => v.to_string(),
    }
}

/// A labelled text or number input bound to a pointer.
#[component]
pub fn Field(props: &FieldProps) -> Html {
    let store = use_store();
    let pointer = props.pointer.to_string();
    let problems = problems_at(&store, &pointer);
    let id = dom_id(&pointer);
    let describe = props.problems_in.as_ref().map_or_else(|| format!("{id}-problems"), ToString::to_string);
    // What the user typed, kept while it still means the stored value: "0." or "1" would
    // otherwise be redrawn as "0" or "1.0" under the cursor.
    let typed = use_state(|| None::<String>);
    let stored = store.get(&pointer);
    let value = match &*typed {
        Some(t) if Some(&parse(props.kind, t)) == stored || (stored.is_none() && t.trim().is_empty()) => t.clone(),
        _ => show(stored),
    };
    let oninput = {
        let (store, pointer, kind, optional) = (store.clone(), pointer.clone(), props.kind, props.optional);
        let typed = typed.clone();
        Callback::from(move |e: InputEvent| {
            let text = e.target_unchecked_into::<HtmlInputElement>().value();
            typed.set(Some(text.clone()));
            if optional && text.trim().is_empty() {
                store.dispatch(Action::Remove(pointer.clone()));
            } else {
                store.dispatch(Action::Set(pointer.clone(), parse(kind, &text)));
            }
        })
    };
    let mode = match props.kind {
        Kind::Text => None,
        Kind::Number => Some("decimal"),
        Kind::Integer => Some("numeric"),
    };
    let invalid = has_error(&problems);
    html! {
        <div class={classes!("field", props.class.clone(), invalid.then_some("invalid"))}>
            <label for={id.clone()} class={classes!(props.hidden_label.then_some("visually-hidden"))}>{ &props.label }</label>
            <div class="field-input">
                <input id={id.clone()} type="text" inputmode={mode} value={value}
                    placeholder={props.placeholder.clone()}
                    aria-invalid={invalid.to_string()}
                    aria-describedby={(!problems.is_empty()).then(|| describe.clone())}
                    data-pointer={pointer.clone()}
                    {oninput} />
                if let Some(unit) = &props.unit { <span class="unit">{ unit }</span> }
            </div>
            if let Some(hint) = &props.hint { <small class="hint">{ hint }</small> }
            if props.problems_in.is_none() { <FieldProblems id={describe} problems={problems} /> }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct SelectProps {
    pub label: AttrValue,
    pub pointer: AttrValue,
    /// (value, text) pairs.
    pub options: Vec<(String, String)>,
    /// Offer "(none)", which removes the key.
    #[prop_or_default]
    pub optional: bool,
    #[prop_or_default]
    pub none_label: Option<AttrValue>,
    /// A value that means the same as "(none)" (the built-in `24x7` calendar, named): shown as
    /// that option rather than as an unknown value.
    #[prop_or_default]
    pub none_value: Option<AttrValue>,
    #[prop_or_default]
    pub class: Classes,
    #[prop_or_default]
    pub hidden_label: bool,
}

/// A labelled `<select>` bound to a pointer holding a string.
#[component]
pub fn Select(props: &SelectProps) -> Html {
    let store = use_store();
    let pointer = props.pointer.to_string();
    let problems = problems_at(&store, &pointer);
    let id = dom_id(&pointer);
    let describe = format!("{id}-problems");
    let current = show(store.get(&pointer));
    let onchange = {
        let (store, pointer) = (store.clone(), pointer.clone());
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            if v.is_empty() {
                store.dispatch(Action::Remove(pointer.clone()));
            } else {
                store.dispatch(Action::Set(pointer.clone(), Value::String(v)));
            }
        })
    };
    let known = props.options.iter().any(|(v, _)| *v == current);
    let is_none = current.is_empty() || props.none_value.as_deref() == Some(current.as_str());
    let invalid = has_error(&problems);
    html! {
        <div class={classes!("field", props.class.clone(), invalid.then_some("invalid"))}>
            <label for={id.clone()} class={classes!(props.hidden_label.then_some("visually-hidden"))}>{ &props.label }</label>
            <select id={id.clone()} {onchange} aria-invalid={invalid.to_string()} data-pointer={pointer.clone()}
                aria-describedby={(!problems.is_empty()).then(|| describe.clone())}>
                if props.optional {
                    <option value="" selected={is_none}>{ props.none_label.clone().unwrap_or_else(|| "(none)".into()) }</option>
                }
                if !known && !is_none {
                    <option value={current.clone()} selected=true>{ format!("{current} (unknown)") }</option>
                }
                { for props.options.iter().map(|(v, text)| html! {
                    <option value={v.clone()} selected={*v == current}>{ text }</option>
                }) }
            </select>
            <FieldProblems id={describe} problems={problems} />
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct CheckProps {
    pub label: AttrValue,
    pub pointer: AttrValue,
    /// The value when the key is absent.
    #[prop_or_default]
    pub default: bool,
}

/// A checkbox bound to a boolean.
#[component]
pub fn Check(props: &CheckProps) -> Html {
    let store = use_store();
    let pointer = props.pointer.to_string();
    let id = dom_id(&pointer);
    let checked = store.get(&pointer).and_then(Value::as_bool).unwrap_or(props.default);
    let onchange = {
        let (store, pointer) = (store.clone(), pointer.clone());
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlInputElement>().checked();
            store.dispatch(Action::Set(pointer.clone(), Value::Bool(v)));
        })
    };
    html! {
        <div class="field check">
            <input id={id.clone()} type="checkbox" {checked} {onchange} data-pointer={pointer.clone()} />
            <label for={id}>{ &props.label }</label>
        </div>
    }
}

/// Every distribution kind the format knows, with the parameters each takes and a default.
pub const DISTRIBUTIONS: [(&str, &str); 6] = [
    ("exponential", "Exponential"),
    ("lognormal", "Log-normal"),
    ("gamma", "Gamma"),
    ("triangular", "Triangular"),
    ("uniform", "Uniform"),
    ("deterministic", "Fixed"),
];

/// The parameters of a distribution kind: (key, label, kind).
pub fn dist_params(dist: &str) -> &'static [(&'static str, &'static str, Kind)] {
    match dist {
        "exponential" => &[("mean", "mean", Kind::Text)],
        "lognormal" => &[("mean", "mean", Kind::Text), ("cv", "cv", Kind::Number)],
        "gamma" => &[("mean", "mean", Kind::Text), ("shape", "shape", Kind::Number)],
        "triangular" => &[("min", "min", Kind::Text), ("mode", "mode", Kind::Text), ("max", "max", Kind::Text)],
        "uniform" => &[("min", "min", Kind::Text), ("max", "max", Kind::Text)],
        "deterministic" => &[("value", "value", Kind::Text)],
        _ => &[],
    }
}

/// A distribution of the new kind that keeps the old one's mean where it can.
fn convert(old: Option<&Value>, dist: &str) -> Value {
    let mean = old
        .and_then(|v| v.get("mean").or_else(|| v.get("value")).or_else(|| v.get("mode")))
        .and_then(Value::as_str)
        .unwrap_or("10m")
        .to_string();
    match dist {
        "exponential" => json!({"dist": dist, "mean": mean}),
        "lognormal" => json!({"dist": dist, "mean": mean, "cv": 1.0}),
        "gamma" => json!({"dist": dist, "mean": mean, "shape": 2.0}),
        "triangular" => json!({"dist": dist, "min": "0m", "mode": mean, "max": "1h"}),
        "uniform" => json!({"dist": dist, "min": "0m", "max": mean}),
        _ => json!({"dist": "deterministic", "value": mean}),
    }
}

#[derive(Properties, PartialEq)]
pub struct DistProps {
    pub label: AttrValue,
    pub pointer: AttrValue,
    /// Offer "none", which removes the key (handoff times, override services).
    #[prop_or_default]
    pub optional: bool,
}

/// A distribution: its kind, then its parameters as durations (or numbers).
#[component]
pub fn Distribution(props: &DistProps) -> Html {
    let store = use_store();
    let pointer = props.pointer.to_string();
    let value = store.get(&pointer).cloned();
    let dist = value.as_ref().and_then(|v| v.get("dist")).and_then(Value::as_str).unwrap_or("").to_string();
    let id = dom_id(&pointer);
    let onchange = {
        let (store, pointer, old) = (store.clone(), pointer.clone(), value.clone());
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            if v.is_empty() {
                store.dispatch(Action::Remove(pointer.clone()));
            } else {
                store.dispatch(Action::Set(pointer.clone(), convert(old.as_ref(), &v)));
            }
        })
    };
    let problems = problems_at(&store, &pointer);
    let describe = format!("{id}-problems");
    html! {
        <fieldset class="field dist">
            <legend>{ &props.label }</legend>
            <div class="dist-row">
                <label for={id.clone()} class="visually-hidden">{ format!("{} distribution", props.label) }</label>
                <select id={id} {onchange} data-pointer={format!("{pointer}/dist")}>
                    if props.optional { <option value="" selected={value.is_none()}>{ "none" }</option> }
                    { for DISTRIBUTIONS.iter().map(|(v, text)| html! {
                        <option value={*v} selected={*v == dist}>{ *text }</option>
                    }) }
                </select>
                { for dist_params(&dist).iter().map(|(k, label, kind)| html! {
                    <Field label={*label} pointer={format!("{pointer}/{k}")} kind={*kind} class="param"
                        placeholder={if *kind == Kind::Text { Some(AttrValue::from("e.g. 10m")) } else { None }} />
                }) }
            </div>
            <FieldProblems id={describe} problems={problems} />
        </fieldset>
    }
}

/// The list of problems inside a section (for a section's header badge or summary).
#[derive(Properties, PartialEq)]
pub struct SectionProblemsProps {
    /// A validation path prefix such as `levels[0]`.
    pub path: AttrValue,
}

/// Problems inside a path that no field shows by itself (e.g. a level's "no staff" warning
/// is at `levels[0].staff`, shown by the field; one at `levels[0]` is shown here).
#[component]
pub fn SectionProblems(props: &SectionProblemsProps) -> Html {
    let store = use_store();
    let problems: Vec<Problem> = store.checked.at(&props.path).cloned().collect();
    html! { <FieldProblems id={format!("{}-problems", dom_id(&props.path))} problems={problems} /> }
}
