//! Arrivals beside the base stream: bursts (extra arrivals of one category for a while) and
//! scheduled issues (single issues at fixed times).

use serde_json::{Value, json};
use yew::prelude::*;

use super::super::common::{AddButton, ItemControls, Optional, items, name_of, names, options, priorities};
use super::super::mix::{Keys, MixEditor};
use crate::ui::fields::{Field, FieldProblems, Kind, SectionProblems, Select, dom_id, use_store};
use crate::ui::store::{key, path_of};

#[component]
pub fn Bursts() -> Html {
    let store = use_store();
    let list = "/workload/bursts";
    let len = items(&store.doc, list).len();
    let categories = names(&store.doc, "/categories");
    let prios = priorities(&store.doc);
    let new_burst = json!({
        "name": format!("burst {}", len + 1),
        "start": "1d",
        "duration": "4h",
        "arrivals_per_hour": 10,
        "category": categories.first().cloned().unwrap_or_default()
    });
    html! {
        <>
            <p class="hint">{ "Extra Poisson arrivals of one category for a while (an outage, a mailing), on top of the base stream." }</p>
            <div class="cards">
                { for (0..len).map(|i| {
                    let b = format!("{list}/{i}");
                    let name = name_of(store.get(&b).unwrap_or(&Value::Null));
                    let shown = if name.is_empty() { format!("burst {}", i + 1) } else { name.clone() };
                    html! {
                        <article class="card burst-card" key={i} data-burst={shown.clone()}>
                            <header class="card-head">
                                <h4>{ &shown }</h4>
                                <ItemControls list={list} index={i} {len} what={format!("burst {shown}")} />
                            </header>
                            <div class="card-grid">
                                <Field label="Name" pointer={format!("{b}/name")} optional=true placeholder={format!("burst {}", i + 1)} />
                                <Field label="Starts after" pointer={format!("{b}/start")} placeholder="e.g. 9d 10h" hint="From the start of the run." />
                                <Field label="Lasts" pointer={format!("{b}/duration")} placeholder="e.g. 6h" />
                                <Field label="Rate" pointer={format!("{b}/arrivals_per_hour")} kind={Kind::Number} unit="per hour" />
                                <Select label="Category" pointer={format!("{b}/category")} options={options(&categories)} />
                            </div>
                            <Optional pointer={format!("{b}/priority_mix")} label="Own priority mix"
                                default={Value::Object(prios.iter().take(1).map(|(p, _)| (p.clone(), json!(1))).collect())}
                                absent_hint="Uses the category's priority mix.">
                                <MixEditor legend="Priority mix of the burst" pointer={format!("{b}/priority_mix")} keys={Keys::Known(prios.clone())} />
                            </Optional>
                            <SectionProblems path={path_of(&b)} />
                        </article>
                    }
                }) }
            </div>
            <AddButton list={list} value={new_burst} text="Add burst" id="add-burst" />
        </>
    }
}

#[component]
pub fn Scheduled() -> Html {
    let store = use_store();
    let list = "/workload/scheduled";
    let len = items(&store.doc, list).len();
    let categories = options(&names(&store.doc, "/categories"));
    let prios: Vec<(String, String)> = priorities(&store.doc).into_iter().map(|(n, _)| (n.clone(), n)).collect();
    let attributes = items(&store.doc, "/attributes").to_vec();
    let new_issue = json!({
        "at": "1h",
        "category": categories.first().map(|c| c.0.clone()).unwrap_or_default(),
        "priority": prios.first().map(|p| p.0.clone()).unwrap_or_default()
    });
    html! {
        <>
            <p class="hint">{ "Single issues at fixed times, beside the random streams: for walk-throughs and hand-checked cases. Attributes not set are drawn from their mix." }</p>
            if len > 0 {
                <div class="table-scroll">
                    <table class="scheduled-table compact">
                        <thead>
                            <tr>
                                <th scope="col">{ "At" }</th>
                                <th scope="col">{ "Category" }</th>
                                <th scope="col">{ "Priority" }</th>
                                { for attributes.iter().map(|a| html! { <th scope="col">{ name_of(a) }</th> }) }
                                <th scope="col"><span class="visually-hidden">{ "Actions" }</span></th>
                            </tr>
                        </thead>
                        <tbody>
                            { for (0..len).map(|i| {
                                let s = format!("{list}/{i}");
                                let n = i + 1;
                                html! {
                                    <>
                                        <tr>
                                            <td><Field label={format!("Issue {n} arrives at")} hidden_label=true pointer={format!("{s}/at")} placeholder="e.g. 2h" class="duration" /></td>
                                            <td><Select label={format!("Issue {n} category")} hidden_label=true pointer={format!("{s}/category")} options={categories.clone()} /></td>
                                            <td><Select label={format!("Issue {n} priority")} hidden_label=true pointer={format!("{s}/priority")} options={prios.clone()} /></td>
                                            { for attributes.iter().map(|a| {
                                                let an = name_of(a);
                                                let values: Vec<(String, String)> = a.get("values").and_then(Value::as_object)
                                                    .map(|m| m.keys().map(|v| (v.clone(), v.clone())).collect()).unwrap_or_default();
                                                html! {
                                                    <td><Select label={format!("Issue {n} {an}")} hidden_label=true pointer={format!("{s}/attributes/{}", key(&an))}
                                                        options={values} optional=true none_label="drawn" /></td>
                                                }
                                            }) }
                                            <td><ItemControls list={list} index={i} {len} what={format!("scheduled issue {n}")} /></td>
                                        </tr>
                                        <ScheduledProblems item={s.clone()} columns={4 + attributes.len()} />
                                    </>
                                }
                            }) }
                        </tbody>
                    </table>
                </div>
            }
            <AddButton list={list} value={new_issue} text="Add scheduled issue" id="add-scheduled" />
        </>
    }
}

#[derive(Properties, PartialEq)]
struct RowProblemsProps {
    item: AttrValue,
    columns: usize,
}

/// Problems of a scheduled issue that its cells do not show (unknown attributes).
#[component]
fn ScheduledProblems(props: &RowProblemsProps) -> Html {
    let store = use_store();
    let base = path_of(&props.item);
    let shown = ["at", "category", "priority"];
    let attributes = names(&store.doc, "/attributes");
    let extra: Vec<_> = store
        .checked
        .within(&base)
        .filter(|p| {
            let rest = p.path[base.len()..].trim_start_matches('.');
            !shown.contains(&rest) && !attributes.iter().any(|a| rest == format!("attributes.{a}"))
        })
        .cloned()
        .collect();
    if extra.is_empty() {
        return html! {};
    }
    html! {
        <tr class="row-problems"><td colspan={(props.columns + 1).to_string()}>
            <FieldProblems id={format!("{}-extra", dom_id(&props.item))} problems={extra} />
        </td></tr>
    }
}
