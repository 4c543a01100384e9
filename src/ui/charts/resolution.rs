//! Time to resolution per priority: one small histogram per priority over the log-spaced bins of
//! [`TTR_EDGES_MIN`], sharing a log time axis, with each priority's SLA resolution target as a
//! dashed line. With a round-the-clock SLA, bins wholly past the target are drawn as breaches.

use yew::prelude::*;

use super::ReportProps;
use super::common::{self, Entry, Linear, Log, Swatch, Target, WIDTH, mean, n, pct1};
use crate::engine::report::{Estimate, GroupKpis, TTR_EDGES_MIN};
use crate::ui::format;

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
#[component]
pub fn ResolutionChart(props: &ReportProps) -> Html {
    let report = &props.report;
    let title = "Time to resolution";
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
    if hists.iter().all(|h| h.iter().all(|&v| v == 0.0)) {
        return common::figure("resolution-chart", title, guide, common::empty("No issues resolved."));
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
    let panels = groups.iter().enumerate().map(|(p, g)| {
        let top = TOP + p as f64 * (PANEL + PANEL_GAP);
        panel(g, &hists[p], &targets[p], top, &x, y_top, &ticks)
    });
    let base = height - AXIS + 8.0;
    let summary = groups
        .iter()
        .map(|g| match mean(&g.ttr.p50) {
            Some(m) => format!("{} median {}", g.name, format::minutes(m)),
            None => format!("{} none resolved", g.name),
        })
        .collect::<Vec<_>>()
        .join(", ");
    let label = format!("Distribution of time to resolution per priority: {summary}.");
    let chart = html! {
        <>
            { for panels }
            { common::x_axis(&ticks, base, LEFT, WIDTH - RIGHT) }
            { common::axis_title("elapsed time from arrival to resolution (log scale)", (LEFT + WIDTH - RIGHT) / 2.0, height - 4.0, "middle", false) }
        </>
    };
    let mut legend = vec![
        Entry::new(Swatch::Box, "var(--chart-bar)", "share of resolved issues"),
        Entry::new(Swatch::Dashed, "var(--chart-target)", "SLA resolution target"),
    ];
    if targets.iter().any(|t| matches!(t.as_slice(), [t] if !t.business_hours)) {
        legend.insert(1, Entry::new(Swatch::Box, "var(--chart-bad)", "past the target (breached)"));
    }
    let body = html! {
        <>
            { common::svg(height, label, chart) }
            { common::legend("Legend", legend) }
        </>
    };
    common::figure("resolution-chart", title, guide, body)
}

fn panel(
    g: &GroupKpis<Estimate>,
    hist: &[f64],
    targets: &[Target],
    top: f64,
    x: &Log,
    y_top: f64,
    ticks: &[(f64, String)],
) -> Html {
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
    html! {
        <g class="ttr-panel" data-priority={g.name.clone()}>
            <text class="row-label" x="0" y={n(top + 12.0)}>{ common::clip(&g.name, 10) }</text>
            <text class="tick-label" x={n(LEFT - 6.0)} y={n(y.at(y_top))} text-anchor="end" dominant-baseline="middle">{ format::percent(y_top) }</text>
            <text class="tick-label" x={n(LEFT - 6.0)} y={n(base)} text-anchor="end" dominant-baseline="middle">{ "0" }</text>
            <text class="panel-stats" x={n(WIDTH - RIGHT)} y={n(top + 8.0)} text-anchor="end">{ format!("{stats}{}", attain.unwrap_or_default()) }</text>
            { for ticks.iter().map(|(tx, _)| html! {
                <line class="grid" x1={n(*tx)} x2={n(*tx)} y1={n(top + 14.0)} y2={n(base)} />
            }) }
            <line class="grid" x1={n(LEFT)} x2={n(WIDTH - RIGHT)} y1={n(y.at(y_top))} y2={n(y.at(y_top))} />
            <line class="baseline" x1={n(LEFT)} x2={n(WIDTH - RIGHT)} y1={n(base)} y2={n(base)} />
            if empty {
                <text class="panel-empty" x={n((LEFT + WIDTH - RIGHT) / 2.0)} y={n(top + PANEL / 2.0 + 8.0)} text-anchor="middle">
                    { format!("No {} issues resolved", g.name) }
                </text>
            }
            { for hist.iter().enumerate().filter(|(_, v)| **v > 0.0).map(|(i, &v)| {
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
                html! {
                    <rect class={classes!("ttr-bar", over.then_some("over"))} x={n(x0 + 0.5)} y={n(y.at(v))}
                        width={n((x1 - x0 - 1.0).max(1.0))} height={n((base - y.at(v)).max(0.5))}>
                        <title>{ tip }</title>
                    </rect>
                }
            }) }
            { for targets.iter().enumerate().map(|(k, t)| {
                let tx = x.at(t.minutes);
                let when = t.words();
                let text = if targets.len() > 1 { format!("{}: {when}", t.policy) } else { format!("target {when}") };
                let right = tx + 4.0 + common::text_width(&text, 11.5) < WIDTH - RIGHT;
                html! {
                    <g class="target-line">
                        <title>{ format!("{}: resolution target {when}, policy {}", g.name, t.policy) }</title>
                        <line x1={n(tx)} x2={n(tx)} y1={n(top + 12.0)} y2={n(base)} />
                        <text x={n(if right { tx + 4.0 } else { tx - 4.0 })} y={n(top + 25.0 + 12.5 * k as f64)}
                            text-anchor={if right { "start" } else { "end" }}>{ text }</text>
                    </g>
                }
            }) }
        </g>
    }
}
