//! The *What if* card: a sweep of one knob (staff added at a level, the arrival rate, a wait
//! timer) plotted as SLA attainment and utilization against the knob's value, and the staffing
//! helper (fewest staff per level for a priority's attainment goal). Both run in the worker on
//! the scenario's seeds (`engine::sweep`).

use std::rc::Rc;

use yew::prelude::*;

use crate::engine::Document;
use crate::engine::report::Estimate;
use crate::engine::sweep::{Goal, Knob, Staffing, Sweep, Target};
use crate::ui::app::BridgeProp;
use crate::ui::charts::common::{self, Entry, Linear, Swatch, n};
use crate::ui::format;
use crate::ui::store::{Action, RunState, Store, Tool, WhatIf};
use crate::ui::worker::Request;

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
    // Empty: every goal as the scenario sets it; a priority: that one goal changed first.
    let priority = (*goal_priority).clone().unwrap_or_default();
    let staff = {
        let (store, bridge, problem) = (store.clone(), props.bridge.0.clone(), problem.clone());
        let (priority, goal, share) = (priority.clone(), *goal_kind, (*goal_share).clone());
        Callback::from(move |_| {
            let target = if priority.is_empty() {
                None
            } else {
                let share = share.trim().trim_end_matches('%').parse::<f64>().unwrap_or(f64::NAN) / 100.0;
                if !(share > 0.0 && share <= 1.0) {
                    problem.set(Some("the goal is a share above 0% and at most 100%".into()));
                    return;
                }
                Some(Target { priority: priority.clone(), goal, share })
            };
            problem.set(None);
            let id = store.next_run_id();
            store.dispatch(Action::ToolStarted { id, tool: Tool::Staffing });
            if let Some(b) = bridge.borrow().as_ref() {
                b.send(Request::Staffing { id, scenario: store.doc.to_string(), target });
            }
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

#[derive(Properties)]
struct StaffingProps {
    found: Rc<Staffing>,
    /// The scenario changed since the search.
    stale: bool,
}

impl PartialEq for StaffingProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.found, &other.found) && self.stale == other.stale
    }
}

/// The scenario with the staff found, if its staff are still those the search started from.
fn applied(doc: &serde_json::Value, f: &Staffing) -> Result<serde_json::Value, String> {
    let mut doc = doc.clone();
    let changed = "the scenario's staff changed since the search: run it again";
    for (i, c) in f.levels.iter().enumerate() {
        let level = doc.pointer_mut(&format!("/levels/{i}")).ok_or(changed)?;
        if level.get("name").and_then(serde_json::Value::as_str) != Some(c.level.as_str()) {
            return Err(changed.into());
        }
        match c.staff {
            Some((before, after)) => {
                if level.get("staff").and_then(serde_json::Value::as_u64) != Some(u64::from(before)) {
                    return Err(changed.into());
                }
                level["staff"] = after.into();
            }
            None => {
                for (j, s) in c.shifts.iter().enumerate() {
                    let shift = level.pointer_mut(&format!("/shifts/{j}")).ok_or(changed)?;
                    if shift.get("staff").and_then(serde_json::Value::as_u64) != Some(u64::from(s.before)) {
                        return Err(changed.into());
                    }
                    shift["staff"] = s.after.into();
                }
            }
        }
    }
    Ok(doc)
}

/// What the staffing helper found: head-counts per level and shift, every goal with them, and
/// an Apply action (one edit, undone like any other).
#[component]
fn StaffingResult(props: &StaffingProps) -> Html {
    let store = use_context::<Store>().expect("store");
    let f = &props.found;
    let problem = use_state(|| None::<String>);
    let apply = {
        let (store, f, problem) = (store.clone(), f.clone(), problem.clone());
        Callback::from(move |_| match applied(&store.doc, &f) {
            Ok(doc) => {
                problem.set(None);
                store.dispatch(Action::Edit(doc));
            }
            Err(message) => problem.set(Some(message)),
        })
    };
    let any_change = f.levels.iter().any(|c| c.changed());
    let rows = f.levels.iter().flat_map(|c| {
        let row = |shift: String, before: u32, after: u32| {
            let change = i64::from(after) - i64::from(before);
            html! {
                <tr data-level={c.level.clone()} data-shift={shift.clone()} data-before={before.to_string()} data-after={after.to_string()}>
                    <th scope="row">{ &c.level }</th><td>{ shift }</td><td>{ before }</td><td>{ after }</td>
                    <td>{ if change == 0 { "0".to_string() } else { format!("{change:+}") } }</td>
                </tr>
            }
        };
        match c.staff {
            Some((b, a)) => vec![row(String::new(), b, a)],
            None => c.shifts.iter().map(|s| row(s.when.clone(), s.before, s.after)).collect(),
        }
    });
    let goals = f.judgement.checks.iter().map(|c| {
        let what = crate::engine::goals::measure_words(c.measure);
        let standing = c.standing().words();
        html! {
            <tr data-priority={c.priority.clone()} data-standing={standing}>
                <th scope="row">{ &c.priority }</th><td>{ what }</td><td>{ format::percent(c.goal) }</td>
                <td>{ format::estimate(&c.attainment, |v| format!("{}%", format::trim(v * 100.0, 1))) }</td><td>{ standing }</td>
            </tr>
        }
    });
    html! {
        <div id="staffing" data-met={f.met.to_string()}>
            <p><strong>{ f.note.clone() }</strong></p>
            <p class="hint">{ format!("Searched for {} ({} runs). {}", f.optimised, f.runs, f.judgement.sentence()) }</p>
            <table class="staffing-table">
                <thead><tr><th scope="col">{ "Level" }</th><th scope="col">{ "Shift" }</th><th scope="col">{ "Staff now" }</th><th scope="col">{ if f.met { "Found" } else { "Closest" } }</th><th scope="col">{ "Change" }</th></tr></thead>
                <tbody>{ for rows }</tbody>
            </table>
            <table class="staffing-goals">
                <thead><tr><th scope="col">{ "Priority" }</th><th scope="col">{ "Target" }</th><th scope="col">{ "Goal" }</th><th scope="col">{ "With these staff" }</th><th scope="col"><span class="visually-hidden">{ "Standing" }</span></th></tr></thead>
                <tbody>{ for goals }</tbody>
            </table>
            <p>
                <button id="staffing-apply" class="button" onclick={apply} disabled={props.stale || !any_change}
                    title={if props.stale { "The scenario has changed since the search" } else { "Set these staff in the scenario (Undo takes them back)" }}>
                    { "Apply these staff" }
                </button>
            </p>
            if let Some(p) = &*problem { <p class="problem error" role="alert">{ p.clone() }</p> }
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

/// What the sweep chart plots.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Metric {
    Resolution,
    FirstResponse,
    Utilization,
    Wait,
}

impl Metric {
    const ALL: [Metric; 4] = [Metric::Resolution, Metric::FirstResponse, Metric::Utilization, Metric::Wait];

    fn key(self) -> &'static str {
        match self {
            Metric::Resolution => "resolution",
            Metric::FirstResponse => "first_response",
            Metric::Utilization => "utilization",
            Metric::Wait => "wait",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Metric::Resolution => "Resolved within target, per priority",
            Metric::FirstResponse => "First response within target, per priority",
            Metric::Utilization => "Utilization, per level",
            Metric::Wait => "Mean queue wait, per level",
        }
    }

    fn share(self) -> bool {
        !matches!(self, Metric::Wait)
    }

    fn show(self, v: f64) -> String {
        if self.share() { format!("{}%", format::trim(v * 100.0, 1)) } else { format::minutes(v) }
    }
}

/// One line of the sweep chart: its name, the goal drawn beside it, and its value at each point.
struct Line {
    name: String,
    goal: Option<f64>,
    values: Vec<Estimate>,
}

fn lines_of(s: &Sweep, metric: Metric) -> Vec<Line> {
    let Some(first) = s.points.first() else { return Vec::new() };
    let goal = |priority: &str, m: Goal| {
        first.judgement.checks.iter().find(|c| c.priority == priority && c.measure == m).map(|c| c.goal)
    };
    match metric {
        Metric::Resolution | Metric::FirstResponse => {
            let m = if metric == Metric::Resolution { Goal::Resolution } else { Goal::FirstResponse };
            (0..first.priorities.len())
                .map(|i| {
                    let name = first.priorities[i].priority.clone();
                    Line {
                        goal: goal(&name, m),
                        values: s
                            .points
                            .iter()
                            .map(|p| {
                                let a = &p.priorities[i];
                                if m == Goal::Resolution { a.resolution } else { a.first_response }
                            })
                            .collect(),
                        name,
                    }
                })
                .collect()
        }
        Metric::Utilization | Metric::Wait => (0..first.levels.len())
            .map(|i| Line {
                name: first.levels[i].0.clone(),
                goal: None,
                values: s
                    .points
                    .iter()
                    .map(|p| {
                        if metric == Metric::Utilization {
                            p.levels[i].1
                        } else {
                            p.waits.get(i).map_or(p.levels[i].1, |w| w.1)
                        }
                    })
                    .collect(),
            })
            .collect(),
    }
}

/// The y range: shares from just under the lowest value or goal to 100%, waits from 0.
fn y_range(lines: &[Line], metric: Metric) -> (f64, f64, f64) {
    let values =
        lines.iter().flat_map(|l| l.values.iter().filter_map(|e| e.mean).chain(l.goal)).filter(|v| v.is_finite());
    let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| (a.min(v), b.max(v)));
    if !lo.is_finite() {
        return (0.0, 1.0, 0.25);
    }
    match metric {
        Metric::Resolution | Metric::FirstResponse => {
            let span = (1.0 - lo).max(0.02);
            let step = common::nice_step(span * 1.1, 5);
            (((lo - span * 0.1) / step).floor().max(0.0) * step, 1.0, step)
        }
        Metric::Utilization => {
            let top = hi.max(1.0);
            let step = common::nice_step(top, 5);
            (0.0, (top / step).ceil() * step, step)
        }
        Metric::Wait => {
            let step = common::nice_step(hi.max(1e-3), 5);
            (0.0, (hi / step).ceil().max(1.0) * step, step)
        }
    }
}

/// A sweep as lines against the knob's value: attainment per priority with each goal drawn, or
/// utilization or queue wait per level; a table of the values and a CSV download below.
#[component]
fn SweepChart(props: &SweepProps) -> Html {
    let store = use_context::<Store>().expect("store");
    let metric = use_state(|| Metric::Resolution);
    let s = &props.sweep;
    let (h, left, right, top, bottom) = (280.0, 56.0, 16.0, 12.0, 44.0);
    let xs: Vec<f64> = s.points.iter().map(|p| p.value).collect();
    let (x0, x1) = (xs.first().copied().unwrap_or(0.0), xs.last().copied().unwrap_or(1.0));
    let x = Linear::new((x0, if x1 > x0 { x1 } else { x0 + 1.0 }), (left, common::WIDTH - right));
    let lines = lines_of(s, *metric);
    let (lo, hi, ystep) = y_range(&lines, *metric);
    let y = Linear::new((lo, hi), (h - bottom, top));
    let yticks: Vec<f64> = (0..=((hi - lo) / ystep).round() as usize).map(|i| lo + ystep * i as f64).collect();
    let step = common::nice_step(x1 - x0, 8).max(if matches!(s.knob, Knob::ExtraStaff { .. }) { 1.0 } else { 0.0 });
    let ticks: Vec<(f64, String)> = xs
        .iter()
        .filter(|v| step <= 0.0 || ((*v - x0) / step - ((*v - x0) / step).round()).abs() < 1e-6)
        .map(|&v| (x.at(v), format::trim(v, 2)))
        .collect();
    let m = *metric;
    let drawn = lines.iter().enumerate().map(|(i, line)| {
        let pts: Vec<(f64, f64)> = xs
            .iter()
            .zip(&line.values)
            .filter_map(|(&v, e)| e.mean.filter(|m| m.is_finite()).map(|m| (v, m)))
            .collect();
        let points = pts.iter().map(|(v, m)| format!("{},{}", n(x.at(*v)), n(y.at(*m)))).collect::<Vec<_>>().join(" ");
        let colour = common::series(i);
        html! {
            <g class="sweep-series" data-series={line.name.clone()}>
                if let Some(g) = line.goal {
                    <line class="sweep-goal" x1={n(left)} x2={n(common::WIDTH - right)} y1={n(y.at(g))} y2={n(y.at(g))}
                        stroke-dasharray="6 4" style={format!("stroke: {colour}")} data-goal={g.to_string()}>
                        <title>{ format!("{} goal: {}", line.name, m.show(g)) }</title>
                    </line>
                }
                <polyline points={points} fill="none" stroke-width="2" style={format!("stroke: {colour}")} />
                { for pts.iter().map(|(v, mean)| html! {
                    <circle cx={n(x.at(*v))} cy={n(y.at(*mean))} r="3" style={format!("fill: {colour}")}>
                        <title>{ format!("{} at {}: {}", line.name, format::trim(*v, 2), m.show(*mean)) }</title>
                    </circle>
                }) }
            </g>
        }
    });
    let entries = lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let goal = l.goal.map(|g| format!(" (goal {}, dashed)", m.show(g))).unwrap_or_default();
            Entry::new(Swatch::Line, common::series(i), format!("{}{goal}", l.name))
        })
        .collect();
    let on_metric = {
        let metric = metric.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
            metric.set(Metric::ALL.into_iter().find(|m| m.key() == v).unwrap_or(Metric::Resolution));
        })
    };
    let csv = {
        let (s, store) = (s.clone(), store.clone());
        Callback::from(move |_| {
            let name = crate::ui::storage::file_name(&store.doc).replace(".json", "-what-if.csv");
            if let Err(message) =
                crate::ui::storage::download(&name, &crate::engine::report::csv::sweep(&s), "text/csv")
            {
                store.dispatch(Action::Notify(Some(crate::ui::store::Notice {
                    kind: crate::ui::store::NoticeKind::Error,
                    title: "Download".into(),
                    lines: vec![message],
                })));
            }
        })
    };
    let label = format!("{} against {}", m.label(), s.knob.describe());
    let y_label = |v: f64| if m.share() { format!("{}%", format::trim(v * 100.0, 1)) } else { format::minutes(v) };
    let body = html! {
        <>
        <div class="what-if-row">
            <label class="field"><span>{ "Show" }</span>
                <select id="sweep-metric" autocomplete="off" onchange={on_metric}>
                    { for Metric::ALL.iter().map(|k| html! { <option value={k.key()} selected={*k == m}>{ k.label() }</option> }) }
                </select>
            </label>
            <button id="sweep-csv" class="button small" onclick={csv}>{ "Download CSV" }</button>
        </div>
        { common::svg(h, label, html! {
            <>
            { common::y_grid(&yticks, |v| y.at(v), left, common::WIDTH - right, y_label) }
            { common::x_axis(&ticks, h - bottom, left, common::WIDTH - right) }
            { common::axis_title(&s.knob.describe(), (left + common::WIDTH - right) / 2.0, h - 6.0, "middle", false) }
            { for drawn }
            </>
        }) }
        { common::legend("Series", entries) }
        <div class="table-scroll">
            <table class="sweep-table" id="sweep-table">
                <thead><tr>
                    <th scope="col">{ s.knob.describe() }</th>
                    { for lines.iter().map(|l| html! { <th scope="col">{ &l.name }</th> }) }
                    <th scope="col">{ "Every goal met" }</th>
                </tr></thead>
                <tbody>
                    { for s.points.iter().enumerate().map(|(j, p)| html! {
                        <tr data-value={p.value.to_string()} data-met={p.judgement.met().to_string()}>
                            <th scope="row">{ format::trim(p.value, 2) }</th>
                            { for lines.iter().map(|l| html! { <td>{ format::estimate(&l.values[j], |v| m.show(v)) }</td> }) }
                            <td title={p.judgement.sentence()}>{ if p.judgement.unstable() { "no: unstable" } else if p.judgement.met() { "yes" } else { "no" } }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
        </div>
        </>
    };
    common::figure(
        "sweep-chart",
        &format!("What if: {}", s.knob.describe()),
        &format!(
            "{} from {} to {}, {} replication(s) per value from seed {}, the same issues at every value.",
            s.knob.describe(),
            format::trim(x0, 2),
            format::trim(x1, 2),
            s.replications,
            s.seed
        ),
        body,
    )
}
