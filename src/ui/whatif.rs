//! The *What if* card: a sweep of one knob (staff added at a level, the arrival rate, a wait
//! timer) plotted as SLA attainment and utilization against the knob's value, and the staffing
//! helper (fewest staff per level for a priority's attainment goal). Both run in the worker on
//! the scenario's seeds (`engine::sweep`).

mod staffing;
mod sweep_chart;

use std::rc::Rc;

use yew::prelude::*;

use crate::engine::Document;
use crate::engine::sweep::{Goal, Knob, Target};
use crate::ui::charts::common;
use crate::ui::engine::use_engine_handle;
use crate::ui::format;
use crate::ui::store::{RunState, Store, Tool, WhatIf};
use staffing::StaffingResult;
use sweep_chart::SweepChart;

/// A knob as a field label, with its unit.
pub fn knob_label(k: &Knob) -> String {
    match k {
        Knob::ExtraStaff { level } => format!("Staff added at {level}"),
        Knob::ArrivalRate => "Arrivals per hour".into(),
        Knob::Timer { trigger, priority } => format!("{priority} timer of “{trigger}” (minutes)"),
    }
}

/// A useful default range for a knob: from, to, step.
fn default_range(k: &Knob, doc: &Document) -> (f64, f64, f64) {
    let round = |x: f64| {
        let step = common::nice_step(x.abs().max(1e-9), 1);
        (x / step).round() * step
    };
    match k {
        Knob::ExtraStaff { level } => {
            let least = doc.levels.iter().find(|l| l.name == *level).map_or(0, |l| {
                l.staff.map_or_else(|| l.shifts.iter().map(|s| s.staff).min().unwrap_or(0), |s| s.saturating_sub(1))
            });
            (-(f64::from(least.min(2))), 4.0, 1.0)
        }
        _ => {
            let now = k.current(doc).unwrap_or(1.0);
            let step = round(now / 4.0).max(1.0);
            ((now - 2.0 * step).max(step), now + 4.0 * step, step)
        }
    }
}

fn values(from: f64, to: f64, step: f64) -> Result<Vec<f64>, String> {
    if !(from.is_finite() && to.is_finite() && step > 0.0 && to >= from) {
        return Err("give a range: from ≤ to, and a step above 0".into());
    }
    // Counted in floating point: a tiny step over a wide range is more values than any integer.
    let count = ((to - from) / step + 1e-9).floor() + 1.0;
    if count > 25.0 {
        return Err(format!("{} values: at most 25 in the app (the command line takes more)", format::count(count)));
    }
    Ok((0..count as usize).map(|i| from + step * i as f64).collect())
}

#[component]
pub fn WhatIfCard() -> Html {
    let store = use_context::<Store>().expect("store");
    let engine = use_engine_handle();
    // The scenario read once per edit, not on every progress message.
    let doc: Rc<Option<Document>> = {
        let doc = store.doc.clone();
        use_memo(store.revision, move |_| crate::ui::store::document_of(&doc))
    };
    let doc = doc.as_ref().as_ref();
    let all = doc.map(crate::authoring::embed::slider_knobs).unwrap_or_default();
    let chosen = use_state(|| 0usize);
    let range = use_state(|| None::<(String, String, String)>);
    let problem = use_state(|| None::<String>);
    let goal_priority = use_state(|| None::<String>);
    let goal_kind = use_state(|| Goal::Resolution);
    let goal_share = use_state(|| "95".to_string());
    let running = matches!(store.run, RunState::Running { .. });
    let knob = all.get(*chosen).or(all.first()).cloned();
    let (from, to, step) = match (&*range, &knob, &doc) {
        (Some(r), _, _) => r.clone(),
        (None, Some(k), Some(d)) => {
            let (a, b, c) = default_range(k, d);
            (format::trim(a, 2), format::trim(b, 2), format::trim(c, 2))
        }
        _ => Default::default(),
    };
    let on_knob = {
        let (chosen, range) = (chosen.clone(), range.clone());
        Callback::from(move |e: Event| {
            let i = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value().parse().unwrap_or(0);
            chosen.set(i);
            range.set(None);
        })
    };
    let edit = |which: usize| {
        let (range, current) = (range.clone(), (from.clone(), to.clone(), step.clone()));
        Callback::from(move |e: InputEvent| {
            let v = e.target_unchecked_into::<web_sys::HtmlInputElement>().value();
            let mut r = current.clone();
            match which {
                0 => r.0 = v,
                1 => r.1 = v,
                _ => r.2 = v,
            }
            range.set(Some(r));
        })
    };
    let sweep = {
        let (store, engine, problem, knob) = (store.clone(), engine.clone(), problem.clone(), knob.clone());
        let (from, to, step) = (from.clone(), to.clone(), step.clone());
        Callback::from(move |_| {
            let Some(knob) = knob.clone() else { return };
            let parse = |s: &str| crate::engine::number::parse(s.trim()).unwrap_or(f64::NAN);
            match values(parse(&from), parse(&to), parse(&step)) {
                Ok(values) => {
                    problem.set(None);
                    engine.sweep(&store, knob, values);
                }
                Err(message) => problem.set(Some(message)),
            }
        })
    };
    let priorities: Vec<String> =
        doc.map(|d| d.priorities.iter().map(|p| p.name.clone()).collect()).unwrap_or_default();
    // Empty: every goal as the scenario sets it; a priority: that one goal changed first.
    let priority = (*goal_priority).clone().unwrap_or_default();
    let staff = {
        let (store, engine, problem) = (store.clone(), engine.clone(), problem.clone());
        let (priority, goal, share) = (priority.clone(), *goal_kind, (*goal_share).clone());
        Callback::from(move |_| {
            let target = if priority.is_empty() {
                None
            } else {
                let share =
                    crate::engine::number::parse(share.trim().trim_end_matches('%')).unwrap_or(f64::NAN) / 100.0;
                if !(share > 0.0 && share <= 1.0) {
                    problem.set(Some("the goal is a share above 0% and at most 100%".into()));
                    return;
                }
                Some(Target { priority: priority.clone(), goal, share })
            };
            problem.set(None);
            engine.staff(&store, target);
        })
    };
    let result = store.what_if.as_ref().map(|(w, revision)| {
        let stale = *revision != store.revision;
        let body = match w {
            WhatIf::Sweep(s) => html! { <SweepChart sweep={s.clone()} /> },
            WhatIf::Staffing(f, _) => html! { <StaffingResult found={f.clone()} stale={stale} /> },
            WhatIf::Refused(message) => html! { <p class="problem error" role="alert">{ message.clone() }</p> },
        };
        html! {
            <div class={classes!("what-if-result", stale.then_some("stale"))} id="what-if-result">
                if stale { <p class="hint"><em>{ "The scenario has changed since: run it again." }</em></p> }
                { body }
            </div>
        }
    });
    let busy = |t: Tool| store.tool == Some(t);
    html! {
        <section class="what-if" id="what-if" aria-labelledby="what-if-title">
            <h2 id="what-if-title">{ "What if…" }</h2>
            <p class="hint">{ "Vary one thing and see SLA attainment, waits and utilization follow, or let the staffing helper find the fewest staff, per level and per shift, that meet every goal (SLA › Goals) and overload no level. Every value runs on the same issues." }</p>
            <div class="what-if-row">
                <label class="field"><span>{ "Vary" }</span>
                    <select id="sweep-knob" autocomplete="off" onchange={on_knob}>
                        { for all.iter().enumerate().map(|(i, k)| html! {
                            <option value={i.to_string()} selected={i == *chosen}>{ knob_label(k) }</option>
                        }) }
                    </select>
                </label>
                <label class="field short"><span>{ "From" }</span><input id="sweep-from" autocomplete="off" inputmode="decimal" value={from.clone()} oninput={edit(0)} /></label>
                <label class="field short"><span>{ "To" }</span><input id="sweep-to" autocomplete="off" inputmode="decimal" value={to.clone()} oninput={edit(1)} /></label>
                <label class="field short"><span>{ "Step" }</span><input id="sweep-step" autocomplete="off" inputmode="decimal" value={step.clone()} oninput={edit(2)} /></label>
                <button id="sweep-run" class="button" onclick={sweep} disabled={running || !store.checked.runnable}>
                    { if busy(Tool::Sweep) { "Sweeping…" } else { "Run sweep" } }
                </button>
            </div>
            <div class="what-if-row">
                <label class="field"><span>{ "Staffing helper: goals" }</span>
                    <select id="staff-priority" autocomplete="off" onchange={{ let g = goal_priority.clone(); Callback::from(move |e: Event| g.set(Some(e.target_unchecked_into::<web_sys::HtmlSelectElement>().value()))) }}>
                        <option value="" selected={priority.is_empty()}>{ "every goal, as the scenario sets them" }</option>
                        { for priorities.iter().map(|p| html! { <option value={p.clone()} selected={*p == priority}>{ format!("every goal, with {p}'s changed to:") }</option> }) }
                    </select>
                </label>
                if !priority.is_empty() {
                    <label class="field"><span>{ "target" }</span>
                        <select id="staff-goal" autocomplete="off" onchange={{ let g = goal_kind.clone(); Callback::from(move |e: Event| g.set(if e.target_unchecked_into::<web_sys::HtmlSelectElement>().value() == "first_response" { Goal::FirstResponse } else { Goal::Resolution })) }}>
                            <option value="resolution" selected={*goal_kind == Goal::Resolution}>{ "resolution target" }</option>
                            <option value="first_response" selected={*goal_kind == Goal::FirstResponse}>{ "first-response target" }</option>
                        </select>
                    </label>
                    <label class="field short"><span>{ "at least (%)" }</span>
                        <input id="staff-share" autocomplete="off" inputmode="decimal" value={(*goal_share).clone()}
                            oninput={{ let g = goal_share.clone(); Callback::from(move |e: InputEvent| g.set(e.target_unchecked_into::<web_sys::HtmlInputElement>().value())) }} />
                    </label>
                }
                <button id="staff-run" class="button" onclick={staff} disabled={running || !store.checked.runnable}>
                    { if busy(Tool::Staffing) { "Searching…" } else { "Find staff" } }
                </button>
            </div>
            // A result is shown only while no newer request was refused here: it is not that one's.
            if let Some(p) = &*problem { <p class="problem error" role="alert">{ p.clone() }</p> }
            else { { result.unwrap_or_default() } }
        </section>
    }
}
