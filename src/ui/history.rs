//! The History tab: read a service desk's ticket export (`engine::history`) in a worker of its
//! own, with progress and Cancel, and show what was found: how many tickets, the export's kind,
//! how its dates and columns were read, and every row that could not be used, by reason. The file
//! stays in this browser and is not saved; reading one never touches the scenario.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::worker::WorkerBridge;
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::engine::history::ReadOptions;
use crate::ui::format;
use crate::ui::worker::{self, EngineWorker, Reading, Request, Summary};

/// Where a read stands.
#[derive(Clone, Debug, PartialEq)]
enum Stand {
    Idle,
    Reading { id: u32, name: String, fraction: f64 },
    Read { name: String, summary: Rc<Summary> },
    Refused { name: String, message: String },
    Cancelled { name: String },
}

#[component]
pub fn HistoryCard() -> Html {
    let stand = use_state(|| Stand::Idle);
    let bridge: Rc<RefCell<Option<WorkerBridge<EngineWorker>>>> = use_mut_ref(|| None);
    let next_id = use_mut_ref(|| 0u32);
    let file = use_mut_ref(|| None::<web_sys::File>);
    let day_first = use_state(|| None::<bool>);
    let offset = use_state(|| "0".to_string());
    let problem = use_state(|| None::<String>);
    // Reads the file chosen last with the options shown, in a new worker.
    let start = {
        let (stand, bridge, next_id, file, problem) =
            (stand.clone(), bridge.clone(), next_id.clone(), file.clone(), problem.clone());
        let (day_first, offset) = (*day_first, (*offset).clone());
        Callback::from(move |()| {
            let Some(f) = file.borrow().clone() else { return };
            let Ok(minutes) = offset.trim().parse::<i32>() else {
                problem.set(Some(format!("the UTC offset is whole minutes (60 for UTC+1), not “{}”", offset.trim())));
                return;
            };
            problem.set(None);
            let id = {
                let mut n = next_id.borrow_mut();
                *n += 1;
                *n
            };
            let name = f.name();
            let on_reading = {
                let (stand, name, bridge) = (stand.clone(), name.clone(), bridge.clone());
                move |answer_id: u32, reading: Reading| {
                    if answer_id != id {
                        return;
                    }
                    match reading {
                        Reading::Progress(fraction) => {
                            stand.set(Stand::Reading { id, name: name.clone(), fraction });
                        }
                        Reading::Read(summary) => {
                            stand.set(Stand::Read { name: name.clone(), summary: Rc::new(*summary) });
                            drop(bridge.borrow_mut().take());
                        }
                        Reading::Refused(message) => {
                            stand.set(Stand::Refused { name: name.clone(), message });
                            drop(bridge.borrow_mut().take());
                        }
                    }
                }
            };
            let spawned = worker::spawn_history(on_reading);
            let options = ReadOptions { day_first, utc_offset_minutes: minutes, ..ReadOptions::default() };
            spawned.send(Request::History { id, file: f.unchecked_into(), options });
            *bridge.borrow_mut() = Some(spawned);
            stand.set(Stand::Reading { id, name, fraction: 0.0 });
        })
    };
    let on_file = {
        let (file, start) = (file.clone(), start.clone());
        Callback::from(move |e: Event| {
            let input = e.target_unchecked_into::<HtmlInputElement>();
            let Some(f) = input.files().and_then(|list| list.get(0)) else { return };
            input.set_value("");
            *file.borrow_mut() = Some(f);
            start.emit(());
        })
    };
    let cancel = {
        let (stand, bridge) = (stand.clone(), bridge.clone());
        Callback::from(move |_| {
            // The worker is reading and reads no message until it ends: ending the worker stops it.
            drop(bridge.borrow_mut().take());
            if let Stand::Reading { name, .. } = &*stand {
                stand.set(Stand::Cancelled { name: name.clone() });
            }
        })
    };
    let on_day_first = {
        let day_first = day_first.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
            day_first.set(match v.as_str() {
                "day" => Some(true),
                "month" => Some(false),
                _ => None,
            });
        })
    };
    let on_offset = {
        let offset = offset.clone();
        Callback::from(move |e: InputEvent| offset.set(e.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let reading = matches!(*stand, Stand::Reading { .. });
    let chosen = file.borrow().is_some();
    html! {
        <section class="history-card" id="history" aria-labelledby="history-title" aria-busy={reading.to_string()}>
            <h2 id="history-title">{ "History" }</h2>
            <p class="hint">{ "Read a ticket export — ServiceNow, Jira Service Management, Zendesk, or this app's own event log — to see what your desk did. The file stays in this browser: it is not saved, and reading it does not change the scenario." }</p>
            <div class="what-if-row">
                <label class="button" for="history-file">{ "Read a ticket export…" }</label>
                <input id="history-file" class="visually-hidden" type="file" accept=".csv,.tsv,.txt,text/csv" onchange={on_file} />
                <label class="field"><span>{ "Dates like 03/04/2024" }</span>
                    <select id="history-day-first" onchange={on_day_first}>
                        <option value="" selected={day_first.is_none()}>{ "tell from the file" }</option>
                        <option value="day" selected={*day_first == Some(true)}>{ "day first (3 April)" }</option>
                        <option value="month" selected={*day_first == Some(false)}>{ "month first (4 March)" }</option>
                    </select>
                </label>
                <label class="field short"><span>{ "UTC offset (min)" }</span>
                    <input id="history-offset" inputmode="numeric" value={(*offset).clone()} oninput={on_offset} />
                </label>
                <button id="history-again" class="button" disabled={!chosen || reading}
                    onclick={{ let start = start.clone(); Callback::from(move |_| start.emit(())) }}>{ "Read again" }</button>
                <button id="history-cancel" class="button" disabled={!reading} onclick={cancel}>{ "Cancel" }</button>
            </div>
            if let Some(p) = &*problem { <p class="problem error" role="alert">{ p.clone() }</p> }
            { view(&stand) }
        </section>
    }
}

fn view(stand: &Stand) -> Html {
    match stand {
        Stand::Idle => Html::default(),
        Stand::Reading { name, fraction, .. } => html! {
            <p class="history-status" id="history-status" role="status" data-state="reading">
                { format!("Reading “{name}”… {}", format::percent(*fraction)) }
                <progress max="1" value={fraction.to_string()} aria-label="Reading progress" />
            </p>
        },
        Stand::Cancelled { name } => html! {
            <p class="history-status" id="history-status" role="status" data-state="cancelled">
                { format!("Reading “{name}” was cancelled.") }
            </p>
        },
        Stand::Refused { name, message } => html! {
            <p class="problem error history-status" id="history-status" role="alert" data-state="refused">
                { format!("Could not read “{name}”: {message}") }
            </p>
        },
        Stand::Read { name, summary } => read_view(name, summary),
    }
}

fn read_view(name: &str, s: &Summary) -> Html {
    let skipped = s.rows - s.used;
    let rows = if skipped == 0 {
        format!("{} rows, all used", format::count(s.rows as f64))
    } else {
        format!(
            "{} rows, {} used, {} skipped",
            format::count(s.rows as f64),
            format::count(s.used as f64),
            format::count(skipped as f64)
        )
    };
    let span = s
        .span
        .map(|(a, b)| format!(" · opened over {} days", format::trim((b - a) as f64 / 86_400_000.0, 1)))
        .unwrap_or_default();
    html! {
        <div class="history-read" id="history-read" data-tickets={s.tickets.to_string()}>
            <p class="history-status" id="history-status" role="status" data-state="read">
                <strong>{ format!("{} tickets", format::count(s.tickets as f64)) }</strong>
                { format!(" from “{name}” ({rows}){span}") }
            </p>
            <p id="history-layout">{ format!("{} · {} · {}", s.layout, s.delimiter, s.encoding) }</p>
            if !s.dates.is_empty() {
                <p class="hint" id="history-dates">{ format!("Dates: {}", s.dates.join("; ")) }</p>
            }
            <details>
                <summary>{ "Columns read" }</summary>
                <table class="history-mapping" id="history-mapping">
                    <tbody>{ for s.mapping.iter().map(|(field, column)| html! {
                        <tr><th scope="row">{ field.replace('_', " ") }</th><td>{ column }</td></tr>
                    }) }</tbody>
                </table>
            </details>
            if !s.skipped.is_empty() {
                <ul class="history-skipped" id="history-skipped">
                    { for s.skipped.iter().map(|l| html! { <li class="problem warning">{ l }</li> }) }
                </ul>
            }
            if !s.warnings.is_empty() {
                <ul class="history-warnings" id="history-warnings">
                    { for s.warnings.iter().map(|l| html! { <li class="problem warning">{ l }</li> }) }
                </ul>
            }
        </div>
    }
}
