//! Utilization per level as horizontal bars on a 0–100% scale, with the 95% confidence interval
//! as a whisker, the queueing estimate (offered load ÷ staff, from the arrivals the run saw) as a
//! tick where queueing theory applies, and the mean queue wait as a secondary figure under each
//! bar. Where the estimate does not apply, a note under the chart says why, in place of the tick.
//! The bottleneck is highlighted and labelled.

use super::Figure;
use super::common::{self, Drawing, Entry, Linear, Svg, Swatch, clip, mean, n, pct1};
use crate::engine::Report;
use crate::engine::analytic::LevelAnalysis;
use crate::engine::report::numbers as format;
use crate::engine::report::{Estimate, LevelKpis};

const TOP: f64 = 26.0;
const ROW: f64 = 60.0;
const BAR: f64 = 16.0;
const X0: f64 = 150.0;
const X1: f64 = 444.0;
const VALUE_X: f64 = 454.0;

/// Utilization per level, the bottleneck highlighted.
pub fn figure(report: &Report) -> Figure {
    let levels = &report.summary.levels;
    let mut f = Figure {
        id: "utilization-chart",
        title: "Utilization by level",
        guide: "Share of staffed time spent working, after the warm-up (at most 100%: staff who finish the issue in \
                hand after their shift ends work overtime, counted apart under the bar). Under each bar: how long \
                issues wait in that level's queue."
            .into(),
        ..Figure::default()
    };
    if levels.is_empty() {
        return f.nothing("No levels.");
    }
    let bottleneck = common::bottleneck(report);
    let x = Linear::new((0.0, 1.0), (X0, X1));
    let height = TOP + ROW * levels.len() as f64 + 6.0;
    let summary = levels
        .iter()
        .map(|l| {
            let tag = if Some(l.name.as_str()) == bottleneck { " (bottleneck)" } else { "" };
            format!("{} {}{tag}", l.name, mean(&l.utilization).map_or("no data".into(), pct1))
        })
        .collect::<Vec<_>>()
        .join(", ");
    let mut s = Svg::default();
    s.open("g", &[("class", "axis x-axis top")]);
    for t in [0.0, 0.25, 0.5, 0.75, 1.0] {
        let xx = n(x.at(t));
        s.open("g", &[]);
        s.leaf("line", &[("class", "grid"), ("x1", &xx), ("x2", &xx), ("y1", &n(TOP - 4.0)), ("y2", &n(height - 6.0))]);
        s.text(
            "text",
            &[("class", "tick-label"), ("x", &xx), ("y", &n(TOP - 10.0)), ("text-anchor", "middle")],
            &format::percent(t),
        );
        s.close("g");
    }
    let limit = n(X1);
    s.leaf(
        "line",
        &[("class", "limit-line"), ("x1", &limit), ("x2", &limit), ("y1", &n(TOP - 4.0)), ("y2", &n(height - 6.0))],
    );
    s.close("g");
    for (i, l) in levels.iter().enumerate() {
        let analytic = report.analytic.iter().find(|a| a.level == l.name);
        row(&mut s, i, l, analytic, Some(l.name.as_str()) == bottleneck, &x);
    }
    let drawing = Drawing {
        height,
        label: format!("Utilization per level: {summary}."),
        inner: s.0,
        legend: vec![
            Entry::new(Swatch::Box, "var(--chart-bar)", "utilization (whisker: 95% CI)"),
            Entry::new(Swatch::Box, "var(--chart-bottleneck)", "bottleneck"),
            Entry::new(Swatch::Line, "var(--chart-fg)", "queueing estimate: offered load ÷ staff, where it applies"),
        ],
    };
    let notes: Vec<String> = report
        .analytic
        .iter()
        .filter(|a| !a.not_applicable.is_empty() && levels.iter().any(|l| l.name == a.level))
        .map(|a| format!("No queueing estimate for {}: {}.", a.level, a.not_applicable.join("; ")))
        .collect();
    let mut body = format!(r#"<div class="chart-scroll">{}</div>"#, drawing.svg());
    if !notes.is_empty() {
        let mut list = Svg::default();
        list.open("ul", &[("class", "chart-notes estimate-notes")]);
        for note in &notes {
            list.text("li", &[], note);
        }
        list.close("ul");
        body.push_str(&list.0);
    }
    body.push_str(&common::legend("Legend", &drawing.legend));
    f.body = body;
    f.drawing = Some(drawing);
    f
}

fn row(s: &mut Svg, i: usize, l: &LevelKpis<Estimate>, analytic: Option<&LevelAnalysis>, hot: bool, x: &Linear) {
    let y = TOP + ROW * i as f64 + 8.0;
    let u = mean(&l.utilization);
    let ci = l.utilization.ci95.filter(|h| h.is_finite() && *h > 0.0);
    let bar_end = u.map_or(X0, |u| x.clamped(u));
    let value = match u {
        Some(_) => format::estimate(&l.utilization, pct1),
        None => "no data".into(),
    };
    let staff = mean(&l.mean_staff).map(|s| {
        if (s - s.round()).abs() < 1e-9 {
            format!("{} staff", format::count(s))
        } else {
            format!("{} staff on average", format::trim(s, 1))
        }
    });
    let wait = mean(&l.queue_wait.mean);
    let p90 = mean(&l.queue_wait.p90);
    let queue = mean(&l.mean_queue_length);
    let secondary = match wait {
        Some(w) => format!(
            "queue wait {}{}{}",
            format::minutes(w),
            p90.map(|p| format!(" · p90 {}", format::minutes(p))).unwrap_or_default(),
            queue
                .map(|q| format!(
                    " · {} waiting on average",
                    if q >= 100.0 { format::count(q) } else { format::trim(q, 1) }
                ))
                .unwrap_or_default()
        ),
        None => "no counted issue queued here".into(),
    };
    let overtime =
        mean(&l.overtime).filter(|o| *o >= 0.005).map(|o| format!(" · overtime {} staff", format::trim(o, 2)));
    let secondary = format!("{secondary}{}", overtime.unwrap_or_default());
    let tooltip = format!(
        "{}: {} busy{}; {}{} (overtime: staff finishing the issue in hand after their shift ends, on average)",
        l.name,
        value,
        if hot { " — the bottleneck" } else { "" },
        secondary,
        staff.as_ref().map(|s| format!("; {s}")).unwrap_or_default()
    );
    // The tick only where queueing theory describes the level; elsewhere the note under the
    // chart says why, and an overload (a queue that grows without bound) is labelled.
    let applies = analytic.filter(|a| a.not_applicable.is_empty());
    let rho = applies.map(|a| a.rho).filter(|r| r.is_finite() && *r >= 0.0);
    let overload = analytic.filter(|a| a.overloaded).map(|a| {
        let then = if a.unbounded { "the queue grows without bound" } else { "its timers pass the excess on unserved" };
        (a.demand_rho, then)
    });
    let estimate_title = applies.map(|a| {
        let wait = a.erlang_c.as_ref().map(|e| format!("; Erlang C wait {}", format::minutes(e.mean_wait_min)));
        format!("{}: queueing estimate {} (offered load ÷ staff){}", l.name, pct1(a.rho), wait.unwrap_or_default())
    });
    let tooltip = match analytic.filter(|a| !a.not_applicable.is_empty()) {
        Some(a) => format!("{tooltip}. No queueing estimate: {}", a.not_applicable.join("; ")),
        None => tooltip,
    };
    let class = if hot { "util-bar bottleneck" } else { "util-bar" };
    s.open("g", &[("class", class), ("data-level", &l.name)]);
    s.title(&tooltip);
    let mid = n(y + BAR / 2.0);
    let under = n(y + BAR + 14.0);
    s.text(
        "text",
        &[("class", "row-label"), ("x", "0"), ("y", &mid), ("dominant-baseline", "middle")],
        &clip(&l.name, 16),
    );
    if let Some(staff) = staff {
        s.text("text", &[("class", "row-sublabel"), ("x", "0"), ("y", &under)], &staff);
    }
    let (x0, top, bar) = (n(X0), n(y), n(BAR));
    s.leaf(
        "rect",
        &[("class", "track"), ("x", &x0), ("y", &top), ("width", &n(X1 - X0)), ("height", &bar), ("rx", "2")],
    );
    let width = n((bar_end - X0).max(0.0));
    s.leaf("rect", &[("class", "bar"), ("x", &x0), ("y", &top), ("width", &width), ("height", &bar), ("rx", "2")]);
    if let (Some(u), Some(h)) = (u, ci) {
        let (lo, hi) = (n(x.clamped(u - h)), n(x.clamped(u + h)));
        let (a, b) = (n(y + 4.0), n(y + BAR - 4.0));
        s.open("g", &[("class", "whisker")]);
        s.leaf("line", &[("x1", &lo), ("x2", &hi), ("y1", &mid), ("y2", &mid)]);
        s.leaf("line", &[("x1", &lo), ("x2", &lo), ("y1", &a), ("y2", &b)]);
        s.leaf("line", &[("x1", &hi), ("x2", &hi), ("y1", &a), ("y2", &b)]);
        s.close("g");
    }
    if let (Some(r), Some(title)) = (rho, estimate_title) {
        let xx = n(x.clamped(r));
        s.open(
            "line",
            &[("class", "estimate-tick"), ("x1", &xx), ("x2", &xx), ("y1", &n(y - 3.0)), ("y2", &n(y + BAR + 3.0))],
        );
        s.title(&title);
        s.close("line");
    }
    s.text(
        "text",
        &[("class", "util-value"), ("x", &n(VALUE_X)), ("y", &mid), ("dominant-baseline", "middle")],
        &value,
    );
    s.text("text", &[("class", "row-sublabel secondary"), ("x", &x0), ("y", &under)], &secondary);
    // Under the queue figures, where their length cannot run past the drawing.
    s.open("text", &[("x", &x0), ("y", &n(y + BAR + 28.0))]);
    if hot {
        s.text("tspan", &[("class", "bottleneck-label")], "bottleneck");
    }
    if let Some((r, then)) = overload {
        s.open("tspan", &[("class", "overload-label"), ("dx", if hot { "6" } else { "0" })]);
        s.words(&format!("overloaded {}", format::percent(r)));
        s.title(&format!(
            "The work that reached this level in the run is {} of what its staff can do: {then}",
            pct1(r)
        ));
        s.close("tspan");
    }
    s.close("text");
    s.close("g");
}
