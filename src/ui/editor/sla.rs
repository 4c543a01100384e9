//! The SLA & calendars tab: SLA policies (matched top-down: scope by category and attributes, the
//! calendar their clock counts, first-response and resolution targets per priority, and the reply,
//! update and status targets behind a disclosure) and the business-hours calendars (UTC offset,
//! weekly opening hours, holidays).

use serde_json::{Value, json};
use yew::prelude::*;

use super::common::{
    AddButton, CardProps, ItemControls, NameField, ScopeChecks, StrayKey, fresh_name, items, name_of, names, options,
    priorities, problem_badge, problems_within, severity_class, text_at,
};
use super::waits::unique;
use super::windows::WindowList;
use crate::authoring::more_targets;
use crate::engine::document::MoreTarget;
use crate::engine::rename::NameKind;
use crate::ui::fields::{Field, Kind, SectionProblems, Select, use_store};
use crate::ui::store::{key, path_of};

#[component]
pub fn SlaTab() -> Html {
    let store = use_store();
    let policies = items(&store.doc, "/sla").len();
    let calendars = items(&store.doc, "/calendars").len();
    let targets: serde_json::Map<String, Value> =
        priorities(&store.doc).into_iter().map(|(p, _)| (p, json!({ "resolution": "1d" }))).collect();
    let new_policy =
        json!({ "name": fresh_name(&names(&store.doc, "/sla"), "policy ", policies + 1), "targets": targets });
    let new_calendar = json!({
        "name": unique(&names(&store.doc, "/calendars"), "office"),
        "hours": [{ "days": ["weekdays"], "from": "09:00", "to": "17:00" }]
    });
    html! {
        <section class="editor-section sla-tab" aria-labelledby="sla-title">
            <header class="section-head">
                <h2 id="sla-title">{ "SLA policies" }</h2>
                <p class="hint">{ "Each issue gets, at arrival, the first policy (top to bottom) whose categories and attribute conditions it meets. Put attribute-specific policies first and a general one last. Targets are counted on the policy's calendar: on business hours “8h” is eight open hours and “3d” is 72 of them, while “3wd” is three working days (the same clock time three working days later)." }</p>
            </header>
            <GoalsTable />
            <SectionProblems path="sla" />
            <div class="cards">
                { for (0..policies).map(|i| html! { <PolicyCard index={i} len={policies} /> }) }
            </div>
            if policies == 0 { <p class="hint">{ "No SLA policies: the report will have no SLA figures." }</p> }
            <div class="list-foot">
                <AddButton list="/sla" value={new_policy} text="Add SLA policy" id="add-sla" />
            </div>
            <header class="section-head">
                <h2 id="calendars-title">{ "Calendars" }</h2>
                <p class="hint">{ "Business hours for SLA clocks and age triggers. The built-in “24x7” counts every hour." }</p>
            </header>
            <SectionProblems path="calendars" />
            <div class="cards">
                { for (0..calendars).map(|i| html! { <CalendarCard index={i} len={calendars} /> }) }
            </div>
            <div class="list-foot">
                <AddButton list="/calendars" value={new_calendar} text="Add calendar" id="add-calendar" />
            </div>
        </section>
    }
}

#[component]
fn PolicyCard(props: &CardProps) -> Html {
    let store = use_store();
    let i = props.index;
    let item = format!("/sla/{i}");
    let policy = store.get(&item).cloned().unwrap_or(Value::Null);
    let name = name_of(&policy);
    let title_id = format!("sla-{i}-title");
    let problems = problems_within(&store, &path_of(&item));
    let calendars = options(&names(&store.doc, "/calendars"));
    let categories = names(&store.doc, "/categories");
    let general = policy.get("attributes").and_then(Value::as_object).is_none_or(serde_json::Map::is_empty);
    let tag = match (general, policy.get("categories").is_none()) {
        (true, true) => Some("catch-all"),
        (true, false) => Some("general for its categories"),
        (false, _) => None,
    };
    html! {
        <article class={classes!("card", "sla-card", severity_class(&problems))} data-policy={name.clone()} aria-labelledby={title_id.clone()}>
            <header class="card-head">
                <h3 id={title_id}>
                    <span class="card-index">{ i + 1 }</span>
                    { if name.is_empty() { "(unnamed policy)".to_string() } else { name.clone() } }
                    if let Some(t) = tag { <span class="tag">{ t }</span> }
                </h3>
                { problem_badge(&problems) }
                <ItemControls list="/sla" index={i} len={props.len} what={format!("SLA policy {name}")} />
            </header>
            <div class="card-grid">
                <Field label="Name" pointer={format!("{item}/name")} />
                <Select label="Calendar" pointer={format!("{item}/calendar")} options={calendars} optional=true none_label="24x7 (every hour)" none_value="24x7" />
            </div>
            <ScopeChecks legend="Applies to categories" pointer={format!("{item}/categories")} options={categories} all_label="All categories" />
            <AttributeConditions item={item.clone()} />
            <TargetsTable item={item.clone()} />
            <SectionProblems path={path_of(&item)} />
        </article>
    }
}

#[derive(Properties, PartialEq)]
struct ItemProps {
    item: AttrValue,
}

/// Attribute conditions of a policy: for each attribute, a value it must have, or any.
#[component]
fn AttributeConditions(props: &ItemProps) -> Html {
    let store = use_store();
    let base = format!("{}/attributes", props.item);
    let attributes = items(&store.doc, "/attributes").to_vec();
    let unknown: Vec<String> = store
        .get(&base)
        .and_then(Value::as_object)
        .map(|m| m.keys().filter(|a| !attributes.iter().any(|x| name_of(x) == **a)).cloned().collect())
        .unwrap_or_default();
    if attributes.is_empty() && unknown.is_empty() {
        return html! {};
    }
    html! {
        <fieldset class="conditions">
            <legend>{ "Attribute conditions" }</legend>
            <div class="card-grid">
                { for attributes.iter().map(|a| {
                    let name = name_of(a);
                    let values: Vec<(String, String)> = a.get("values").and_then(Value::as_object)
                        .map(|m| m.keys().map(|v| (v.clone(), v.clone())).collect()).unwrap_or_default();
                    html! {
                        <Select label={name.clone()} pointer={format!("{base}/{}", key(&name))} options={values} optional=true none_label="Any" />
                    }
                }) }
            </div>
            { for unknown.iter().map(|a| {
                let pointer = format!("{base}/{}", key(a));
                html! {
                    <div class="unknown-row">
                        <span>{ format!("{a} = {} (unknown attribute)", text_at(&store.doc, &pointer)) }</span>
                        <StrayKey {pointer} aria={format!("Remove the condition on {a}")} />
                    </div>
                }
            }) }
        </fieldset>
    }
}

/// Each priority's attainment goals: the share of its issues that should meet each target.
#[component]
fn GoalsTable() -> Html {
    let store = use_store();
    // Indexed as the document lists them, so each field points at its own priority.
    let prios: Vec<String> = items(&store.doc, "/priorities").iter().map(name_of).collect();
    html! {
        <table class="targets-table compact goals-table" id="goals-table">
            <caption>{ "Goals: the share of each priority's issues that should meet its targets (0 to 1; blank: 0.95). The report's badges, the comparison, the what-if sweep and the staffing helper judge against every goal." }</caption>
            <thead>
                <tr>
                    <th scope="col">{ "Priority" }</th>
                    <th scope="col">{ "First response goal" }</th>
                    <th scope="col">{ "Resolution goal" }</th>
                </tr>
            </thead>
            <tbody>
                { for prios.iter().enumerate().map(|(i, p)| {
                    let g = format!("/priorities/{i}/goals");
                    html! {
                        <tr>
                            <th scope="row">{ p }</th>
                            <td><Field label={format!("{p} first response goal")} hidden_label=true pointer={format!("{g}/first_response")} kind={Kind::Number} optional=true placeholder="0.95" step="0.01" /></td>
                            <td><Field label={format!("{p} resolution goal")} hidden_label=true pointer={format!("{g}/resolution")} kind={Kind::Number} optional=true placeholder="0.95" step="0.01" /></td>
                        </tr>
                    }
                }) }
            </tbody>
        </table>
    }
}

/// Targets per priority: first response and resolution, then the reply, update and status
/// targets behind a disclosure (open when the policy has any): a row per target, saying what its
/// clock counts, and a column per priority.
#[component]
fn TargetsTable(props: &ItemProps) -> Html {
    let store = use_store();
    let base = format!("{}/targets", props.item);
    let prios = priorities(&store.doc);
    let unknown: Vec<String> = store
        .get(&base)
        .and_then(Value::as_object)
        .map(|m| m.keys().filter(|p| !prios.iter().any(|(n, _)| n == *p)).cloned().collect())
        .unwrap_or_default();
    html! {
        <>
        <table class="targets-table compact">
            <caption>{ "Targets (blank: no target)" }</caption>
            <thead>
                <tr>
                    <th scope="col">{ "Priority" }</th>
                    <th scope="col">{ "First response" }</th>
                    <th scope="col">{ "Resolution" }</th>
                </tr>
            </thead>
            <tbody>
                { for prios.iter().map(|(p, label)| {
                    let t = format!("{base}/{}", key(p));
                    html! {
                        <tr>
                            <th scope="row">{ p }if label != p { <small class="muted">{ format!(" {label}") }</small> }</th>
                            <td><Field label={format!("{p} first response target")} hidden_label=true pointer={format!("{t}/first_response")} optional=true placeholder="none" class="duration" /></td>
                            <td><Field label={format!("{p} resolution target")} hidden_label=true pointer={format!("{t}/resolution")} optional=true placeholder="none" class="duration" /></td>
                        </tr>
                    }
                }) }
                { for unknown.iter().map(|p| html! {
                    <tr class="unknown">
                        <th scope="row">{ format!("{p} (unknown)") }</th>
                        <td colspan="2"><StrayKey pointer={format!("{base}/{}", key(p))} aria={format!("Remove the targets for {p}")} /></td>
                    </tr>
                }) }
            </tbody>
        </table>
        <details class="overrides more-targets" open={more_targets::any_set(store.get(&base).unwrap_or(&Value::Null))}>
            <summary>{ "More targets (reply, update, status)" }</summary>
            <table class="targets-table compact">
                <thead>
                    <tr>
                        <th scope="col">{ "Target" }</th>
                        { for prios.iter().map(|(p, _)| html! { <th scope="col">{ p }</th> }) }
                    </tr>
                </thead>
                <tbody>
                    { for MoreTarget::ALL.into_iter().map(|w| html! {
                        <tr data-target={w.key()}>
                            <th scope="row">{ more_targets::label(w) }<small class="muted">{ more_targets::counts(w) }</small></th>
                            { for prios.iter().map(|(p, _)| html! {
                                <td><Field label={format!("{p} {} target", w.words())} hidden_label=true pointer={format!("{base}/{}/{}", key(p), w.key())} optional=true placeholder="none" class="duration" /></td>
                            }) }
                        </tr>
                    }) }
                </tbody>
            </table>
        </details>
        </>
    }
}

#[component]
fn CalendarCard(props: &CardProps) -> Html {
    let store = use_store();
    let i = props.index;
    let item = format!("/calendars/{i}");
    let name = name_of(store.get(&item).unwrap_or(&Value::Null));
    let title_id = format!("calendar-{i}-title");
    let problems = problems_within(&store, &path_of(&item));
    let holidays = format!("{item}/holidays");
    let count = items(&store.doc, &holidays).len();
    let start = text_at(&store.doc, "/clock/start");
    let offset = start.get(19..).filter(|o| !o.is_empty()).unwrap_or("+00:00").to_string();
    let day = start.get(..10).filter(|d| d.len() == 10).unwrap_or("2026-01-01").to_string();
    html! {
        <article class={classes!("card", "calendar-card", severity_class(&problems))} data-calendar={name.clone()} aria-labelledby={title_id.clone()}>
            <header class="card-head">
                <h3 id={title_id}>{ if name.is_empty() { "(unnamed calendar)".to_string() } else { name.clone() } }</h3>
                { problem_badge(&problems) }
                <ItemControls list="/calendars" index={i} len={props.len} what={format!("calendar {name}")} movable=false />
            </header>
            <div class="card-grid">
                <NameField label="Name" item={item.clone()} kind={NameKind::Calendar} />
                <Field label="UTC offset" pointer={format!("{item}/utc_offset")} optional=true placeholder={format!("{offset} (the clock's)")}
                    hint="+HH:MM or -HH:MM" />
            </div>
            <WindowList pointer={format!("{item}/hours")} legend="Opening hours" noun="window" />
            <fieldset class="holidays">
                <legend>{ format!("Holidays ({count})") }</legend>
                <ul class="holiday-list">
                    { for (0..count).map(|j| {
                        let h = format!("{holidays}/{j}");
                        html! {
                            <li>
                                <Field label={format!("Holiday {}", j + 1)} hidden_label=true pointer={h} placeholder="YYYY-MM-DD" class="date" />
                                <ItemControls list={holidays.clone()} index={j} len={count} what={format!("holiday {}", j + 1)} movable=false />
                            </li>
                        }
                    }) }
                </ul>
                <AddButton list={holidays.clone()} value={Value::String(day)} text="Add holiday" />
            </fieldset>
            <SectionProblems path={path_of(&item)} />
        </article>
    }
}
