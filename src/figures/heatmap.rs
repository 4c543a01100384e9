//! Resolution-SLA breaches by the hour of the week in which issues arrived (clock-local time,
//! Monday 00:00 first) and priority. A cell's colour is the share of that hour's arrivals that
//! breached: unlike a raw count it does not simply repeat the arrival profile, so it shows the
//! hours whose issues are at risk (Friday evenings, shift gaps). A share is coloured, and the
//! worst cell named, only where enough issues arrived for it to be more than chance
//! (`engine::report::heatmap`); each cell's tooltip gives its counts and the share's 95% interval.
//! The arrival profile is drawn above the grid for context, and each row ends with the priority's
//! overall breach share.

use super::Figure;
use super::common::{self, Drawing, Entry, Linear, Svg, Swatch, WIDTH, esc, n, pct1, per_rep};
use crate::engine::Report;
use crate::engine::report::heatmap::{HeatCell, MIN_ARRIVALS};
use crate::engine::report::numbers as format;

const LEFT: f64 = 58.0;
const RIGHT: f64 = 52.0;
const DAYS_Y: f64 = 12.0;
const PROFILE_TOP: f64 = 20.0;
const PROFILE_H: f64 = 30.0;
const GRID_TOP: f64 = 58.0;
const ROW: f64 = 18.0;
const ROW_GAP: f64 = 3.0;
const HOURS: usize = 168;
/// The days of the week, Monday first, as the charts label them.
pub const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
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

/// A cell's counts over all replications, and its share with the share's 95% interval.
fn cell_text(c: &HeatCell, replications: u32) -> String {
    let few = if c.supported() {
        String::new()
    } else {
        format!("; fewer than {} arrivals, too few to read as a rate", format::count(MIN_ARRIVALS))
    };
    format!(
        "{} of {} arrivals breached, {} ({}){few}",
        format::count(c.breaches),
        format::count(c.arrivals),
        pct1(c.share),
        interval_text(c, replications)
    )
}

/// `95% interval 11–47%, 40 arrivals over 4 replications`.
fn interval_text(c: &HeatCell, replications: u32) -> String {
    format!(
        "95% interval {}–{}, {} arrivals over {} replication{}",
        format::trim(c.interval.0 * 100.0, 1),
        pct1(c.interval.1),
        format::count(c.arrivals),
        replications,
        if replications == 1 { "" } else { "s" }
    )
}

/// Resolution breaches by hour of week and priority.
pub fn figure(report: &Report) -> Figure {
    let mut f = Figure {
        id: "breach-heatmap",
        title: "When breaches start: hour of week",
        guide: format!(
            "Each cell: the share of issues arriving in that hour of the week (scenario clock, local time) that \
             breached their resolution target. A share is coloured only where at least {} issues arrived in that \
             cell over all replications together, and the worst cell is named among those: fewer are greyed, since \
             one or two breaches among a handful of issues make a large share by chance. Hover over a cell for its \
             counts and the share's 95% interval. Top: all arrivals by hour, for context.",
            format::count(MIN_ARRIVALS)
        ),
        ..Figure::default()
    };
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
        return f.nothing("No counted arrivals.");
    }
    if !has_targets {
        return f.nothing("No SLA resolution targets: nothing can breach.");
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

    let replications = report.replications;
    let worst = report.heatmap.worst(replications);
    let mut s = Svg::default();
    s.open("g", &[("class", "profile")]);
    let attrs: &[(&str, &str)] = &[
        ("class", "row-sublabel"),
        ("x", "0"),
        ("y", &n(PROFILE_TOP + PROFILE_H / 2.0)),
        ("dominant-baseline", "middle"),
    ];
    s.text("text", attrs, "arrivals");
    s.open("path", &[("class", "profile-area"), ("d", &area)]);
    s.title(&format!("Arrivals by hour of week; peak {} per replication in one hour", per_rep(peak)));
    s.close("path");
    s.close("g");
    let grid_bottom = GRID_TOP + priorities.len() as f64 * (ROW + ROW_GAP) - ROW_GAP;
    for (d, day) in DAYS.iter().enumerate() {
        let x0 = n(x.at(d as f64 * 24.0));
        s.open("g", &[("class", "day")]);
        let attrs: &[(&str, &str)] = &[
            ("class", "tick-label"),
            ("x", &n(x.at(d as f64 * 24.0 + 12.0))),
            ("y", &n(DAYS_Y)),
            ("text-anchor", "middle"),
        ];
        s.text("text", attrs, day);
        if d > 0 {
            s.leaf(
                "line",
                &[
                    ("class", "day-line"),
                    ("x1", &x0),
                    ("x2", &x0),
                    ("y1", &n(PROFILE_TOP)),
                    ("y2", &n(grid_bottom + 4.0)),
                ],
            );
        }
        for hh in [6.0, 12.0, 18.0] {
            let xx = n(x.at(d as f64 * 24.0 + hh));
            let y2 = n(grid_bottom + if hh == 12.0 { 6.0 } else { 4.0 });
            s.leaf("line", &[("class", "tick"), ("x1", &xx), ("x2", &xx), ("y1", &n(grid_bottom + 1.0)), ("y2", &y2)]);
        }
        if d == 0 {
            let attrs: &[(&str, &str)] = &[
                ("class", "tick-label small"),
                ("x", &n(x.at(12.0))),
                ("y", &n(grid_bottom + 16.0)),
                ("text-anchor", "middle"),
            ];
            s.text("text", attrs, "12:00");
        }
        s.close("g");
    }
    for (p, name) in priorities.iter().enumerate() {
        let y = GRID_TOP + p as f64 * (ROW + ROW_GAP);
        let a_sum: f64 = (0..HOURS).map(|h| get(arrivals, p, h)).sum();
        let b_sum: f64 = (0..HOURS).map(|h| get(breaches, p, h)).sum();
        let overall = if a_sum > 0.0 { Some(b_sum / a_sum) } else { None };
        let (top, mid) = (n(y), n(y + ROW / 2.0));
        s.open("g", &[("class", "heat-row"), ("data-priority", name)]);
        s.text(
            "text",
            &[("class", "row-label"), ("x", "0"), ("y", &mid), ("dominant-baseline", "middle")],
            &common::clip(name, 9),
        );
        let (width, row) = (n(cell_w + 0.05), n(ROW));
        for h in 0..HOURS {
            let (class, tip) = match report.heatmap.cell(p, h, replications) {
                Some(c) => {
                    let class = if c.supported() { class_of(c.share) } else { "few" };
                    (class, format!("{}, {name}: {}", hour_text(h), cell_text(&c, replications)))
                }
                None => ("none", format!("{}, {name}: no arrivals", hour_text(h))),
            };
            let class = format!("heat-cell {class}");
            s.open(
                "rect",
                &[("class", &class), ("x", &n(x.at(h as f64))), ("y", &top), ("width", &width), ("height", &row)],
            );
            s.title(&tip);
            s.close("rect");
        }
        let attrs: &[(&str, &str)] = &[
            ("class", "row-total"),
            ("x", &n(WIDTH)),
            ("y", &mid),
            ("text-anchor", "end"),
            ("dominant-baseline", "middle"),
        ];
        s.open("text", attrs);
        let share = overall.map_or("–".into(), pct1);
        s.title(&format!("{name}: {share} of all counted arrivals breached"));
        s.words(&share);
        s.close("text");
        s.close("g");
    }
    let attrs: &[(&str, &str)] =
        &[("class", "tick-label"), ("x", &n(WIDTH)), ("y", &n(GRID_TOP - 6.0)), ("text-anchor", "end")];
    s.text("text", attrs, "overall");
    let any_breach = (0..priorities.len()).any(|p| (0..HOURS).any(|h| get(breaches, p, h) > 0.0));
    let worst_text = match worst {
        Some(c) => format!(
            " Worst cell with at least {} arrivals: {} arrivals on {} breach {} ({}).",
            format::count(MIN_ARRIVALS),
            priorities.get(c.priority).map_or("", String::as_str),
            hour_text(c.hour),
            pct1(c.share),
            interval_text(&c, replications)
        ),
        None if any_breach => format!(
            " No cell has both a breach and the {} arrivals it takes to read its share as a rate.",
            format::count(MIN_ARRIVALS)
        ),
        None => " No breaches.".to_string(),
    };
    let legend = vec![
        Entry::new(Swatch::Box, "var(--heat-0)", "no breach"),
        Entry::new(Swatch::Box, "var(--heat-1)", "under 2%"),
        Entry::new(Swatch::Box, "var(--heat-2)", "2–5%"),
        Entry::new(Swatch::Box, "var(--heat-3)", "5–10%"),
        Entry::new(Swatch::Box, "var(--heat-4)", "10–25%"),
        Entry::new(Swatch::Box, "var(--heat-5)", "25–50%"),
        Entry::new(Swatch::Box, "var(--heat-6)", "50% or more"),
        Entry::new(Swatch::Box, "var(--heat-few)", format!("fewer than {} arrivals", format::count(MIN_ARRIVALS))),
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
    let drawing = Drawing {
        height,
        label: format!("Share of arrivals breaching the resolution target by hour of week and priority.{worst_text}"),
        inner: s.0,
        legend,
    };
    let mut body = format!(
        r#"<div class="chart-scroll">{}</div><p class="legend-title">Share of the hour's arrivals that breached the resolution target:</p>{}"#,
        drawing.svg(),
        common::legend("Breach share", &drawing.legend)
    );
    if any_breach {
        body.push_str(&format!(r#"<p class="chart-note">{}</p>"#, esc(worst_text.trim())));
    }
    body.push_str(&format!(r#"<p class="chart-note">{}</p>"#, esc(&weeks_note)));
    f.body = body;
    f.drawing = Some(drawing);
    f
}
