//! Weekly windows: calendar opening hours and level shifts (`days`, `from`, `to`, and for shifts
//! `staff`). Days are ticked Monday to Sunday and written back compactly (`weekdays`, `weekend`,
//! `all` or day names); a strip of the week shows the result hour by hour (open hours, or staff on
//! duty), read the way the engine reads it.

use serde_json::{Value, json};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::common::{ItemControls, items, problems_at};
use crate::engine::calendar::{WeeklyWindows, parse_days};
use crate::engine::time::{HOUR, MINUTE};
use crate::ui::fields::{Field, FieldProblems, Kind, dom_id, use_store};
use crate::ui::store::Action;

pub const DAY_NAMES: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const DAY_FULL: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const DAY_KEYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// The days a `days` list names, and the entries that are not day names.
fn read_days(value: Option<&Value>) -> ([bool; 7], Vec<String>) {
    let mut on = [false; 7];
    let mut unknown = Vec::new();
    for v in value.and_then(Value::as_array).map_or(&[][..], Vec::as_slice) {
        let text = match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        match parse_days(std::slice::from_ref(&text)) {
            Ok(days) => days.into_iter().for_each(|d| on[d as usize % 7] = true),
            Err(_) => unknown.push(text),
        }
    }
    (on, unknown)
}

/// The compact `days` list for a set of days.
fn write_days(on: &[bool; 7]) -> Value {
    match on {
        [true, true, true, true, true, true, true] => json!(["all"]),
        [true, true, true, true, true, false, false] => json!(["weekdays"]),
        [false, false, false, false, false, true, true] => json!(["weekend"]),
        _ => Value::from(DAY_KEYS.iter().zip(on).filter(|(_, on)| **on).map(|(d, _)| *d).collect::<Vec<_>>()),
    }
}

#[derive(Properties, PartialEq)]
struct DaysProps {
    /// The `days` list's pointer.
    pointer: AttrValue,
}

/// Seven day checkboxes for a `days` list.
#[component]
fn DaysPicker(props: &DaysProps) -> Html {
    let store = use_store();
    let pointer = props.pointer.to_string();
    let (on, unknown) = read_days(store.get(&pointer));
    let id = dom_id(&pointer);
    html! {
        <fieldset class="days">
            <legend class="visually-hidden">{ "Days" }</legend>
            { for (0..7).map(|d| {
                let onchange = {
                    let (store, pointer) = (store.clone(), pointer.clone());
                    Callback::from(move |e: Event| {
                        let mut next = on;
                        next[d] = e.target_unchecked_into::<HtmlInputElement>().checked();
                        store.dispatch(Action::Set(pointer.clone(), write_days(&next)));
                    })
                };
                let box_id = format!("{id}-{d}");
                html! {
                    <span class="day">
                        <input type="checkbox" id={box_id.clone()} checked={on[d]} {onchange} />
                        <label for={box_id} title={DAY_FULL[d]}>
                            <span aria-hidden="true">{ &DAY_NAMES[d][..2] }</span>
                            <span class="visually-hidden">{ DAY_FULL[d] }</span>
                        </label>
                    </span>
                }
            }) }
            if !unknown.is_empty() {
                <span class="problem error">{ format!("not day names: {}", unknown.join(", ")) }</span>
            }
        </fieldset>
    }
}

#[derive(Properties, PartialEq)]
pub struct WindowListProps {
    /// The array's pointer (`/calendars/0/hours`, `/levels/1/shifts`).
    pub pointer: AttrValue,
    pub legend: AttrValue,
    /// "window" or "shift", for buttons.
    pub noun: AttrValue,
    /// Shifts have a staff count.
    #[prop_or_default]
    pub staffed: bool,
}

/// A list of weekly windows or shifts with a week strip of the result.
#[component]
pub fn WindowList(props: &WindowListProps) -> Html {
    let store = use_store();
    let pointer = props.pointer.to_string();
    let list = items(&store.doc, &pointer).to_vec();
    let len = list.len();
    let add = {
        let (store, pointer, staffed) = (store.clone(), pointer.clone(), props.staffed);
        Callback::from(move |_| {
            let mut w = json!({ "days": ["weekdays"], "from": "09:00", "to": "17:00" });
            if staffed {
                w["staff"] = json!(1);
            }
            store.dispatch(Action::Push(pointer.clone(), w));
        })
    };
    let noun = props.noun.to_string();
    html! {
        <fieldset class="windows">
            <legend>{ &props.legend }</legend>
            if len > 0 {
                <table class="window-table">
                    <thead>
                        <tr>
                            <th scope="col">{ "Days" }</th>
                            <th scope="col">{ "From" }</th>
                            <th scope="col">{ "To" }</th>
                            if props.staffed { <th scope="col">{ "Staff" }</th> }
                            <th scope="col"><span class="visually-hidden">{ "Actions" }</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        { for (0..len).map(|j| {
                            let item = format!("{pointer}/{j}");
                            let what = format!("{noun} {}", j + 1);
                            // The row's problems and its fields' in one full-width line below it.
                            let listed = AttrValue::from(format!("{}-problems", dom_id(&item)));
                            let problems: Vec<_> = ["", "/from", "/to", "/staff"]
                                .iter()
                                .flat_map(|part| problems_at(&store, &format!("{item}{part}")))
                                .collect();
                            html! {
                                <>
                                    <tr id={dom_id(&item)} tabindex="-1">
                                        <td><DaysPicker pointer={format!("{item}/days")} /></td>
                                        <td><Field label={format!("{what} from")} hidden_label=true pointer={format!("{item}/from")} placeholder="09:00" class="time" problems_in={listed.clone()} /></td>
                                        <td><Field label={format!("{what} to")} hidden_label=true pointer={format!("{item}/to")} placeholder="17:00" class="time" problems_in={listed.clone()} /></td>
                                        if props.staffed {
                                            <td><Field label={format!("{what} staff")} hidden_label=true pointer={format!("{item}/staff")} kind={Kind::Integer} class="count" problems_in={listed.clone()} /></td>
                                        }
                                        <td><ItemControls list={pointer.clone()} index={j} {len} what={what.clone()} /></td>
                                    </tr>
                                    if !problems.is_empty() {
                                        <tr class="row-problems">
                                            <td colspan="5"><FieldProblems id={listed} {problems} /></td>
                                        </tr>
                                    }
                                </>
                            }
                        }) }
                    </tbody>
                </table>
            } else {
                <p class="hint">{ if props.staffed { "No shifts: nobody is ever on duty." } else { "No opening hours yet." } }</p>
            }
            <div class="list-foot">
                <button type="button" class="button small add" onclick={add}>{ format!("Add {noun}") }</button>
                <small class="hint">{ "Times are HH:MM on a 24-hour clock; a “to” before “from” runs past midnight; 24:00 ends the day." }</small>
            </div>
            <WeekStrip windows={list} staffed={props.staffed} />
            <FieldProblems id={format!("{}-problems", dom_id(&pointer))} problems={problems_at(&store, &pointer)} />
        </fieldset>
    }
}

/// The week hour by hour (Monday first; the value at the middle of each hour): 1 where a window is
/// open, or the staff on duty for shifts. `None` when no window can be read.
pub fn hourly(windows: &[Value], staffed: bool) -> Option<Vec<Vec<f64>>> {
    let mut parsed: Vec<(WeeklyWindows, f64)> = Vec::new();
    for w in windows {
        let days: Vec<String> = w
            .get("days")
            .and_then(Value::as_array)
            .map(|d| d.iter().filter_map(Value::as_str).map(str::to_string).collect())
            .unwrap_or_default();
        let (Some(from), Some(to)) = (w.get("from").and_then(Value::as_str), w.get("to").and_then(Value::as_str))
        else {
            continue;
        };
        let mut ww = WeeklyWindows::empty();
        if ww.add(&days, from, to).is_ok() {
            let weight = if staffed { w.get("staff").and_then(Value::as_f64).unwrap_or(0.0) } else { 1.0 };
            parsed.push((ww, weight));
        }
    }
    if parsed.is_empty() {
        return None;
    }
    let at = |d: usize, h: usize| -> f64 {
        let t = (d as u64 * 24 + h as u64) * HOUR + 30 * MINUTE;
        parsed.iter().filter(|(w, _)| w.contains(t)).map(|(_, n)| n).sum()
    };
    Some((0..7).map(|d| (0..24).map(|h| at(d, h)).collect()).collect())
}

#[derive(Properties, PartialEq)]
pub struct WeekStripProps {
    pub windows: Vec<Value>,
    pub staffed: bool,
}

/// The week hour by hour: open or closed (opening hours), or the staff on duty (shifts, which add
/// up where they overlap). Windows that do not parse are left out.
#[component]
pub fn WeekStrip(props: &WeekStripProps) -> Html {
    let Some(grid) = hourly(&props.windows, props.staffed) else {
        return html! {};
    };
    let peak = grid.iter().flatten().copied().fold(0.0, f64::max);
    let total: f64 = grid.iter().flatten().sum();
    let summary = if props.staffed {
        format!(
            "Peak {} on duty · {} staff-hours a week",
            crate::ui::format::trim(peak, 1),
            crate::ui::format::trim(total, 0)
        )
    } else {
        format!("Open about {} hours a week", crate::ui::format::trim(total, 0))
    };
    html! {
        <figure class="week-strip">
            <figcaption class="hint">{ summary.clone() }</figcaption>
            <div class="week-grid" role="img" aria-label={summary}>
                <span class="wk-corner"></span>
                { for [0, 6, 12, 18].iter().map(|h| html! { <span class="wk-hour" style={format!("grid-column: {} / span 6", h + 2)}>{ format!("{h:02}") }</span> }) }
                { for grid.iter().enumerate().map(|(d, row)| html! {
                    <>
                        <span class="wk-day">{ DAY_NAMES[d] }</span>
                        { for row.iter().enumerate().map(|(h, v)| {
                            let level = if peak > 0.0 { v / peak } else { 0.0 };
                            let title = if props.staffed {
                                format!("{} {h:02}:00: {} on duty", DAY_NAMES[d], crate::ui::format::trim(*v, 1))
                            } else {
                                format!("{} {h:02}:00: {}", DAY_NAMES[d], if *v > 0.0 { "open" } else { "closed" })
                            };
                            html! { <span class={classes!("wk-cell", (*v > 0.0).then_some("on"))} style={format!("--v:{level:.3}")} {title}></span> }
                        }) }
                    </>
                }) }
            </div>
        </figure>
    }
}
