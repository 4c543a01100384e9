//! Where a history's tickets go: the moves out of each level, each category's path and entry
//! levels, and reopens with their follow-up delay.

use std::collections::BTreeMap;

use super::levels::{self, OTHER};
use super::workload::shares;
use super::{Builder, MINUTE_MS, round};
use crate::engine::document::{CategoryDoc, DistributionDoc, ReopenDoc};
use crate::engine::fit::{self, Unit};
use crate::engine::history::{Outcome, Ticket};

/// Where unresolved stays went next, said per level: the scenario sends every unresolved service
/// to the next level of its category's path.
pub(super) fn flows(stays: &[Vec<levels::Stay>], order: &[String], p: &mut Builder) {
    for (i, name) in order.iter().enumerate() {
        // Moves to each level, by its place (one past the last: a group outside the levels).
        let mut next = vec![0u64; order.len() + 1];
        for t in stays {
            for pair in t.windows(2) {
                if pair[0].level == i
                    && matches!(&pair[0].outcome, Outcome::Moved { reason } if reason.as_deref() != Some("reopen"))
                {
                    next[pair[1].level.min(order.len())] += 1;
                }
            }
        }
        let total: u64 = next.iter().sum();
        if total == 0 {
            continue;
        }
        let parts: Vec<String> = next
            .iter()
            .enumerate()
            .filter(|&(_, &k)| k > 0)
            .map(|(l, &k)| {
                format!("{} {}%", order.get(l).map_or(OTHER, String::as_str), round(100.0 * k as f64 / total as f64, 1))
            })
            .collect();
        p.say(format!("From {name}, tickets that moved on went to: {}.", parts.join(", ")));
    }
    p.say("Each category's path is the levels its tickets were seen at, in the levels' order; an unresolved service goes to the next level of the path (the dominant flow), and at the path's end back to the same queue.".to_string());
}

/// Categories with their shares, paths and entry levels.
pub(super) fn categories(
    tickets: &[Ticket],
    stays: &[Vec<levels::Stay>],
    order: &[String],
    priorities: &[String],
    p: &mut Builder,
) -> Vec<CategoryDoc> {
    let has = tickets.iter().any(|t| t.category.is_some());
    let name_of = |t: &Ticket| match &t.category {
        Some(c) => c.clone(),
        None if has => "uncategorised".to_string(),
        None => "all".to_string(),
    };
    if !has {
        p.say("No ticket has a category: the scenario has one, all.".to_string());
    }
    let mut counts: BTreeMap<String, u64> = BTreeMap::new();
    for t in tickets {
        *counts.entry(name_of(t)).or_default() += 1;
    }
    let share = shares(&counts);
    let n = tickets.len() as u64;
    let mut out = Vec::new();
    for (name, &k) in &counts {
        if has && let Some(i) = fit::proportion(k, n) {
            p.figure(&format!("category {name} share"), i, "share");
        }
        let mut seen = vec![false; order.len()];
        // Tickets per priority and first level, a row of the levels' places per priority (one
        // past the last: a group outside the levels).
        let width = order.len() + 1;
        let mut first = vec![0u64; priorities.len() * width];
        for (t, s) in tickets.iter().zip(stays) {
            if name_of(t) != *name {
                continue;
            }
            for stay in s {
                if let Some(x) = seen.get_mut(stay.level) {
                    *x = true;
                }
            }
            if let (Some(pr), Some(f)) = (&t.priority, s.first())
                && let Some(pi) = priorities.iter().position(|q| q == pr)
            {
                first[pi * width + f.level.min(order.len())] += 1;
            }
        }
        let path: Vec<String> = order.iter().zip(&seen).filter(|(_, s)| **s).map(|(l, _)| l.clone()).collect();
        let path = if path.is_empty() { vec![order[0].clone()] } else { path };
        let mut entry = BTreeMap::new();
        for (pi, pr) in priorities.iter().enumerate() {
            // The level most of them start at; equally many, the first in the levels' order.
            let dominant = first[pi * width..(pi + 1) * width].iter().enumerate().filter(|&(_, &k)| k > 0).fold(
                None,
                |best: Option<(usize, u64)>, (l, &k)| match best {
                    Some((_, most)) if most >= k => best,
                    _ => Some((l, k)),
                },
            );
            if let Some((level, _)) = dominant
                && let Some(l) = order.get(level)
                && *l != path[0]
                && path.contains(l)
            {
                entry.insert(pr.clone(), l.clone());
                p.say(format!("{name}: {pr} tickets start at {l} most often, so they enter there."));
            }
        }
        out.push(CategoryDoc {
            name: name.clone(),
            share: share[name],
            path,
            entry,
            priority_mix: None,
            reopen_probability: None,
        });
    }
    out
}

/// The reopen probability (reopens per resolution) and the follow-up delay (resolution to reopen).
pub(super) fn reopen(tickets: &[Ticket], stays: &[Vec<levels::Stay>], p: &mut Builder) -> Option<ReopenDoc> {
    let reopens: u64 = tickets.iter().map(|t| u64::from(t.reopens)).sum();
    let resolutions = stays.iter().flatten().filter(|s| s.outcome == Outcome::Resolved).count() as u64;
    let probability = fit::proportion(reopens.min(resolutions), resolutions)?;
    p.figure("reopen probability (reopens per resolution)", probability, "share");
    if reopens == 0 {
        p.say("No ticket reopened: the scenario has no reopens.".to_string());
        return None;
    }
    let mut delays = Vec::new();
    for s in stays {
        for pair in s.windows(2) {
            if pair[0].outcome == Outcome::Resolved
                && let Some(left) = pair[0].left
            {
                delays.push((pair[1].entered - left) as f64 / MINUTE_MS);
            }
        }
    }
    let after = match fit::mean(&delays) {
        Some(m) if m.estimate > 0.0 => {
            p.figure("reopen follow-up delay, mean", m, "minutes");
            p.say(format!(
                "Reopens: {reopens} of {resolutions} resolutions; the follow-up delay is exponential with the observed mean, {} minutes.",
                round(m.estimate, 1)
            ));
            fit::Parameters::Exponential { mean: m.estimate }.service(Unit::Minutes)
        }
        _ => {
            p.say(format!("Reopens: {reopens} of {resolutions} resolutions; the history does not show when they reopened, so the follow-up delay is taken as 1 day."));
            DistributionDoc::Exponential { mean: "1d".to_string() }
        }
    };
    Some(ReopenDoc { probability: round(probability.estimate, 4), after })
}
