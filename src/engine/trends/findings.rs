//! A history's trends in sentences, worded from the figures by fixed rules so that the same
//! tickets always read the same. Only what the figures support is said.
//!
//! Trends compare the first and last buckets; with three or more, the first and last are left
//! out of the comparisons, since a log seldom starts or ends on a bucket's edge and a partial
//! bucket would read as a fall.

use super::{Bucket, BucketSize, Sla, Trends, local_date};
use crate::engine::order;
use crate::engine::report::numbers::{count, minutes, percent};

/// A change in volume or backlog smaller than this share is not called a rise or a fall.
const CHANGE: f64 = 0.1;
/// A bucket this far above the median bucket is called out as the busiest.
const PEAK: f64 = 0.15;
/// A change in attainment smaller than this (in points of share) is not called one.
const ATTAINMENT_CHANGE: f64 = 0.05;
/// Tickets that say whether they met their SLA, at least, for a bucket's attainment to compare.
const ATTAINMENT_MIN: u64 = 10;

fn n(x: u64) -> String {
    count(x as f64)
}

/// The buckets compared: all but the first and last when there are three or more.
fn compared(t: &Trends) -> &[Bucket] {
    let b = &t.buckets;
    if b.len() >= 3 { &b[1..b.len() - 1] } else { b }
}

pub(super) fn findings(t: &Trends) -> Vec<String> {
    let mut out = Vec::new();
    if t.tickets == 0 {
        out.push("The log has no ticket.".to_string());
        return out;
    }
    let unit = t.bucket_size.name();
    let days = (t.last_opened - t.first_opened) / super::DAY_MS + 1;
    let why = match t.bucket_size {
        BucketSize::Day => "per day, as they were opened over under 21 days",
        BucketSize::Week => "per ISO week",
    };
    out.push(format!(
        "{} tickets were opened over {} day{} ({} to {}), shown {why}.",
        n(t.tickets),
        n(u64::try_from(days).unwrap_or(0)),
        if days == 1 { "" } else { "s" },
        local_date(t.first_opened, t.utc_offset_minutes),
        local_date(t.last_opened, t.utc_offset_minutes),
    ));
    volume(t, unit, &mut out);
    attainment(t, unit, &mut out);
    escalations(t, &mut out);
    if let (Some(m), Some(p90)) = (t.resolve_median_ms, t.resolve_p90_ms) {
        out.push(format!(
            "The median time to resolve was {} (90th percentile {}), over {} resolved tickets.",
            minutes(m / 60_000.0),
            minutes(p90 / 60_000.0),
            n(t.resolved)
        ));
    }
    backlog(t, unit, &mut out);
    out
}

fn volume(t: &Trends, unit: &str, out: &mut Vec<String>) {
    let c = compared(t);
    if let [first, .., last] = c
        && first.opened > 0
    {
        let change = last.opened as f64 / first.opened as f64 - 1.0;
        if change.abs() >= CHANGE {
            out.push(format!(
                "Volume {} {} from {} to {} ({} to {} tickets a {unit}).",
                if change > 0.0 { "rose" } else { "fell" },
                percent(change.abs()),
                first.label,
                last.label,
                n(first.opened),
                n(last.opened)
            ));
        }
    }
    if c.len() >= 3 {
        let mut sorted: Vec<u64> = c.iter().map(|b| b.opened).collect();
        order::sort(&mut sorted);
        let median = if sorted.len() % 2 == 1 {
            sorted[sorted.len() / 2] as f64
        } else {
            (sorted[sorted.len() / 2 - 1] + sorted[sorted.len() / 2]) as f64 / 2.0
        };
        // The first of equally busy buckets.
        let peak = c.iter().fold(&c[0], |best, b| if b.opened > best.opened { b } else { best });
        if median > 0.0 && peak.opened as f64 >= median * (1.0 + PEAK) {
            out.push(format!(
                "The busiest {unit} was {} with {} tickets, {} above the median {unit} ({}).",
                peak.label,
                n(peak.opened),
                percent(peak.opened as f64 / median - 1.0),
                count(median)
            ));
        }
    }
}

fn attainment(t: &Trends, unit: &str, out: &mut Vec<String>) {
    match &t.sla {
        Sla::NotKnown { reason } => {
            out.push(format!("SLA attainment is not known: {reason}."));
            return;
        }
        Sla::Export => {}
        Sla::Targets { matched, unmatched } => {
            let without = match unmatched.as_slice() {
                [] => String::new(),
                [one] => format!("; {one} is not a priority of the scenario and has none"),
                many => format!("; {} are not priorities of the scenario and have none", many.join(", ")),
            };
            out.push(format!(
                "SLA attainment from the scenario's targets, each ticket's time from opened to resolved counted on its policy's calendar, for {}{without}.",
                matched.join(", ")
            ));
        }
    }
    let mut steady = Vec::new();
    for (p, name) in t.priorities.iter().enumerate() {
        // The first and last compared buckets where enough tickets say whether they met it.
        let known: Vec<(&Bucket, f64)> = compared(t)
            .iter()
            .filter(|b| b.opened_per_priority[p] >= ATTAINMENT_MIN)
            .filter_map(|b| b.attainment[p].map(|a| (b, a)))
            .collect();
        if let [(b0, a0), .., (b1, a1)] = known.as_slice()
            && (a1 - a0).abs() >= ATTAINMENT_CHANGE
        {
            let spans = (b1.start - b0.start) / (b0.end - b0.start);
            out.push(format!(
                "{name} attainment {} from {} to {} over {} {unit}s ({} to {}).",
                if a1 > a0 { "rose" } else { "fell" },
                percent(*a0),
                percent(*a1),
                spans,
                b0.label,
                b1.label
            ));
        } else if let Some(a) = t.attainment[p] {
            steady.push(format!("{name} {}", percent(a)));
        }
    }
    if !steady.is_empty() {
        out.push(format!("SLA attainment over the whole log: {}.", steady.join(", ")));
    }
}

fn escalations(t: &Trends, out: &mut Vec<String>) {
    let (Some(esc), Some(pp)) = (t.escalated_share, t.ping_pong_share) else { return };
    let back = if t.ping_pong == 0 {
        "none went back to a group it had left".to_string()
    } else {
        format!("{} of tickets went back to a group they had left", percent(pp))
    };
    if t.escalated == 0 {
        out.push("No ticket was moved to another group.".to_string());
    } else {
        out.push(format!("{} of tickets were escalated (moved to another group at least once); {back}.", percent(esc)));
    }
    if let Some(g) = t.start_groups.first() {
        out.push(format!(
            "Most tickets started in {} ({} tickets, {}).",
            g.group,
            n(g.starts),
            percent(g.starts as f64 / t.tickets as f64)
        ));
    }
    if let Some(g) = t.escalating_groups.first() {
        out.push(format!("{} passed the most tickets on to another group ({} moves).", g.group, n(g.escalations_out)));
    }
    if let Some(p) = t.paths.first() {
        out.push(format!(
            "The most common escalation path was {} ({} tickets, {} of those escalated).",
            p.groups.join(" → "),
            n(p.tickets),
            percent(p.share)
        ));
    }
}

fn backlog(t: &Trends, unit: &str, out: &mut Vec<String>) {
    let c = compared(t);
    let [first, .., last] = c else { return };
    let (a, b) = (first.backlog as f64, last.backlog as f64);
    if a > 0.0 && ((b - a) / a).abs() >= CHANGE && (b - a).abs() >= 10.0 {
        out.push(format!(
            "The backlog {} from {} to {} open tickets between the ends of {unit}s {} and {}.",
            if b > a { "grew" } else { "shrank" },
            n(first.backlog),
            n(last.backlog),
            first.label,
            last.label
        ));
    }
}

/// The findings as one paragraph.
#[must_use]
pub fn paragraph(t: &Trends) -> String {
    t.findings.join(" ")
}
