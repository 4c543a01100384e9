//! Resolution-SLA breaches by the hour of the week in which issues arrived (clock-local time,
//! Monday 00:00 first) and priority. A cell's colour is the share of that hour's arrivals that
//! breached: unlike a raw count it does not simply repeat the arrival profile, so it shows the
//! hours whose issues are at risk (Friday evenings, shift gaps). The arrival profile is drawn
//! above the grid for context, and each row ends with the priority's overall breach share.

use yew::prelude::*;

use super::ReportProps;
use super::common::{self, Entry, Linear, Swatch, WIDTH, n, pct1, per_rep};
use crate::ui::format;

const LEFT: f64 = 58.0;
const RIGHT: f64 = 52.0;
const DAYS_Y: f64 = 12.0;
const PROFILE_TOP: f64 = 20.0;
const PROFILE_H: f64 = 30.0;
const GRID_TOP: f64 = 58.0;
const ROW: f64 = 18.0;
const ROW_GAP: f64 = 3.0;
const HOURS: usize = 168;
const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
/// Upper bounds of the colour classes q1..q5 (q0 is no breach, q6 is 50% and more).
const CLASSES: [f64; 5] = [0.02, 0.05, 0.1, 0.25, 0.5];

fn class_of(fraction: f64) -> &'static str {
    if fraction <= 0.0 {
        return "q0";
    }
    match CLASSES.iter().position(|&b| fraction < b) {
        Some(0) => "q1",
        Some(1) => "q2",
        Some(2) => "q3",
        Some(3) => "q4",
        Some(_) => "q5",
        None => "q6",
    }
}

fn hour_text(h: usize) -> String {
    let (d, hour) = (h / 24, h % 24);
    format!("{} {:02}:00–{:02}:00", DAYS[d.min(6)], hour, (hour + 1) % 24)
}

/// Resolution breaches by hour of week and priority.
#[component]
pub fn BreachHeatmap(props: &ReportProps) -> Html {
    let report = &props.report;
    let title = "When breaches start: hour of week";
    let guide = "Each cell: the share of issues arriving in that hour of the week (scenario clock, local time) that \
                 breached their resolution target. Top: all arrivals by hour, for context.";
    let priorities = &report.priorities;
    let get = |rows: &Vec<Vec<f64>>, p: usize, h: usize| {
        rows.get(p).and_then(|r| r.get(h)).copied().filter(|v| v.is_finite() && *v > 0.0).unwrap_or(0.0)
    };
    let arrivals = &report.heatmap.arrivals;
    let breaches = &report.heatmap.breaches;
    let total_arrivals: f64 =
        (0..priorities.len()).flat_map(|p| (0..HOURS).map(move |h| (p, h))).map(|(p, h)| get(arrivals, p, h)).sum();
    let has_targets = (0..priorities.len()).any(|p| !common::targets(report, p, false).is_empty());
    if priorities.is_empty() || total_arrivals <= 0.0 {
        return common::figure("breach-heatmap", title, guide, common::empty("No counted arrivals."));
    }
    if !has_targets {
        return common::figure(
            "breach-heatmap",
            title,
            guide,
            common::empty("No SLA resolution targets: nothing can breach."),
        );
    }

    let x = Linear::new((0.0, HOURS as f64), (LEFT, WIDTH - RIGHT));
    let cell_w = x.at(1.0) - x.at(0.0);
    let height = GRID_TOP + priorities.len() as f64 * (ROW + ROW_GAP) + 22.0;
    let profile: Vec<f64> = (0..HOURS).map(|h| (0..priorities.len()).map(|p| get(arrivals, p, h)).sum()).collect();
    let peak = profile.iter().copied().fold(0.0, f64::max);
    let py = Linear::new((0.0, peak.max(1e-9)), (PROFILE_TOP + PROFILE_H, PROFILE_TOP));
    let mut area = format!("M{},{}", n(x.at(0.0)), n(PROFILE_TOP + PROFILE_H));
    for (h, &v) in profile.iter().enumerate() {
        area.push_str(&format!(" L{},{} L{},{}", n(x.at(h as f64)), n(py.at(v)), n(x.at(h as f64 + 1.0)), n(py.at(v))));
    }
    area.push_str(&format!(" L{},{} Z", n(x.at(HOURS as f64)), n(PROFILE_TOP + PROFILE_H)));

    let mut worst: Option<(f64, usize, usize)> = None;
    let rows = priorities.iter().enumerate().map(|(p, name)| {
        let y = GRID_TOP + p as f64 * (ROW + ROW_GAP);
        let a_sum: f64 = (0..HOURS).map(|h| get(arrivals, p, h)).sum();
        let b_sum: f64 = (0..HOURS).map(|h| get(breaches, p, h)).sum();
        let overall = if a_sum > 0.0 { Some(b_sum / a_sum) } else { None };
        let cells = (0..HOURS).map(|h| {
            let (a, b) = (get(arrivals, p, h), get(breaches, p, h));
            let (class, tip) = if a > 0.0 {
                let f = (b / a).min(1.0);
                if worst.is_none_or(|w| f > w.0) && a >= 0.5 {
                    worst = Some((f, p, h));
                }
                (class_of(f), format!("{}, {name}: {} of {} arrivals breached ({}) per replication", hour_text(h), per_rep(b), per_rep(a), pct1(f)))
            } else {
                ("none", format!("{}, {name}: no arrivals", hour_text(h)))
            };
            html! {
                <rect class={classes!("heat-cell", class)} x={n(x.at(h as f64))} y={n(y)} width={n(cell_w + 0.05)} height={n(ROW)}>
                    <title>{ tip }</title>
                </rect>
            }
        });
        html! {
            <g class="heat-row" data-priority={name.clone()}>
                <text class="row-label" x="0" y={n(y + ROW / 2.0)} dominant-baseline="middle">{ common::clip(name, 9) }</text>
                { for cells }
                <text class="row-total" x={n(WIDTH)} y={n(y + ROW / 2.0)} text-anchor="end" dominant-baseline="middle">
                    <title>{ format!("{name}: {} of all counted arrivals breached", overall.map_or("–".into(), pct1)) }</title>
                    { overall.map_or("–".into(), pct1) }
                </text>
            </g>
        }
    }).collect::<Html>();
    let grid_bottom = GRID_TOP + priorities.len() as f64 * (ROW + ROW_GAP) - ROW_GAP;
    let days = (0..7).map(|d| {
        let x0 = x.at(d as f64 * 24.0);
        html! {
            <g class="day">
                <text class="tick-label" x={n(x.at(d as f64 * 24.0 + 12.0))} y={n(DAYS_Y)} text-anchor="middle">{ DAYS[d] }</text>
                if d > 0 { <line class="day-line" x1={n(x0)} x2={n(x0)} y1={n(PROFILE_TOP)} y2={n(grid_bottom + 4.0)} /> }
                { for [6.0, 12.0, 18.0].iter().map(|&hh| {
                    let xx = x.at(d as f64 * 24.0 + hh);
                    html! { <line class="tick" x1={n(xx)} x2={n(xx)} y1={n(grid_bottom + 1.0)} y2={n(grid_bottom + if hh == 12.0 { 6.0 } else { 4.0 })} /> }
                }) }
                if d == 0 {
                    <text class="tick-label small" x={n(x.at(12.0))} y={n(grid_bottom + 16.0)} text-anchor="middle">{ "12:00" }</text>
                }
            </g>
        }
    });
    let worst_text = match worst {
        Some((f, p, h)) if f > 0.0 => {
            format!(" Worst cell: {} arrivals on {} breach {}.", priorities[p], hour_text(h), pct1(f))
        }
        _ => " No breaches.".to_string(),
    };
    let label = format!("Share of arrivals breaching the resolution target by hour of week and priority.{worst_text}");
    let chart = html! {
        <>
            <g class="profile">
                <text class="row-sublabel" x="0" y={n(PROFILE_TOP + PROFILE_H / 2.0)} dominant-baseline="middle">{ "arrivals" }</text>
                <path class="profile-area" d={area}>
                    <title>{ format!("Arrivals by hour of week; peak {} per replication in one hour", per_rep(peak)) }</title>
                </path>
            </g>
            { for days }
            { rows }
            <text class="tick-label" x={n(WIDTH)} y={n(GRID_TOP - 6.0)} text-anchor="end">{ "overall" }</text>
        </>
    };
    let legend = vec![
        Entry::new(Swatch::Box, "var(--heat-0)", "no breach"),
        Entry::new(Swatch::Box, "var(--heat-1)", "under 2%"),
        Entry::new(Swatch::Box, "var(--heat-2)", "2–5%"),
        Entry::new(Swatch::Box, "var(--heat-3)", "5–10%"),
        Entry::new(Swatch::Box, "var(--heat-4)", "10–25%"),
        Entry::new(Swatch::Box, "var(--heat-5)", "25–50%"),
        Entry::new(Swatch::Box, "var(--heat-6)", "50% or more"),
        Entry::new(Swatch::Box, "var(--heat-none)", "no arrivals"),
    ];
    let weeks = (report.horizon_hours - report.warmup_hours).max(0.0) / 168.0;
    let partial = (weeks - weeks.round()).abs() > 0.01;
    let weeks_note = format!(
        "Counts are per replication over {} weeks of counted arrivals{}.",
        format::trim(weeks, 1),
        if partial {
            "; with a partial week, some hours of the week occur once more, which shows as steps in the arrival profile"
        } else {
            ""
        }
    );
    let body = html! {
        <>
            { common::svg(height, label, chart) }
            <p class="legend-title">{ "Share of the hour's arrivals that breached the resolution target:" }</p>
            { common::legend("Breach share", legend) }
            if worst.is_some_and(|w| w.0 > 0.0) {
                <p class="chart-note">{ worst_text.trim().to_string() }</p>
            }
            <p class="chart-note">{ weeks_note }</p>
        </>
    };
    common::figure("breach-heatmap", title, guide, body)
}
