//! The Triggers tab: each trigger's name, condition (not resolved, queue wait per priority, age,
//! SLA at risk), action (escalate to the next level, to a named level, or notify a level) and scope
//! (categories, priorities, levels), with a one-line reading of what it does. Also the trigger
//! templates and descriptions the matrix uses.

use serde_json::{Value, json};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::common::{
    CardProps, ItemControls, ScopeChecks, items, name_of, names, options, priorities, problem_badge, problems_at,
    problems_within, severity_class, string_list,
};
use super::waits::{WaitAction, unique};
use crate::ui::fields::{Field, FieldProblems, Kind, SectionProblems, Select, dom_id, use_store};
use crate::ui::store::{Action, key, path_of};

/// The condition kinds of the format: (key, menu text).
pub const CONDITIONS: [(&str, &str); 6] = [
    ("queue_wait_over", "Waited in queue longer than…"),
    ("open_longer_than", "Open longer than… (age)"),
    ("sla_elapsed", "SLA target partly used"),
    ("not_resolved", "Service ended unresolved"),
    ("time_at_level_over", "At the level longer than…"),
    ("on_arrival", "Arrives (route or notify)"),
];

/// The condition kind of a trigger (the single key of `when`), or "".
pub fn condition_of(trigger: &Value) -> String {
    trigger.get("when").and_then(Value::as_object).and_then(|m| m.keys().next().cloned()).unwrap_or_default()
}

/// A new trigger of a kind, named so that no other trigger has the name.
pub fn template(doc: &Value, kind: &str) -> Value {
    let taken = names(doc, "/triggers");
    let first_priority = priorities(doc).into_iter().next().map_or_else(|| "P1".into(), |(n, _)| n);
    let (stem, when) = match kind {
        "queue_wait_over" => ("waited too long", json!({ "queue_wait_over": { first_priority: "30m" } })),
        "open_longer_than" => ("open too long", json!({ "open_longer_than": { "after": "8h" } })),
        "sla_elapsed" => ("SLA at risk", json!({ "sla_elapsed": { "target": "resolution", "fraction": 0.8 } })),
        "on_arrival" => ("on arrival", json!({ "on_arrival": {} })),
        "time_at_level_over" => {
            ("too long at a level", json!({ "time_at_level_over": { first_priority.clone(): "4h" } }))
        }
        _ => ("not resolved", json!({ "not_resolved": {} })),
    };
    let then = if kind == "on_arrival" {
        json!({ "escalate_to": names(doc, "/levels").into_iter().last().unwrap_or_default() })
    } else if kind == "sla_elapsed" {
        let notify = names(doc, "/levels").into_iter().nth(1).or_else(|| names(doc, "/levels").into_iter().next());
        json!({ "notify": notify.unwrap_or_default() })
    } else {
        json!("escalate_next")
    };
    json!({ "name": unique(&taken, stem), "when": when, "then": then })
}

fn list_text(list: &[String]) -> String {
    list.join(", ")
}

/// One line on what a trigger does: "P1, P2 open longer than 10h (office) at agent, team_lead → escalate to finance_manager".
pub fn describe(trigger: &Value) -> String {
    let when = trigger.get("when");
    let condition = match condition_of(trigger).as_str() {
        "not_resolved" => "a service ends unresolved".to_string(),
        "on_arrival" => "an issue arrives".to_string(),
        kind @ ("queue_wait_over" | "time_at_level_over") => {
            let times: Vec<String> = when
                .and_then(|w| w.get(kind))
                .and_then(Value::as_object)
                .map(|m| m.iter().map(|(p, d)| format!("{p} {}", d.as_str().unwrap_or("?"))).collect())
                .unwrap_or_default();
            let what = if kind == "queue_wait_over" { "waiting" } else { "at the level" };
            let times = if times.is_empty() { "(no times)".into() } else { times.join(", ") };
            match trigger.get("calendar").and_then(Value::as_str) {
                Some(c) => format!("{what} longer than {times} ({c})"),
                None => format!("{what} longer than {times}"),
            }
        }
        "open_longer_than" => {
            let c = when.and_then(|w| w.get("open_longer_than"));
            let after = c.and_then(|c| c.get("after")).and_then(Value::as_str).unwrap_or("?");
            match c.and_then(|c| c.get("calendar")).and_then(Value::as_str) {
                Some(cal) => format!("open longer than {after} ({cal} hours)"),
                None => format!("open longer than {after}"),
            }
        }
        "sla_elapsed" => {
            let c = when.and_then(|w| w.get("sla_elapsed"));
            let target = c.and_then(|c| c.get("target")).and_then(Value::as_str).unwrap_or("?").replace('_', " ");
            let fraction = c.and_then(|c| c.get("fraction")).and_then(Value::as_f64);
            format!("{} of the {target} target used", fraction.map_or("?".into(), crate::ui::format::percent))
        }
        _ => "(unrecognised condition)".to_string(),
    };
    let action = match WaitAction::of(trigger) {
        WaitAction::Next => "escalate to the next level".to_string(),
        WaitAction::To(l) => format!("escalate to {l}"),
        WaitAction::Notify(l) => format!("notify {l}"),
        WaitAction::LoopBack(l, times) => {
            format!("send back to {l}, at most {times} time{}", if times == 1 { "" } else { "s" })
        }
        WaitAction::Other => match trigger.get("then") {
            Some(Value::String(s)) if s == "close" => "close as resolved".to_string(),
            Some(Value::String(s)) if s == "raise_priority" => "raise the priority".to_string(),
            Some(Value::String(s)) if s == "pause_sla" => "pause the SLA clocks".to_string(),
            Some(Value::String(s)) if s == "resume_sla" => "resume the SLA clocks".to_string(),
            Some(Value::String(s)) if s == "hold_sla" => "put it on hold".to_string(),
            Some(Value::Object(m)) if m.contains_key("set_priority") => {
                format!("set priority {}", m.get("set_priority").and_then(Value::as_str).unwrap_or("?"))
            }
            _ => "(unrecognised action)".to_string(),
        },
    };
    let scope = |k: &str| string_list(trigger.get(k));
    let mut who = Vec::new();
    if let Some(p) = scope("priorities") {
        who.push(list_text(&p));
    }
    if let Some(c) = scope("categories") {
        who.push(format!("in {}", list_text(&c)));
    }
    let at = scope("levels").map(|l| format!(" at {}", list_text(&l))).unwrap_or_default();
    let subject = if who.is_empty() { "Any issue".to_string() } else { format!("Issues {}", who.join(" ")) };
    format!("{subject}{at}: when {condition} → {action}.")
}

#[component]
pub fn TriggersTab() -> Html {
    let store = use_store();
    let len = items(&store.doc, "/triggers").len();
    html! {
        <section class="editor-section triggers-tab" aria-labelledby="triggers-title">
            <header class="section-head">
                <h2 id="triggers-title">{ "Triggers" }</h2>
                <p class="hint">{ "A trigger acts when its condition holds for an issue in its scope. Wait, age and SLA triggers only move issues up the path. For an unresolved service the first matching “not resolved” trigger in this list decides where the issue goes; without one it goes to the next level." }</p>
            </header>
            <SectionProblems path="triggers" />
            <div class="cards">
                { for (0..len).map(|i| html! { <TriggerCard index={i} {len} /> }) }
            </div>
            if len == 0 { <p class="hint">{ "No triggers: issues move only when a level cannot resolve them." }</p> }
            <div class="list-foot add-group" role="group" aria-label="Add a trigger">
                { for CONDITIONS.iter().map(|(k, _)| {
                    let (store, k) = (store.clone(), *k);
                    let text = match k {
                        "queue_wait_over" => "Add wait trigger",
                        "open_longer_than" => "Add age trigger",
                        "sla_elapsed" => "Add SLA-risk trigger",
                        "on_arrival" => "Add arrival routing",
                        "time_at_level_over" => "Add time-at-level trigger",
                        _ => "Add not-resolved rule",
                    };
                    let onclick = Callback::from(move |_| store.dispatch(Action::Push("/triggers".into(), template(&store.doc, k))));
                    html! { <button type="button" class="button small add" id={format!("add-trigger-{k}")} {onclick}>{ text }</button> }
                }) }
            </div>
        </section>
    }
}

#[component]
fn TriggerCard(props: &CardProps) -> Html {
    let store = use_store();
    let i = props.index;
    let item = format!("/triggers/{i}");
    let trigger = store.get(&item).cloned().unwrap_or(Value::Null);
    let name = name_of(&trigger);
    let kind = condition_of(&trigger);
    let title_id = format!("trigger-{i}-title");
    let problems = problems_within(&store, &path_of(&item));
    let kind_text = CONDITIONS.iter().find(|(k, _)| *k == kind).map_or("unrecognised", |(_, t)| t);
    html! {
        <article class={classes!("card", "trigger-card", format!("kind-{kind}"), severity_class(&problems))}
            data-trigger={name.clone()} aria-labelledby={title_id.clone()}>
            <header class="card-head">
                <h3 id={title_id}>
                    <span class="card-index">{ i + 1 }</span>
                    { if name.is_empty() { "(unnamed trigger)".to_string() } else { name.clone() } }
                </h3>
                { problem_badge(&problems) }
                <ItemControls list="/triggers" index={i} len={props.len} what={format!("trigger {name}")} />
            </header>
            <p class="trigger-summary" aria-label={format!("Summary: {kind_text}")}>{ describe(&trigger) }</p>
            <div class="card-grid wide-cols">
                <Field label="Name" pointer={format!("{item}/name")} />
                <ConditionSelect item={item.clone()} />
                <ActionSelect item={item.clone()} />
            </div>
            <ConditionParams item={item.clone()} />
            <div class="scopes">
                <ScopeChecks legend="Categories" pointer={format!("{item}/categories")} options={names(&store.doc, "/categories")} all_label="All" />
                <ScopeChecks legend="Priorities" pointer={format!("{item}/priorities")}
                    options={priorities(&store.doc).into_iter().map(|(n, _)| n).collect::<Vec<_>>()} all_label="All" />
                <ScopeChecks legend="At levels" pointer={format!("{item}/levels")} options={names(&store.doc, "/levels")} all_label="All" />
            </div>
            <Field label="Only if" pointer={format!("{item}/only_if")} optional=true placeholder="always"
                hint="A condition checked when the moment comes, in the rule language: account is \"business\" and escalations < 2" />
            <SectionProblems path={path_of(&item)} />
        </article>
    }
}

#[derive(Properties, PartialEq)]
struct ItemProps {
    item: AttrValue,
}

#[component]
fn ConditionSelect(props: &ItemProps) -> Html {
    let store = use_store();
    let pointer = format!("{}/when", props.item);
    let current = condition_of(store.get(&props.item).unwrap_or(&Value::Null));
    let known = CONDITIONS.iter().any(|(k, _)| *k == current);
    let onchange = {
        let (store, item) = (store.clone(), props.item.clone());
        Callback::from(move |e: Event| {
            let kind = e.target_unchecked_into::<HtmlSelectElement>().value();
            let when = template(&store.doc, &kind).get("when").cloned().unwrap_or(Value::Null);
            let mut trigger = store.get(&item).cloned().unwrap_or_else(|| json!({}));
            if let Some(t) = trigger.as_object_mut() {
                t.insert("when".into(), when);
                // Only waiting and time-at-level times are counted on a calendar of their own.
                if !matches!(kind.as_str(), "queue_wait_over" | "time_at_level_over") {
                    t.remove("calendar");
                }
            }
            store.dispatch(Action::Set(item.to_string(), trigger));
        })
    };
    let id = dom_id(&pointer);
    let problems = problems_at(&store, &pointer);
    html! {
        <div class="field">
            <label for={id.clone()}>{ "When" }</label>
            <select id={id.clone()} {onchange} data-pointer={pointer.clone()} aria-invalid={(!problems.is_empty()).to_string()}>
                if !known { <option value="" selected=true disabled=true>{ "(unrecognised condition)" }</option> }
                { for CONDITIONS.iter().map(|(k, t)| html! { <option value={*k} selected={*k == current}>{ *t }</option> }) }
            </select>
            <FieldProblems id={format!("{id}-problems")} {problems} />
        </div>
    }
}

#[component]
fn ActionSelect(props: &ItemProps) -> Html {
    let store = use_store();
    let pointer = format!("{}/then", props.item);
    let trigger = store.get(&props.item).cloned().unwrap_or(Value::Null);
    let action = WaitAction::of(&trigger);
    let (current, level) = match &action {
        WaitAction::Next => ("escalate_next", None),
        WaitAction::To(l) => ("escalate_to", Some(l.clone())),
        WaitAction::Notify(l) => ("notify", Some(l.clone())),
        WaitAction::LoopBack(l, _) => ("loop_back", Some(l.clone())),
        WaitAction::Other => match trigger.get("then") {
            Some(Value::String(s)) if s == "close" => ("close", None),
            Some(Value::String(s)) if s == "raise_priority" => ("raise_priority", None),
            Some(Value::String(s)) if s == "pause_sla" => ("pause_sla", None),
            Some(Value::String(s)) if s == "resume_sla" => ("resume_sla", None),
            Some(Value::String(s)) if s == "hold_sla" => ("hold_sla", None),
            Some(Value::Object(m)) if m.contains_key("set_priority") => {
                ("set_priority", m.get("set_priority").and_then(Value::as_str).map(str::to_string))
            }
            _ => ("", None),
        },
    };
    let levels = names(&store.doc, "/levels");
    let priorities: Vec<String> = priorities(&store.doc).into_iter().map(|(n, _)| n).collect();
    let onchange = {
        let (store, pointer, level, levels, priorities) =
            (store.clone(), pointer.clone(), level.clone(), levels.clone(), priorities.clone());
        Callback::from(move |e: Event| {
            let kind = e.target_unchecked_into::<HtmlSelectElement>().value();
            let target = level.clone().or_else(|| levels.last().cloned()).unwrap_or_default();
            let then = match kind.as_str() {
                "escalate_to" => json!({ "escalate_to": target }),
                "notify" => json!({ "notify": target }),
                // Back to the first level, once: the repeat of an escalation policy.
                "loop_back" => {
                    json!({ "loop_back": { "to": levels.first().cloned().unwrap_or_default(), "times": 1 } })
                }
                "close" => json!("close"),
                "raise_priority" => json!("raise_priority"),
                "pause_sla" => json!("pause_sla"),
                "resume_sla" => json!("resume_sla"),
                "hold_sla" => json!("hold_sla"),
                "set_priority" => {
                    json!({ "set_priority": priorities.first().cloned().unwrap_or_default() })
                }
                _ => json!("escalate_next"),
            };
            store.dispatch(Action::Set(pointer.clone(), then));
        })
    };
    let id = dom_id(&pointer);
    let problems = problems_at(&store, &pointer);
    let choices = [
        ("escalate_next", "Escalate to next level"),
        ("escalate_to", "Escalate to level…"),
        ("notify", "Notify level… (stays)"),
        ("loop_back", "Loop back to level… (repeat the policy)"),
        ("close", "Close as resolved"),
        ("raise_priority", "Raise priority (stays)"),
        ("set_priority", "Set priority… (stays)"),
        ("pause_sla", "Pause the SLA clocks (stays)"),
        ("resume_sla", "Resume the SLA clocks (stays)"),
        ("hold_sla", "Put on hold: agent-work clock stops (stays)"),
    ];
    html! {
        <>
            <div class="field">
                <label for={id.clone()}>{ "Then" }</label>
                <select id={id.clone()} {onchange} data-pointer={pointer.clone()} aria-invalid={(!problems.is_empty()).to_string()}>
                    if current.is_empty() { <option value="" selected=true disabled=true>{ "(unrecognised action)" }</option> }
                    { for choices.iter().map(|(k, t)| html! { <option value={*k} selected={*k == current}>{ *t }</option> }) }
                </select>
                <FieldProblems id={format!("{id}-problems")} {problems} />
            </div>
            if current == "set_priority" {
                <Select label="New priority" pointer={format!("{pointer}/set_priority")} options={options(&priorities)} />
            }
            if matches!(current, "escalate_to" | "notify") {
                <Select label={if current == "notify" { "Level to notify" } else { "Target level" }}
                    pointer={format!("{pointer}/{current}")} options={options(&levels)} />
            }
            if current == "loop_back" {
                <Select label="Back to level" pointer={format!("{pointer}/loop_back/to")} options={options(&levels)} />
                <Field label="At most, times" pointer={format!("{pointer}/loop_back/times")} kind={Kind::Integer}
                    hint="How many times an issue is sent back; after that it stays where it is." />
            }
            if current == "notify" {
                <Field label="Costs the level" pointer={format!("{}/cost", props.item)} optional=true placeholder="nothing"
                    hint="Time a staff member of the notified level spends on it, e.g. 10m; taken before queued issues." class="duration" />
            }
        </>
    }
}

#[component]
fn ConditionParams(props: &ItemProps) -> Html {
    let store = use_store();
    let trigger = store.get(&props.item).cloned().unwrap_or(Value::Null);
    let base = format!("{}/when", props.item);
    match condition_of(&trigger).as_str() {
        kind @ ("queue_wait_over" | "time_at_level_over") => {
            let at_level = kind == "time_at_level_over";
            let map = format!("{base}/{kind}");
            let prios = priorities(&store.doc);
            let unknown: Vec<String> = store
                .get(&map)
                .and_then(Value::as_object)
                .map(|m| m.keys().filter(|p| !prios.iter().any(|(n, _)| n == *p)).cloned().collect())
                .unwrap_or_default();
            html! {
                <fieldset class="wait-times">
                    <legend>{ if at_level { "Time at the level per priority (blank: never fires for it)" } else { "Waiting time per priority (blank: never fires for it)" } }</legend>
                    <div class="mix-grid">
                        { for prios.iter().map(|(p, _)| html! {
                            <Field label={p.clone()} pointer={format!("{map}/{}", key(p))} optional=true placeholder="never" class="duration" />
                        }) }
                        { for unknown.iter().map(|p| html! {
                            <Field label={format!("{p} (unknown)")} pointer={format!("{map}/{}", key(p))} optional=true class="duration" />
                        }) }
                    </div>
                    <Select label="Counted on" pointer={format!("{}/calendar", props.item)} options={options(&names(&store.doc, "/calendars"))}
                        optional=true none_label="24x7 (every hour)" none_value="24x7" />
                    <p class="hint">{ if at_level {
                        "Counts time since the issue entered a level in scope, queue and service (only open hours on a calendar); moving to another level restarts it."
                    } else {
                        "Counts time in the queue of a level in scope (only open hours on a calendar); service starting cancels it."
                    } }</p>
                    <FieldProblems id={format!("{}-problems", dom_id(&map))} problems={problems_at(&store, &map)} />
                </fieldset>
            }
        }
        "open_longer_than" => {
            let c = format!("{base}/open_longer_than");
            html! {
                <div class="card-grid">
                    <Field label="Open longer than" pointer={format!("{c}/after")} placeholder="e.g. 10h" hint="Since arrival, counted on the calendar." />
                    <Select label="Calendar" pointer={format!("{c}/calendar")} options={options(&names(&store.doc, "/calendars"))}
                        optional=true none_label="24x7 (every hour)" none_value="24x7" />
                </div>
            }
        }
        "sla_elapsed" => {
            let c = format!("{base}/sla_elapsed");
            html! {
                <div class="card-grid">
                    <Select label="SLA target" pointer={format!("{c}/target")}
                        options={vec![("first_response".to_string(), "First response".to_string()), ("resolution".to_string(), "Resolution".to_string())]} />
                    <Field label="Fraction used" pointer={format!("{c}/fraction")} kind={Kind::Number}
                        hint="0.8 fires at 80% of the target; above 1 fires after the breach." />
                </div>
            }
        }
        "not_resolved" => html! {
            <p class="hint">{ "Fires when a service at a level in scope ends without resolving the issue. “Escalate to level” may send it back down the path." }</p>
        },
        _ => {
            html! { <p class="problem error">{ "This condition is not one the format knows; pick one above or fix it in the JSON view." }</p> }
        }
    }
}
