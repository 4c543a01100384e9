//! Queue length over time, one line per level, with the warm-up shaded. Hovering the plot shows a
//! vertical rule and every level's value at that time; a toggle switches to a log scale when one
//! runaway queue flattens the others.
//!
//! The hover is the page's: it asks for the drawing again with the hovered point, whose
//! readout is then drawn over the plot (a standalone drawing has none).

use super::Figure;
use super::common::{self, Drawing, Entry, Linear, Svg, Swatch, TimeAxis, WIDTH, n};
use crate::engine::Report;
use crate::engine::report::numbers as format;

const LEFT: f64 = 46.0;
const RIGHT: f64 = 14.0;
const TOP: f64 = 22.0;
const PLOT_H: f64 = 190.0;
const HEIGHT: f64 = TOP + PLOT_H + 42.0;
/// Most points drawn per line; longer series are averaged in groups of buckets.
const MAX_POINTS: usize = 320;

/// The series to draw: bucket-centre times (hours) and per level the queue at those times.
struct Series {
    t: Vec<f64>,
    /// Start and end of each drawn point's time span, hours.
    span: Vec<(f64, f64)>,
    levels: Vec<(String, Vec<f64>)>,
    end_hours: f64,
}

impl Series {
    fn of(report: &Report) -> Option<Series> {
        let ts = &report.time_series;
        let bucket_h =
            if ts.bucket_minutes.is_finite() && ts.bucket_minutes > 0.0 { ts.bucket_minutes / 60.0 } else { 1.0 };
        let len = ts.levels.iter().map(|l| l.queue.len()).fold(ts.bucket_start_hours.len(), usize::min);
        if len == 0 || ts.levels.is_empty() {
            return None;
        }
        let group = len.div_ceil(MAX_POINTS).max(1);
        let mut t = Vec::new();
        let mut span = Vec::new();
        for chunk in ts.bucket_start_hours[..len].chunks(group) {
            let start = chunk.first().copied().unwrap_or(0.0);
            let end = chunk.last().copied().unwrap_or(start) + bucket_h;
            t.push(f64::midpoint(start, end));
            span.push((start, end));
        }
        let clean = |v: f64| if v.is_finite() { v.max(0.0) } else { 0.0 };
        let levels = ts
            .levels
            .iter()
            .map(|l| {
                let values =
                    l.queue[..len].chunks(group).map(|c| c.iter().map(|&v| clean(v)).sum::<f64>() / c.len() as f64);
                (l.name.clone(), values.collect())
            })
            .collect();
        let end_hours = span.last().map_or(1.0, |s| s.1);
        Some(Series { t, span, levels, end_hours })
    }

    fn max(&self) -> f64 {
        self.levels.iter().flat_map(|(_, v)| v.iter().copied()).fold(0.0, f64::max)
    }
}

/// The y scale: linear, or `ln(1 + q)` so that a runaway queue leaves room for the others.
#[derive(Clone, Copy)]
struct YScale {
    log: bool,
    top: f64,
    lin: Linear,
}

impl YScale {
    fn new(max: f64, log: bool) -> (YScale, Vec<f64>) {
        if log {
            let candidates =
                [0.0, 1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0, 500.0, 1e3, 2e3, 5e3, 1e4, 2e4, 5e4, 1e5];
            let top = candidates.iter().copied().find(|&c| c >= max && c > 0.0).unwrap_or(max.max(1.0));
            let ticks: Vec<f64> = candidates.iter().copied().filter(|&c| c <= top).collect();
            let ticks = if ticks.len() > 7 {
                ticks.into_iter().filter(|c| libm::log10(*c).fract() == 0.0 || *c == 0.0).collect()
            } else {
                ticks
            };
            let lin = Linear::new((0.0, libm::log1p(top)), (TOP + PLOT_H, TOP));
            (YScale { log, top, lin }, ticks)
        } else {
            let (top, ticks) = common::ticks_to(max, 5);
            (YScale { log, top, lin: Linear::new((0.0, top), (TOP + PLOT_H, TOP)) }, ticks)
        }
    }

    fn at(&self, v: f64) -> f64 {
        let v = v.clamp(0.0, self.top);
        if self.log { self.lin.at(libm::log1p(v)) } else { self.lin.at(v) }
    }
}

/// Queue length over time per level, on a log scale if `log`, with the readout of point
/// `hovered` (an index into the drawn points: `data-i` of the `hover-col` under the pointer).
pub fn figure(report: &Report, log: bool, hovered: Option<usize>) -> Figure {
    let mut f = Figure {
        id: "queue-chart",
        title: "Queues over time",
        guide: "Issues waiting at each level (time-average per bucket), all replications averaged. The shaded start \
                is the warm-up, not counted in the results."
            .into(),
        ..Figure::default()
    };
    if !report.script.is_empty() {
        let events: Vec<String> = report
            .script
            .iter()
            .enumerate()
            .map(|(i, m)| format!("{} at {} h: {}", i + 1, format::trim(m.at_hours, 1), m.what))
            .collect();
        f.guide.push_str(&format!(" The dashed lines are the script's events: {}.", events.join("; ")));
    }
    let Some(series) = Series::of(report) else {
        return f.nothing("No time series recorded.");
    };
    let axis = TimeAxis::new(series.end_hours);
    let x = Linear::new((0.0, series.end_hours), (LEFT, WIDTH - RIGHT));
    let (y, y_ticks) = YScale::new(series.max(), log);
    let step = y_ticks.get(1).copied().unwrap_or(1.0);
    let warm = report.warmup_hours.clamp(0.0, series.end_hours);
    let hovered = hovered.filter(|&i| i < series.t.len());

    let mut s = Svg::default();
    let (plot_top, plot_h) = (n(TOP), n(PLOT_H));
    if warm > 0.0 {
        s.open("g", &[("class", "warmup")]);
        let width = n(x.at(warm) - x.at(0.0));
        s.leaf("rect", &[("x", &n(x.at(0.0))), ("y", &plot_top), ("width", &width), ("height", &plot_h)]);
        s.text("text", &[("x", &n(x.at(0.0) + 4.0)), ("y", &n(TOP + 12.0))], "warm-up");
        s.close("g");
    }
    common::y_grid(&mut s, &y_ticks, |v| y.at(v), LEFT, WIDTH - RIGHT, |v| common::tick_label(v, step));
    let x_ticks: Vec<(f64, String)> = axis.ticks.iter().map(|&h| (x.at(h), axis.label(h))).collect();
    common::x_axis(&mut s, &x_ticks, TOP + PLOT_H, LEFT, WIDTH - RIGHT);
    common::axis_title(&mut s, "issues waiting", LEFT - 40.0, TOP - 10.0, "start", false);
    let title = format!("time since start ({})", axis.unit_name);
    common::axis_title(&mut s, &title, (LEFT + WIDTH - RIGHT) / 2.0, HEIGHT - 4.0, "middle", false);
    s.open("g", &[("class", "series")]);
    for (li, (name, values)) in series.levels.iter().enumerate() {
        let points: Vec<String> =
            series.t.iter().zip(values).map(|(&t, &v)| format!("{},{}", n(x.at(t)), n(y.at(v)))).collect();
        let (peak_i, peak) =
            values.iter().enumerate().fold((0, 0.0), |acc, (i, &v)| if v > acc.1 { (i, v) } else { acc });
        let counted: Vec<f64> =
            series.t.iter().zip(values).filter(|(t, _)| **t >= report.warmup_hours).map(|(_, v)| *v).collect();
        let avg = if counted.is_empty() { 0.0 } else { counted.iter().sum::<f64>() / counted.len() as f64 };
        let tip = format!(
            "{name}: peak {} waiting at {} h; {} on average after the warm-up",
            format::trim(peak, 1),
            format::trim(series.t.get(peak_i).copied().unwrap_or(0.0), 1),
            format::trim(avg, 1)
        );
        let style = format!("stroke: {}", common::series(li));
        s.open(
            "polyline",
            &[("class", "series-line"), ("data-level", name), ("points", &points.join(" ")), ("style", &style)],
        );
        s.title(&tip);
        s.close("polyline");
    }
    s.close("g");
    script_marks(&mut s, report, &x, series.end_hours);
    s.open("g", &[("class", "hover-layer")]);
    for (i, &(a, b)) in series.span.iter().enumerate() {
        let width = n((x.at(b) - x.at(a)).max(0.5));
        let attrs: &[(&str, &str)] = &[
            ("class", "hover-col"),
            ("data-i", &i.to_string()),
            ("x", &n(x.at(a))),
            ("y", &plot_top),
            ("width", &width),
            ("height", &plot_h),
        ];
        s.leaf("rect", attrs);
    }
    s.close("g");
    if let Some(i) = hovered {
        readout(&mut s, &series, i, &x, &y, &axis);
    }
    let summary = series
        .levels
        .iter()
        .map(|(name, v)| format!("{name} peaks at {}", format::trim(v.iter().copied().fold(0.0, f64::max), 1)))
        .collect::<Vec<_>>()
        .join(", ");
    let legend = series
        .levels
        .iter()
        .enumerate()
        .map(|(i, (name, _))| Entry::new(Swatch::Line, common::series(i), name.clone()))
        .collect();
    let drawing = Drawing {
        height: HEIGHT,
        label: format!("Queue length over {} hours per level: {summary}.", format::trim(series.end_hours, 0)),
        inner: s.0,
        legend,
    };
    f.body = drawing.html("Levels");
    f.drawing = Some(drawing);
    f
}

/// The hover rule at point `i`, a dot per level and a box with the values.
fn readout(s: &mut Svg, series: &Series, i: usize, x: &Linear, y: &YScale, axis: &TimeAxis) {
    let t = series.t[i];
    let xx = x.at(t);
    let (a, b) = series.span[i];
    let when = if axis.unit_hours > 1.0 {
        format!("day {} ({}–{} h)", format::trim(t / 24.0, 1), format::trim(a, 1), format::trim(b, 1))
    } else {
        format!("{}–{} h", format::trim(a, 1), format::trim(b, 1))
    };
    let rows: Vec<(usize, String, f64)> = series
        .levels
        .iter()
        .enumerate()
        .map(|(li, (name, v))| (li, name.clone(), v.get(i).copied().unwrap_or(0.0)))
        .collect();
    let longest = rows.iter().map(|(_, name, _)| name.chars().count().min(22)).max().unwrap_or(4);
    let box_w = (common::text_width(&"x".repeat(longest), 12.5) + 64.0).clamp(130.0, 220.0);
    let box_h = 20.0 + 14.0 * rows.len() as f64;
    let bx = if xx + 10.0 + box_w > WIDTH - RIGHT { xx - 10.0 - box_w } else { xx + 10.0 };
    let by = TOP + 4.0;
    s.open("g", &[("class", "readout"), ("aria-hidden", "true")]);
    let rule = n(xx);
    s.leaf("line", &[("class", "hover-rule"), ("x1", &rule), ("x2", &rule), ("y1", &n(TOP)), ("y2", &n(TOP + PLOT_H))]);
    for (li, _, v) in &rows {
        s.leaf(
            "circle",
            &[("cx", &rule), ("cy", &n(y.at(*v))), ("r", "3"), ("style", &format!("fill: {}", common::series(*li)))],
        );
    }
    let attrs: &[(&str, &str)] = &[
        ("class", "readout-box"),
        ("x", &n(bx)),
        ("y", &n(by)),
        ("width", &n(box_w)),
        ("height", &n(box_h)),
        ("rx", "4"),
    ];
    s.leaf("rect", attrs);
    s.text("text", &[("class", "readout-title"), ("x", &n(bx + 8.0)), ("y", &n(by + 14.0))], &when);
    for (r, (li, name, v)) in rows.iter().enumerate() {
        let row_y = n(by + 30.0 + 14.0 * r as f64);
        s.open("g", &[]);
        let style = format!("fill: {}", common::series(*li));
        let attrs: &[(&str, &str)] = &[
            ("x", &n(bx + 8.0)),
            ("y", &n(by + 22.0 + 14.0 * r as f64)),
            ("width", "8"),
            ("height", "8"),
            ("style", &style),
        ];
        s.leaf("rect", attrs);
        s.text("text", &[("x", &n(bx + 20.0)), ("y", &row_y)], &common::clip(name, 22));
        s.text("text", &[("x", &n(bx + box_w - 8.0)), ("y", &row_y), ("text-anchor", "end")], &format::trim(*v, 1));
        s.close("g");
    }
    s.close("g");
}

/// The script's events as dashed rules across the plot, numbered at the top, each with its words
/// as a tooltip.
fn script_marks(s: &mut Svg, report: &Report, x: &Linear, end_hours: f64) {
    let marks: Vec<_> = report.script.iter().enumerate().filter(|(_, m)| m.at_hours <= end_hours).collect();
    if marks.is_empty() {
        return;
    }
    s.open("g", &[("class", "script-marks")]);
    for (i, m) in marks {
        let xx = n(x.at(m.at_hours));
        s.open("g", &[("class", "script-mark")]);
        s.title(&format!("{} h: {}", format::trim(m.at_hours, 1), m.what));
        s.leaf("line", &[("x1", &xx), ("x2", &xx), ("y1", &n(TOP)), ("y2", &n(TOP + PLOT_H))]);
        s.text("text", &[("x", &xx), ("y", &n(TOP - 2.0))], &(i + 1).to_string());
        s.close("g");
    }
    s.close("g");
}
