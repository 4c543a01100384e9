//! The Run settings tab: the scenario's name and description, format version, the clock's start
//! (whose offset is the local time of the whole scenario), and the run: horizon, warm-up,
//! replications (a fixed count, or until the headline figures are precise), seed, end rule,
//! issue limit, time-series bucket and journeys kept. Last, a setting of this browser rather than
//! of the scenario: how many engine workers runs are shared over (`ui/settings.rs`).

use serde_json::Value;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::common::{TextArea, problems_at, text_at};
use crate::engine::precision as p;
use crate::engine::validate::{DEFAULT_JOURNEYS, DEFAULT_MAX_ISSUES, DEFAULT_START};
use crate::ui::fields::{Field, FieldProblems, Kind, SectionProblems, Select, dom_id, use_store};
use crate::ui::settings;
use crate::ui::store::Action;

#[component]
pub fn RunTab() -> Html {
    html! {
        <section class="editor-section run-tab" aria-labelledby="run-title">
            <header class="section-head">
                <h2 id="run-title">{ "Run settings" }</h2>
            </header>
            <section class="subsection" aria-labelledby="run-scenario-h">
                <h3 id="run-scenario-h">{ "Scenario" }</h3>
                <div class="card-grid">
                    <Field label="Name" pointer="/name" placeholder="Shown in the report" />
                    <Field label="Format version" pointer="/version" kind={Kind::Integer} hint="Always 1." class="count" />
                </div>
                <TextArea label="Description" pointer="/description" placeholder="What this scenario models, for the people reading it." />
            </section>
            <section class="subsection" aria-labelledby="run-clock-h">
                <h3 id="run-clock-h">{ "Clock" }</h3>
                <ClockStart />
            </section>
            <section class="subsection" aria-labelledby="run-run-h">
                <h3 id="run-run-h">{ "Run" }</h3>
                <div class="card-grid">
                    <Field label="Horizon" pointer="/run/horizon" placeholder="e.g. 4w" hint="Arrivals happen from 0 up to the horizon." />
                    <Field label="Warm-up" pointer="/run/warmup" optional=true placeholder="0"
                        hint="A duration, or a share of the horizon such as 10%: issues arriving earlier are not counted." />
                    <Precision />
                    <Field label="Replications" pointer="/run/replications" kind={Kind::Integer} optional=true placeholder="1"
                        hint="1–1000 independent runs; replication k uses seed + k − 1." />
                    <Field label="Seed" pointer="/run/seed" kind={Kind::Integer} optional=true placeholder="1"
                        hint="Same scenario and seed, same report." />
                    <Select label="At the horizon" pointer="/run/end"
                        options={vec![
                            ("drain".to_string(), "Drain: finish every open issue".to_string()),
                            ("hard_stop".to_string(), "Hard stop: open issues are censored".to_string()),
                        ]} />
                    <Field label="Issue limit" pointer="/run/max_issues" kind={Kind::Integer} optional=true
                        placeholder={DEFAULT_MAX_ISSUES.to_string()} hint="Most issues the whole run may simulate." />
                    <Field label="Time-series bucket" pointer="/run/bucket" optional=true placeholder="automatic"
                        hint="Default: horizon / 200, rounded to a round width." />
                    <Field label="Journeys kept" pointer="/run/journeys" kind={Kind::Integer} optional=true
                        placeholder={DEFAULT_JOURNEYS.to_string()} hint="Sampled issue histories in the report (0–1000)." />
                </div>
                <SectionProblems path="run" />
            </section>
            <section class="subsection" aria-labelledby="run-browser-h">
                <h3 id="run-browser-h">{ "This browser" }</h3>
                <Workers />
            </section>
        </section>
    }
}

/// How many engine workers runs are shared over: as many as the machine has cores (at most 8),
/// or fewer. Kept with the app's settings, not in the scenario; the next run uses it.
#[component]
fn Workers() -> Html {
    let chosen = use_state(settings::workers);
    let trouble = use_state(|| None::<String>);
    let most = settings::most_workers();
    let onchange = {
        let (chosen, trouble) = (chosen.clone(), trouble.clone());
        Callback::from(move |e: Event| {
            let Ok(n) = e.target_unchecked_into::<HtmlSelectElement>().value().parse::<usize>() else { return };
            trouble.set(settings::set_workers(Some(n)).err());
            chosen.set(n);
        })
    };
    html! {
        <div class="field">
            <label for="run-workers">{ "Engine workers" }</label>
            <select id="run-workers" {onchange}>
                { for (1..=most).map(|n| html! {
                    <option value={n.to_string()} selected={n == *chosen}>
                        { if n == most { format!("{n} (one per core)") } else { n.to_string() } }
                    </option>
                }) }
            </select>
            <small class="hint">{ "Replications run on this many workers at once; the results are the same whatever the number. Kept in this browser, not in the scenario." }</small>
            if let Some(t) = &*trouble {
                <small class="hint" role="alert">{ t }</small>
            }
        </div>
    }
}

/// Fixed replications, or `run.precision`: replications until every headline figure's 95%
/// interval is within its target (`docs/precision.md`), with the targets.
#[component]
fn Precision() -> Html {
    let store = use_store();
    let precise = store.get("/run/precision").is_some();
    let onchange = {
        let store = store.clone();
        Callback::from(move |e: Event| {
            let action = match e.target_unchecked_into::<HtmlSelectElement>().value().as_str() {
                "precise" => Action::Set("/run/precision".into(), Value::Object(serde_json::Map::new())),
                _ => Action::Remove("/run/precision".into()),
            };
            store.dispatch(action);
        })
    };
    html! {
        <>
            <div class="field">
                <label for="run-mode">{ "Replications run" }</label>
                <select id="run-mode" {onchange}>
                    <option value="fixed" selected={!precise}>{ "A fixed number" }</option>
                    <option value="precise" selected={precise}>{ "Until precise" }</option>
                </select>
            </div>
            if precise {
                <Field label="Share half-width" pointer="/run/precision/share_half_width" kind={Kind::Number} optional=true
                    placeholder={p::DEFAULT_SHARE_HALF_WIDTH.to_string()} step="0.005"
                    hint="SLA attainment and utilization within ± this share (0.02: ±2 points), 95% interval." />
                <Field label="Time relative half-width" pointer="/run/precision/time_relative_half_width" kind={Kind::Number}
                    optional=true placeholder={p::DEFAULT_TIME_RELATIVE_HALF_WIDTH.to_string()} step="0.01"
                    hint="Mean time to resolve within ± this share of itself (0.05: ±5%)." />
                <Field label="Fewest replications" pointer="/run/precision/min_replications" kind={Kind::Integer} optional=true
                    placeholder={p::DEFAULT_MIN_REPLICATIONS.to_string()} hint="Before the first look at the intervals; at least 2." />
                <Field label="Most replications" pointer="/run/precision/max_replications" kind={Kind::Integer} optional=true
                    placeholder={p::DEFAULT_MAX_REPLICATIONS.to_string()} hint="The run stops here, precise or not." />
            }
        </>
    }
}

/// `clock.start`; emptied, the whole `clock` section goes (its only field is required).
#[component]
fn ClockStart() -> Html {
    let store = use_store();
    let pointer = "/clock/start";
    let id = dom_id(pointer);
    let value = text_at(&store.doc, pointer);
    let problems = problems_at(&store, pointer);
    let oninput = {
        let store = store.clone();
        Callback::from(move |e: InputEvent| {
            let text = e.target_unchecked_into::<HtmlInputElement>().value();
            if text.trim().is_empty() {
                store.dispatch(Action::Remove("/clock".into()));
            } else {
                store.dispatch(Action::Set(pointer.into(), Value::String(text)));
            }
        })
    };
    let invalid = !problems.is_empty();
    html! {
        <div class={classes!("field", "wide", invalid.then_some("invalid"))}>
            <label for={id.clone()}>{ "Start of simulated time" }</label>
            <div class="field-input">
                <input id={id.clone()} type="text" {value} {oninput} placeholder={format!("{DEFAULT_START} (default)")}
                    data-pointer={pointer} aria-invalid={invalid.to_string()} spellcheck="false"
                    aria-describedby={invalid.then(|| format!("{id}-problems"))} />
            </div>
            <small class="hint">{ "An RFC 3339 instant such as 2026-01-05T08:00:00+01:00. Its offset is the local time of shifts, the weekly profile and calendars without their own offset." }</small>
            <FieldProblems id={format!("{id}-problems")} {problems} />
        </div>
    }
}
