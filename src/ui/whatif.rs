//! The *What if* card: a sweep of one knob (staff added at a level, the arrival rate, a wait
//! timer) plotted as SLA attainment and utilization against the knob's value, and the staffing
//! helper (fewest staff per level for a priority's attainment goal). Both run in the worker on
//! the scenario's seeds (`engine::sweep`).

use std::rc::Rc;

use yew::prelude::*;

use crate::engine::Document;
use crate::engine::sweep::{Goal, Knob, Staffing, Sweep, Target};
use crate::ui::app::BridgeProp;
use crate::ui::charts::common::{self, Entry, Linear, Swatch, n};
use crate::ui::format;
use crate::ui::store::{Action, RunState, Store, Tool, WhatIf};
use crate::ui::worker::Request;

/// The knobs a scenario offers: staff at each level, the arrival rate, each per-priority timer.
fn knobs(doc: &Document) -> Vec<Knob> {
    let mut out: Vec<Knob> = doc.levels.iter().map(|l| Knob::ExtraStaff { level: l.name.clone() }).collect();
    out.push(Knob::ArrivalRate);
    for t in &doc.triggers {
        use crate::engine::document::ConditionDoc;
        if let ConditionDoc::QueueWaitOver(m) | ConditionDoc::TimeAtLevelOver(m) = &t.when {
            for p in m.keys() {
                out.push(Knob::Timer { trigger: t.name.clone(), priority: p.clone() });
            }
        }
    }
    out
}

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

#[derive(Properties, PartialEq)]
pub struct WhatIfProps {
    pub bridge: BridgeProp,
}

#[component]
pub fn WhatIfCard(props: &WhatIfProps) -> Html {
    let store = use_context::<Store>().expect("store");
    // The scenario read once per edit, not on every progress message.
    let doc: Rc<Option<Document>> = {
        let doc = store.doc.clone();
        use_memo(store.revision, move |_| crate::ui::store::document_of(&doc))
    };
    let doc = doc.as_ref().as_ref();
    let all = doc.map(knobs).unwrap_or_default();
    let chosen = use_state(|| 0usize);
    let range = use_state(|| None::<(String, String, String)>);
    let problem = use_state(|| None::<String>);
    let goal_priority = use_state(|| None::<String>);
    let goal_kind = use_state(|| Goal::Resolution);
    let goal_share = use_state(|| "90".to_string());
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
        let (store, bridge, problem, knob) = (store.clone(), props.bridge.0.clone(), problem.clone(), knob.clone());
        let (from, to, step) = (from.clone(), to.clone(), step.clone());
        Callback::from(move |_| {
            let Some(knob) = knob.clone() else { return };
            let parse = |s: &str| s.trim().parse::<f64>().unwrap_or(f64::NAN);
            match values(parse(&from), parse(&to), parse(&step)) {
                Ok(values) => {
                    problem.set(None);
                    let id = store.next_run_id();
                    store.dispatch(Action::ToolStarted { id, tool: Tool::Sweep });
                    if let Some(b) = bridge.borrow().as_ref() {
                        b.send(Request::Sweep { id, scenario: store.doc.to_string(), knob, values });
                    }
                }
                Err(message) => problem.set(Some(message)),
            }
        })
    };
    let priorities: Vec<String> =
        doc.map(|d| d.priorities.iter().map(|p| p.name.clone()).collect()).unwrap_or_default();
    let priority =
        (*goal_priority).clone().or_else(|| priorities.get(1).or(priorities.first()).cloned()).unwrap_or_default();
    let staff = {
        let (store, bridge, problem) = (store.clone(), props.bridge.0.clone(), problem.clone());
        let (priority, goal, share) = (priority.clone(), *goal_kind, (*goal_share).clone());
        Callback::from(move |_| {
            let share = share.trim().trim_end_matches('%').parse::<f64>().unwrap_or(f64::NAN) / 100.0;
            if !(share > 0.0 && share <= 1.0) {
                problem.set(Some("the goal is a share above 0% and at most 100%".into()));
                return;
            }
            problem.set(None);
            let id = store.next_run_id();
            store.dispatch(Action::ToolStarted { id, tool: Tool::Staffing });
            let target = Target { priority: priority.clone(), goal, share };
            if let Some(b) = bridge.borrow().as_ref() {
                b.send(Request::Staffing { id, scenario: store.doc.to_string(), target });
            }
        })
    };
    let result = store.what_if.as_ref().map(|(w, revision)| {
        let stale = *revision != store.revision;
        let body = match w {
            WhatIf::Sweep(s) => html! { <SweepChart sweep={s.clone()} /> },
            WhatIf::Staffing(f, t) => staffing_table(f, t),
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
            <p class="hint">{ "Vary one thing and see SLA attainment and utilization follow, or let the staffing helper find the fewest staff for a goal. Every value runs on the same issues." }</p>
            <div class="what-if-row">
                <label class="field"><span>{ "Vary" }</span>
                    <select id="sweep-knob" onchange={on_knob}>
                        { for all.iter().enumerate().map(|(i, k)| html! {
                            <option value={i.to_string()} selected={i == *chosen}>{ knob_label(k) }</option>
                        }) }
                    </select>
                </label>
                <label class="field short"><span>{ "From" }</span><input id="sweep-from" inputmode="decimal" value={from.clone()} oninput={edit(0)} /></label>
                <label class="field short"><span>{ "To" }</span><input id="sweep-to" inputmode="decimal" value={to.clone()} oninput={edit(1)} /></label>
                <label class="field short"><span>{ "Step" }</span><input id="sweep-step" inputmode="decimal" value={step.clone()} oninput={edit(2)} /></label>
                <button id="sweep-run" class="button" onclick={sweep} disabled={running || !store.checked.runnable}>
                    { if busy(Tool::Sweep) { "Sweeping…" } else { "Run sweep" } }
                </button>
            </div>
            <div class="what-if-row">
                <label class="field"><span>{ "Goal: priority" }</span>
                    <select id="staff-priority" onchange={{ let g = goal_priority.clone(); Callback::from(move |e: Event| g.set(Some(e.target_unchecked_into::<web_sys::HtmlSelectElement>().value()))) }}>
                        { for priorities.iter().map(|p| html! { <option value={p.clone()} selected={*p == priority}>{ p }</option> }) }
                    </select>
                </label>
                <label class="field"><span>{ "within its" }</span>
                    <select id="staff-goal" onchange={{ let g = goal_kind.clone(); Callback::from(move |e: Event| g.set(if e.target_unchecked_into::<web_sys::HtmlSelectElement>().value() == "first_response" { Goal::FirstResponse } else { Goal::Resolution })) }}>
                        <option value="resolution" selected={*goal_kind == Goal::Resolution}>{ "resolution target" }</option>
                        <option value="first_response" selected={*goal_kind == Goal::FirstResponse}>{ "first-response target" }</option>
                    </select>
                </label>
                <label class="field short"><span>{ "at least (%)" }</span>
                    <input id="staff-share" inputmode="decimal" value={(*goal_share).clone()}
                        oninput={{ let g = goal_share.clone(); Callback::from(move |e: InputEvent| g.set(e.target_unchecked_into::<web_sys::HtmlInputElement>().value())) }} />
                </label>
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

fn staffing_table(f: &Staffing, t: &Target) -> Html {
    let goal = match t.goal {
        Goal::Resolution => "resolution",
        Goal::FirstResponse => "first-response",
    };
    let verdict = if f.met {
        format!(
            "{}% of {} issues within their {goal} target: {} with these staff ({} runs).",
            format::trim(t.share * 100.0, 1),
            t.priority,
            format::estimate(&f.attainment, |v| format!("{}%", format::trim(v * 100.0, 1))),
            f.runs
        )
    } else {
        format!(
            "The goal was not met within the search's limit ({} runs): the staff below, the last tried, reach {}.",
            f.runs,
            format::estimate(&f.attainment, |v| format!("{}%", format::trim(v * 100.0, 1))),
        )
    };
    html! {
        <div id="staffing">
            <p><strong>{ verdict }</strong></p>
            <table class="staffing-table">
                <thead><tr><th scope="col">{ "Level" }</th><th scope="col">{ "Staff now" }</th><th scope="col">{ if f.met { "Found" } else { "Last tried" } }</th><th scope="col">{ "Change" }</th></tr></thead>
                <tbody>
                    { for f.levels.iter().map(|c| {
                        let (now, found) = match c.staff {
                            Some(s) => (s.to_string(), (i64::from(s) + c.change).to_string()),
                            None => ("on shifts".to_string(), format!("{:+} on each shift", c.change)),
                        };
                        html! {
                            <tr data-level={c.level.clone()} data-change={c.change.to_string()}>
                                <th scope="row">{ &c.level }</th><td>{ now }</td><td>{ found }</td><td>{ format!("{:+}", c.change) }</td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
        </div>
    }
}

#[derive(Properties)]
struct SweepProps {
    sweep: Rc<Sweep>,
}

impl PartialEq for SweepProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.sweep, &other.sweep)
    }
}

/// Attainment (solid) and utilization (dashed) against the knob's value, in %.
#[component]
fn SweepChart(props: &SweepProps) -> Html {
    let s = &props.sweep;
    let (h, left, right, top, bottom) = (280.0, 48.0, 16.0, 12.0, 44.0);
    let xs: Vec<f64> = s.points.iter().map(|p| p.value).collect();
    let (x0, x1) = (xs.first().copied().unwrap_or(0.0), xs.last().copied().unwrap_or(1.0));
    let x = Linear::new((x0, if x1 > x0 { x1 } else { x0 + 1.0 }), (left, common::WIDTH - right));
    let y = Linear::new((0.0, 100.0), (h - bottom, top));
    let first = s.points.first();
    let np = first.map_or(0, |p| p.priorities.len());
    let nl = first.map_or(0, |p| p.levels.len());
    let line = |get: &dyn Fn(usize) -> Option<f64>| -> String {
        (0..s.points.len())
            .filter_map(|i| {
                get(i).filter(|v| v.is_finite()).map(|v| format!("{},{}", n(x.at(xs[i])), n(y.at(v * 100.0))))
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    let step = common::nice_step(x1 - x0, 8).max(if matches!(s.knob, Knob::ExtraStaff { .. }) { 1.0 } else { 0.0 });
    let ticks: Vec<(f64, String)> = xs
        .iter()
        .filter(|v| step <= 0.0 || ((*v - x0) / step - ((*v - x0) / step).round()).abs() < 1e-6)
        .map(|&v| (x.at(v), format::trim(v, 2)))
        .collect();
    let series = |i: usize, dashed: bool, label: String, get: Box<dyn Fn(usize) -> Option<f64>>| {
        let points = line(&*get);
        let dots = (0..s.points.len()).filter_map(|j| get(j).filter(|v| v.is_finite()).map(|v| (j, v))).map(|(j, v)| {
            html! {
                <circle cx={n(x.at(xs[j]))} cy={n(y.at(v * 100.0))} r="3" style={format!("fill: {}", common::series(i))}>
                    <title>{ format!("{label} at {}: {}%", format::trim(xs[j], 2), format::trim(v * 100.0, 1)) }</title>
                </circle>
            }
        });
        html! {
            <g class="sweep-series" data-series={label.clone()}>
                <polyline points={points} fill="none" stroke-width="2" style={format!("stroke: {}", common::series(i))}
                    stroke-dasharray={dashed.then_some("5 4")} />
                { for dots }
            </g>
        }
    };
    let mut entries = Vec::new();
    let mut lines = Vec::new();
    for p in 0..np {
        let name = first.map(|f| f.priorities[p].priority.clone()).unwrap_or_default();
        let label = format!("{name} resolved within target");
        entries.push(Entry::new(Swatch::Line, common::series(p), label.clone()));
        let pts = s.clone();
        lines.push(series(
            p,
            false,
            label,
            Box::new(move |i| pts.points[i].priorities.get(p).and_then(|a| a.resolution.mean)),
        ));
    }
    for l in 0..nl {
        let name = first.map(|f| f.levels[l].0.clone()).unwrap_or_default();
        let label = format!("{name} utilization");
        entries.push(Entry::new(Swatch::Dashed, common::series(np + l), label.clone()));
        let pts = s.clone();
        lines.push(series(
            np + l,
            true,
            label,
            Box::new(move |i| pts.points[i].levels.get(l).and_then(|(_, u)| u.mean)),
        ));
    }
    let label = format!("SLA attainment and utilization against {}", s.knob.describe());
    let body = html! {
        <>
        { common::svg(h, label, html! {
            <>
            { common::y_grid(&[0.0, 25.0, 50.0, 75.0, 100.0], |v| y.at(v), left, common::WIDTH - right, |v| format!("{v:.0}%")) }
            { common::x_axis(&ticks, h - bottom, left, common::WIDTH - right) }
            { common::axis_title(&s.knob.describe(), (left + common::WIDTH - right) / 2.0, h - 6.0, "middle", false) }
            { for lines }
            </>
        }) }
        { common::legend("Series", entries) }
        </>
    };
    common::figure(
        "sweep-chart",
        "What if: attainment and utilization",
        &format!("{} replication(s) per value from seed {}, the same issues at every value.", s.replications, s.seed),
        body,
    )
}
