//! What the History tab draws, made in the worker from the engine's trends, proposal and fit
//! check: charts as labelled series, tables as text, sentences. Only these few plain shapes
//! cross to the page, so the page decodes a handful of small types instead of every figure of
//! the engine's own (and the download stays small).

use serde::{Deserialize, Serialize};

use crate::engine::calibrate::{FitCheck, Proposal, Verdict};
use crate::engine::fit::Interval;
use crate::engine::report::csv::{Csv, number};
use crate::engine::trends::{self, GroupLoad, Sla, Trends};
use crate::ui::format;

const HOUR_MS: f64 = 3_600_000.0;

/// One line of a chart: a name and a value per label (`None`: no value there).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Line {
    pub name: String,
    pub values: Vec<Option<f64>>,
}

/// A chart of lines over labelled points (buckets, or a histogram's bins).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Chart {
    pub title: String,
    /// One line on how to read it.
    pub guide: String,
    /// The y axis: what a value counts ("tickets", "hours").
    pub y: String,
    /// Values are shares, drawn 0–100%.
    pub share: bool,
    pub labels: Vec<String>,
    pub lines: Vec<Line>,
    /// Why nothing is drawn, when nothing is.
    pub empty: Option<String>,
    /// The chart's figures as CSV.
    pub csv: String,
}

/// A table of text.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Table {
    pub caption: String,
    pub head: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// Rows to mark (a small sample, a figure off its interval).
    pub marked: Vec<bool>,
    pub csv: String,
}

/// The trends of a history, to draw.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrendsView {
    /// What the figures say, a sentence each.
    pub findings: Vec<String>,
    /// Per day or per week.
    pub bucket: String,
    /// Opened, escalations, attainment, time to resolve, backlog.
    pub charts: Vec<Chart>,
    /// Tickets opened by hour of week: 7 rows (Monday first) of 24, at the export's offset.
    pub heatmap: Vec<Vec<u64>>,
    pub heatmap_csv: String,
    /// Busiest groups, groups escalating most, escalation paths.
    pub tables: Vec<Table>,
}

/// A level's service time as fitted: the sample's histogram with each family's curve over it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ServiceView {
    pub level: String,
    /// The fit in words (family, mean, cv, KS distance, sample size), or why there is none.
    pub words: String,
    /// Counts per bin and the families' expected counts, labelled by bin (minutes).
    pub chart: Option<Chart>,
    pub small: bool,
}

/// A proposed scenario, to review.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProposalView {
    /// The scenario as JSON text, ready for the editor.
    pub scenario: String,
    /// The levels, frontline first, each with the groups mapped to it.
    pub levels: Vec<(String, Vec<String>)>,
    pub figures: Table,
    pub services: Vec<ServiceView>,
    pub assumptions: Vec<String>,
}

/// The fit check, to show.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CheckView {
    pub table: Table,
    pub notes: Vec<String>,
    pub summary: String,
    /// Rows inside their interval, and rows with one.
    pub inside: u32,
    pub compared: u32,
}

fn hours(ms: Option<f64>) -> Option<f64> {
    ms.map(|m| m / HOUR_MS)
}

fn lines_csv(first: &str, labels: &[String], lines: &[Line]) -> String {
    let mut csv = Csv(String::new());
    csv.row(std::iter::once(first.to_string()).chain(lines.iter().map(|l| l.name.clone())));
    for (i, label) in labels.iter().enumerate() {
        csv.row(std::iter::once(label.clone()).chain(lines.iter().map(|l| number(l.values.get(i).copied().flatten()))));
    }
    csv.0
}

fn chart(t: &Trends, title: &str, guide: &str, y: &str, share: bool, lines: Vec<Line>) -> Chart {
    let labels: Vec<String> = t.buckets.iter().map(|b| b.label.clone()).collect();
    let csv = lines_csv(t.bucket_size.name(), &labels, &lines);
    let empty = t.buckets.is_empty().then(|| "No ticket was opened.".to_string());
    Chart { title: title.into(), guide: guide.into(), y: y.into(), share, labels, lines, empty, csv }
}

fn per_bucket(t: &Trends, name: &str, value: impl Fn(&trends::Bucket) -> Option<f64>) -> Line {
    Line { name: name.into(), values: t.buckets.iter().map(value).collect() }
}

/// The trends as charts, tables and sentences.
pub fn trends(t: &Trends) -> TrendsView {
    let per = t.bucket_size.name();
    let opened = t
        .priorities
        .iter()
        .enumerate()
        .map(|(p, name)| per_bucket(t, name, |b| b.opened_per_priority.get(p).map(|&n| n as f64)))
        .collect();
    let escalated = vec![
        per_bucket(t, "escalated", |b| b.escalated_share),
        per_bucket(t, "sent back to a group it had left", |b| b.ping_pong_share),
    ];
    let attainment: Vec<Line> = t
        .priorities
        .iter()
        .enumerate()
        .map(|(p, name)| per_bucket(t, name, |b| b.attainment.get(p).copied().flatten()))
        .collect();
    let resolve = vec![
        per_bucket(t, "median", |b| hours(b.resolve_median_ms)),
        per_bucket(t, "90th percentile", |b| hours(b.resolve_p90_ms)),
    ];
    let backlog = vec![per_bucket(t, "open tickets", |b| Some(b.backlog as f64))];
    let sla_guide = match &t.sla {
        Sla::NotKnown { reason } => reason.clone(),
        Sla::Export => {
            format!("Per priority, the share of the tickets opened that {per} that met their SLA, as the export says.")
        }
        #[allow(unreachable_patterns, reason = "the SLA's sources grow with the engine")]
        _ => format!("Per priority, the share of the tickets opened that {per} that met their SLA."),
    };
    let mut attainment_chart = chart(t, "SLA attainment", &sla_guide, "met their SLA", true, attainment);
    if matches!(t.sla, Sla::NotKnown { .. }) {
        attainment_chart.empty = Some(sla_guide);
    }
    let charts = vec![
        chart(t, "Tickets opened", &format!("Tickets opened per {per}, per priority."), "tickets", false, opened),
        chart(
            t,
            "Escalations",
            &format!(
                "Of the tickets opened each {per}, the share moved to another group, and the share sent back to a group it had left (ping-pong)."
            ),
            "of tickets",
            true,
            escalated,
        ),
        attainment_chart,
        chart(
            t,
            "Time to resolve",
            &format!("Opened to resolved, for the tickets opened each {per} that were resolved."),
            "hours",
            false,
            resolve,
        ),
        chart(t, "Backlog", &format!("Tickets open at the end of each {per}."), "tickets", false, backlog),
    ];
    let tables = vec![
        groups_table("Busiest groups", &t.busiest_groups, trends::csv::table(t, "groups").unwrap_or_default()),
        groups_table(
            "Groups escalating most",
            &t.escalating_groups,
            trends::csv::table(t, "escalating-groups").unwrap_or_default(),
        ),
        Table {
            caption: "Most common escalation paths".into(),
            head: vec!["path".into(), "tickets".into(), "of escalated".into()],
            rows: t
                .paths
                .iter()
                .map(|p| vec![p.groups.join(" → "), p.tickets.to_string(), format::percent(p.share)])
                .collect(),
            marked: Vec::new(),
            csv: trends::csv::table(t, "paths").unwrap_or_default(),
        },
    ];
    TrendsView {
        findings: t.findings.clone(),
        bucket: per.into(),
        charts,
        heatmap: t.heatmap.clone(),
        heatmap_csv: trends::csv::table(t, "heatmap").unwrap_or_default(),
        tables,
    }
}

fn groups_table(caption: &str, groups: &[GroupLoad], csv: String) -> Table {
    Table {
        caption: caption.into(),
        head: vec!["group".into(), "visits".into(), "hours held".into(), "escalations out".into(), "starts".into()],
        rows: groups
            .iter()
            .map(|g| {
                vec![
                    g.group.clone(),
                    format::count(g.visits as f64),
                    format::trim(g.held_ms as f64 / HOUR_MS, 1),
                    format::count(g.escalations_out as f64),
                    format::count(g.starts as f64),
                ]
            })
            .collect(),
        marked: Vec::new(),
        csv,
    }
}

/// A figure as people read it, in its unit: a share as a percentage.
fn shown(x: f64, unit: &str) -> String {
    match unit {
        "share" => format::percent(x),
        "minutes" => format::minutes(x),
        _ => format::trim(x, if x.abs() >= 100.0 { 1 } else { 3 }),
    }
}

fn interval_text(i: &Interval, unit: &str) -> String {
    let end = |x: Option<f64>| x.map_or_else(|| "open".to_string(), |v| shown(v, unit));
    format!("{}–{}", end(i.low), end(i.high))
}

/// A proposal as tables and words.
pub fn proposal(p: &Proposal, levels: Vec<(String, Vec<String>)>) -> ProposalView {
    let mut csv = Csv(String::new());
    csv.row(["figure", "estimate", "low", "high", "n", "unit"]);
    for f in &p.figures {
        csv.row([
            f.name.clone(),
            number(Some(f.estimate.estimate)),
            number(f.estimate.low),
            number(f.estimate.high),
            f.estimate.n.to_string(),
            f.unit.clone(),
        ]);
    }
    let figures = Table {
        caption: "Estimates, each with its 95% interval and sample size".into(),
        head: vec!["figure".into(), "estimate".into(), "95% interval".into(), "n".into()],
        rows: p
            .figures
            .iter()
            .map(|f| {
                let unit =
                    if matches!(f.unit.as_str(), "share" | "minutes") { String::new() } else { format!(" {}", f.unit) };
                vec![
                    f.name.clone(),
                    format!("{}{unit}", shown(f.estimate.estimate, &f.unit)),
                    interval_text(&f.estimate, &f.unit),
                    format!("{}{}", format::count(f.estimate.n as f64), if f.estimate.small { " (few)" } else { "" }),
                ]
            })
            .collect(),
        marked: p.figures.iter().map(|f| f.estimate.small).collect(),
        csv: csv.0,
    };
    let services = p
        .services
        .iter()
        .map(|s| {
            let Some(fit) = &s.fit else {
                return ServiceView {
                    level: s.level.clone(),
                    words: "not fitted: see the assumptions".into(),
                    chart: None,
                    small: true,
                };
            };
            let best = fit.best();
            let what = if s.work { "work" } else { "time held" };
            let words = format!(
                "{}: mean {}, cv {} ({what}, {} stays{}); Kolmogorov–Smirnov distance {} ({})",
                best.family().name(),
                format::minutes(best.mean),
                format::trim(best.cv, 2),
                format::count(fit.n as f64),
                if fit.small { ", few" } else { "" },
                format::trim(best.ks_distance, 3),
                if best.ks_p_value < 0.001 { "p < 0.001".to_string() } else { format!("p {}", format::trim(best.ks_p_value, 3)) },
            );
            let h = &fit.histogram;
            let labels: Vec<String> = h.edges.windows(2).map(|w| format::minutes(f64::midpoint(w[0], w[1]))).collect();
            let mut lines = vec![Line { name: "stays".into(), values: h.counts.iter().map(|&c| Some(c as f64)).collect() }];
            lines.extend(h.curves.iter().map(|c| Line {
                name: c.family.name().to_string(),
                values: c.expected.iter().map(|&e| Some(e)).collect(),
            }));
            let csv = lines_csv("bin middle", &labels, &lines);
            let chart = Chart {
                title: format!("{} service time", s.level),
                guide: "The stays' durations (bars) and each fitted family's expected counts (lines); the best by AIC is first."
                    .into(),
                y: "stays".into(),
                share: false,
                labels,
                lines,
                empty: None,
                csv,
            };
            ServiceView { level: s.level.clone(), words, chart: Some(chart), small: fit.small }
        })
        .collect();
    let scenario = serde_json::to_string_pretty(&p.document).unwrap_or_default();
    ProposalView { scenario, levels, figures, services, assumptions: p.assumptions.clone() }
}

/// A fit check as a table and sentences.
pub fn check(c: &FitCheck) -> CheckView {
    let mut csv = Csv(String::new());
    csv.row(["figure", "observed", "simulated", "low", "high", "verdict"]);
    let verdict = |v: &Verdict| match v {
        Verdict::Inside => "inside".to_string(),
        Verdict::Off { by, relative } => {
            format!("off by {} ({}%)", signed(*by), signed(100.0 * relative))
        }
        Verdict::NoInterval => "no interval".to_string(),
    };
    for r in &c.rows {
        csv.row([
            r.name.clone(),
            number(Some(r.observed)),
            number(Some(r.simulated)),
            number(r.low),
            number(r.high),
            verdict(&r.verdict),
        ]);
    }
    // Times are minutes: shown as durations, and the row says what without the unit.
    let value = |x: f64, minutes: bool| {
        if minutes { format::minutes(x) } else { format::trim(x, if x.abs() >= 100.0 { 0 } else { 3 }) }
    };
    let table = Table {
        caption: "Observed against simulated: one simulated run's 95% interval".into(),
        head: vec![
            "figure".into(),
            "observed".into(),
            "simulated".into(),
            "one run's 95% interval".into(),
            "verdict".into(),
        ],
        rows: c
            .rows
            .iter()
            .map(|r| {
                let (name, minutes) = match r.name.strip_suffix(", minutes") {
                    Some(name) => (name.to_string(), true),
                    None => (r.name.clone(), false),
                };
                let range = match (r.low, r.high) {
                    (Some(l), Some(h)) => format!("{}–{}", value(l, minutes), value(h, minutes)),
                    _ => "none".into(),
                };
                let verdict = match r.verdict {
                    Verdict::Off { by, relative } if minutes => {
                        format!(
                            "off by {}{} ({}%)",
                            if by > 0.0 { "+" } else { "−" },
                            format::minutes(by.abs()),
                            signed(100.0 * relative)
                        )
                    }
                    _ => verdict(&r.verdict),
                };
                vec![name, value(r.observed, minutes), value(r.simulated, minutes), range, verdict]
            })
            .collect(),
        marked: c.rows.iter().map(|r| matches!(r.verdict, Verdict::Off { .. })).collect(),
        csv: csv.0,
    };
    let compared = c.rows.iter().filter(|r| !matches!(r.verdict, Verdict::NoInterval)).count() as u32;
    let inside = c.rows.iter().filter(|r| matches!(r.verdict, Verdict::Inside)).count() as u32;
    CheckView { table, notes: c.notes.clone(), summary: c.summary.clone(), inside, compared }
}

fn signed(x: f64) -> String {
    let t = format::trim(x, if x.abs() >= 10.0 { 0 } else { 2 });
    if x > 0.0 { format!("+{t}") } else { t }
}
