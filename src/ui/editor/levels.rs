//! The Levels tab: a card per level (team) with its name, role, staffing (constant or shifts),
//! service and handoff times, resolve probability, and per-category/per-priority overrides.

use serde_json::{Value, json};
use yew::prelude::*;

use super::common::{
    AddButton, CardProps, ItemControls, NameField, ROLES, fresh_name, items, name_of, names, options, priorities,
    problem_badge, problems_at, problems_within, role_title, severity_class, text_at,
};
use super::windows::WindowList;
use crate::engine::rename::NameKind;
use crate::ui::fields::{Distribution, Field, FieldProblems, Kind, SectionProblems, Select, dom_id, use_store};
use crate::ui::store::{Action, path_of};

#[component]
pub fn LevelsTab() -> Html {
    let store = use_store();
    let levels = items(&store.doc, "/levels");
    let len = levels.len();
    let new_level = json!({
        "name": fresh_name(&names(&store.doc, "/levels"), "L", len + 1),
        "role": "frontline",
        "staff": 1,
        "service": { "dist": "exponential", "mean": "10m" },
        "resolve_probability": 0.8
    });
    html! {
        <section class="editor-section levels-tab" aria-labelledby="levels-title">
            <header class="section-head">
                <h2 id="levels-title">{ "Levels" }</h2>
                <p class="hint">{ "The teams of the escalation matrix. A level takes issues from its queue, works on them for a service time, and resolves them with its resolve probability; otherwise they move on along the category's path." }</p>
            </header>
            <SectionProblems path="levels" />
            <div class="cards">
                { for (0..len).map(|i| html! { <LevelCard index={i} {len} /> }) }
            </div>
            <div class="list-foot">
                <AddButton list="/levels" value={new_level} text="Add level" id="add-level" />
                <small class="hint">{ "A new level takes part once it is on a category's path (Categories tab)." }</small>
            </div>
        </section>
    }
}

#[component]
fn LevelCard(props: &CardProps) -> Html {
    let store = use_store();
    let i = props.index;
    let item = format!("/levels/{i}");
    let level = store.get(&item).cloned().unwrap_or(Value::Null);
    let name = name_of(&level);
    let role = text_at(&level, "/role");
    let role = if role.is_empty() { "frontline".to_string() } else { role };
    let title_id = format!("level-{i}-title");
    let problems = problems_within(&store, &path_of(&item));
    let shifted = level.get("shifts").is_some();
    let constant = level.get("staff").is_some();
    let to_constant = {
        let (store, item) = (store.clone(), item.clone());
        Callback::from(move |_| {
            let mut doc = (*store.doc).clone();
            if let Some(l) = doc.pointer_mut(&item).and_then(Value::as_object_mut) {
                let most = l
                    .get("shifts")
                    .and_then(Value::as_array)
                    .and_then(|s| s.iter().filter_map(|x| x.get("staff").and_then(Value::as_u64)).max())
                    .unwrap_or(1);
                l.shift_remove("shifts");
                l.entry("staff").or_insert(json!(most));
            }
            store.dispatch(Action::Edit(doc));
        })
    };
    let to_shifts = {
        let (store, item) = (store.clone(), item.clone());
        Callback::from(move |_| {
            let mut doc = (*store.doc).clone();
            if let Some(l) = doc.pointer_mut(&item).and_then(Value::as_object_mut) {
                let staff = l.get("staff").and_then(Value::as_u64).unwrap_or(1);
                l.shift_remove("staff");
                l.entry("shifts")
                    .or_insert(json!([{ "days": ["weekdays"], "from": "09:00", "to": "17:00", "staff": staff }]));
            }
            store.dispatch(Action::Edit(doc));
        })
    };
    let radio = format!("staffing-{i}");
    let staff_pointer = format!("{item}/staff");
    let usage = usage(&store.doc, &name);
    html! {
        <article class={classes!("card", "level-card", severity_class(&problems))} data-level={name.clone()} aria-labelledby={title_id.clone()}>
            <header class="card-head">
                <h3 id={title_id}>
                    <span class="card-index">{ i + 1 }</span>
                    { if name.is_empty() { "(unnamed level)".to_string() } else { name.clone() } }
                    <span class={classes!("role-badge", format!("role-{role}"))}>{ role_title(&role) }</span>
                </h3>
                { problem_badge(&problems) }
                <ItemControls list="/levels" index={i} len={props.len} what={format!("level {name}")} />
            </header>
            if !usage.is_empty() { <p class="hint usage">{ usage }</p> }
            <div class="card-grid">
                <NameField label="Name" item={item.clone()} kind={NameKind::Level} />
                <Select label="Role" pointer={format!("{item}/role")}
                    options={ROLES.iter().map(|(v, t)| (v.to_string(), t.to_string())).collect::<Vec<_>>()} />
                <Field label="Resolve probability" pointer={format!("{item}/resolve_probability")} kind={Kind::Number}
                    hint="Chance that one service here resolves the issue (0–1)." />
            </div>
            <fieldset class="staffing">
                <legend>{ "Staffing" }</legend>
                <div class="segmented" role="radiogroup" aria-label={format!("Staffing of {name}")}>
                    <span>
                        <input type="radio" id={format!("{radio}-constant")} name={radio.clone()} checked={!shifted}
                            onchange={to_constant} />
                        <label for={format!("{radio}-constant")}>{ "Constant staff" }</label>
                    </span>
                    <span>
                        <input type="radio" id={format!("{radio}-shifts")} name={radio.clone()} checked={shifted}
                            onchange={to_shifts} />
                        <label for={format!("{radio}-shifts")}>{ "Shifts" }</label>
                    </span>
                </div>
                if constant || !shifted {
                    <Field label="Staff" pointer={staff_pointer.clone()} kind={Kind::Integer} unit="people, around the clock" class="count" />
                }
                if shifted {
                    // Staff warnings (no staff, overload) are reported at `staff` for shifted levels too.
                    if !constant {
                        <div id={dom_id(&staff_pointer)} tabindex="-1" class="staff-problems">
                            <FieldProblems id={format!("{}-problems", dom_id(&staff_pointer))} problems={problems_at(&store, &staff_pointer)} />
                        </div>
                    }
                    <WindowList pointer={format!("{item}/shifts")} legend="Shifts (clock-local time; overlapping shifts add up)" noun="shift" staffed=true />
                }
            </fieldset>
            <div class="dist-pair">
                <Distribution label="Service time" pointer={format!("{item}/service")} />
                <Distribution label="Handoff time (added to the first service after an escalation into this level)" pointer={format!("{item}/handoff")} optional=true />
            </div>
            <Overrides item={item.clone()} level={name} />
            <SectionProblems path={path_of(&item)} />
        </article>
    }
}

/// Where a level is used: "On the path of general (2nd), billing (1st) · entry for P1".
fn usage(doc: &Value, level: &str) -> String {
    if level.is_empty() {
        return String::new();
    }
    let mut on = Vec::new();
    let mut entries = Vec::new();
    for k in items(doc, "/categories") {
        let path = items(k, "/path");
        if let Some(pos) = path.iter().position(|l| l.as_str() == Some(level)) {
            on.push(format!("{} (step {})", name_of(k), pos + 1));
        }
        if let Some(e) = k.get("entry").and_then(Value::as_object) {
            for (p, l) in e {
                if l.as_str() == Some(level) {
                    entries.push(format!("{p} in {}", name_of(k)));
                }
            }
        }
    }
    match (on.is_empty(), entries.is_empty()) {
        (true, _) => "Not on any category's path: no issue reaches this level.".into(),
        (false, true) => format!("On the path of {}.", on.join(", ")),
        (false, false) => format!("On the path of {}. Skip-level entry for {}.", on.join(", "), entries.join(", ")),
    }
}

#[derive(Properties, PartialEq)]
struct OverridesProps {
    item: AttrValue,
    level: AttrValue,
}

/// The overrides of a level: per category and/or priority, another service time, resolve
/// probability or handoff.
#[component]
fn Overrides(props: &OverridesProps) -> Html {
    let store = use_store();
    let list = format!("{}/overrides", props.item);
    let len = items(&store.doc, &list).len();
    let categories = options(&names(&store.doc, "/categories"));
    let prios: Vec<(String, String)> = priorities(&store.doc)
        .into_iter()
        .map(|(n, l)| (n.clone(), if l == n { n } else { format!("{n} · {l}") }))
        .collect();
    let lowest = priorities(&store.doc).last().map(|(n, _)| n.clone()).unwrap_or_default();
    html! {
        <details class="overrides" open={len > 0}>
            <summary>{ format!("Overrides ({len})") }</summary>
            <p class="hint">{ "Change the service, resolve probability or handoff for some issues at this level. The most specific match wins: category and priority, then category, then priority." }</p>
            { for (0..len).map(|j| {
                let o = format!("{list}/{j}");
                html! {
                    <div class="override" id={dom_id(&o)} tabindex="-1">
                        <div class="override-head">
                            <strong>{ format!("Override {}", j + 1) }</strong>
                            <ItemControls list={list.clone()} index={j} {len} what={format!("override {} of {}", j + 1, props.level)} />
                        </div>
                        <div class="card-grid">
                            <Select label="Category" pointer={format!("{o}/category")} options={categories.clone()} optional=true none_label="Any category" />
                            <Select label="Priority" pointer={format!("{o}/priority")} options={prios.clone()} optional=true none_label="Any priority" />
                            <Field label="Resolve probability" pointer={format!("{o}/resolve_probability")} kind={Kind::Number} optional=true placeholder="unchanged" />
                        </div>
                        <div class="dist-pair">
                            <Distribution label="Service time" pointer={format!("{o}/service")} optional=true />
                            <Distribution label="Handoff time" pointer={format!("{o}/handoff")} optional=true />
                        </div>
                        <SectionProblems path={path_of(&o)} />
                    </div>
                }
            }) }
            <AddButton list={list.clone()} value={json!({ "priority": lowest, "resolve_probability": 0.9 })} text="Add override" />
        </details>
    }
}
