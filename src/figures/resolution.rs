//! Time to resolution per priority: one small histogram per priority over the log-spaced bins of
//! [`TTR_EDGES_MIN`], sharing a log time axis, with each priority's SLA resolution target as a
//! dashed line. With a round-the-clock SLA, bins wholly past the target are drawn as breaches.

use super::Figure;
use super::common::{self, Drawing, Entry, Linear, Log, Svg, Swatch, Target, WIDTH, mean, n, pct1};
use crate::engine::Report;
use crate::engine::report::numbers as format;
use crate::engine::report::{Estimate, GroupKpis, TTR_EDGES_MIN};

const LEFT: f64 = 70.0;
const RIGHT: f64 = 14.0;
const TOP: f64 = 8.0;
const PANEL: f64 = 78.0;
const PANEL_GAP: f64 = 26.0;
const AXIS: f64 = 40.0;
/// The open last bin is drawn this much wider than its lower edge.
const LAST_BIN_STRETCH: f64 = 1.5;
const TICKS_MIN: [f64; 11] = [1.0, 5.0, 15.0, 60.0, 240.0, 1440.0, 4320.0, 10080.0, 20160.0, 43200.0, 86400.0];

/// Bin `i` as `[lower, upper)` minutes; the first starts at 0, the last is open (drawn finite).
fn bin(i: usize) -> (f64, f64) {
    let last = TTR_EDGES_MIN[TTR_EDGES_MIN.len() - 1];
    let lower = if i == 0 { 0.0 } else { TTR_EDGES_MIN.get(i - 1).copied().unwrap_or(last) };
    let upper = TTR_EDGES_MIN.get(i).copied().unwrap_or(last * LAST_BIN_STRETCH);
    (lower, upper)
}

fn bin_text(i: usize) -> String {
    let (lo, hi) = bin(i);
    if i == 0 {
        format!("under {}", format::minutes(hi))
    } else if i >= TTR_EDGES_MIN.len() {
        format!("{} or more", format::minutes(lo))
    } else {
        format!("{} – {}", format::minutes(lo), format::minutes(hi))
    }
}

fn fractions(g: &GroupKpis<Estimate>) -> Vec<f64> {
    (0..=TTR_EDGES_MIN.len())
        .map(|i| g.ttr_histogram.get(i).and_then(mean).filter(|v| *v > 0.0).unwrap_or(0.0))
        .collect()
}

/// Resolution-time distribution per priority with SLA target lines.
pub fn figure(report: &Report) -> Figure {
    let groups = &report.summary.priorities;
    let hists: Vec<Vec<f64>> = groups.iter().map(fractions).collect();
    let targets: Vec<Vec<Target>> = (0..groups.len()).map(|p| common::targets(report, p, false)).collect();
    let business = targets.iter().flatten().any(|t| t.business_hours);
    let guide = if business {
        "Share of resolved issues by elapsed time from arrival to final resolution (log scale). Dashed: the SLA \
         resolution target. Targets in business time count open hours only, so they are not directly comparable \
         with the elapsed times of the bars."
    } else {
        "Share of resolved issues by elapsed time from arrival to final resolution (log scale). Dashed: the SLA \
         resolution target; bars wholly past it are breaches."
    };
    let mut f =
        Figure { id: "resolution-chart", title: "Time to resolution", guide: guide.into(), ..Figure::default() };
    if hists.iter().all(|h| h.iter().all(|&v| v == 0.0)) {
        return f.nothing("No issues resolved.");
    }

    // A shared log axis over the bins that hold data and the targets.
    let used = |f: &dyn Fn(&Vec<f64>) -> Option<usize>| hists.iter().filter_map(f).collect::<Vec<usize>>();
    let first = used(&|h| h.iter().position(|&v| v > 0.0)).into_iter().min().unwrap_or(0);
    let last = used(&|h| h.iter().rposition(|&v| v > 0.0)).into_iter().max().unwrap_or(0);
    let target_mins: Vec<f64> = targets.iter().flatten().map(|t| t.minutes).collect();
    let lo = target_mins.iter().copied().fold(bin(first).0.max(0.5), f64::min).max(0.5) / 1.3;
    let hi = target_mins.iter().copied().fold(bin(last).1, f64::max) * 1.3;
    let x = Log::new((lo, hi), (LEFT, WIDTH - RIGHT));
    let y_max = hists.iter().flatten().copied().fold(0.0, f64::max);
    let (y_top, _) = common::ticks_to(y_max, 2);

    let height = TOP + groups.len() as f64 * (PANEL + PANEL_GAP) - PANEL_GAP + AXIS;
    let ticks: Vec<(f64, String)> =
        TICKS_MIN.iter().filter(|&&m| m >= lo && m <= hi).map(|&m| (x.at(m), format::minutes(m))).collect();
    let mut s = Svg::default();
    for (p, g) in groups.iter().enumerate() {
        let top = TOP + p as f64 * (PANEL + PANEL_GAP);
        panel(&mut s, g, &hists[p], &targets[p], top, &x, y_top, &ticks);
    }
    let base = height - AXIS + 8.0;
    common::x_axis(&mut s, &ticks, base, LEFT, WIDTH - RIGHT);
    let title = "elapsed time from arrival to resolution (log scale)";
    common::axis_title(&mut s, title, (LEFT + WIDTH - RIGHT) / 2.0, height - 4.0, "middle", false);
    let summary = groups
        .iter()
        .map(|g| match mean(&g.ttr.p50) {
            Some(m) => format!("{} median {}", g.name, format::minutes(m)),
            None => format!("{} none resolved", g.name),
        })
        .collect::<Vec<_>>()
        .join(", ");
    let mut legend = vec![
        Entry::new(Swatch::Box, "var(--chart-bar)", "share of resolved issues"),
        Entry::new(Swatch::Dashed, "var(--chart-target)", "SLA resolution target"),
    ];
    if targets.iter().any(|t| matches!(t.as_slice(), [t] if !t.business_hours)) {
        legend.insert(1, Entry::new(Swatch::Box, "var(--chart-bad)", "past the target (breached)"));
    }
    let drawing = Drawing {
        height,
        label: format!("Distribution of time to resolution per priority: {summary}."),
        inner: s.0,
        legend,
    };
    f.body = drawing.html("Legend");
    f.drawing = Some(drawing);
    f
}

#[allow(clippy::too_many_arguments)]
fn panel(
    s: &mut Svg,
    g: &GroupKpis<Estimate>,
    hist: &[f64],
    targets: &[Target],
    top: f64,
    x: &Log,
    y_top: f64,
    ticks: &[(f64, String)],
) {
    let y = Linear::new((0.0, y_top), (top + PANEL, top + 14.0));
    let base = top + PANEL;
    let stats = match (mean(&g.ttr.p50), mean(&g.ttr.p90)) {
        (Some(m), Some(p)) => format!("median {} · p90 {}", format::minutes(m), format::minutes(p)),
        _ => String::new(),
    };
    let attain = mean(&g.resolution_breach)
        .filter(|_| !targets.is_empty())
        .map(|b| format!(" · {} within target", pct1(1.0 - b)));
    // Past the target only means breached on a round-the-clock SLA with a single target.
    let breach_from = match targets {
        [t] if !t.business_hours => Some(t.minutes),
        _ => None,
    };
    let empty = hist.iter().all(|&v| v == 0.0);
    let (left, right, baseline, top_y) = (n(LEFT), n(WIDTH - RIGHT), n(base), n(y.at(y_top)));
    s.open("g", &[("class", "ttr-panel"), ("data-priority", &g.name)]);
    s.text("text", &[("class", "row-label"), ("x", "0"), ("y", &n(top + 12.0))], &common::clip(&g.name, 10));
    let label_x = n(LEFT - 6.0);
    let tick: &[(&str, &str)] = &[
        ("class", "tick-label"),
        ("x", label_x.as_str()),
        ("y", top_y.as_str()),
        ("text-anchor", "end"),
        ("dominant-baseline", "middle"),
    ];
    s.text("text", tick, &format::percent(y_top));
    let zero: &[(&str, &str)] = &[
        ("class", "tick-label"),
        ("x", label_x.as_str()),
        ("y", baseline.as_str()),
        ("text-anchor", "end"),
        ("dominant-baseline", "middle"),
    ];
    s.text("text", zero, "0");
    let stats_attrs: &[(&str, &str)] =
        &[("class", "panel-stats"), ("x", right.as_str()), ("y", &n(top + 8.0)), ("text-anchor", "end")];
    s.text("text", stats_attrs, &format!("{stats}{}", attain.unwrap_or_default()));
    for (tx, _) in ticks {
        let xx = n(*tx);
        s.leaf("line", &[("class", "grid"), ("x1", &xx), ("x2", &xx), ("y1", &n(top + 14.0)), ("y2", &baseline)]);
    }
    s.leaf("line", &[("class", "grid"), ("x1", &left), ("x2", &right), ("y1", &top_y), ("y2", &top_y)]);
    s.leaf("line", &[("class", "baseline"), ("x1", &left), ("x2", &right), ("y1", &baseline), ("y2", &baseline)]);
    if empty {
        let attrs: &[(&str, &str)] = &[
            ("class", "panel-empty"),
            ("x", &n((LEFT + WIDTH - RIGHT) / 2.0)),
            ("y", &n(top + PANEL / 2.0 + 8.0)),
            ("text-anchor", "middle"),
        ];
        s.text("text", attrs, &format!("No {} issues resolved", g.name));
    }
    for (i, &v) in hist.iter().enumerate().filter(|(_, v)| **v > 0.0) {
        let (lo, hi) = bin(i);
        let (x0, x1) = (x.at(lo), x.at(hi));
        let over = breach_from.is_some_and(|t| lo >= t);
        let ci = g.ttr_histogram.get(i).and_then(|e| e.ci95).filter(|h| h.is_finite());
        let tip = format!(
            "{}, {}: {}{} of resolved issues{}",
            g.name,
            bin_text(i),
            pct1(v),
            ci.map(|h| format!(" ± {}", pct1(h))).unwrap_or_default(),
            if over { " (past the target)" } else { "" }
        );
        let attrs: &[(&str, &str)] = &[
            ("class", if over { "ttr-bar over" } else { "ttr-bar" }),
            ("x", &n(x0 + 0.5)),
            ("y", &n(y.at(v))),
            ("width", &n((x1 - x0 - 1.0).max(1.0))),
            ("height", &n((base - y.at(v)).max(0.5))),
        ];
        s.open("rect", attrs);
        s.title(&tip);
        s.close("rect");
    }
    for (k, t) in targets.iter().enumerate() {
        let tx = x.at(t.minutes);
        let when = t.words();
        let text = if targets.len() > 1 { format!("{}: {when}", t.policy) } else { format!("target {when}") };
        let right = tx + 4.0 + common::text_width(&text, 11.5) < WIDTH - RIGHT;
        s.open("g", &[("class", "target-line")]);
        s.title(&format!("{}: resolution target {when}, policy {}", g.name, t.policy));
        let xx = n(tx);
        s.leaf("line", &[("x1", &xx), ("x2", &xx), ("y1", &n(top + 12.0)), ("y2", &baseline)]);
        let attrs: &[(&str, &str)] = &[
            ("x", &n(if right { tx + 4.0 } else { tx - 4.0 })),
            ("y", &n(top + 25.0 + 12.5 * k as f64)),
            ("text-anchor", if right { "start" } else { "end" }),
        ];
        s.text("text", attrs, &text);
        s.close("g");
    }
    s.close("g");
}
