//! The base stream's weekly profile: multipliers of the arrival rate by local time, given flat,
//! as hour of day × day of week, or hour by hour over the week, and converted from one way to
//! another keeping the profile's shape where it can.

use serde_json::{Value, json};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::super::common::problems_at;
use super::super::windows::DAY_NAMES;
use crate::ui::fields::{FieldProblems, SectionProblems, dom_id, show, use_store};
use crate::ui::store::{Action, path_of};

/// The 168 multipliers of the profile as the engine combines them, if they can be read.
pub fn profile_of(doc: &Value) -> Option<Vec<f64>> {
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
pub fn ProfileEditor() -> Html {
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
                    labels={DAY_NAMES.iter().map(ToString::to_string).collect::<Vec<_>>()} />
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
        (Some(d), Some(v))
            if crate::engine::number::parse(d.trim()) == v.as_f64() || v.as_str() == Some(d.as_str()) =>
        {
            d.clone()
        }
        _ => show(stored.as_ref()),
    };
    let oninput = {
        let (store, pointer, draft) = (store.clone(), pointer.clone(), draft.clone());
        Callback::from(move |e: InputEvent| {
            let text = e.target_unchecked_into::<HtmlInputElement>().value();
            let v = match crate::engine::number::parse(text.trim()) {
                Some(x) if x.is_finite() => num(x),
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
