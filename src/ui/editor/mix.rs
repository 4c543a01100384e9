//! The mix editor: a map `name -> probability` (priority mixes, attribute values, impact and
//! urgency), with its running sum, a "normalise" button, and adding, renaming and removing
//! entries. Mixes over a known set of names (priorities) list every name; free mixes (attribute
//! values, impacts, urgencies) let the user name entries, and keep linked parts of the scenario in
//! step (the triage matrix rows and columns, SLA conditions naming an attribute value).

use serde_json::{Map, Value, json};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::common::{number, pct, problems_at};
use crate::engine::rename::{attribute_value_refs, key_of};
use crate::ui::fields::{Field, FieldProblems, Kind, dom_id, use_store};
use crate::ui::store::{Action, key};

/// What else changes when an entry of a free mix is added, renamed or removed.
#[derive(Clone, Debug, PartialEq)]
pub enum Linked {
    None,
    /// `triage.impact`: the matrix has a row per impact.
    TriageImpact,
    /// `triage.urgency`: every matrix row has an entry per urgency.
    TriageUrgency,
    /// The values of this attribute, named by SLA conditions and scheduled issues.
    AttributeValues(String),
}

/// The entries a mix may have.
#[derive(Clone, Debug, PartialEq)]
pub enum Keys {
    /// Fixed names (priorities), with their display labels.
    Known(Vec<(String, String)>),
    /// Names the user chooses; `noun` words the add button ("impact", "value").
    Free { noun: &'static str, linked: Linked },
}

#[derive(Properties, PartialEq)]
pub struct MixProps {
    pub legend: AttrValue,
    pub pointer: AttrValue,
    pub keys: Keys,
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    /// Each entry is a chance of its own (tags), not a share of one mix: no sum to keep.
    #[prop_or_default]
    pub independent: bool,
}

/// The numbers of a mix, by key; non-numbers are skipped.
fn entries(value: Option<&Value>) -> Vec<(String, Option<f64>)> {
    value
        .and_then(Value::as_object)
        .map(|m| m.iter().map(|(k, v)| (k.clone(), v.as_f64())).collect())
        .unwrap_or_default()
}

/// The mix scaled to sum to 1 (rounded to 4 decimals, the last entry taking the rounding).
fn normalised(map: &Map<String, Value>) -> Option<Map<String, Value>> {
    let sum: f64 = map.values().filter_map(Value::as_f64).filter(|v| *v >= 0.0).sum();
    if sum <= 0.0 || !sum.is_finite() {
        return None;
    }
    let keys: Vec<&String> = map.iter().filter(|(_, v)| v.as_f64().is_some_and(|x| x >= 0.0)).map(|(k, _)| k).collect();
    let mut out = map.clone();
    let mut used: f64 = 0.0;
    for (i, k) in keys.iter().enumerate() {
        let v = map.get(*k).and_then(Value::as_f64).unwrap_or(0.0);
        let x = if i + 1 == keys.len() { ((1.0 - used) * 1e4).round() / 1e4 } else { (v / sum * 1e4).round() / 1e4 };
        used += x;
        out.insert((*k).clone(), json!(x.max(0.0)));
    }
    Some(out)
}

#[component]
pub fn MixEditor(props: &MixProps) -> Html {
    let store = use_store();
    let pointer = props.pointer.to_string();
    let value = store.get(&pointer);
    let list = entries(value);
    let sum: f64 = list.iter().filter_map(|(_, v)| *v).sum();
    let is_map = value.is_none_or(Value::is_object);
    let id = dom_id(&pointer);
    let on_normalise = {
        let (store, pointer) = (store.clone(), pointer.clone());
        Callback::from(move |_| {
            if let Some(m) = store.get(&pointer).and_then(Value::as_object).and_then(normalised) {
                store.dispatch(Action::Set(pointer.clone(), Value::Object(m)));
            }
        })
    };
    let balanced = (sum - 1.0).abs() <= 1e-6;
    let rows = match &props.keys {
        Keys::Known(known) => {
            let unknown: Vec<&String> =
                list.iter().map(|(k, _)| k).filter(|k| !known.iter().any(|(n, _)| n == *k)).collect();
            html! {
                <>
                    <div class="mix-grid">
                        { for known.iter().map(|(name, label)| {
                            let text = if label == name { name.clone() } else { format!("{name} · {label}") };
                            html! {
                                <Field label={text} pointer={format!("{pointer}/{}", key(name))} kind={Kind::Number}
                                    optional=true placeholder="0" class="mix-entry" />
                            }
                        }) }
                    </div>
                    { for unknown.into_iter().map(|k| html! { <UnknownEntry pointer={pointer.clone()} name={k.clone()} /> }) }
                </>
            }
        }
        Keys::Free { linked, .. } => html! {
            <div class="mix-free">
                { for list.iter().map(|(k, _)| html! {
                    <FreeEntry pointer={pointer.clone()} name={k.clone()} linked={linked.clone()} />
                }) }
            </div>
        },
    };
    let add = match &props.keys {
        Keys::Free { noun, linked } => {
            let (store, pointer, linked, noun) = (store.clone(), pointer.clone(), linked.clone(), *noun);
            let onclick = Callback::from(move |_| {
                let mut doc = (*store.doc).clone();
                let taken: Vec<String> = entries(doc.pointer(&pointer)).into_iter().map(|(k, _)| k).collect();
                let name = super::common::fresh_name(&taken, noun, taken.len() + 1);
                if crate::ui::store::set(&mut doc, &format!("{pointer}/{}", key(&name)), json!(0)) {
                    linked_add(&mut doc, &linked, &name);
                    store.dispatch(Action::Edit(doc));
                }
            });
            html! { <button type="button" class="button small add" {onclick}>{ format!("Add {noun}") }</button> }
        }
        Keys::Known(_) => html! {},
    };
    html! {
        <fieldset class="mix" id={id.clone()} tabindex="-1">
            <legend>{ &props.legend }</legend>
            if let Some(h) = &props.hint { <p class="hint">{ h }</p> }
            if is_map { { rows } } else { <p class="problem error">{ "This should be an object of name → probability; edit it in the JSON view." }</p> }
            <div class="mix-foot">
                if !props.independent {
                    <span class={classes!("mix-sum", if balanced { "ok" } else { "off" })} aria-live="polite">
                        { format!("Sum {}", crate::ui::format::trim(sum, 4)) }
                        { if balanced { " ✓".to_string() } else { format!(" — must be 1 (now {})", pct(sum)) } }
                    </span>
                }
                if !props.independent && !balanced && sum > 0.0 {
                    <button type="button" class="button small" onclick={on_normalise}
                        aria-label={format!("Scale {} to sum to 1", props.legend)}>{ "Normalise" }</button>
                }
                { add }
            </div>
            <FieldProblems id={format!("{id}-problems")} problems={problems_at(&store, &pointer)} />
        </fieldset>
    }
}

#[derive(Properties, PartialEq)]
struct EntryProps {
    pointer: AttrValue,
    name: String,
    #[prop_or(Linked::None)]
    linked: Linked,
}

/// An entry of a known-names mix whose name is not known (a typo, a removed priority).
#[component]
fn UnknownEntry(props: &EntryProps) -> Html {
    let store = use_store();
    let entry = format!("{}/{}", props.pointer, key(&props.name));
    let remove = {
        let entry = entry.clone();
        Callback::from(move |_| store.dispatch(Action::Remove(entry.clone())))
    };
    html! {
        <div class="mix-unknown">
            <Field label={format!("{} (unknown)", props.name)} pointer={entry} kind={Kind::Number} class="mix-entry" />
            <button type="button" class="button small danger" onclick={remove}
                aria-label={format!("Remove {} from the mix", props.name)}>{ "Remove" }</button>
        </div>
    }
}

/// An entry of a free mix: its name (renamed when the field is left), probability, remove.
#[component]
fn FreeEntry(props: &EntryProps) -> Html {
    let store = use_store();
    let entry = format!("{}/{}", props.pointer, key(&props.name));
    let name_id = format!("{}-name", dom_id(&entry));
    let draft = use_state(|| None::<String>);
    let value = (*draft).clone().unwrap_or_else(|| props.name.clone());
    let oninput = {
        let draft = draft.clone();
        Callback::from(move |e: InputEvent| draft.set(Some(e.target_unchecked_into::<HtmlInputElement>().value())))
    };
    let onchange = {
        let (store, draft, pointer, old, linked) =
            (store.clone(), draft.clone(), props.pointer.to_string(), props.name.clone(), props.linked.clone());
        Callback::from(move |e: Event| {
            let new = e.target_unchecked_into::<HtmlInputElement>().value();
            draft.set(None);
            let new = new.trim().to_string();
            if new.is_empty() || new == old {
                return;
            }
            let mut doc = (*store.doc).clone();
            if doc.pointer(&pointer).and_then(Value::as_object).is_some_and(|m| m.contains_key(&new)) {
                return;
            }
            key_of(doc.pointer_mut(&pointer), &old, &new);
            linked_rename(&mut doc, &linked, &old, &new);
            store.dispatch(Action::Edit(doc));
        })
    };
    let remove = {
        let (store, pointer, name, linked) =
            (store.clone(), props.pointer.to_string(), props.name.clone(), props.linked.clone());
        Callback::from(move |_| {
            let mut doc = (*store.doc).clone();
            if let Some(m) = doc.pointer_mut(&pointer).and_then(Value::as_object_mut) {
                m.shift_remove(&name);
            }
            linked_remove(&mut doc, &linked, &name);
            store.dispatch(Action::Edit(doc));
        })
    };
    let share = number(store.get(&entry));
    html! {
        <div class="mix-row">
            <div class="field">
                <label for={name_id.clone()} class="visually-hidden">{ format!("Name of {}", props.name) }</label>
                <input id={name_id} type="text" class="mix-name" {value} {oninput} {onchange} spellcheck="false" />
            </div>
            <Field label={format!("Probability of {}", props.name)} hidden_label=true pointer={entry.clone()}
                kind={Kind::Number} class="mix-entry" />
            <span class="mix-pct" aria-hidden="true">{ share.map(pct).unwrap_or_default() }</span>
            <button type="button" class="button small danger" onclick={remove}
                aria-label={format!("Remove {}", props.name)}>{ "Remove" }</button>
        </div>
    }
}

fn linked_add(doc: &mut Value, linked: &Linked, name: &str) {
    let priorities = super::common::priorities(doc);
    let fallback = Value::String(priorities.last().map(|(n, _)| n.clone()).unwrap_or_default());
    match linked {
        Linked::TriageImpact => {
            let urgencies: Vec<String> = doc
                .pointer("/triage/urgency")
                .and_then(Value::as_object)
                .map(|m| m.keys().cloned().collect())
                .unwrap_or_default();
            let row: Map<String, Value> = urgencies.into_iter().map(|u| (u, fallback.clone())).collect();
            crate::ui::store::set(doc, &format!("/triage/matrix/{}", key(name)), Value::Object(row));
        }
        Linked::TriageUrgency => {
            if let Some(m) = doc.pointer_mut("/triage/matrix").and_then(Value::as_object_mut) {
                for row in m.values_mut().filter_map(Value::as_object_mut) {
                    row.insert(name.to_string(), fallback.clone());
                }
            }
        }
        Linked::AttributeValues(_) | Linked::None => {}
    }
}

fn linked_rename(doc: &mut Value, linked: &Linked, old: &str, new: &str) {
    match linked {
        Linked::TriageImpact => key_of(doc.pointer_mut("/triage/matrix"), old, new),
        Linked::TriageUrgency => {
            if let Some(m) = doc.pointer_mut("/triage/matrix").and_then(Value::as_object_mut) {
                for row in m.values_mut() {
                    key_of(Some(row), old, new);
                }
            }
        }
        Linked::AttributeValues(attribute) => attribute_value_refs(doc, attribute, old, new),
        Linked::None => {}
    }
}

fn linked_remove(doc: &mut Value, linked: &Linked, name: &str) {
    match linked {
        Linked::TriageImpact => {
            if let Some(m) = doc.pointer_mut("/triage/matrix").and_then(Value::as_object_mut) {
                m.shift_remove(name);
            }
        }
        Linked::TriageUrgency => {
            if let Some(m) = doc.pointer_mut("/triage/matrix").and_then(Value::as_object_mut) {
                for row in m.values_mut().filter_map(Value::as_object_mut) {
                    row.shift_remove(name);
                }
            }
        }
        Linked::AttributeValues(_) | Linked::None => {}
    }
}
