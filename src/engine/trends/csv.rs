//! A history's trends as CSV tables (RFC 4180, written as the report's are): per bucket, the
//! hour-of-week heatmap, the groups and the escalation paths. Times are in hours; an empty cell
//! is a figure with no value.

use crate::engine::report::csv::{Csv, number};

use super::{GroupLoad, Trends};

/// The tables, by file-name stem.
pub const TABLES: [&str; 5] = ["buckets", "heatmap", "groups", "escalating-groups", "paths"];

const WEEKDAYS: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

fn hours(ms: Option<f64>) -> String {
    number(ms.map(|m| m / 3_600_000.0))
}

/// One table by its stem (see [`TABLES`]).
#[must_use]
pub fn table(t: &Trends, stem: &str) -> Option<String> {
    Some(match stem {
        "buckets" => buckets(t),
        "heatmap" => heatmap(t),
        "groups" => groups(&t.busiest_groups),
        "escalating-groups" => groups(&t.escalating_groups),
        "paths" => paths(t),
        _ => return None,
    })
}

fn buckets(t: &Trends) -> String {
    let mut csv = Csv(String::new());
    let mut header: Vec<String> = vec![t.bucket_size.name().into(), "start".into(), "opened".into()];
    header.extend(t.priorities.iter().map(|p| format!("opened {p}")));
    header.extend(["escalated share".into(), "ping-pong share".into()]);
    header.extend(t.priorities.iter().map(|p| format!("attainment {p}")));
    header.extend([
        "resolved".into(),
        "median hours to resolve".into(),
        "p90 hours to resolve".into(),
        "backlog at end".into(),
    ]);
    csv.row(header);
    for b in &t.buckets {
        let mut row = vec![b.label.clone(), b.start.to_string(), b.opened.to_string()];
        row.extend(b.opened_per_priority.iter().map(ToString::to_string));
        row.extend([number(b.escalated_share), number(b.ping_pong_share)]);
        row.extend(b.attainment.iter().map(|a| number(*a)));
        row.extend([
            b.resolved.to_string(),
            hours(b.resolve_median_ms),
            hours(b.resolve_p90_ms),
            b.backlog.to_string(),
        ]);
        csv.row(row);
    }
    csv.0
}

fn heatmap(t: &Trends) -> String {
    let mut csv = Csv(String::new());
    csv.row(std::iter::once("day".to_string()).chain((0..24).map(|h| format!("{h:02}"))));
    for (day, row) in WEEKDAYS.iter().zip(&t.heatmap) {
        csv.row(std::iter::once((*day).to_string()).chain(row.iter().map(ToString::to_string)));
    }
    csv.0
}

fn groups(groups: &[GroupLoad]) -> String {
    let mut csv = Csv(String::new());
    csv.row(["group", "visits", "hours held", "escalations out", "starts"]);
    for g in groups {
        csv.row([
            g.group.clone(),
            g.visits.to_string(),
            hours(Some(g.held_ms as f64)),
            g.escalations_out.to_string(),
            g.starts.to_string(),
        ]);
    }
    csv.0
}

fn paths(t: &Trends) -> String {
    let mut csv = Csv(String::new());
    csv.row(["path", "tickets", "share of escalated"]);
    for p in &t.paths {
        csv.row([p.groups.join(" > "), p.tickets.to_string(), number(Some(p.share))]);
    }
    csv.0
}
