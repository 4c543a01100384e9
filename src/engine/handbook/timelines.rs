//! The timelines a run supports: per priority and per category, the time within which 9 of 10
//! issues and half of them were resolved, and the shares within their SLA targets, at the grain
//! the report has them (never split further than the report does).

use super::{Block, Section};
use super::{Model, priority_name, quoted};
use crate::engine::document::MoreTarget;
use crate::engine::report::numbers::{minutes, percent};
use crate::engine::report::{Estimate, Report};

/// The timeline to promise for category `c` and priority `p`, from the figures the report has.
pub(super) fn promise(model: &Model, r: &Report, c: usize, p: usize) -> String {
    let name = &model.priorities[p].name;
    let Some(g) = r.summary.priorities.get(p) else { return "No figures from the run.".into() };
    if g.counted.mean.is_none_or(|n| n < 0.5) || g.ttr.p90.mean.is_none() {
        return format!("Timeline: the run counted no resolved {name} issue, so it gives no figure to promise.");
    }
    let mut text = format!(
        "Timeline to promise (for {name} issues of every category: the run gives figures per priority, not per category and priority): {}",
        resolved_within(g.ttr.p90, g.ttr.p50)
    );
    if let Some(b) = g.resolution_breach.mean {
        text.push_str(&format!("; {} met the resolution target", percent(1.0 - b)));
    }
    if let Some(k) = r.summary.categories.get(c)
        && k.ttr.p90.mean.is_some()
    {
        text.push_str(&format!(
            ". Issues of {} of every priority: {}",
            quoted(&model.categories[c].name),
            resolved_within(k.ttr.p90, k.ttr.p50)
        ));
    }
    text.push('.');
    text
}

/// `resolved within 5.2 h in 9 of 10 cases, and within 1.1 h in half`, from p90 and p50.
fn resolved_within(p90: Estimate, p50: Estimate) -> String {
    let mut s = match p90.mean {
        Some(m) => format!("resolved within {} in 9 of 10 cases", minutes(m)),
        None => "no 90th percentile".into(),
    };
    if let Some(m) = p50.mean {
        s.push_str(&format!(", and within {} in half", minutes(m)));
    }
    s
}

/// The timelines per priority and per category, with the share within each SLA target.
pub(super) fn timelines(model: &Model, r: &Report) -> Section {
    let mut blocks = vec![Block::Text(
        "Times on the clock from arrival, over the issues counted in the run; the run gives them per priority and per category, not for each category and priority together."
            .into(),
    )];
    let mut items = Vec::new();
    for (p, g) in r.summary.priorities.iter().enumerate().take(model.priorities.len()) {
        let name = priority_name(model, p);
        if g.counted.mean.is_none_or(|n| n < 0.5) || g.ttr.p90.mean.is_none() {
            items.push(format!("{name}: no resolved issue counted in the run."));
            continue;
        }
        let mut line = format!("{name}: {}", resolved_within(g.ttr.p90, g.ttr.p50));
        if let Some(m) = g.first_response.p90.mean {
            line.push_str(&format!("; first response within {} in 9 of 10 cases", minutes(m)));
        }
        let mut shares = Vec::new();
        let mut met = |e: Estimate, what: &str| {
            if let Some(b) = e.mean {
                shares.push(format!("{} within the {what} target", percent(1.0 - b)));
            }
        };
        met(g.first_response_breach, "first-response");
        met(g.resolution_breach, "resolution");
        for w in MoreTarget::ALL {
            met(*g.more_breach.get(w), w.words());
        }
        if !shares.is_empty() {
            line.push_str(&format!("; {}", shares.join(", ")));
        }
        if let Some(n) = g.counted.mean {
            line.push_str(&format!(" ({} issues per replication)", crate::engine::report::numbers::count(n)));
        }
        line.push('.');
        items.push(line);
    }
    blocks.push(Block::List(items));
    let per_category: Vec<String> = r
        .summary
        .categories
        .iter()
        .filter(|k| k.ttr.p90.mean.is_some())
        .map(|k| format!("{} (every priority): {}.", quoted(&k.name), resolved_within(k.ttr.p90, k.ttr.p50)))
        .collect();
    if !per_category.is_empty() {
        blocks.push(Block::List(per_category));
    }
    Section { depth: 2, heading: "Timelines to promise".into(), blocks }
}
