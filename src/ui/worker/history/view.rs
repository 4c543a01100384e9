//! What the History tab draws, made in the worker from the engine's trends, proposal and fit
//! check: charts as labelled series, tables as text, sentences, in the few plain shapes that
//! cross to the page (`wire::history`).

use std::fmt::Write as _;

use super::markup::{self, Out};
use crate::engine::calibrate::{FitCheck, Proposal, Verdict};
use crate::engine::fit::Interval;
use crate::engine::report::csv::{Csv, number};
use crate::engine::trends::{self, GroupLoad, Sla, Trends};
use crate::figures::common::esc;
use crate::ui::format;
use crate::wire::{CheckView, Markup, ProposalView};

const HOUR_MS: f64 = 3_600_000.0;

impl From<Out> for Markup {
    fn from(out: Out) -> Markup {
        Markup { html: out.html, csvs: out.csvs }
    }
}

fn hours(ms: Option<f64>) -> Option<f64> {
    ms.map(|m| m / HOUR_MS)
}

type Lines = Vec<(String, Vec<Option<f64>>)>;

fn per_bucket(t: &Trends, name: &str, value: impl Fn(&trends::Bucket) -> Option<f64>) -> (String, Vec<Option<f64>>) {
    (name.to_string(), t.buckets.iter().map(value).collect())
}

/// The trends as markup: findings, a chart per figure, the heatmap, the top lists.
pub fn trends(t: &Trends) -> Markup {
    let per = t.bucket_size.name();
    let labels: Vec<String> = t.buckets.iter().map(|b| b.label.clone()).collect();
    let mut out = Out::default();
    let _ = write!(
        out.html,
        r#"<h3 id="history-trends-title">Trends, per {per}</h3><p class="history-findings" id="history-findings">{}</p><div class="history-charts">"#,
        esc(&t.findings.join(" "))
    );
    let opened: Lines = t
        .priorities
        .iter()
        .enumerate()
        .map(|(p, name)| per_bucket(t, name, |b| b.opened_per_priority.get(p).map(|&n| n as f64)))
        .collect();
    let escalated: Lines = vec![
        per_bucket(t, "escalated", |b| b.escalated_share),
        per_bucket(t, "sent back to a group it had left", |b| b.ping_pong_share),
    ];
    let attainment: Lines = t
        .priorities
        .iter()
        .enumerate()
        .map(|(p, name)| per_bucket(t, name, |b| b.attainment.get(p).copied().flatten()))
        .collect();
    let resolve: Lines = vec![
        per_bucket(t, "median", |b| hours(b.resolve_median_ms)),
        per_bucket(t, "90th percentile", |b| hours(b.resolve_p90_ms)),
    ];
    let backlog: Lines = vec![per_bucket(t, "open tickets", |b| Some(b.backlog as f64))];
    let (sla_guide, sla_empty) = match &t.sla {
        Sla::NotKnown { reason } => (reason.clone(), Some(reason.as_str())),
        Sla::Export => (
            format!("Per priority, the share of the tickets opened that {per} that met their SLA, as the export says."),
            None,
        ),
        Sla::Targets { unmatched, .. } => {
            let mut guide = format!(
                "Per priority, the share of the tickets opened that {per} that met the scenario's resolution target, counted in its calendars' hours"
            );
            if !unmatched.is_empty() {
                let _ = write!(guide, "; no target for {}", unmatched.join(", "));
            }
            guide.push('.');
            (guide, None)
        }
    };
    let mut draw = |id: &str, title: &str, guide: &str, y: &str, share: bool, lines: &Lines, empty: Option<&str>| {
        let chart = markup::Chart { title, guide, y, share, labels: &labels, lines, per };
        markup::chart(&mut out, id, &chart, false, empty);
    };
    draw(
        "history-opened",
        "Tickets opened",
        &format!("Tickets opened per {per}, per priority."),
        "tickets",
        false,
        &opened,
        None,
    );
    draw(
        "history-escalations",
        "Escalations",
        &format!(
            "Of the tickets opened each {per}, the share moved to another group, and the share sent back to a group it had left (ping-pong)."
        ),
        "of tickets",
        true,
        &escalated,
        None,
    );
    draw("history-attainment", "SLA attainment", &sla_guide, "met their SLA", true, &attainment, sla_empty);
    draw(
        "history-resolve",
        "Time to resolve",
        &format!("Opened to resolved, for the tickets opened each {per} that were resolved."),
        "hours",
        false,
        &resolve,
        None,
    );
    draw(
        "history-backlog",
        "Backlog",
        &format!("Tickets open at the end of each {per}."),
        "tickets",
        false,
        &backlog,
        None,
    );
    markup::heatmap(&mut out, &t.heatmap, trends::csv::table(t, "heatmap").unwrap_or_default());
    out.push("</div>");
    groups_table(&mut out, "history-groups", "Busiest groups", &t.busiest_groups, trends::csv::table(t, "groups"));
    groups_table(
        &mut out,
        "history-escalating",
        "Groups escalating most",
        &t.escalating_groups,
        trends::csv::table(t, "escalating-groups"),
    );
    let paths: Vec<Vec<String>> =
        t.paths.iter().map(|p| vec![p.groups.join(" → "), p.tickets.to_string(), format::percent(p.share)]).collect();
    let table = markup::Table {
        id: "history-paths",
        caption: "Most common escalation paths",
        guide: "",
        head: &["path", "tickets", "of escalated"],
        rows: &paths,
        marked: &[],
    };
    markup::table(&mut out, &table, trends::csv::table(t, "paths").unwrap_or_default());
    out.into()
}

fn groups_table(out: &mut Out, id: &str, caption: &str, groups: &[GroupLoad], csv: Option<String>) {
    let rows: Vec<Vec<String>> = groups
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
        .collect();
    let head = ["group", "visits", "hours held", "escalations out", "starts"];
    let table = markup::Table { id, caption, guide: "", head: &head, rows: &rows, marked: &[] };
    markup::table(out, &table, csv.unwrap_or_default());
}

/// A figure as people read it, in its unit: a share as a percentage, minutes as a duration.
fn shown(x: f64, unit: &str) -> String {
    match unit {
        "share" => format::percent(x),
        "minutes" => format::minutes(x),
        _ => format::trim(x, if x.abs() >= 100.0 { 1 } else { 2 }),
    }
}

fn interval_text(i: &Interval, unit: &str) -> String {
    let end = |x: Option<f64>| x.map_or_else(|| "open".to_string(), |v| shown(v, unit));
    format!("{}–{}", end(i.low), end(i.high))
}

/// A proposal: its estimates, each level's fitted service time, the assumptions.
pub fn proposal(p: &Proposal, levels: Vec<(String, Vec<String>)>) -> ProposalView {
    let mut out = Out::default();
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
    let rows: Vec<Vec<String>> = p
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
        .collect();
    let marked: Vec<bool> = p.figures.iter().map(|f| f.estimate.small).collect();
    let table = markup::Table {
        id: "history-estimates",
        caption: "Estimates, each with its 95% interval and sample size",
        guide: "Rows in amber rest on fewer than 30 tickets: rough.",
        head: &["figure", "estimate", "95% interval", "n"],
        rows: &rows,
        marked: &marked,
    };
    markup::table(&mut out, &table, csv.0);
    out.push(r#"<div class="history-fits" id="history-fits"><h4>Service times, fitted</h4>"#);
    for (i, s) in p.services.iter().enumerate() {
        let level = esc(&s.level);
        let Some(fit) = &s.fit else {
            let _ = write!(
                out.html,
                r#"<p class="fit-words few" data-level="{level}">{level}: not fitted; see the assumptions</p>"#
            );
            continue;
        };
        let best = fit.best();
        let what = if s.work { "work" } else { "time held" };
        let words = format!(
            "{} — {}: mean {}, cv {} ({what}, {} stays{}); Kolmogorov–Smirnov distance {} ({})",
            s.level,
            best.family().name(),
            format::minutes(best.mean),
            format::trim(best.cv, 2),
            format::count(fit.n as f64),
            if fit.small { ", few" } else { "" },
            format::trim(best.ks_distance, 3),
            if best.ks_p_value < 0.001 {
                "p < 0.001".to_string()
            } else {
                format!("p {}", format::trim(best.ks_p_value, 3))
            },
        );
        let _ = write!(
            out.html,
            r#"<details class="history-fit" data-level="{level}"{}><summary class="fit-words{}">{}</summary>"#,
            if i == 0 { " open" } else { "" },
            if fit.small { " few" } else { "" },
            esc(&words)
        );
        let h = &fit.histogram;
        let labels: Vec<String> = h.edges.windows(2).map(|w| format::minutes(f64::midpoint(w[0], w[1]))).collect();
        let mut lines: Lines = vec![("stays".into(), h.counts.iter().map(|&c| Some(c as f64)).collect())];
        lines.extend(
            h.curves.iter().map(|c| (c.family.name().to_string(), c.expected.iter().map(|&e| Some(e)).collect())),
        );
        let chart = markup::Chart {
            title: &format!("{} service time", s.level),
            guide: "The stays' durations (bars) and each fitted family's expected counts (lines); the best by AIC is first.",
            y: "stays",
            share: false,
            labels: &labels,
            lines: &lines,
            per: "bin middle",
        };
        markup::chart(&mut out, &format!("history-fit-{i}"), &chart, true, None);
        out.push("</details>");
    }
    let _ = write!(
        out.html,
        r#"</div><details class="history-assumptions" id="history-assumptions" open><summary>Assumptions ({})</summary>"#,
        p.assumptions.len()
    );
    markup::list(&mut out, "", &p.assumptions);
    out.push("</details>");
    let scenario = crate::engine::document::pretty(&p.document);
    ProposalView { scenario, levels, markup: out.into() }
}

/// A fit check: its overall sentence, observed against simulated row by row, its notes.
pub fn check(c: &FitCheck) -> CheckView {
    let mut csv = Csv(String::new());
    csv.row(["figure", "observed", "simulated", "low", "high", "verdict"]);
    let verdict = |v: &Verdict| match v {
        Verdict::Inside => "inside".to_string(),
        Verdict::Off { by, relative } => format!("off by {} ({}%)", signed(*by), signed(100.0 * relative)),
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
    let rows: Vec<Vec<String>> = c
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
                Verdict::Off { by, relative } if minutes => format!(
                    "off by {}{} ({}%)",
                    if by > 0.0 { "+" } else { "−" },
                    format::minutes(by.abs()),
                    signed(100.0 * relative)
                ),
                _ => verdict(&r.verdict),
            };
            vec![name, value(r.observed, minutes), value(r.simulated, minutes), range, verdict]
        })
        .collect();
    let marked: Vec<bool> = c.rows.iter().map(|r| matches!(r.verdict, Verdict::Off { .. })).collect();
    let mut out = Out::default();
    let _ = write!(out.html, r#"<p class="history-check-summary">{}</p>"#, esc(&c.summary));
    let table = markup::Table {
        id: "history-fit-check",
        caption: "Observed against simulated: one simulated run's 95% interval",
        guide: "Rows in amber lie outside the interval one simulated run falls in 95% of the time.",
        head: &["figure", "observed", "simulated", "one run's 95% interval", "verdict"],
        rows: &rows,
        marked: &marked,
    };
    markup::table(&mut out, &table, csv.0);
    markup::list(&mut out, "history-warnings", &c.notes);
    let compared = c.rows.iter().filter(|r| !matches!(r.verdict, Verdict::NoInterval)).count() as u32;
    let inside = c.rows.iter().filter(|r| matches!(r.verdict, Verdict::Inside)).count() as u32;
    CheckView { markup: out.into(), inside, compared }
}

fn signed(x: f64) -> String {
    let t = format::trim(x, if x.abs() >= 10.0 { 0 } else { 2 });
    if x > 0.0 { format!("+{t}") } else { t }
}
