//! The History tab: read a service desk's ticket export (`engine::history`) in a worker of its
//! own, with progress and Cancel, and show what was found: how many tickets, the export's kind,
//! how its dates and columns were read, every row that could not be used, by reason; its trends
//! (`draw.rs`); and a scenario proposed from it, to review, use and check against it
//! (`proposal.rs`). The file stays in this browser and is not saved; reading one never touches
//! the scenario. The worker keeps the tickets for the proposals and checks asked after a read.

mod columns;
mod draw;
mod proposal;

use std::cell::RefCell;
use std::rc::Rc;

use gloo::worker::WorkerBridge;
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::engine::document::{self, HistoryDoc};
use crate::engine::history::{Mapping, ReadOptions};
use crate::ui::format;
use crate::ui::store::{Action, Store};
use crate::ui::worker::{self, EngineWorker, Found, ProposalView, Reading, Request, Summary};
use proposal::Check;

/// Where a read stands.
#[derive(Clone, Debug)]
enum Stand {
    Idle,
    Reading {
        name: String,
        fraction: f64,
    },
    Read {
        name: String,
        found: Rc<Found>,
    },
    /// With the header's columns when the columns were the trouble.
    Refused {
        name: String,
        message: String,
        columns: Rc<Vec<String>>,
    },
    Cancelled {
        name: String,
    },
}

/// The answers' destinations, for the worker's callback.
#[derive(Clone)]
struct Handles {
    stand: UseStateHandle<Rc<Stand>>,
    proposal: UseStateHandle<Option<Rc<Result<ProposalView, String>>>>,
    proposing: UseStateHandle<bool>,
    check: UseStateHandle<Check>,
    held: UseStateHandle<bool>,
    bridge: Rc<RefCell<Option<WorkerBridge<EngineWorker>>>>,
    /// The id of the request asked last; answers to older ones are dropped.
    latest: Rc<RefCell<u32>>,
}

impl Handles {
    fn answer(&self, id: u32, name: &str, reading: Reading) {
        if id != *self.latest.borrow() {
            return;
        }
        match reading {
            Reading::Progress(fraction) => self.stand.set(Rc::new(Stand::Reading { name: name.to_string(), fraction })),
            Reading::Read(found) => {
                self.proposal.set(Some(Rc::new(found.proposal.clone())));
                self.check.set(Check::None);
                self.held.set(true);
                self.stand.set(Rc::new(Stand::Read { name: name.to_string(), found: Rc::new(*found) }));
            }
            Reading::Refused(message, columns) => {
                self.end();
                self.stand.set(Rc::new(Stand::Refused { name: name.to_string(), message, columns: Rc::new(columns) }));
            }
            Reading::Proposed(result) => {
                self.proposing.set(false);
                self.proposal.set(Some(Rc::new(result.map(|p| *p))));
            }
            Reading::Checked(result) => self.check.set(Check::Done(Rc::new(result.map(|c| *c)))),
        }
    }

    /// Ends the worker, and the history it holds.
    fn end(&self) {
        drop(self.bridge.borrow_mut().take());
        self.held.set(false);
    }

    fn send(&self, request: impl FnOnce(u32) -> Request) -> bool {
        let id = {
            let mut latest = self.latest.borrow_mut();
            *latest += 1;
            *latest
        };
        match self.bridge.borrow().as_ref() {
            Some(b) => {
                b.send(request(id));
                true
            }
            None => false,
        }
    }
}

#[component]
pub fn HistoryCard() -> Html {
    let store = use_context::<Store>().expect("store");
    let handles = Handles {
        stand: use_state(|| Rc::new(Stand::Idle)),
        proposal: use_state(|| None),
        proposing: use_state(|| false),
        check: use_state(|| Check::None),
        held: use_state(|| false),
        bridge: use_mut_ref(|| None),
        latest: use_mut_ref(|| 0u32),
    };
    let file = use_mut_ref(|| None::<web_sys::File>);
    // How the scenario says its history is read, if it says.
    let day_first = use_state(|| kept(&store.doc).day_first);
    let offset = use_state(|| kept(&store.doc).utc_offset_minutes.to_string());
    // The columns the user chose for this file, else the scenario's.
    let mapping = use_mut_ref(|| kept(&store.doc).mapping);
    let problem = use_state(|| None::<String>);
    // Reads the file chosen last with the options shown, in a new worker.
    let start = {
        let (handles, file, problem, store) = (handles.clone(), file.clone(), problem.clone(), store.clone());
        let (day_first, offset, mapping) = (*day_first, (*offset).clone(), mapping.clone());
        Callback::from(move |()| {
            let Some(f) = file.borrow().clone() else { return };
            let Ok(minutes) = offset.trim().parse::<i32>() else {
                problem.set(Some(format!("the UTC offset is whole minutes (60 for UTC+1), not “{}”", offset.trim())));
                return;
            };
            problem.set(None);
            handles.end();
            let name = f.name();
            let spawned = {
                let (handles, name) = (handles.clone(), name.clone());
                worker::spawn_history(move |id, reading| handles.answer(id, &name, reading))
            };
            *handles.bridge.borrow_mut() = Some(spawned);
            let options = ReadOptions {
                day_first,
                utc_offset_minutes: minutes,
                mapping: mapping.borrow().clone(),
                ..ReadOptions::default()
            };
            let scenario = store.doc.to_string();
            handles.send(|id| Request::History { id, file: f.unchecked_into(), options: Box::new(options), scenario });
            handles.proposal.set(None);
            handles.proposing.set(false);
            handles.check.set(Check::None);
            handles.stand.set(Rc::new(Stand::Reading { name, fraction: 0.0 }));
        })
    };
    let on_file = {
        let (file, start, mapping, store) = (file.clone(), start.clone(), mapping.clone(), store.clone());
        Callback::from(move |e: Event| {
            let input = e.target_unchecked_into::<HtmlInputElement>();
            let Some(f) = input.files().and_then(|list| list.get(0)) else { return };
            input.set_value("");
            *file.borrow_mut() = Some(f);
            *mapping.borrow_mut() = kept(&store.doc).mapping;
            start.emit(());
        })
    };
    let on_columns = {
        let (start, mapping) = (start.clone(), mapping.clone());
        Callback::from(move |m: Mapping| {
            *mapping.borrow_mut() = Some(m);
            start.emit(());
        })
    };
    // The read settings as the scenario keeps them; `None` when they are all the defaults.
    let settings = {
        let chosen = HistoryDoc {
            mapping: mapping.borrow().clone(),
            day_first: *day_first,
            utc_offset_minutes: offset.trim().parse().unwrap_or(0),
        };
        (chosen != HistoryDoc::default()).then(|| Rc::new(document::to_value(&chosen)))
    };
    let keep = {
        let (store, settings) = (store.clone(), settings.clone());
        Callback::from(move |_| match &settings {
            Some(v) => store.dispatch(Action::Set("/history".into(), (**v).clone())),
            None => store.dispatch(Action::Remove("/history".into())),
        })
    };
    let reading = matches!(**handles.stand, Stand::Reading { .. });
    let cancel = {
        let handles = handles.clone();
        Callback::from(move |_| {
            // The worker is reading and reads no message until it ends: ending the worker stops it.
            handles.end();
            if let Stand::Reading { name, .. } = &**handles.stand {
                handles.stand.set(Rc::new(Stand::Cancelled { name: name.clone() }));
            }
        })
    };
    let on_propose = {
        let handles = handles.clone();
        Callback::from(move |options| {
            if handles.send(|id| Request::Calibrate { id, options }) {
                handles.proposing.set(true);
            }
        })
    };
    let on_check = {
        let (handles, store) = (handles.clone(), store.clone());
        Callback::from(move |replications| {
            let scenario = store.doc.to_string();
            if handles.send(|id| Request::CheckFit { id, scenario, replications }) {
                handles.check.set(Check::Checking);
            }
        })
    };
    let on_cancel_check = {
        let handles = handles.clone();
        Callback::from(move |()| {
            // A check runs to its end once started: ending the worker stops it, with its history.
            handles.end();
            handles.check.set(Check::Cancelled);
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
    let chosen = file.borrow().is_some();
    let review = match (&**handles.stand, &*handles.proposal) {
        (Stand::Read { name, .. }, Some(p)) => html! {
            <proposal::Proposal name={AttrValue::from(name.clone())} proposal={p.clone()} held={*handles.held} settings={settings.clone()}
                proposing={*handles.proposing} check={(*handles.check).clone()}
                {on_propose} {on_check} on_cancel={on_cancel_check} />
        },
        _ => Html::default(),
    };
    html! {
        <section class="history-card" id="history" aria-labelledby="history-title" aria-busy={reading.to_string()}>
            <h2 id="history-title">{ "History" }</h2>
            <p class="hint">{ "Read a ticket export — ServiceNow, Jira Service Management, Zendesk, or this app's own event log — to see what your desk did, and a scenario fitted to it. The file stays in this browser: it is not saved, and reading it does not change the scenario." }</p>
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
            { view(&handles.stand, &store) }
            { columns_view(&handles.stand, &on_columns) }
            if matches!(**handles.stand, Stand::Read { .. }) {
                <p class="history-keep">
                    <button id="history-keep" class="button small" onclick={keep}
                        disabled={settings.as_deref() == store.doc.get("history")}>{ "Keep these read settings with the scenario" }</button>
                    <span class="hint">{ " The columns, date order and offset, so that the next export of this kind reads the same way. Never the tickets." }</span>
                </p>
            }
            { review }
        </section>
    }
}

fn view(stand: &Stand, store: &Store) -> Html {
    match stand {
        Stand::Idle => Html::default(),
        Stand::Reading { name, fraction } => html! {
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
        Stand::Refused { name, message, .. } => html! {
            <p class="problem error history-status" id="history-status" role="alert" data-state="refused">
                { format!("Could not read “{name}”: {message}") }
            </p>
        },
        Stand::Read { name, found } => html! {
            <>
                { read_view(name, &found.summary) }
                <section class="history-trends" id="history-trends" aria-labelledby="history-trends-title">
                    { draw::markup("history-figures", &found.trends, store) }
                </section>
            </>
        },
    }
}

/// How the scenario says its history is read (`history` in the scenario), or the defaults.
fn kept(doc: &serde_json::Value) -> HistoryDoc {
    doc.get("history").and_then(|v| document::from_value(v).ok()).unwrap_or_default()
}

/// The column choice: after a read, to change it; after a refusal over the columns, to give it.
fn columns_view(stand: &Stand, on_read: &Callback<Mapping>) -> Html {
    // Each read (or refusal) starts a new choice from what it found.
    let (columns, current, open, key) = match stand {
        Stand::Read { found, .. } => {
            (found.summary.columns.clone(), found.summary.mapping.clone(), false, format!("{:p}", Rc::as_ptr(found)))
        }
        Stand::Refused { columns, .. } if !columns.is_empty() => {
            ((**columns).clone(), Vec::new(), true, format!("{:p}", Rc::as_ptr(columns)))
        }
        _ => return Html::default(),
    };
    html! {
        <columns::Columns {key} columns={Rc::new(columns)} current={Rc::new(current)} on_read={on_read.clone()} {open} />
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
        <div class="history-read" id="history-read" data-tickets={s.tickets.to_string()} data-elapsed-ms={s.elapsed_ms.to_string()}>
            <p class="history-status" id="history-status" role="status" data-state="read">
                <strong>{ format!("{} tickets", format::count(s.tickets as f64)) }</strong>
                { format!(" from “{name}” ({rows}){span}") }
            </p>
            <p id="history-layout">{ format!("{} · {} · {}", s.layout, s.delimiter, s.encoding) }</p>
            if !s.dates.is_empty() {
                <p class="hint" id="history-dates">{ format!("Dates: {}", s.dates.join("; ")) }</p>
            }
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
