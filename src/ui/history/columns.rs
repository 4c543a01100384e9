//! Which column holds what: a choice of the header's columns for each ticket field, to read an
//! export whose layout is not recognised, or to read a recognised one another way. The mapping
//! is the engine's `history::Mapping`, built here as its JSON object.

use std::rc::Rc;

use serde_json::{Map, Value};
use yew::prelude::*;

use crate::engine::document;
use crate::engine::history::Mapping;

/// What each of `Mapping::FIELDS` means, in their order (the order shown).
const LABELS: [&str; 14] = [
    "Ticket id (rows with the same id are one ticket)",
    "Event time (one row per update)",
    "Opened",
    "Resolved",
    "Closed",
    "Priority",
    "Impact",
    "Urgency",
    "Category",
    "Team or group holding it",
    "State (one row per update)",
    "States that mean resolved, comma-separated",
    "Times reopened",
    "Met its SLA",
];

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The header's columns.
    pub columns: Rc<Vec<String>>,
    /// Field -> column as read last (resolved states as one comma-separated text).
    pub current: Rc<Vec<(String, String)>>,
    /// Read the file again with this mapping.
    pub on_read: Callback<Mapping>,
    /// Shown open (the file could not be read without it).
    pub open: bool,
}

#[component]
pub fn Columns(props: &Props) -> Html {
    let chosen = {
        let current = props.current.clone();
        use_state(move || {
            current.iter().map(|(k, v)| (k.clone(), Value::String(v.clone()))).collect::<Map<String, Value>>()
        })
    };
    let problem = use_state(|| None::<String>);
    let set = |field: &'static str| {
        let chosen = chosen.clone();
        Callback::from(move |value: String| {
            let mut next = (*chosen).clone();
            if value.is_empty() {
                next.remove(field);
            } else {
                next.insert(field.to_string(), Value::String(value));
            }
            chosen.set(next);
        })
    };
    let read = {
        let (chosen, problem, on_read) = (chosen.clone(), problem.clone(), props.on_read.clone());
        Callback::from(move |_| {
            let mut object = (*chosen).clone();
            if let Some(Value::String(states)) = object.get("resolved_states").cloned() {
                let list = states
                    .split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(|s| Value::String(s.into()))
                    .collect();
                object.insert("resolved_states".into(), Value::Array(list));
            }
            match document::from_value::<Mapping>(&Value::Object(object)) {
                Ok(m) if !m.ticket_id.is_empty() => {
                    problem.set(None);
                    on_read.emit(m);
                }
                Ok(_) => problem.set(Some("choose the column that holds the ticket id".into())),
                Err(e) => problem.set(Some(e)),
            }
        })
    };
    let value_of = |field: &str| chosen.get(field).and_then(Value::as_str).unwrap_or_default().to_string();
    html! {
        <details class="history-columns" id="history-columns" open={props.open}>
            <summary>{ "Columns: which one holds what" }</summary>
            <table class="history-mapping" id="history-mapping">
                <tbody>{ for Mapping::FIELDS.iter().zip(LABELS).map(|(&field, label)| {
                    let id = format!("history-map-{field}");
                    let value = value_of(field);
                    let on = set(field);
                    let control = if field == "resolved_states" {
                        let oninput = Callback::from(move |e: InputEvent| on.emit(e.target_unchecked_into::<web_sys::HtmlInputElement>().value()));
                        html! { <input id={id.clone()} {value} {oninput} /> }
                    } else {
                        let onchange = Callback::from(move |e: Event| on.emit(e.target_unchecked_into::<web_sys::HtmlSelectElement>().value()));
                        html! {
                            <select id={id.clone()} {onchange}>
                                <option value="" selected={value.is_empty()}>{ "(none)" }</option>
                                { for props.columns.iter().map(|c| html! { <option value={c.clone()} selected={*c == value}>{ c.clone() }</option> }) }
                            </select>
                        }
                    };
                    html! { <tr data-field={field}><th scope="row"><label for={id}>{ label }</label></th><td>{ control }</td></tr> }
                }) }</tbody>
            </table>
            if let Some(p) = &*problem { <p class="problem error" role="alert">{ p.clone() }</p> }
            <button id="history-map-read" class="button" onclick={read}>{ "Read with these columns" }</button>
        </details>
    }
}
