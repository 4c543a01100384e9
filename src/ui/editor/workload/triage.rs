//! Triage: priorities set from impact and urgency, each drawn from its mix, through a matrix;
//! with the matrix's entries for impacts or urgencies that are not listed, to remove. A triage
//! that draws the pair from a joint mix (`pairs`) shows its matrix over the matrix's own names
//! and leaves `pairs` to the JSON view, untouched.

use serde_json::{Value, json};
use yew::prelude::*;

use super::super::common::{Optional, PointerProblems, StrayKey, priorities};
use super::super::mix::{Keys, Linked, MixEditor};
use crate::engine::order;
use crate::ui::fields::{SectionProblems, Select, use_store};
use crate::ui::store::key;

/// A first triage set-up: two impacts, two urgencies, priorities spread over the matrix.
fn default_triage(doc: &Value) -> Value {
    let p: Vec<String> = priorities(doc).into_iter().map(|(n, _)| n).collect();
    let pick = |i: usize| p.get(i.min(p.len().saturating_sub(1))).cloned().unwrap_or_default();
    let mid = p.len() / 2;
    json!({
        "impact": { "high": 0.2, "low": 0.8 },
        "urgency": { "high": 0.3, "low": 0.7 },
        "matrix": {
            "high": { "high": pick(0), "low": pick(mid.saturating_sub(1).max(1)) },
            "low": { "high": pick(mid), "low": pick(p.len().saturating_sub(1)) }
        }
    })
}

#[component]
pub fn Triage() -> Html {
    let store = use_store();
    let keys_of = |p: &str| -> Vec<String> {
        store.get(p).and_then(Value::as_object).map(|m| m.keys().cloned().collect()).unwrap_or_default()
    };
    // With `pairs`, the names are the matrix's, as validation takes them.
    let joint = store.get("/triage/pairs").is_some();
    let (impacts, urgencies) = if joint {
        let rows = keys_of("/triage/matrix");
        let mut columns: Vec<String> =
            rows.iter().flat_map(|r| keys_of(&format!("/triage/matrix/{}", key(r)))).collect();
        order::sort(&mut columns);
        columns.dedup();
        (rows, columns)
    } else {
        (keys_of("/triage/impact"), keys_of("/triage/urgency"))
    };
    let extra_rows: Vec<String> = keys_of("/triage/matrix").into_iter().filter(|r| !impacts.contains(r)).collect();
    let prios: Vec<(String, String)> = priorities(&store.doc).into_iter().map(|(n, _)| (n.clone(), n)).collect();
    html! {
        <>
            <p class="hint">{ "Priority from impact and urgency, drawn independently (or together, as pairs), then read from the matrix. Used only for categories without a priority mix when there is no workload mix." }</p>
            <Optional pointer="/triage" label="Set priorities by triage" default={default_triage(&store.doc)}>
                <SectionProblems path="triage" />
                if joint {
                    <p class="hint" id="triage-pairs">{ "Impact and urgency are drawn together, as pairs from the joint mix triage.pairs (edit it in the JSON view); the matrix below gives each pair its priority." }</p>
                } else {
                    <div class="two-col">
                        <MixEditor legend="Impact" pointer="/triage/impact" keys={Keys::Free { noun: "impact", linked: Linked::TriageImpact }} />
                        <MixEditor legend="Urgency" pointer="/triage/urgency" keys={Keys::Free { noun: "urgency", linked: Linked::TriageUrgency }} />
                    </div>
                }
                <div class="table-scroll">
                    <table class="triage-matrix compact" id="triage-matrix">
                        <caption>{ "Priority by impact (rows) and urgency (columns)" }</caption>
                        <thead>
                            <tr>
                                <th scope="col">{ "Impact \\ urgency" }</th>
                                { for urgencies.iter().map(|u| html! { <th scope="col">{ u }</th> }) }
                            </tr>
                        </thead>
                        <tbody>
                            { for impacts.iter().map(|i| {
                                let row = format!("/triage/matrix/{}", key(i));
                                html! {
                                    <tr>
                                        <th scope="row">
                                            { i }
                                            <PointerProblems pointer={row.clone()} />
                                        </th>
                                        { for urgencies.iter().map(|u| html! {
                                            <td><Select label={format!("Priority for impact {i}, urgency {u}")} hidden_label=true
                                                pointer={format!("{row}/{}", key(u))} options={prios.clone()} /></td>
                                        }) }
                                    </tr>
                                }
                            }) }
                            { for extra_rows.iter().map(|r| html! {
                                <tr class="unknown">
                                    <th scope="row">{ format!("{r} (not an impact)") }</th>
                                    <td colspan={urgencies.len().max(1).to_string()}>
                                        <StrayKey pointer={format!("/triage/matrix/{}", key(r))} aria={format!("Remove matrix row {r}")} text="Remove row" />
                                    </td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                </div>
                <MatrixExtras impacts={impacts.clone()} urgencies={urgencies.clone()} />
            </Optional>
        </>
    }
}

#[derive(Properties, PartialEq)]
struct ExtrasProps {
    impacts: Vec<String>,
    urgencies: Vec<String>,
}

/// Matrix entries for urgencies that are not listed (each with a remove button).
#[component]
fn MatrixExtras(props: &ExtrasProps) -> Html {
    let store = use_store();
    let mut extras = Vec::new();
    for i in &props.impacts {
        if let Some(row) = store.get(&format!("/triage/matrix/{}", key(i))).and_then(Value::as_object) {
            for u in row.keys().filter(|u| !props.urgencies.contains(u)) {
                extras.push((i.clone(), u.clone()));
            }
        }
    }
    if extras.is_empty() {
        return html! {};
    }
    html! {
        <ul class="unknown-list">
            { for extras.into_iter().map(|(i, u)| html! {
                <li>
                    <span>{ format!("{i} / {u}: “{u}” is not an urgency") }</span>
                    <StrayKey pointer={format!("/triage/matrix/{}/{}", key(&i), key(&u))} aria={format!("Remove entry {i} / {u}")} />
                </li>
            }) }
        </ul>
    }
}
