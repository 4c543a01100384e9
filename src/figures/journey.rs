//! Sampled issues followed step by step. A selector picks the issue; its timeline has a lane per
//! level it visited (waiting drawn light, service solid, follow-up dotted), connectors where it
//! moved, markers for its events, and a lane on top for notifications and SLA warnings. The steps
//! are listed below with the trigger behind each. Times are from the issue's arrival.
//!
//! The issue picker is the page's: it asks for the figure of the issue picked.

use super::Figure;
use super::common::{self, Drawing, Entry, Linear, Svg, Swatch, WIDTH, clip, n};
use crate::engine::Report;
use crate::engine::report::numbers as format;
use crate::engine::report::{Journey, Step};

const LEFT: f64 = 112.0;
const RIGHT: f64 = 16.0;
const EVENTS_H: f64 = 30.0;
const LANE: f64 = 26.0;
const BAR: f64 = 14.0;
const AXIS: f64 = 38.0;

#[derive(Clone, Copy, Debug, PartialEq)]
enum State {
    Waiting,
    Service,
    FollowUp,
}

/// A stretch of time spent in one state, at one lane.
struct Segment {
    lane: usize,
    colour: usize,
    state: State,
    from: f64,
    to: f64,
}

/// Where a step's marker goes.
struct Marker<'a> {
    step: &'a Step,
    t: f64,
    /// `None`: the events lane on top.
    lane: Option<usize>,
    /// The lane it came from, for moves.
    from_lane: Option<usize>,
    from_level: Option<String>,
}

/// Everything drawn for one journey, in minutes from arrival.
struct Timeline<'a> {
    lanes: Vec<String>,
    /// Palette index per lane (the level's position in the matrix).
    colours: Vec<usize>,
    segments: Vec<Segment>,
    markers: Vec<Marker<'a>>,
    end: f64,
}

const MARKED: [&str; 9] = [
    "escalated",
    "requeued",
    "notified",
    "at_risk",
    "escalation_pending",
    "reopened",
    "resolved",
    "censored",
    "follow_up",
];
const ON_TOP: [&str; 3] = ["notified", "at_risk", "escalation_pending"];

impl<'a> Timeline<'a> {
    fn of(report: &Report, j: &'a Journey) -> Timeline<'a> {
        let rel = |s: &Step| if s.t_min.is_finite() { (s.t_min - j.arrival_min).max(0.0) } else { 0.0 };
        // Lanes: the levels it visited, in matrix order, then follow-up.
        let mut lanes: Vec<String> = Vec::new();
        let mut colours = Vec::new();
        for (i, level) in report.levels.iter().enumerate() {
            if j.steps.iter().any(|s| s.level.as_deref() == Some(level)) {
                lanes.push(level.clone());
                colours.push(i);
            }
        }
        for s in &j.steps {
            if let Some(l) = &s.level
                && !lanes.contains(l)
            {
                lanes.push(l.clone());
                colours.push(report.levels.len() + lanes.len());
            }
        }
        let has_follow_up = j.steps.iter().any(|s| s.event == "follow_up");
        let follow_lane = lanes.len();
        if has_follow_up {
            lanes.push("follow-up".into());
            colours.push(usize::MAX);
        }
        let lane_of = |s: &Step| s.level.as_ref().and_then(|l| lanes.iter().position(|x| x == l));

        let mut segments = Vec::new();
        let mut markers = Vec::new();
        let mut open: Option<(State, usize, f64)> = None;
        let mut current: Option<usize> = None;
        let mut current_level: Option<String> = None;
        let mut end = 0.0f64;
        for s in &j.steps {
            let t = rel(s);
            end = end.max(t);
            let lane = lane_of(s);
            let closes = matches!(
                s.event.as_str(),
                "queued"
                    | "service_started"
                    | "service_ended"
                    | "escalated"
                    | "requeued"
                    | "resolved"
                    | "follow_up"
                    | "reopened"
                    | "censored"
            );
            if closes && let Some((state, l, from)) = open.take() {
                let colour = colours.get(l).copied().unwrap_or(0);
                segments.push(Segment { lane: l, colour, state, from, to: t });
            }
            open = match (s.event.as_str(), lane) {
                ("queued", Some(l)) => Some((State::Waiting, l, t)),
                ("service_started", Some(l)) => Some((State::Service, l, t)),
                ("follow_up", _) if has_follow_up => Some((State::FollowUp, follow_lane, t)),
                _ => open,
            };
            if MARKED.contains(&s.event.as_str()) {
                let top = ON_TOP.contains(&s.event.as_str());
                let (lane, from_lane) = match s.event.as_str() {
                    "follow_up" => (Some(follow_lane), current),
                    "reopened" => (lane, has_follow_up.then_some(follow_lane)),
                    _ if top => (None, None),
                    _ => (lane, current),
                };
                markers.push(Marker { step: s, t, lane, from_lane, from_level: current_level.clone() });
            }
            if lane.is_some() {
                current = lane;
                current_level.clone_from(&s.level);
            }
        }
        if let Some((state, l, from)) = open {
            let to = j.resolved_min.map_or(end, |r| (r - j.arrival_min).max(from));
            end = end.max(to);
            segments.push(Segment { lane: l, colour: colours.get(l).copied().unwrap_or(0), state, from, to });
        }
        Timeline { lanes, colours, segments, markers, end }
    }
}

fn event_words(event: &str) -> String {
    match event {
        "at_risk" => "SLA at risk".into(),
        "follow_up" => "resolved, follow-up".into(),
        other => other.replace('_', " "),
    }
}

/// What a step says in the list and in its tooltip.
fn step_text(s: &Step, from_level: Option<&str>) -> (String, String) {
    let level = s.level.as_deref().unwrap_or("");
    let what = match s.event.as_str() {
        "escalated" => match from_level {
            Some(f) => format!("escalated {f} → {level}"),
            None => format!("escalated to {level}"),
        },
        "queued" => format!("queued at {level}"),
        "service_started" => format!("service started at {level}"),
        "service_ended" => format!("service ended at {level}"),
        "requeued" => format!("requeued at {level}"),
        "arrived" => format!("arrived at {level}"),
        "resolved" => format!("resolved at {level}"),
        other => event_words(other),
    };
    // The engine's detail, less what the summary already says.
    let detail = match s.event.as_str() {
        "escalated" => s.detail.rfind('(').map(|i| s.detail[i..].to_string()).unwrap_or_default(),
        "requeued" | "queued" | "resolved" => String::new(),
        _ => s.detail.clone(),
    };
    (what, detail)
}

fn time_text(t: f64) -> String {
    format!("+{}", format::minutes(t))
}

/// The journey shown first: the first that breached its resolution target, else the first.
pub fn first_shown(report: &Report) -> usize {
    report.journeys.iter().position(|j| j.resolution_breached).unwrap_or(0)
}

/// The option text of journey `j` in the issue picker.
pub fn option_text(j: &Journey) -> String {
    let outcome = match j.resolved_min {
        Some(r) => format!("resolved after {}", format::minutes(r - j.arrival_min)),
        None => "still open".into(),
    };
    let flag = if j.resolution_breached { " · breached" } else { "" };
    format!("#{} · {} · {} — {outcome}{flag}", j.issue, j.priority, j.category)
}

/// Sampled journey `index` (the last if past the end) as a timeline, with the trigger behind
/// each step.
pub fn figure(report: &Report, index: usize) -> Figure {
    let mut f = Figure {
        id: "journey-timeline",
        title: "Issue journeys",
        guide: "Sampled issues from the first replication, step by step. Pick an issue; times are from its arrival."
            .into(),
        ..Figure::default()
    };
    let journeys = &report.journeys;
    if journeys.is_empty() {
        return f.nothing("No journeys were sampled (the scenario's run.journeys is 0, or no issue was counted).");
    }
    let (body, drawing) = journey_view(report, &journeys[index.min(journeys.len() - 1)]);
    f.body = body;
    f.drawing = Some(drawing);
    f
}

fn journey_view(report: &Report, j: &Journey) -> (String, Drawing) {
    let tl = Timeline::of(report, j);
    let p = report.priorities.iter().position(|p| *p == j.priority);
    // The target line is drawn only where elapsed time is the SLA clock, and one target applies.
    let target = p.map(|p| common::targets(report, p, false)).and_then(|t| match t.as_slice() {
        [t] if !t.business_hours => Some(t.minutes),
        _ => None,
    });
    let end = tl.end.max(target.filter(|&t| t <= tl.end * 2.0).unwrap_or(0.0)).max(1.0);
    let x = Linear::new((0.0, end * 1.02), (LEFT, WIDTH - RIGHT));
    let lanes_top = EVENTS_H;
    let lane_y = |l: usize| lanes_top + l as f64 * LANE + (LANE - BAR) / 2.0;
    let plot_bottom = lanes_top + tl.lanes.len() as f64 * LANE;
    let height = plot_bottom + AXIS;
    let x_ticks: Vec<(f64, String)> = common::duration_ticks(end)
        .into_iter()
        .filter(|&t| t <= end * 1.02)
        .map(|t| (x.at(t), if t == 0.0 { "0".to_string() } else { format::minutes(t) }))
        .collect();
    let colour = |i: usize| if i == usize::MAX { "var(--chart-muted)".to_string() } else { common::series(i) };

    let mut s = Svg::default();
    s.text("text", &[("class", "row-sublabel"), ("x", "0"), ("y", "14")], "notifications");
    let (left, right) = (n(LEFT), n(WIDTH - RIGHT));
    let top_line = n(lanes_top - 2.0);
    s.leaf("line", &[("class", "grid"), ("x1", &left), ("x2", &right), ("y1", &top_line), ("y2", &top_line)]);
    for (l, name) in tl.lanes.iter().enumerate() {
        let mid = n(lane_y(l) + BAR / 2.0);
        s.open("g", &[("class", "lane")]);
        s.title(name);
        s.text(
            "text",
            &[("class", "row-label"), ("x", "0"), ("y", &mid), ("dominant-baseline", "middle")],
            &clip(name, 16),
        );
        s.leaf("line", &[("class", "grid"), ("x1", &left), ("x2", &right), ("y1", &mid), ("y2", &mid)]);
        s.close("g");
    }
    common::x_axis(&mut s, &x_ticks, plot_bottom + 2.0, LEFT, WIDTH - RIGHT);
    common::axis_title(&mut s, "time since arrival", WIDTH - RIGHT, height - 4.0, "end", false);
    if let Some(t) = target.filter(|&t| t <= end * 1.02) {
        s.open("g", &[("class", "target-line")]);
        s.title(&format!("{} resolution target: {}", j.priority, format::minutes(t)));
        let xx = n(x.at(t));
        s.leaf("line", &[("x1", &xx), ("x2", &xx), ("y1", &n(lanes_top - 4.0)), ("y2", &n(plot_bottom))]);
        let attrs: &[(&str, &str)] = &[("x", &n(x.at(t) - 4.0)), ("y", &n(plot_bottom + 30.0)), ("text-anchor", "end")];
        s.text("text", attrs, &format!("target {}", format::minutes(t)));
        s.close("g");
    }
    for seg in &tl.segments {
        let (x0, x1) = (x.at(seg.from), x.at(seg.to));
        let (class, words) = match seg.state {
            State::Waiting => ("seg wait", "waiting"),
            State::Service => ("seg service", "in service"),
            State::FollowUp => ("seg follow", "resolved, waiting to see if it reopens"),
        };
        let tip = format!(
            "{} {words}: {} → {} ({})",
            tl.lanes.get(seg.lane).cloned().unwrap_or_default(),
            time_text(seg.from),
            time_text(seg.to),
            format::minutes(seg.to - seg.from)
        );
        let style = format!("--c: {}", colour(seg.colour));
        let attrs: &[(&str, &str)] = &[
            ("class", class),
            ("x", &n(x0)),
            ("y", &n(lane_y(seg.lane))),
            ("width", &n((x1 - x0).max(1.5))),
            ("height", &n(BAR)),
            ("rx", "2"),
            ("style", &style),
        ];
        s.open("rect", attrs);
        s.title(&tip);
        s.close("rect");
    }
    let mut last_top_x = f64::NEG_INFINITY;
    let mut top_row = 0;
    for m in &tl.markers {
        let mx = x.at(m.t);
        let my = match m.lane {
            Some(l) => lane_y(l) + BAR / 2.0,
            None => {
                top_row = if mx - last_top_x < 8.0 { 1 - top_row } else { 0 };
                last_top_x = mx;
                9.0 + f64::from(top_row) * 12.0
            }
        };
        let (what, detail) = step_text(m.step, m.from_level.as_deref());
        let trigger = m.step.trigger.as_ref().map(|t| format!(" — trigger ‘{t}’")).unwrap_or_default();
        let tip = format!(
            "{} {what}{}{trigger}",
            time_text(m.t),
            if detail.is_empty() { String::new() } else { format!(": {detail}") }
        );
        let connector = match (m.from_lane, m.lane) {
            (Some(a), Some(b)) if a != b => Some((lane_y(a) + BAR / 2.0, lane_y(b) + BAR / 2.0)),
            _ => None,
        };
        let class = format!("marker {}", m.step.event);
        s.open("g", &[("class", &class), ("data-event", &m.step.event)]);
        s.title(&tip);
        if let Some((y0, y1)) = connector {
            let xx = n(mx);
            s.leaf("line", &[("class", "move-line"), ("x1", &xx), ("x2", &xx), ("y1", &n(y0)), ("y2", &n(y1))]);
        }
        s.leaf("path", &[("d", &glyph(&m.step.event, mx, my))]);
        s.close("g");
    }
    let status = match (j.resolved_min, j.resolution_breached) {
        (Some(r), false) => format!("resolved after {} · within target", format::minutes(r - j.arrival_min)),
        (Some(r), true) => {
            format!("resolved after {} · breached the resolution target", format::minutes(r - j.arrival_min))
        }
        (None, true) => "still open at the stop · breached".to_string(),
        (None, false) => "still open at the stop".to_string(),
    };
    let attributes: String = j.attributes.iter().fold(String::new(), |mut s, (k, v)| {
        s.push_str(&format!(" · {k} {v}"));
        s
    });
    let label = format!(
        "Journey of issue {}, priority {}, through {}: {status}.",
        j.issue,
        j.priority,
        tl.lanes.iter().filter(|l| *l != "follow-up").cloned().collect::<Vec<_>>().join(", ")
    );
    let mut legend = vec![
        Entry::new(Swatch::Box, "var(--chart-node)", "in service (colour: level)"),
        Entry::new(Swatch::Box, "color-mix(in srgb, var(--chart-node) 28%, transparent)", "waiting"),
    ];
    if tl.colours.contains(&usize::MAX) {
        legend.push(Entry::new(Swatch::Box, "color-mix(in srgb, var(--chart-muted) 18%, transparent)", "follow-up"));
    }
    let drawing = Drawing { height, label, inner: s.0, legend };
    let far_target = target.filter(|&t| t > end * 1.02);
    let mut h = Svg::default();
    h.open("div", &[("class", "journey"), ("data-issue", &j.issue.to_string())]);
    h.open("p", &[("class", if j.resolution_breached { "journey-head breached" } else { "journey-head" })]);
    h.text("strong", &[], &format!("Issue #{} · {} · {}", j.issue, j.priority, j.category));
    h.words(&format!("{attributes} · arrived {} h into the run · {status}", format::trim(j.arrival_min / 60.0, 1)));
    if let Some(t) = far_target {
        h.words(&format!(" (target {}, off the scale)", format::minutes(t)));
    }
    h.close("p");
    h.0.push_str(&format!(r#"<div class="chart-scroll">{}</div>"#, drawing.svg()));
    h.open("ul", &[("class", "chart-legend marker-legend"), ("aria-label", "Markers")]);
    legend_markers(&mut h, j);
    h.close("ul");
    h.0.push_str(&common::legend("Lanes", &drawing.legend));
    h.open("ol", &[("class", "journey-steps")]);
    step_list(&mut h, j);
    h.close("ol");
    h.close("div");
    (h.0, drawing)
}

/// The step list: every step with its time, what happened, the detail and the trigger.
fn step_list(h: &mut Svg, j: &Journey) {
    let mut level: Option<&str> = None;
    for s in &j.steps {
        let t = if s.t_min.is_finite() { (s.t_min - j.arrival_min).max(0.0) } else { 0.0 };
        let (what, detail) = step_text(s, level);
        if s.level.is_some() {
            level = s.level.as_deref();
        }
        let key =
            matches!(s.event.as_str(), "escalated" | "reopened" | "resolved" | "at_risk" | "notified" | "censored");
        h.open("li", &[("class", if key { "step key" } else { "step" }), ("data-event", &s.event)]);
        h.text("span", &[("class", "step-time")], &time_text(t));
        h.text("span", &[("class", "step-what")], &what);
        if !detail.is_empty() {
            h.text("span", &[("class", "step-detail")], &detail);
        }
        if let Some(tr) = &s.trigger {
            h.text("span", &[("class", "step-trigger")], &format!("trigger ‘{tr}’"));
        }
        h.close("li");
    }
}

/// The marker shapes this journey uses, explained.
fn legend_markers(h: &mut Svg, j: &Journey) {
    let shapes = [
        ("escalated", "escalated"),
        ("requeued", "requeued (rework)"),
        ("notified", "notified"),
        ("at_risk", "SLA at risk"),
        ("escalation_pending", "escalation pending"),
        ("follow_up", "resolved, may reopen"),
        ("reopened", "reopened"),
        ("resolved", "resolved"),
        ("censored", "still open at the stop"),
    ];
    for (event, words) in shapes.iter().filter(|(event, _)| j.steps.iter().any(|s| s.event == *event)) {
        h.open("li", &[]);
        let class = format!("marker-swatch marker {event}");
        h.open("svg", &[("class", &class), ("viewBox", "-6 -6 12 12"), ("aria-hidden", "true")]);
        h.leaf("path", &[("d", &glyph(event, 0.0, 0.0))]);
        h.close("svg");
        h.words(words);
        h.close("li");
    }
}

/// A marker's shape centred at `(x, y)`, as path data.
fn glyph(event: &str, x: f64, y: f64) -> String {
    let p = |pts: &[(f64, f64)]| {
        let mut d = String::new();
        for (i, (dx, dy)) in pts.iter().enumerate() {
            d.push_str(&format!("{}{},{} ", if i == 0 { "M" } else { "L" }, n(x + dx), n(y + dy)));
        }
        d.push('Z');
        d
    };
    match event {
        "escalated" => p(&[(-4.0, -5.0), (5.0, 0.0), (-4.0, 5.0)]),
        "escalation_pending" => p(&[(-3.0, -4.0), (4.0, 0.0), (-3.0, 4.0)]),
        "at_risk" => p(&[(0.0, -5.0), (5.0, 0.0), (0.0, 5.0), (-5.0, 0.0)]),
        "resolved" | "follow_up" => p(&[(-4.5, -4.5), (4.5, -4.5), (4.5, 4.5), (-4.5, 4.5)]),
        "reopened" => p(&[(-5.0, 0.0), (4.0, -5.0), (4.0, 5.0)]),
        "censored" => format!(
            "M{},{} L{},{} M{},{} L{},{}",
            n(x - 4.5),
            n(y - 4.5),
            n(x + 4.5),
            n(y + 4.5),
            n(x + 4.5),
            n(y - 4.5),
            n(x - 4.5),
            n(y + 4.5)
        ),
        // notified, requeued: a circle.
        _ => format!("M{},{} a4,4 0 1,0 8,0 a4,4 0 1,0 -8,0 Z", n(x - 4.0), n(y)),
    }
}
