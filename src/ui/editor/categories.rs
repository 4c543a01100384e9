//! The Categories tab: each category's share of arrivals, escalation path (an ordered list of
//! levels), skip-level entry per priority, own priority mix and reopen probability.

use serde_json::{Value, json};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::common::{
    AddButton, CardProps, ItemControls, NameField, Optional, PointerProblems, StrayKey, fresh_name, items, name_of,
    names, number, options, pct, priorities, problem_badge, problems_within, severity_class,
};
use super::mix::{Keys, MixEditor};
use crate::engine::rename::NameKind;
use crate::ui::fields::{Field, Kind, SectionProblems, Select, dom_id, use_store};
use crate::ui::format::trim;
use crate::ui::store::{Action, key, path_of};

#[component]
pub fn CategoriesTab() -> Html {
    let store = use_store();
    let cats = items(&store.doc, "/categories");
    let len = cats.len();
    let shares: Vec<(String, Option<f64>)> = cats.iter().map(|k| (name_of(k), number(k.get("share")))).collect();
    let sum: f64 = shares.iter().filter_map(|(_, s)| *s).sum();
    let balanced = (sum - 1.0).abs() <= 1e-6;
    let first_level = names(&store.doc, "/levels").into_iter().next().unwrap_or_default();
    let new_category = json!({
        "name": fresh_name(&names(&store.doc, "/categories"), "category ", len + 1),
        "share": 0,
        "path": [first_level],
    });
    let normalise = {
        let store = store.clone();
        Callback::from(move |_| {
            let mut doc = (*store.doc).clone();
            if let Some(list) = doc.pointer_mut("/categories").and_then(Value::as_array_mut) {
                let total: f64 = list.iter().filter_map(|k| number(k.get("share"))).filter(|s| *s >= 0.0).sum();
                if total > 0.0 {
                    let n = list.len();
                    let mut used: f64 = 0.0;
                    for (i, k) in list.iter_mut().enumerate() {
                        let s = number(k.get("share")).unwrap_or(0.0).max(0.0);
                        let x = if i + 1 == n {
                            ((1.0 - used) * 1e4).round() / 1e4
                        } else {
                            (s / total * 1e4).round() / 1e4
                        };
                        used += x;
                        if let Some(o) = k.as_object_mut() {
                            o.insert("share".into(), json!(x.max(0.0)));
                        }
                    }
                }
            }
            store.dispatch(Action::Edit(doc));
        })
    };
    html! {
        <section class="editor-section categories-tab" aria-labelledby="categories-title">
            <header class="section-head">
                <h2 id="categories-title">{ "Categories" }</h2>
                <p class="hint">{ "Kinds of issue, each with its share of arrivals and its escalation path: the levels an issue goes through, first to last, when a level cannot resolve it." }</p>
            </header>
            <div class="share-bar" aria-label="Category shares">
                <div class="share-track" aria-hidden="true">
                    { for shares.iter().map(|(n, s)| {
                        let s = s.unwrap_or(0.0).max(0.0);
                        html! { <span class="share-seg" style={format!("flex-grow:{s}")} title={format!("{n}: {}", pct(s))}>{ n }</span> }
                    }) }
                </div>
                <span class={classes!("mix-sum", if balanced { "ok" } else { "off" })}>
                    { format!("Shares sum to {}", trim(sum, 4)) }{ if balanced { " ✓" } else { " — must be 1" } }
                </span>
                if !balanced && sum > 0.0 {
                    <button type="button" class="button small" onclick={normalise}>{ "Normalise shares" }</button>
                }
            </div>
            <SectionProblems path="categories" />
            <div class="cards">
                { for (0..len).map(|k| html! { <CategoryCard index={k} {len} /> }) }
            </div>
            <div class="list-foot">
                <AddButton list="/categories" value={new_category} text="Add category" id="add-category" />
            </div>
        </section>
    }
}

#[component]
fn CategoryCard(props: &CardProps) -> Html {
    let store = use_store();
    let k = props.index;
    let item = format!("/categories/{k}");
    let cat = store.get(&item).cloned().unwrap_or(Value::Null);
    let name = name_of(&cat);
    let title_id = format!("category-{k}-title");
    let problems = problems_within(&store, &path_of(&item));
    let default_reopen = number(store.get("/reopen/probability"));
    let reopen_hint = match default_reopen {
        Some(p) => format!("{p} (default)"),
        None => "0 (no reopens)".to_string(),
    };
    let global_mix = store.get("/workload/priority_mix").is_some();
    let absent_mix = if global_mix {
        "Uses the workload's priority mix."
    } else if store.get("/triage").is_some() {
        "Priorities come from triage (impact × urgency)."
    } else {
        "No priority mix applies: give one here, on the Workload tab, or set up triage."
    };
    let prios = priorities(&store.doc);
    let even: serde_json::Map<String, Value> = {
        let n = prios.len().max(1) as f64;
        let existing = store.get("/workload/priority_mix").and_then(Value::as_object).cloned();
        existing
            .unwrap_or_else(|| prios.iter().map(|(p, _)| (p.clone(), json!((1.0 / n * 1e4).round() / 1e4))).collect())
    };
    html! {
        <article class={classes!("card", "category-card", severity_class(&problems))} data-category={name.clone()} aria-labelledby={title_id.clone()}>
            <header class="card-head">
                <h3 id={title_id}>
                    <span class="card-index">{ k + 1 }</span>
                    { if name.is_empty() { "(unnamed category)".to_string() } else { name.clone() } }
                </h3>
                { problem_badge(&problems) }
                <ItemControls list="/categories" index={k} len={props.len} what={format!("category {name}")} />
            </header>
            <div class="card-grid">
                <NameField label="Name" item={item.clone()} kind={NameKind::Category} />
                <Field label="Share of arrivals" pointer={format!("{item}/share")} kind={Kind::Number} hint="0–1; all categories sum to 1." />
                <Field label="Reopen probability" pointer={format!("{item}/reopen_probability")} kind={Kind::Number}
                    optional=true placeholder={reopen_hint} />
            </div>
            <div class="two-col roomy">
                <PathEditor category={k} />
                <EntryTable category={k} />
            </div>
            <Optional pointer={format!("{item}/priority_mix")} label="Own priority mix" default={Value::Object(even)} absent_hint={absent_mix}>
                <MixEditor legend="Priority mix of this category" pointer={format!("{item}/priority_mix")} keys={Keys::Known(prios.clone())} />
            </Optional>
            <SectionProblems path={path_of(&item)} />
        </article>
    }
}

#[derive(Properties, PartialEq)]
pub struct CategoryProps {
    pub category: usize,
}

/// The escalation path: an ordered list of level selects.
#[component]
fn PathEditor(props: &CategoryProps) -> Html {
    let store = use_store();
    let list = format!("/categories/{}/path", props.category);
    let path = items(&store.doc, &list);
    let len = path.len();
    let levels = names(&store.doc, "/levels");
    let missing: Vec<String> =
        levels.iter().filter(|l| !path.iter().any(|p| p.as_str() == Some(l.as_str()))).cloned().collect();
    let add = {
        let (store, list) = (store.clone(), list.clone());
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            if !v.is_empty() {
                store.dispatch(Action::Push(list.clone(), Value::String(v)));
            }
        })
    };
    let add_id = format!("{}-add", dom_id(&list));
    html! {
        <fieldset class="path-editor" id={dom_id(&list)} tabindex="-1">
            <legend>{ "Escalation path" }</legend>
            <ol class="path-list">
                { for (0..len).map(|j| {
                    let step = format!("{list}/{j}");
                    let label = if j == 0 { "Step 1 (first level)".to_string() } else { format!("Step {}", j + 1) };
                    html! {
                        <li>
                            <Select {label} hidden_label=true pointer={step} options={options(&levels)} />
                            <ItemControls list={list.clone()} index={j} {len} what={format!("step {} of the path", j + 1)} />
                        </li>
                    }
                }) }
            </ol>
            if !missing.is_empty() {
                // Keyed by the path's length, so the select starts afresh after each addition.
                <div class="add-step-slot">
                    <div class="field add-step" key={format!("add-{len}")}>
                        <label for={add_id.clone()} class="visually-hidden">{ "Add a level to the path" }</label>
                        <select id={add_id} onchange={add}>
                            <option value="" selected=true>{ "Add a level to the path…" }</option>
                            { for missing.iter().map(|l| html! { <option value={l.clone()}>{ l }</option> }) }
                        </select>
                    </div>
                </div>
            }
            <PointerProblems pointer={list.clone()} />
        </fieldset>
    }
}

/// Skip-level entry: for each priority, the level its issues enter at.
#[component]
fn EntryTable(props: &CategoryProps) -> Html {
    let store = use_store();
    let entry = format!("/categories/{}/entry", props.category);
    let prios = priorities(&store.doc);
    let unknown: Vec<String> = store
        .get(&entry)
        .and_then(Value::as_object)
        .map(|m| m.keys().filter(|p| !prios.iter().any(|(n, _)| n == *p)).cloned().collect())
        .unwrap_or_default();
    html! {
        <table class="entry-table compact">
            <caption>{ "Skip-level entry" }</caption>
            <thead><tr><th scope="col">{ "Priority" }</th><th scope="col">{ "Enters at" }</th></tr></thead>
            <tbody>
                { for prios.iter().map(|(p, label)| html! {
                    <tr>
                        <th scope="row">{ p }if label != p { <small class="muted">{ format!(" {label}") }</small> }</th>
                        <td><EntrySelect category={props.category} priority={p.clone()} /></td>
                    </tr>
                }) }
                { for unknown.iter().map(|p| html! {
                    <tr class="unknown">
                        <th scope="row">{ format!("{p} (unknown priority)") }</th>
                        <td><StrayKey pointer={format!("{entry}/{}", key(p))} aria={format!("Remove the entry for {p}")} /></td>
                    </tr>
                }) }
            </tbody>
        </table>
    }
}

#[derive(Properties, PartialEq)]
pub struct EntrySelectProps {
    pub category: usize,
    pub priority: String,
}

/// The entry level of one priority in one category: the start of the path (no key), or a later
/// level on the path (skip-level entry).
#[component]
pub fn EntrySelect(props: &EntrySelectProps) -> Html {
    let store = use_store();
    let base = format!("/categories/{}", props.category);
    let path: Vec<String> =
        items(&store.doc, &format!("{base}/path")).iter().filter_map(Value::as_str).map(str::to_string).collect();
    let pointer = format!("{base}/entry/{}", key(&props.priority));
    let current = store.get(&pointer).and_then(Value::as_str).unwrap_or("").to_string();
    let first = path.first().cloned().unwrap_or_default();
    let mut opts: Vec<(String, String)> = Vec::new();
    if !current.is_empty() && current == first {
        opts.push((first.clone(), format!("{first} (start)")));
    }
    opts.extend(path.iter().skip(1).map(|l| (l.clone(), l.clone())));
    html! {
        <Select label={format!("{} enters at", props.priority)} hidden_label=true pointer={pointer}
            options={opts} optional=true none_label={format!("{first} (start)")} class="entry-select" />
    }
}
