//! The Workload tab: what arrives and how it is prioritised. Arrival rate and weekly profile,
//! bursts, scheduled issues, the priorities themselves, the priority mix, triage (impact ×
//! urgency), issue attributes and reopens.

use serde_json::{Map, Value, json};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::common::{
    AddButton, ItemControls, NameField, Optional, PointerProblems, StrayKey, fresh_name, items, name_of, names, number,
    options, priorities, problems_at,
};
use super::mix::{Keys, Linked, MixEditor};
use super::windows::DAY_NAMES;
use crate::engine::rename::NameKind;
use crate::ui::fields::{Distribution, Field, FieldProblems, Kind, SectionProblems, Select, dom_id, show, use_store};
use crate::ui::format::{count, trim};
use crate::ui::store::{Action, key, path_of};

#[component]
pub fn WorkloadTab() -> Html {
    let store = use_store();
    let sections = [
        ("wl-arrivals", "Arrivals"),
        ("wl-priorities", "Priorities"),
        ("wl-profile", "Weekly profile"),
        ("wl-bursts", "Bursts"),
        ("wl-scheduled", "Scheduled issues"),
        ("wl-attributes", "Attributes"),
        ("wl-tags", "Tags"),
        ("wl-triage", "Triage"),
        ("wl-reopen", "Reopens"),
    ];
    let prios = priorities(&store.doc);
    let even: Map<String, Value> = {
        let n = prios.len().max(1) as f64;
        prios.iter().map(|(p, _)| (p.clone(), json!((1.0 / n * 1e4).round() / 1e4))).collect()
    };
    html! {
        <section class="editor-section workload-tab" aria-labelledby="workload-title">
            <header class="section-head">
                <h2 id="workload-title">{ "Workload" }</h2>
                <nav class="toc" aria-label="Workload sections">
                    { for sections.iter().map(|(id, t)| html! { <a href={format!("#{id}")}>{ *t }</a> }) }
                </nav>
            </header>
            <section class="subsection" id="wl-arrivals" aria-labelledby="wl-arrivals-h">
                <h3 id="wl-arrivals-h">{ "Arrivals" }</h3>
                <div class="card-grid">
                    <Field label="Base arrival rate" pointer="/workload/arrivals_per_hour" kind={Kind::Number} unit="per hour"
                        hint="Poisson arrivals, before the weekly profile; split between categories by their shares." />
                </div>
                <p class="hint">{ weekly_volume(&store.doc) }</p>
                <SectionProblems path="workload" />
            </section>
            <section class="subsection" id="wl-priorities" aria-labelledby="wl-priorities-h">
                <h3 id="wl-priorities-h">{ "Priorities" }</h3>
                <p class="hint">{ "Most urgent first: queues serve priorities in this order. Renaming a priority renames it everywhere." }</p>
                <PriorityList />
                <Optional pointer="/workload/priority_mix" label="Priority mix for all categories" default={Value::Object(even)}
                    absent_hint="No workload mix: each category needs its own, or triage decides.">
                    <MixEditor legend="Priority mix" pointer="/workload/priority_mix" keys={Keys::Known(prios.clone())}
                        hint="Used by every category without a mix of its own." />
                </Optional>
            </section>
            <section class="subsection" id="wl-profile" aria-labelledby="wl-profile-h">
                <h3 id="wl-profile-h">{ "Weekly profile" }</h3>
                <ProfileEditor />
            </section>
            <section class="subsection" id="wl-bursts" aria-labelledby="wl-bursts-h">
                <h3 id="wl-bursts-h">{ "Bursts" }</h3>
                <Bursts />
            </section>
            <section class="subsection" id="wl-scheduled" aria-labelledby="wl-scheduled-h">
                <h3 id="wl-scheduled-h">{ "Scheduled issues" }</h3>
                <Scheduled />
            </section>
            <section class="subsection" id="wl-attributes" aria-labelledby="wl-attributes-h">
                <h3 id="wl-attributes-h">{ "Attributes" }</h3>
                <Attributes />
            </section>
            <section class="subsection" id="wl-tags" aria-labelledby="wl-tags-h">
                <h3 id="wl-tags-h">{ "Tags" }</h3>
                <MixEditor legend="Tags and the chance an issue carries each" pointer="/workload/tags"
                    keys={Keys::Free { noun: "tag", linked: Linked::None }} independent=true
                    hint="Each tag is drawn on its own: an issue may carry several or none. Rules test them with tags contain \"name\"." />
            </section>
            <section class="subsection" id="wl-triage" aria-labelledby="wl-triage-h">
                <h3 id="wl-triage-h">{ "Triage" }</h3>
                <Triage />
            </section>
            <section class="subsection" id="wl-reopen" aria-labelledby="wl-reopen-h">
                <h3 id="wl-reopen-h">{ "Reopens" }</h3>
                <Optional pointer="/reopen" label="Resolved issues may reopen"
                    default={json!({ "probability": 0.05, "after": { "dist": "exponential", "mean": "2d" } })}
                    absent_hint="Nothing reopens.">
                    <div class="card-grid">
                        <Field label="Reopen probability" pointer="/reopen/probability" kind={Kind::Number}
                            hint="Chance a resolution is followed by a reopen; categories may set their own." />
                    </div>
                    <Distribution label="Delay from resolution to reopen" pointer="/reopen/after" />
                </Optional>
                <SectionProblems path="reopen" />
            </section>
        </section>
    }
}

/// "About 20 160 issues a week (120 an hour on average)" from the rate and profile.
fn weekly_volume(doc: &Value) -> String {
    let Some(rate) = number(doc.pointer("/workload/arrivals_per_hour")) else {
        return String::new();
    };
    let week = profile_of(doc).map_or(168.0, |p| p.iter().sum::<f64>());
    format!(
        "About {} issues a week from the base stream ({} an hour on average), before bursts.",
        count(rate * week),
        trim(rate * week / 168.0, 1)
    )
}

/// The 168 multipliers of the profile as the engine combines them, if they can be read.
fn profile_of(doc: &Value) -> Option<Vec<f64>> {
    let nums = |p: &str, n: usize| -> Option<Option<Vec<f64>>> {
        match doc.pointer(p) {
            None => Some(None),
            Some(Value::Array(a)) if a.len() == n => {
                a.iter().map(Value::as_f64).collect::<Option<Vec<f64>>>().map(Some)
            }
            Some(_) => None,
        }
    };
    let week = nums("/workload/hour_of_week", 168)?;
    let hod = nums("/workload/hour_of_day", 24)?;
    let dow = nums("/workload/day_of_week", 7)?;
    Some(match week {
        Some(w) => w,
        None => (0..168)
            .map(|i| hod.as_ref().map_or(1.0, |h| h[i % 24]) * dow.as_ref().map_or(1.0, |d| d[i / 24]))
            .collect(),
    })
}

#[component]
fn PriorityList() -> Html {
    let store = use_store();
    let len = items(&store.doc, "/priorities").len();
    let new_priority = json!({ "name": fresh_name(&names(&store.doc, "/priorities"), "P", len + 1) });
    html! {
        <>
            <table class="priority-table compact" id="priorities">
                <thead>
                    <tr>
                        <th scope="col">{ "Order" }</th>
                        <th scope="col">{ "Name" }</th>
                        <th scope="col">{ "Label" }</th>
                        <th scope="col"><span class="visually-hidden">{ "Actions" }</span></th>
                    </tr>
                </thead>
                <tbody>
                    { for (0..len).map(|i| {
                        let item = format!("/priorities/{i}");
                        let name = name_of(store.get(&item).unwrap_or(&Value::Null));
                        html! {
                            <tr key={i} data-priority={name.clone()}>
                                <td class="muted">{ i + 1 }</td>
                                <td><NameField label={format!("Name of priority {}", i + 1)} hidden_label=true item={item.clone()} kind={NameKind::Priority} /></td>
                                <td><Field label={format!("Label of {name}")} hidden_label=true pointer={format!("{item}/label")} optional=true placeholder={name.clone()} /></td>
                                <td><ItemControls list="/priorities" index={i} {len} what={format!("priority {name}")} /></td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
            <SectionProblems path="priorities" />
            <AddButton list="/priorities" value={new_priority} text="Add priority" id="add-priority" />
        </>
    }
}

/// How the weekly profile is given.
#[derive(Clone, Copy, PartialEq, Eq)]
enum ProfileMode {
    Flat,
    DayHour,
    Week,
}

fn ones(n: usize) -> Value {
    Value::from(vec![1; n])
}

/// A number as JSON: whole numbers as integers (so they read back as typed).
fn num(x: f64) -> Value {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        json!(x as i64)
    } else {
        serde_json::Number::from_f64(x).map_or(Value::Null, Value::Number)
    }
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// The workload with its profile given in another way, keeping its shape where it can.
fn convert_profile(doc: &Value, to: ProfileMode) -> Value {
    let mut out = doc.clone();
    let current = profile_of(doc);
    let Some(w) = out.get_mut("workload").and_then(Value::as_object_mut) else { return out };
    for k in ["hour_of_week", "hour_of_day", "day_of_week"] {
        w.shift_remove(k);
    }
    match to {
        ProfileMode::Flat => {}
        ProfileMode::Week => {
            let p = current.unwrap_or_else(|| vec![1.0; 168]);
            w.insert("hour_of_week".into(), Value::from(p.into_iter().map(|x| num(round3(x))).collect::<Vec<_>>()));
        }
        ProfileMode::DayHour => match current {
            Some(p) => {
                let mean = p.iter().sum::<f64>() / 168.0;
                let day_mean: Vec<f64> = (0..7).map(|d| p[d * 24..d * 24 + 24].iter().sum::<f64>() / 24.0).collect();
                let dow: Vec<f64> = day_mean.iter().map(|m| if mean > 0.0 { round3(m / mean) } else { 1.0 }).collect();
                let hod: Vec<f64> = (0..24)
                    .map(|h| {
                        let (s, n) = (0..7)
                            .filter(|&d| dow[d] > 0.0)
                            .fold((0.0, 0), |(s, n), d| (s + p[d * 24 + h] / dow[d], n + 1));
                        if n > 0 { round3(s / f64::from(n)) } else { 1.0 }
                    })
                    .collect();
                w.insert("hour_of_day".into(), Value::from(hod.into_iter().map(num).collect::<Vec<_>>()));
                w.insert("day_of_week".into(), Value::from(dow.into_iter().map(num).collect::<Vec<_>>()));
            }
            None => {
                w.insert("hour_of_day".into(), ones(24));
                w.insert("day_of_week".into(), ones(7));
            }
        },
    }
    out
}

#[component]
fn ProfileEditor() -> Html {
    let store = use_store();
    let has = |k: &str| store.get(&format!("/workload/{k}")).is_some();
    let (week, hod, dow) = (has("hour_of_week"), has("hour_of_day"), has("day_of_week"));
    let mode = if week {
        ProfileMode::Week
    } else if hod || dow {
        ProfileMode::DayHour
    } else {
        ProfileMode::Flat
    };
    let choices = [
        (ProfileMode::Flat, "flat", "Flat (same rate all week)"),
        (ProfileMode::DayHour, "dayhour", "Hour of day × day of week"),
        (ProfileMode::Week, "week", "Each hour of the week (168)"),
    ];
    html! {
        <div class="profile">
            <p class="hint">{ "Multipliers of the base rate by local time (the clock's offset), 0–1000: 1 is the base rate, 0 means no arrivals, 2 twice as many." }</p>
            <div class="segmented" role="radiogroup" aria-label="How the weekly profile is given">
                { for choices.iter().map(|(m, id, text)| {
                    let onchange = {
                        let (store, m) = (store.clone(), *m);
                        Callback::from(move |_| store.dispatch(Action::Edit(convert_profile(&store.doc, m))))
                    };
                    html! {
                        <span>
                            <input type="radio" name="profile-mode" id={format!("profile-{id}")} checked={mode == *m} {onchange} />
                            <label for={format!("profile-{id}")}>{ *text }</label>
                        </span>
                    }
                }) }
            </div>
            if week && (hod || dow) {
                <p class="problem error">{ "Both an hour-of-week profile and hour-of-day/day-of-week multipliers are given; choose one way above." }</p>
            }
            if hod || (mode == ProfileMode::DayHour && !week) {
                <Multipliers pointer="/workload/hour_of_day" len={24} legend="Hour of day"
                    labels={(0..24).map(|h| format!("{h:02}")).collect::<Vec<_>>()} />
            }
            if dow || (mode == ProfileMode::DayHour && !week) {
                <Multipliers pointer="/workload/day_of_week" len={7} legend="Day of week"
                    labels={DAY_NAMES.iter().map(|d| d.to_string()).collect::<Vec<_>>()} />
            }
            if week { <WeekGrid /> }
            <SectionProblems path="workload.hour_of_week" />
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct MultipliersProps {
    pointer: AttrValue,
    len: usize,
    legend: AttrValue,
    labels: Vec<String>,
}

/// A row of multipliers (hour of day, day of week); a list of the wrong length can be fixed.
#[component]
fn Multipliers(props: &MultipliersProps) -> Html {
    let store = use_store();
    let pointer = props.pointer.to_string();
    let value = store.get(&pointer);
    let have = value.and_then(Value::as_array).map(Vec::len);
    let peak = value.and_then(Value::as_array).map_or(1.0, |a| a.iter().filter_map(Value::as_f64).fold(0.0, f64::max));
    let fix = {
        let (store, pointer, len) = (store.clone(), pointer.clone(), props.len);
        Callback::from(move |_| {
            let mut list: Vec<Value> = store.get(&pointer).and_then(Value::as_array).cloned().unwrap_or_default();
            list.resize(len, json!(1));
            store.dispatch(Action::Set(pointer.clone(), Value::Array(list)));
        })
    };
    let remove = {
        let (store, pointer) = (store.clone(), pointer.clone());
        Callback::from(move |_| store.dispatch(Action::Remove(pointer.clone())))
    };
    html! {
        <fieldset class="multipliers">
            <legend>{ &props.legend }</legend>
            if have == Some(props.len) {
                <div class={classes!("mult-grid", format!("n{}", props.len))}>
                    { for (0..props.len).map(|i| html! {
                        <div class="mult">
                            <NumCell pointer={format!("{pointer}/{i}")} label={format!("{} {}", props.legend, props.labels[i])} peak={peak} />
                            <span class="mult-label" aria-hidden="true">{ &props.labels[i] }</span>
                        </div>
                    }) }
                </div>
            } else {
                <p class="hint">
                    { match have { Some(n) => format!("{n} values; {} are needed. ", props.len), None => "Not given: all 1. ".to_string() } }
                    <button type="button" class="button small" onclick={fix}>{ if have.is_some() { "Fix the length" } else { "Add multipliers" } }</button>
                </p>
            }
            if have.is_some() {
                <button type="button" class="button small" onclick={remove} aria-label={format!("Remove the {} multipliers", props.legend)}>{ "Clear (all 1)" }</button>
            }
            <FieldProblems id={format!("{}-problems", dom_id(&pointer))} problems={store.checked.within(&path_of(&pointer)).cloned().collect::<Vec<_>>()} />
        </fieldset>
    }
}

/// The 168-hour profile as a grid: hours down, days across.
#[component]
fn WeekGrid() -> Html {
    let store = use_store();
    let pointer = "/workload/hour_of_week";
    let list = store.get(pointer).and_then(Value::as_array).cloned().unwrap_or_default();
    if list.len() != 168 {
        let fix = {
            let store = store.clone();
            Callback::from(move |_| {
                let mut list: Vec<Value> = store.get(pointer).and_then(Value::as_array).cloned().unwrap_or_default();
                list.resize(168, json!(1));
                store.dispatch(Action::Set(pointer.to_string(), Value::Array(list)));
            })
        };
        return html! {
            <p class="hint">{ format!("{} values; 168 are needed (Monday 00:00 first). ", list.len()) }
                <button type="button" class="button small" onclick={fix}>{ "Fix the length" }</button></p>
        };
    }
    let peak = list.iter().filter_map(Value::as_f64).fold(0.0, f64::max);
    html! {
        <div class="week-table-wrap">
            <table class="week-table">
                <caption class="visually-hidden">{ "Arrival multipliers by hour of the week" }</caption>
                <thead>
                    <tr><th scope="col">{ "Hour" }</th>{ for DAY_NAMES.iter().map(|d| html! { <th scope="col">{ *d }</th> }) }</tr>
                </thead>
                <tbody>
                    { for (0..24).map(|h| html! {
                        <tr>
                            <th scope="row">{ format!("{h:02}:00") }</th>
                            { for (0..7).map(|d| html! {
                                <td><NumCell pointer={format!("{pointer}/{}", d * 24 + h)} label={format!("{} {h:02}:00", DAY_NAMES[d])} peak={peak} /></td>
                            }) }
                        </tr>
                    }) }
                </tbody>
            </table>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct NumCellProps {
    pointer: AttrValue,
    label: AttrValue,
    /// The largest value around, for shading.
    peak: f64,
}

/// A bare number input for grids, shaded by its value. What was typed is kept while it means the
/// stored number ("0." stays "0." rather than becoming "0").
#[component]
fn NumCell(props: &NumCellProps) -> Html {
    let store = use_store();
    let pointer = props.pointer.to_string();
    let stored = store.get(&pointer).cloned();
    let draft = use_state(|| None::<String>);
    let value = match (&*draft, &stored) {
        (Some(d), Some(v)) if d.trim().parse::<f64>().ok() == v.as_f64() || v.as_str() == Some(d.as_str()) => d.clone(),
        _ => show(stored.as_ref()),
    };
    let oninput = {
        let (store, pointer, draft) = (store.clone(), pointer.clone(), draft.clone());
        Callback::from(move |e: InputEvent| {
            let text = e.target_unchecked_into::<HtmlInputElement>().value();
            let v = match text.trim().parse::<f64>() {
                Ok(x) if x.is_finite() => num(x),
                _ => Value::String(text.clone()),
            };
            draft.set(Some(text));
            store.dispatch(Action::Set(pointer.clone(), v));
        })
    };
    let onblur = {
        let draft = draft.clone();
        Callback::from(move |_| draft.set(None))
    };
    let problems = problems_at(&store, &pointer);
    let level = stored
        .as_ref()
        .and_then(Value::as_f64)
        .map_or(0.0, |v| if props.peak > 0.0 { (v / props.peak).clamp(0.0, 1.0) } else { 0.0 });
    let title = problems.first().map(|p| p.message.clone());
    html! {
        <input type="text" inputmode="decimal" class="num-cell" id={dom_id(&pointer)} aria-label={props.label.clone()}
            style={format!("--v:{level:.3}")} {value} {oninput} {onblur} data-pointer={pointer}
            aria-invalid={(!problems.is_empty()).to_string()} {title} />
    }
}

#[component]
fn Bursts() -> Html {
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
fn Scheduled() -> Html {
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

#[component]
fn Attributes() -> Html {
    let store = use_store();
    let list = "/attributes";
    let len = items(&store.doc, list).len();
    let new_attribute = json!({
        "name": super::waits::unique(&names(&store.doc, list), "tier"),
        "values": { "standard": 0.8, "premium": 0.2 }
    });
    html! {
        <>
            <p class="hint">{ "Issue attributes such as customer tier, drawn for each issue from their mix. SLA policies can depend on them (SLA tab)." }</p>
            <SectionProblems path="attributes" />
            <div class="cards">
                { for (0..len).map(|i| {
                    let a = format!("{list}/{i}");
                    let name = name_of(store.get(&a).unwrap_or(&Value::Null));
                    html! {
                        <article class="card attribute-card" key={i} data-attribute={name.clone()}>
                            <header class="card-head">
                                <h4>{ &name }</h4>
                                <ItemControls list={list} index={i} {len} what={format!("attribute {name}")} movable=false />
                            </header>
                            <NameField label="Name" item={a.clone()} kind={NameKind::Attribute} />
                            <MixEditor legend="Values and their probabilities" pointer={format!("{a}/values")}
                                keys={Keys::Free { noun: "value", linked: Linked::AttributeValues(name.clone()) }} />
                        </article>
                    }
                }) }
            </div>
            <AddButton list={list} value={new_attribute} text="Add attribute" id="add-attribute" />
        </>
    }
}

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
fn Triage() -> Html {
    let store = use_store();
    let keys_of = |p: &str| -> Vec<String> {
        store.get(p).and_then(Value::as_object).map(|m| m.keys().cloned().collect()).unwrap_or_default()
    };
    let impacts = keys_of("/triage/impact");
    let urgencies = keys_of("/triage/urgency");
    let extra_rows: Vec<String> = keys_of("/triage/matrix").into_iter().filter(|r| !impacts.contains(r)).collect();
    let prios: Vec<(String, String)> = priorities(&store.doc).into_iter().map(|(n, _)| (n.clone(), n)).collect();
    html! {
        <>
            <p class="hint">{ "Priority from impact and urgency, drawn independently, then read from the matrix. Used only for categories without a priority mix when there is no workload mix." }</p>
            <Optional pointer="/triage" label="Set priorities by triage" default={default_triage(&store.doc)}>
                <SectionProblems path="triage" />
                <div class="two-col">
                    <MixEditor legend="Impact" pointer="/triage/impact" keys={Keys::Free { noun: "impact", linked: Linked::TriageImpact }} />
                    <MixEditor legend="Urgency" pointer="/triage/urgency" keys={Keys::Free { noun: "urgency", linked: Linked::TriageUrgency }} />
                </div>
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
