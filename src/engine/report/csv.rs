//! The report as CSV tables (RFC 4180: comma-separated, CRLF line ends, fields quoted when they
//! hold a comma, a quote or a line break), for spreadsheets: per priority, per category, per
//! level, the time series, and the sampled journeys. Figures are the means over replications with
//! their 95% confidence half-widths in the next column; an empty cell is a figure with no value.

use std::fmt::Write;

use super::{Estimate, GroupKpis, Report};
use crate::engine::document::MoreTarget;

/// The tables a report exports, by file-name stem.
pub const TABLES: [&str; 5] = ["priorities", "categories", "levels", "time-series", "journeys"];

/// One table by its stem (see [`TABLES`]).
pub fn table(report: &Report, stem: &str) -> Option<String> {
    Some(match stem {
        "priorities" => groups(&report.summary.priorities),
        "categories" => groups(&report.summary.categories),
        "levels" => levels(report),
        "time-series" => time_series(report),
        "journeys" => journeys(report),
        _ => return None,
    })
}

/// A field, quoted when it must be.
pub(crate) fn field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) { format!("\"{}\"", text.replace('"', "\"\"")) } else { text.to_string() }
}

pub(crate) fn number(x: Option<f64>) -> String {
    match x {
        Some(v) if v.is_finite() => format!("{}", (v * 1e6).round() / 1e6),
        _ => String::new(),
    }
}

pub(crate) struct Csv(pub(crate) String);

impl Csv {
    pub(crate) fn row<S: AsRef<str>>(&mut self, cells: impl IntoIterator<Item = S>) {
        let cells: Vec<String> = cells.into_iter().map(|c| field(c.as_ref())).collect();
        let _ = write!(self.0, "{}\r\n", cells.join(","));
    }
}

/// `name`, `name ±` column pairs.
fn pair(out: &mut Vec<String>, name: &str) {
    out.push(name.to_string());
    out.push(format!("{name} ±"));
}

fn est(out: &mut Vec<String>, e: &Estimate) {
    out.push(number(e.mean));
    out.push(number(e.ci95));
}

fn groups(groups: &[GroupKpis<Estimate>]) -> String {
    let mut csv = Csv(String::new());
    let mut header = vec!["name".to_string()];
    for n in [
        "counted",
        "resolved",
        "time to resolution mean (min)",
        "time to resolution p50 (min)",
        "time to resolution p90 (min)",
        "time to resolution p99 (min)",
        "first response mean (min)",
        "first response p90 (min)",
        "resolution breach share",
        "first response breach share",
        "reopened",
        "escalated",
    ] {
        pair(&mut header, n);
    }
    // The reply, update and status targets some issue had.
    let mut more = Vec::new();
    for w in MoreTarget::ALL {
        if groups.iter().any(|g| g.more_breach.get(w).mean.is_some()) {
            more.push(w);
        }
    }
    for w in &more {
        pair(&mut header, &format!("{} breach share", w.words()));
    }
    csv.row(&header);
    for g in groups {
        let mut row = vec![g.name.clone()];
        for e in [
            &g.counted,
            &g.resolved,
            &g.ttr.mean,
            &g.ttr.p50,
            &g.ttr.p90,
            &g.ttr.p99,
            &g.first_response.mean,
            &g.first_response.p90,
            &g.resolution_breach,
            &g.first_response_breach,
            &g.reopened,
            &g.escalated,
        ] {
            est(&mut row, e);
        }
        for &w in &more {
            est(&mut row, g.more_breach.get(w));
        }
        csv.row(&row);
    }
    csv.0
}

fn levels(report: &Report) -> String {
    let mut csv = Csv(String::new());
    let mut header = vec!["level".to_string()];
    for n in [
        "utilization",
        "overtime (staff working past their shift's end)",
        "mean queue length",
        "mean busy staff",
        "mean staff on duty",
        "queue wait mean (min)",
        "queue wait p90 (min)",
        "visits",
        "resolved here",
        "out by outcome",
        "out by wait timer",
        "out by age trigger",
        "out by SLA trigger",
    ] {
        pair(&mut header, n);
    }
    header.push("bottleneck rank".into());
    header.push("share of breaches that waited here longest".into());
    csv.row(&header);
    for l in &report.summary.levels {
        let mut row = vec![l.name.clone()];
        for e in [
            &l.utilization,
            &l.overtime,
            &l.mean_queue_length,
            &l.mean_busy,
            &l.mean_staff,
            &l.queue_wait.mean,
            &l.queue_wait.p90,
            &l.visits,
            &l.resolved_here,
            &l.escalations_out.outcome,
            &l.escalations_out.wait_timer,
            &l.escalations_out.age_trigger,
            &l.escalations_out.sla_trigger,
        ] {
            est(&mut row, e);
        }
        let rank = report.bottlenecks.iter().position(|b| b.level == l.name);
        row.push(rank.map_or(String::new(), |r| (r + 1).to_string()));
        row.push(number(rank.map(|r| report.bottlenecks[r].share_of_breaches)));
        csv.row(&row);
    }
    csv.0
}

fn time_series(report: &Report) -> String {
    let ts = &report.time_series;
    let mut csv = Csv(String::new());
    let mut header = vec!["hour".to_string(), "arrivals".to_string()];
    for l in &ts.levels {
        header.push(format!("{} queue", l.name));
        header.push(format!("{} busy", l.name));
        header.push(format!("{} staff", l.name));
    }
    for p in &report.priorities {
        header.push(format!("{p} breaches"));
    }
    csv.row(&header);
    for (i, start) in ts.bucket_start_hours.iter().enumerate() {
        let at = |v: &Vec<f64>| number(v.get(i).copied());
        let mut row = vec![number(Some(*start)), at(&ts.arrivals)];
        for l in &ts.levels {
            row.extend([at(&l.queue), at(&l.busy), at(&l.staff)]);
        }
        for b in &ts.breaches {
            row.push(at(b));
        }
        csv.row(&row);
    }
    csv.0
}

fn journeys(report: &Report) -> String {
    let mut csv = Csv(String::new());
    csv.row([
        "issue",
        "category",
        "priority",
        "minute",
        "level",
        "event",
        "detail",
        "trigger",
        "response SLA used",
        "resolution SLA used",
    ]);
    for j in &report.journeys {
        for s in &j.steps {
            csv.row([
                j.issue.to_string(),
                j.category.clone(),
                j.priority.clone(),
                number(Some(s.t_min)),
                s.level.clone().unwrap_or_default(),
                s.event.clone(),
                s.detail.clone(),
                s.trigger.clone().unwrap_or_default(),
                number(s.sla_response_used),
                number(s.sla_resolution_used),
            ]);
        }
    }
    csv.0
}

/// A what-if sweep as one row per value: each priority's first-response and resolution
/// attainment, each level's utilization and mean queue wait (minutes), with their 95%
/// half-widths, and whether every goal was met there.
pub fn sweep(s: &crate::engine::sweep::Sweep) -> String {
    let mut csv = Csv(String::new());
    let Some(first) = s.points.first() else { return String::new() };
    let mut header = vec![s.knob.describe()];
    for a in &first.priorities {
        pair(&mut header, &format!("{} first response attainment", a.priority));
        pair(&mut header, &format!("{} resolution attainment", a.priority));
    }
    for (l, _) in &first.levels {
        pair(&mut header, &format!("{l} utilization"));
    }
    for (l, _) in &first.waits {
        pair(&mut header, &format!("{l} queue wait (min)"));
    }
    header.push("every goal met".into());
    header.push("overloaded levels".into());
    csv.row(&header);
    for p in &s.points {
        let mut row = vec![number(Some(p.value))];
        for a in &p.priorities {
            est(&mut row, &a.first_response);
            est(&mut row, &a.resolution);
        }
        for (_, u) in &p.levels {
            est(&mut row, u);
        }
        for (_, w) in &p.waits {
            est(&mut row, w);
        }
        row.push(if p.judgement.met() { "yes" } else { "no" }.into());
        row.push(p.judgement.overloaded.iter().map(|o| o.level.clone()).collect::<Vec<_>>().join("; "));
        csv.row(&row);
    }
    csv.0
}
