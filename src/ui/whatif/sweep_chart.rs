//! A sweep plotted: SLA attainment, waits or utilization against the knob's value, one line per
//! priority or level with its confidence band and the goals drawn, and the table and CSV of the
//! same figures.

use std::rc::Rc;

use yew::prelude::*;

use crate::engine::report::Estimate;
use crate::engine::sweep::{Goal, Knob, Sweep};
use crate::ui::charts::common::{self, Drawing, Entry, Linear, Svg, Swatch, n};
use crate::ui::format;
use crate::ui::store::{Action, Store};

#[derive(Properties)]
pub struct SweepProps {
    pub sweep: Rc<Sweep>,
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
pub fn SweepChart(props: &SweepProps) -> Html {
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
    let mut sv = Svg::default();
    let y_label = |v: f64| if m.share() { format!("{}%", format::trim(v * 100.0, 1)) } else { format::minutes(v) };
    common::y_grid(&mut sv, &yticks, |v| y.at(v), left, common::WIDTH - right, y_label);
    common::x_axis(&mut sv, &ticks, h - bottom, left, common::WIDTH - right);
    common::axis_title(&mut sv, &s.knob.describe(), (left + common::WIDTH - right) / 2.0, h - 6.0, "middle", false);
    for (i, line) in lines.iter().enumerate() {
        let pts: Vec<(f64, f64)> = xs
            .iter()
            .zip(&line.values)
            .filter_map(|(&v, e)| e.mean.filter(|m| m.is_finite()).map(|m| (v, m)))
            .collect();
        let points = pts.iter().map(|(v, m)| format!("{},{}", n(x.at(*v)), n(y.at(*m)))).collect::<Vec<_>>().join(" ");
        let colour = common::series(i);
        let (stroke, fill) = (format!("stroke: {colour}"), format!("fill: {colour}"));
        sv.open("g", &[("class", "sweep-series"), ("data-series", &line.name)]);
        if let Some(g) = line.goal {
            let (x0, x1, gy) = (n(left), n(common::WIDTH - right), n(y.at(g)));
            let goal = g.to_string();
            let attrs: &[(&str, &str)] = &[
                ("class", "sweep-goal"),
                ("x1", &x0),
                ("x2", &x1),
                ("y1", &gy),
                ("y2", &gy),
                ("stroke-dasharray", "6 4"),
                ("style", &stroke),
                ("data-goal", &goal),
            ];
            sv.open("line", attrs);
            sv.title(&format!("{} goal: {}", line.name, m.show(g)));
            sv.close("line");
        }
        sv.leaf("polyline", &[("points", &points), ("fill", "none"), ("stroke-width", "2"), ("style", &stroke)]);
        for (v, mean) in &pts {
            sv.open("circle", &[("cx", &n(x.at(*v))), ("cy", &n(y.at(*mean))), ("r", "3"), ("style", &fill)]);
            sv.title(&format!("{} at {}: {}", line.name, format::trim(*v, 2), m.show(*mean)));
            sv.close("circle");
        }
        sv.close("g");
    }
    let legend = lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let goal = l.goal.map(|g| format!(" (goal {}, dashed)", m.show(g))).unwrap_or_default();
            Entry::new(Swatch::Line, common::series(i), format!("{}{goal}", l.name))
        })
        .collect();
    let label = format!("{} against {}", m.label(), s.knob.describe());
    let drawing = Drawing { height: h, label, inner: sv.0, legend };
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
        { common::raw(&drawing.html("Series")) }
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
