//! The triage table of a history: the (impact, urgency) pairs with their shares, drawn together
//! as they come together in the history, and for each pair the priority most of its tickets had;
//! pairs never seen take the priority of the nearest pair seen.

use std::collections::BTreeMap;

use super::workload::shares;
use super::{Builder, round};
use crate::engine::document::TriageDoc;
use crate::engine::fit;
use crate::engine::history::Ticket;
use crate::engine::order;

/// The triage the tickets show, when enough of them carry impact, urgency and a priority
/// together: at least half of those with a priority. Else `None`, said when impact or urgency
/// were there.
pub(super) fn triage(tickets: &[Ticket], p: &mut Builder) -> Option<TriageDoc> {
    let triaged: Vec<(&str, &str, &str)> = tickets
        .iter()
        .filter_map(|t| Some((t.impact.as_deref()?, t.urgency.as_deref()?, t.priority.as_deref()?)))
        .collect();
    let with_priority = tickets.iter().filter(|t| t.priority.is_some()).count();
    let partial = tickets.iter().any(|t| t.impact.is_some() || t.urgency.is_some());
    if triaged.is_empty() || triaged.len() * 2 < with_priority {
        if partial {
            p.say(format!(
                "No triage table: {} of the {with_priority} tickets with a priority also have both impact and urgency, under half; priorities are drawn from the observed mix.",
                triaged.len()
            ));
        }
        return None;
    }
    let n = triaged.len() as u64;
    let mut impacts: BTreeMap<String, u64> = BTreeMap::new();
    let mut urgencies: BTreeMap<String, u64> = BTreeMap::new();
    // Owned names as keys, like the other counts of the calibration: one kind of map for all.
    let mut cells: BTreeMap<(String, String), BTreeMap<String, u64>> = BTreeMap::new();
    let mut observed: BTreeMap<String, u64> = BTreeMap::new();
    for &(i, u, pr) in &triaged {
        *impacts.entry(i.to_string()).or_default() += 1;
        *urgencies.entry(u.to_string()).or_default() += 1;
        *cells.entry((i.to_string(), u.to_string())).or_default().entry(pr.to_string()).or_default() += 1;
        *observed.entry(pr.to_string()).or_default() += 1;
    }
    p.say(format!(
        "Triage: the priority comes from impact × urgency, as in the history; from the {n} tickets that have impact, urgency and a priority{}.",
        if (n as usize) < tickets.len() { format!(" ({} of {})", n, tickets.len()) } else { String::new() }
    ));
    for (what, counts) in [("impact", &impacts), ("urgency", &urgencies)] {
        for (name, &k) in counts {
            if let Some(i) = fit::proportion(k, n) {
                p.figure(&format!("{what} {name} share"), i, "share");
            }
        }
    }

    // The priority most tickets of a pair had; equally many, the first by name.
    // (impact, urgency, priority), in the pairs' order.
    let mut seen: Vec<(&str, &str, &str)> = Vec::new();
    for ((i, u), priorities) in &cells {
        let total: u64 = priorities.values().sum();
        let (best, k) = priorities.iter().fold(("", 0u64), |a, (q, &c)| if c > a.1 { (q.as_str(), c) } else { a });
        seen.push((i, u, best));
        if priorities.len() > 1 {
            let rest: Vec<String> =
                priorities.iter().filter(|(q, _)| q.as_str() != best).map(|(q, c)| format!("{q} ({c})")).collect();
            p.say(format!(
                "Impact {i} with urgency {u}: {total} tickets, not all of one priority; it takes {best}, which {k} of them had ({}%); the others had {}.",
                round(100.0 * k as f64 / total as f64, 1),
                rest.join(", ")
            ));
        }
    }

    // Pairs never seen: the nearest seen pair, by steps in the values' order by name (ServiceNow
    // and ITIL number them, "1 - High" first), the priority first by name among equally near.
    let impact_names: Vec<&str> = impacts.keys().map(String::as_str).collect();
    let urgency_names: Vec<&str> = urgencies.keys().map(String::as_str).collect();
    let rank = |names: &[&str], x: &str| names.iter().position(|n| *n == x).unwrap_or(0).cast_signed();
    let mut matrix: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    let mut unseen = Vec::new();
    for (ii, &i) in impact_names.iter().enumerate() {
        for (ui, &u) in urgency_names.iter().enumerate() {
            let priority = match seen.binary_search_by(|&(si, su, _)| (si, su).cmp(&(i, u))) {
                Ok(at) => seen[at].2,
                Err(_) => {
                    let distance = |&(si, su, _): &(&str, &str, &str)| {
                        (rank(&impact_names, si) - ii.cast_signed()).abs()
                            + (rank(&urgency_names, su) - ui.cast_signed()).abs()
                    };
                    let nearest = seen.iter().map(distance).min().unwrap_or(0);
                    let pr = seen.iter().filter(|e| distance(e) == nearest).map(|&(_, _, pr)| pr).min().unwrap_or("");
                    unseen.push(format!("{i} × {u} → {pr}"));
                    pr
                }
            };
            matrix.entry(i.to_string()).or_default().insert(u.to_string(), priority.to_string());
        }
    }
    if !unseen.is_empty() {
        p.say(format!(
            "Pairs of impact and urgency never seen take the priority of the nearest pair seen (steps in the values' order by name; equally near, the priority first by name): {}.",
            unseen.join(", ")
        ));
    }

    // The pairs at their observed shares, drawn together: where impact and urgency go together
    // in the history, independent draws would give another priority mix.
    let mut pairs: BTreeMap<String, BTreeMap<String, f64>> = BTreeMap::new();
    for ((i, u), share) in shares(&order::map_of(cells.iter().map(|(pair, c)| (pair.clone(), c.values().sum())))) {
        pairs.entry(i).or_default().insert(u, share);
    }
    for ((i, u), priorities) in &cells {
        if let Some(interval) = fit::proportion(priorities.values().sum(), n) {
            p.figure(&format!("impact {i} with urgency {u} share"), interval, "share");
        }
    }
    // The priority mix the table gives over the pairs: the observed one, but where a pair's
    // tickets had more than one priority, since all of them take the one most had.
    let mut implied: BTreeMap<String, f64> = BTreeMap::new();
    for (i, row) in &pairs {
        for (u, share) in row {
            *implied.entry(matrix[i][u].clone()).or_default() += share;
        }
    }
    let parts: Vec<String> = observed
        .iter()
        .map(|(pr, &k)| {
            format!(
                "{pr} {}% (observed {}%)",
                round(100.0 * implied.get(pr).copied().unwrap_or(0.0), 1),
                round(100.0 * k as f64 / n as f64, 1)
            )
        })
        .collect();
    let mixed = cells.values().any(|priorities| priorities.len() > 1);
    p.say(format!(
        "The scenario draws impact and urgency together, each pair at its observed share (triage.pairs), so the priority mix is what the table gives over them: {}{}.",
        parts.join(", "),
        if mixed {
            "; it differs from the observed mix where a pair's tickets had more than one priority, as all of them take the one most had"
        } else {
            ", the observed mix, as every pair's tickets had one priority"
        }
    ));
    Some(TriageDoc { impact: None, urgency: None, pairs: Some(pairs), matrix })
}
