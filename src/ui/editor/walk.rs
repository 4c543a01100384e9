//! "Try an issue": one issue described by the user (category, priority, attributes, arrival
//! time, each level's service time and outcome, or drawn with a seed) walked through the
//! scenario on its own, shown step by step with every rule or trigger that acted, the condition
//! that made it act, how much of the SLA targets had elapsed at each step, and the reply, update
//! and status targets it breached.

use serde_json::Value;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::common::names;
use crate::authoring::more_targets;
use crate::engine;
use crate::engine::report::Journey;
use crate::engine::rules::{self, syntax::expr_text};
use crate::engine::walk::{GOES_ROUND, LevelChoice, WalkThrough, walk};
use crate::ui::fields::use_store;
use crate::ui::format;

/// Attribute names with their values, as the document lists them.
fn attributes(doc: &Value) -> Vec<(String, Vec<String>)> {
    doc.get("attributes")
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(|a| {
                    let name = a.get("name")?.as_str()?.to_string();
                    let values = a.get("values")?.as_object()?.keys().cloned().collect();
                    Some((name, values))
                })
                .collect()
        })
        .unwrap_or_default()
}

/// What made a trigger or rule act, in words: a rule's condition, or the trigger's kind.
fn reason_of(doc: &Value, trigger: &str) -> Option<String> {
    let text = doc.get("rules").and_then(Value::as_str)?;
    let file = rules::parse(text).ok()?;
    let rule = file.sets.iter().flat_map(|s| &s.rules).find(|r| {
        r.name.value == trigger
            || trigger.strip_prefix(&format!("{} #", r.name.value)).is_some_and(|n| n.parse::<u32>().is_ok())
    })?;
    Some(format!("rule: when {}", expr_text(&rule.when.value)))
}

#[derive(Clone, PartialEq)]
enum Outcome {
    Journey(std::rc::Rc<Journey>),
    /// What stops the walk, in words.
    Problems(Vec<String>),
}

#[derive(Properties, PartialEq)]
pub struct TryIssueProps {
    /// An issue chosen in advance (an embed's `issue=`): set in the form and walked at once.
    #[prop_or_default]
    pub issue: Option<WalkThrough>,
}

#[component]
pub fn TryIssue(props: &TryIssueProps) -> Html {
    let store = use_store();
    let doc = &*store.doc;
    let (categories, priorities, levels) =
        (names(doc, "/categories"), names(doc, "/priorities"), names(doc, "/levels"));
    let attrs = attributes(doc);
    let tags: Vec<String> = doc
        .pointer("/workload/tags")
        .and_then(Value::as_object)
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    let spec = {
        let chosen = props.issue.clone();
        use_state(move || chosen.unwrap_or_default())
    };
    let outcome = use_state(|| None::<Outcome>);
    let mut current = (*spec).clone();
    if !categories.contains(&current.category) {
        current.category = categories.first().cloned().unwrap_or_default();
    }
    if !priorities.contains(&current.priority) {
        current.priority = priorities.first().cloned().unwrap_or_default();
    }
    if current.at.is_empty() {
        current.at = "0m".into();
    }
    let edit = |f: fn(&mut WalkThrough, String)| {
        let (spec, current) = (spec.clone(), current.clone());
        Callback::from(move |v: String| {
            let mut next = current.clone();
            f(&mut next, v);
            spec.set(next);
        })
    };
    let on_select = |cb: Callback<String>| {
        Callback::from(move |e: Event| cb.emit(e.target_unchecked_into::<HtmlSelectElement>().value()))
    };
    let on_input = |cb: Callback<String>| {
        Callback::from(move |e: InputEvent| cb.emit(e.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let run: Callback<()> = {
        let (store, current, outcome) = (store.clone(), current.clone(), outcome.clone());
        Callback::from(move |()| {
            let text = serde_json::to_string(&*store.doc).expect("a JSON value serializes");
            let result = match engine::parse(&text) {
                Ok(d) => match walk(&d, &current) {
                    Ok(j) => Outcome::Journey(std::rc::Rc::new(j)),
                    Err(p) => Outcome::Problems(p),
                },
                Err(p) => Outcome::Problems(vec![format!("The scenario cannot be read: {}", p.message)]),
            };
            outcome.set(Some(result));
        })
    };
    // An issue chosen in advance is walked at once, as if Walk through had been pressed.
    {
        let (run, chosen) = (run.clone(), props.issue.is_some());
        use_effect_with((), move |()| {
            if chosen {
                run.emit(());
            }
        });
    }
    let level_row = |name: &String| {
        let choice = current.levels.get(name).cloned().unwrap_or_default();
        let (spec, current_a, current_b, n_a, n_b) =
            (spec.clone(), current.clone(), current.clone(), name.clone(), name.clone());
        let spec_b = spec.clone();
        let on_service = Callback::from(move |e: InputEvent| {
            let v = e.target_unchecked_into::<HtmlInputElement>().value();
            let mut next = current_a.clone();
            let entry = next.levels.entry(n_a.clone()).or_default();
            entry.service = (!v.trim().is_empty()).then_some(v);
            spec.set(next);
        });
        let on_outcome = Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            let mut next = current_b.clone();
            let entry: &mut LevelChoice = next.levels.entry(n_b.clone()).or_default();
            entry.resolves = match v.as_str() {
                "yes" => Some(true),
                "no" => Some(false),
                _ => None,
            };
            spec_b.set(next);
        });
        let id = format!("try-level-{}", name.replace(|c: char| !c.is_ascii_alphanumeric(), "-"));
        let selected =
            |v: &str| matches!((v, choice.resolves), ("yes", Some(true)) | ("no", Some(false)) | ("drawn", None));
        html! {
            <tr>
                <th scope="row">{ name }</th>
                <td><input id={format!("{id}-service")} aria-label={format!("Service time at {name}")} placeholder="drawn"
                    value={choice.service.clone().unwrap_or_default()} oninput={on_service} /></td>
                <td>
                    <select id={format!("{id}-outcome")} aria-label={format!("Outcome at {name}")} onchange={on_outcome}>
                        <option value="drawn" selected={selected("drawn")}>{ "drawn" }</option>
                        <option value="yes" selected={selected("yes")}>{ "resolves" }</option>
                        <option value="no" selected={selected("no")}>{ "does not resolve" }</option>
                    </select>
                </td>
            </tr>
        }
    };
    let attr_select = |(name, values): &(String, Vec<String>)| {
        let now = current.attributes.get(name).cloned().unwrap_or_default();
        let (spec, current, n) = (spec.clone(), current.clone(), name.clone());
        let onchange = Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            let mut next = current.clone();
            if v.is_empty() {
                next.attributes.remove(&n);
            } else {
                next.attributes.insert(n.clone(), v);
            }
            spec.set(next);
        });
        html! {
            <label class="field">
                <span>{ name }</span>
                <select {onchange}>
                    <option value="" selected={now.is_empty()}>{ "drawn" }</option>
                    { for values.iter().map(|v| html! { <option value={v.clone()} selected={*v == now}>{ v }</option> }) }
                </select>
            </label>
        }
    };
    let set_category = edit(|s, v| s.category = v);
    let set_priority = edit(|s, v| s.priority = v);
    let set_at = edit(|s, v| s.at = v);
    let set_seed = edit(|s, v| s.seed = v.trim().parse().unwrap_or(0));
    html! {
        <section class="subsection try-issue" aria-labelledby="try-h">
            <h3 id="try-h">{ "Try an issue" }</h3>
            <p class="hint">{ "Walk one issue through the scenario on its own: no other traffic, so every step is this issue's. Fix each level's service time and outcome, or leave them drawn (with the seed)." }</p>
            <div class="card-grid">
                <label class="field"><span>{ "Category" }</span>
                    <select id="try-category" onchange={on_select(set_category)}>
                        { for categories.iter().map(|c| html! { <option value={c.clone()} selected={*c == current.category}>{ c }</option> }) }
                    </select>
                </label>
                <label class="field"><span>{ "Priority" }</span>
                    <select id="try-priority" onchange={on_select(set_priority)}>
                        { for priorities.iter().map(|p| html! { <option value={p.clone()} selected={*p == current.priority}>{ p }</option> }) }
                    </select>
                </label>
                <label class="field"><span>{ "Arrives after" }</span>
                    <input id="try-at" value={current.at.clone()} oninput={on_input(set_at)} placeholder="0m" />
                </label>
                <label class="field"><span>{ "Seed" }</span>
                    <input id="try-seed" inputmode="numeric" value={current.seed.to_string()} oninput={on_input(set_seed)} />
                </label>
                { for attrs.iter().map(attr_select) }
            </div>
            if !tags.is_empty() {
                <fieldset class="try-tags" id="try-tags">
                    <legend>{ "Tags" }</legend>
                    <label class="check">
                        <input type="checkbox" id="try-tags-drawn" checked={current.tags.is_none()} onchange={{
                            let (spec, current) = (spec.clone(), current.clone());
                            Callback::from(move |e: Event| {
                                let drawn = e.target_unchecked_into::<HtmlInputElement>().checked();
                                let mut next = current.clone();
                                next.tags = if drawn { None } else { Some(Vec::new()) };
                                spec.set(next);
                            })
                        }} />
                        { "drawn, each with its chance" }
                    </label>
                    { for tags.iter().map(|t| {
                        let on = current.tags.as_ref().is_some_and(|v| v.contains(t));
                        let onchange = {
                            let (spec, current, t) = (spec.clone(), current.clone(), t.clone());
                            Callback::from(move |e: Event| {
                                let checked = e.target_unchecked_into::<HtmlInputElement>().checked();
                                let mut next = current.clone();
                                let mut chosen = next.tags.take().unwrap_or_default();
                                chosen.retain(|x| *x != t);
                                if checked {
                                    chosen.push(t.clone());
                                }
                                next.tags = Some(chosen);
                                spec.set(next);
                            })
                        };
                        html! {
                            <label class="check">
                                <input type="checkbox" data-tag={t.clone()} checked={on} disabled={current.tags.is_none()} {onchange} />
                                { t }
                            </label>
                        }
                    }) }
                </fieldset>
            }
            <table class="try-levels">
                <thead><tr><th scope="col">{ "Level" }</th><th scope="col">{ "Service time" }</th><th scope="col">{ "Outcome" }</th></tr></thead>
                <tbody>{ for levels.iter().map(level_row) }</tbody>
            </table>
            <button id="try-run" class="primary" onclick={run.reform(|_| ())}>{ "Walk through" }</button>
            { match &*outcome {
                None => Html::default(),
                Some(Outcome::Problems(ps)) => html! {
                    <ul class="rule-problems" id="try-problems">
                        { for ps.iter().map(|p| html! { <li class="problem error">{ p }</li> }) }
                    </ul>
                },
                Some(Outcome::Journey(j)) => steps(doc, j),
            } }
        </section>
    }
}

fn steps(doc: &Value, j: &Journey) -> Html {
    let status = match j.resolved_min {
        Some(r) => format!(
            "resolved after {}{}",
            format::minutes(r - j.arrival_min),
            if j.resolution_breached { ", past the resolution target" } else { ", within the resolution target" }
        ),
        None => match j.steps.last().filter(|s| s.event == GOES_ROUND) {
            Some(s) => format!(
                "not resolved: it goes round at {} (see the last step)",
                s.level.as_deref().unwrap_or("its level")
            ),
            None => "still open when the run stopped".to_string(),
        },
    };
    html! {
        <div class="try-result">
            <p class="try-status" id="try-status">{ status }</p>
            if let Some(also) = more_targets::breached(&j.also_breached) {
                <p class="try-status" id="try-also-breached">{ also }</p>
            }
            <ol class="journey-steps try-steps" id="try-steps">
                { for j.steps.iter().map(|s| {
                    let at = s.t_min - j.arrival_min;
                    let sla = match (s.sla_response_used, s.sla_resolution_used) {
                        (r, Some(res)) => format!(
                            "SLA used: {}resolution {}",
                            r.map(|r| format!("response {}, ", format::percent(r))).unwrap_or_default(),
                            format::percent(res)
                        ),
                        _ => String::new(),
                    };
                    html! {
                        <li data-event={s.event.clone()} data-trigger={s.trigger.clone()}>
                            <span class="step-time">{ format!("+{}", format::minutes(at)) }</span>
                            <span class="step-what">
                                <strong>{ s.event.replace('_', " ") }</strong>
                                if let Some(l) = &s.level { { format!(" at {l}") } }
                                <span class="step-detail">{ &s.detail }</span>
                                if let Some(t) = &s.trigger {
                                    <span class="step-trigger">{ format!("by \u{201c}{t}\u{201d}") }
                                        if let Some(why) = reason_of(doc, t) { { format!(" · {why}") } }
                                    </span>
                                }
                                if !sla.is_empty() { <span class="step-sla">{ sla }</span> }
                            </span>
                        </li>
                    }
                }) }
            </ol>
        </div>
    }
}
