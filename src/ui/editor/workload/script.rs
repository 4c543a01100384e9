//! The script: events at set moments (an issue arrives, arrivals surge, staff change, a level
//! closes), the same in every run: an exercise's timeline. Each event is a card with its moment,
//! its name, what happens and that kind's fields; changing the kind replaces what happens by a
//! default of the new kind.

use serde_json::{Map, Value, json};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::super::common::{AddButton, ItemControls, items, name_of, names, options, priorities};
use crate::ui::fields::{Field, FieldProblems, Kind, SectionProblems, Select, dom_id, use_store};
use crate::ui::store::{Action, path_of};

/// The kinds of event: the key that says what happens, and its words.
const KINDS: [(&str, &str); 4] =
    [("issue", "Issue arrives"), ("burst", "Arrivals surge"), ("staff", "Staff change"), ("close", "Level closes")];

/// The kind of an event: the first of its keys that says what happens ("" when none does).
fn kind_of(event: &Value) -> &'static str {
    KINDS.iter().map(|(k, _)| *k).find(|k| event.get(k).is_some()).unwrap_or("")
}

/// What happens in a new event of a kind, naming the scenario's first category, priority or
/// level.
fn default_action(doc: &Value, kind: &str) -> Value {
    let first = |list: &str| names(doc, list).into_iter().next().unwrap_or_default();
    match kind {
        "issue" => json!({
            "category": first("/categories"),
            "priority": priorities(doc).into_iter().next().map(|p| p.0).unwrap_or_default()
        }),
        "burst" => json!({ "factor": 2, "for": "2h" }),
        "staff" => json!({ "level": first("/levels"), "change": -1, "for": "4h" }),
        _ => json!({ "level": first("/levels"), "for": "1h" }),
    }
}

/// The event with what happens replaced by a default of `kind`; its moment and name kept.
fn with_kind(doc: &Value, event: &Value, kind: &str) -> Value {
    let mut out = Map::new();
    for k in ["at", "name"] {
        if let Some(v) = event.get(k) {
            out.insert(k.to_string(), v.clone());
        }
    }
    out.insert(kind.to_string(), default_action(doc, kind));
    Value::Object(out)
}

/// A field of an event's kind: its key, label, kind, placeholder and hint.
type KindField = (&'static str, &'static str, Kind, &'static str, Option<&'static str>);

/// The fields of an event's kind besides its level, category and priority.
fn fields_of(kind: &str) -> &'static [KindField] {
    const FOR: KindField = ("for", "For", Kind::Text, "e.g. 2h", None);
    match kind {
        "burst" => {
            &[("factor", "Arrivals ×", Kind::Number, "e.g. 3", Some("Above 1: every arrival rate is multiplied.")), FOR]
        }
        "staff" => &[("change", "Change", Kind::Integer, "e.g. -2", Some("Staff who join; negative: who leave.")), FOR],
        "close" => &[FOR],
        _ => &[],
    }
}

#[component]
pub fn Script() -> Html {
    let store = use_store();
    let list = "/script";
    let len = items(&store.doc, list).len();
    let categories = options(&names(&store.doc, "/categories"));
    let prios: Vec<(String, String)> = priorities(&store.doc).into_iter().map(|(n, _)| (n.clone(), n)).collect();
    let levels = options(&names(&store.doc, "/levels"));
    let new_event = with_kind(&store.doc, &json!({ "at": "1d" }), "issue");
    html! {
        <>
            <p class="hint">{ "An exercise's timeline: events at set moments, the same in every run (a given issue, a surge, staff off sick, a level in a meeting). Moments are offsets (\"1d2h\"), a weekday and time (\"Tue 10:30\") or a date and time." }</p>
            <SectionProblems path="script" />
            <div class="cards">
                { for (0..len).map(|i| {
                    let item = format!("{list}/{i}");
                    let event = store.get(&item).cloned().unwrap_or(Value::Null);
                    let kind = kind_of(&event);
                    let name = name_of(&event);
                    let shown = if name.is_empty() { format!("Event {}", i + 1) } else { format!("{} · {name}", i + 1) };
                    let on_kind = {
                        let (store, item, event) = (store.clone(), item.clone(), event.clone());
                        Callback::from(move |e: Event| {
                            let k = e.target_unchecked_into::<HtmlSelectElement>().value();
                            if !k.is_empty() && k != kind_of(&event) {
                                store.dispatch(Action::Set(item.clone(), with_kind(&store.doc, &event, &k)));
                            }
                        })
                    };
                    let kind_id = dom_id(&item);
                    let action = format!("{item}/{kind}");
                    // The pointers whose fields show their own problems.
                    let mut shown_at = vec![format!("{item}/at"), format!("{item}/name"), item.clone()];
                    match kind {
                        "issue" => shown_at.extend([format!("{action}/category"), format!("{action}/priority")]),
                        "staff" | "close" => shown_at.push(format!("{action}/level")),
                        _ => {}
                    }
                    shown_at.extend(fields_of(kind).iter().map(|(k, ..)| format!("{action}/{k}")));
                    let kind_problems = crate::ui::fields::problems_at(&store, &item);
                    html! {
                        <article class="card script-card" key={i} data-event={(i + 1).to_string()}>
                            <header class="card-head">
                                <h4>{ &shown }</h4>
                                <ItemControls list={list} index={i} {len} what={format!("event {}", i + 1)} />
                            </header>
                            <div class="card-grid">
                                <Field label="At" pointer={format!("{item}/at")} placeholder="Tue 10:30" />
                                <Field label="Name" pointer={format!("{item}/name")} optional=true placeholder="e.g. Legal threat" />
                                <div class={classes!("field", kind_problems.iter().any(|p| p.severity == crate::engine::Severity::Error).then_some("invalid"))}>
                                    <label for={kind_id.clone()}>{ "What happens" }</label>
                                    <select id={kind_id.clone()} onchange={on_kind} data-pointer={item.clone()}
                                        aria-describedby={(!kind_problems.is_empty()).then(|| format!("{kind_id}-problems"))}>
                                        if kind.is_empty() { <option value="" selected=true>{ "(choose)" }</option> }
                                        { for KINDS.iter().map(|(k, text)| html! { <option value={*k} selected={*k == kind}>{ *text }</option> }) }
                                    </select>
                                    <FieldProblems id={format!("{kind_id}-problems")} problems={kind_problems} />
                                </div>
                                if kind == "issue" {
                                    <Select label="Category" pointer={format!("{action}/category")} options={categories.clone()} />
                                    <Select label="Priority" pointer={format!("{action}/priority")} options={prios.clone()} />
                                }
                                if kind == "staff" || kind == "close" {
                                    <Select label="Level" pointer={format!("{action}/level")} options={levels.clone()} />
                                }
                                { for fields_of(kind).iter().map(|(k, label, field_kind, placeholder, hint)| html! {
                                    <Field label={*label} pointer={format!("{action}/{k}")} kind={*field_kind} placeholder={*placeholder}
                                        hint={hint.map(AttrValue::Static)} />
                                }) }
                            </div>
                            <EventProblems item={item.clone()} shown={shown_at} />
                        </article>
                    }
                }) }
            </div>
            <AddButton list={list} value={new_event} text="Add event" id="add-script-event" />
        </>
    }
}

#[derive(Properties, PartialEq)]
struct EventProblemsProps {
    item: AttrValue,
    /// The pointers whose fields show their own problems.
    shown: Vec<String>,
}

/// Problems of an event that none of its fields shows (attributes or tags of a given issue,
/// keys of another kind).
#[component]
fn EventProblems(props: &EventProblemsProps) -> Html {
    let store = use_store();
    let shown: Vec<String> = props.shown.iter().map(|p| path_of(p)).collect();
    let extra: Vec<_> =
        store.checked.within(&path_of(&props.item)).filter(|p| !shown.contains(&p.path)).cloned().collect();
    html! { <FieldProblems id={format!("{}-extra", dom_id(&props.item))} problems={extra} /> }
}
