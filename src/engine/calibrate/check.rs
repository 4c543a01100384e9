//! The calibrated scenario simulated over the history's span and put against the history: per
//! priority the tickets, SLA attainment and time to resolve (p50, p90), and overall the share
//! escalated and escalations per ticket, each with the interval one simulated run falls in.
//!
//! The history is one run of the desk, so an observed figure is compared with the spread of single
//! replications, not with the confidence interval of their mean: the interval is the mean of the
//! replications ± t(0.975, n − 1) · sd · √(1 + 1/n), the 95% prediction interval of one more run.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::levels::OTHER;
use crate::engine::document::Document;
use crate::engine::history::{Outcome, Ticket};
use crate::engine::report::{GroupKpis, Kpis, t975};
use crate::engine::{self, order, validate};

/// One figure, observed against simulated.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Row {
    /// What it is ("P2 tickets", "P2 time to resolve p90, minutes").
    pub name: String,
    pub observed: f64,
    /// The replications' mean.
    pub simulated: f64,
    /// The interval one simulated run falls in 95% of the time; `None` from fewer than two
    /// replications with a value.
    pub low: Option<f64>,
    pub high: Option<f64>,
    pub verdict: Verdict,
}

/// How an observed figure sits against the simulated interval.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Inside,
    /// Outside: `by` is observed minus the nearest end (positive above), `relative` that over the
    /// simulated mean.
    Off {
        by: f64,
        relative: f64,
    },
    /// No interval to compare with.
    NoInterval,
}

/// The fit check of a scenario against a history.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FitCheck {
    pub rows: Vec<Row>,
    /// What could not be compared, and why.
    pub notes: Vec<String>,
    /// The overall verdict in one sentence.
    pub summary: String,
}

/// Simulates `document` for `replications` over the history's span (no warm-up, draining at the
/// end, as the history is counted from its first ticket) and puts `tickets` against it. `Err`
/// with the problems when the document is not valid. The history's groups are the scenario's
/// levels of the same name (the rest its level `other`, when it has one); `check_fit_merged`
/// says which groups were merged into which level.
pub fn check_fit(document: &Document, tickets: &[Ticket], replications: u32) -> Result<FitCheck, String> {
    check_fit_merged(document, tickets, replications, &BTreeMap::new())
}

/// `check_fit` with groups merged into levels as a proposal was asked for (level -> its groups,
/// `Options::merge`): a merged group counts as its level.
pub fn check_fit_merged(
    document: &Document,
    tickets: &[Ticket],
    replications: u32,
    merge: &BTreeMap<String, Vec<String>>,
) -> Result<FitCheck, String> {
    let mut doc = document.clone();
    let first = tickets.iter().map(|t| t.opened).min().unwrap_or(0);
    let last = tickets.iter().map(|t| t.opened).max().unwrap_or(0);
    let span_minutes = ((last - first) / 60_000).max(60);
    doc.run.horizon = format!("{span_minutes}m");
    doc.run.warmup = None;
    doc.run.replications = replications.max(2);
    doc.run.end = crate::engine::document::EndRule::Drain;
    let checked = validate(&doc);
    let Some(model) = checked.model else {
        let errors: Vec<String> = checked.errors().map(ToString::to_string).collect();
        return Err(errors.join("; "));
    };
    let report = engine::run(&model, &[]);
    let reps = &report.per_replication;
    let mut rows = Vec::new();
    let mut notes = Vec::new();
    let has_sla = !doc.sla.is_empty();
    let knows_sla = tickets.iter().any(|t| t.made_sla.is_some());
    if !has_sla {
        notes.push("SLA attainment is not compared: the scenario has no SLA targets.".to_string());
    } else if !knows_sla {
        notes.push("SLA attainment is not compared: the history does not say which tickets met their SLA.".to_string());
    }
    // The scenario's priorities as the history names them: the same name, else the same but for
    // case; a priority the history never names is not compared.
    let named: Vec<&str> = {
        let mut n: Vec<&str> = tickets.iter().filter_map(|t| t.priority.as_deref()).collect();
        order::sort(&mut n);
        n.dedup();
        n
    };
    let as_named = |name: &str| -> Option<&str> {
        named
            .iter()
            .copied()
            .find(|h| *h == name)
            .or_else(|| named.iter().copied().find(|h| h.eq_ignore_ascii_case(name)))
    };
    let unmatched: Vec<&str> = report.priorities.iter().map(String::as_str).filter(|p| as_named(p).is_none()).collect();
    if !unmatched.is_empty() {
        let history = if named.is_empty() {
            "the history gives no priorities".to_string()
        } else {
            format!("the history's are {}", shorten(&named))
        };
        notes.push(format!(
            "{} of the scenario's priorities match none of the history's, so {} not compared: {} ({history}).",
            unmatched.len(),
            if unmatched.len() == 1 { "it is" } else { "they are" },
            unmatched.join(", ")
        ));
    }
    for (k, name) in report.priorities.iter().enumerate() {
        let Some(history_name) = as_named(name) else { continue };
        let of: Vec<&Ticket> = tickets.iter().filter(|t| t.priority.as_deref() == Some(history_name)).collect();
        let group = |r: &Kpis<Option<f64>>| r.priorities.get(k).cloned();
        rows.push(row(
            &format!("{name} tickets"),
            of.len() as f64,
            reps.iter().map(|r| group(r).and_then(|g| g.counted)),
        ));
        if has_sla && knows_sla {
            let known: Vec<bool> = of.iter().filter_map(|t| t.made_sla).collect();
            if !known.is_empty() {
                let met = known.iter().filter(|m| **m).count() as f64 / known.len() as f64;
                rows.push(row(
                    &format!("{name} resolution SLA attained"),
                    met,
                    reps.iter().map(|r| group(r).and_then(|g| g.resolution_breach).map(|b| 1.0 - b)),
                ));
            }
        }
        let mut ttr: Vec<f64> =
            of.iter().filter_map(|t| t.resolved.map(|r| (r - t.opened) as f64 / 60_000.0)).collect();
        if ttr.is_empty() {
            continue;
        }
        order::sort_by(&mut ttr, f64::total_cmp);
        let quantile = |q: f64| crate::engine::fit::quantile(&ttr, q);
        let sim =
            |f: fn(&GroupKpis<Option<f64>>) -> Option<f64>| reps.iter().map(move |r| group(r).and_then(|g| f(&g)));
        rows.push(row(&format!("{name} time to resolve p50, minutes"), quantile(0.5), sim(|g| g.ttr.p50)));
        rows.push(row(&format!("{name} time to resolve p90, minutes"), quantile(0.9), sim(|g| g.ttr.p90)));
    }
    let (escalated, escalations, mapped) = escalations(tickets, &doc, merge);
    let n = tickets.len().max(1) as f64;
    if mapped == 0 {
        notes.push(
            "Escalations are not compared: none of the history's groups is a level of the scenario (by name, or merged into one)."
                .to_string(),
        );
    }
    let counted = |r: &Kpis<Option<f64>>| r.counted_issues.filter(|c| *c > 0.0);
    if mapped > 0 {
        rows.push(row(
            "share escalated",
            escalated as f64 / n,
            reps.iter().map(|r| Some(r.priorities.iter().filter_map(|g| g.escalated).sum::<f64>() / counted(r)?)),
        ));
        rows.push(row(
            "escalations per ticket",
            escalations as f64 / n,
            reps.iter().map(|r| {
                let out: f64 = r
                    .levels
                    .iter()
                    .map(|l| {
                        let e = &l.escalations_out;
                        [e.outcome, e.wait_timer, e.age_trigger, e.sla_trigger].iter().flatten().sum::<f64>()
                    })
                    .sum();
                Some(out / counted(r)?)
            }),
        ));
    }
    // Triage with impact and urgency drawn independently gives its own priority mix, not the
    // history's where impact and urgency go together; drawn as pairs, it gives the history's.
    let triage = doc.triage.as_ref().is_some_and(|t| t.pairs.is_none());
    if !tickets.iter().flat_map(|t| &t.visits).any(|v| v.started.is_some()) {
        notes.push(format!("The history does not say when work started, so the scenario's service times are the time groups held tickets, waiting included, and the simulation queues on top of them: times to resolve are not expected to match, and where they do it is by chance; ticket counts should{}.", if triage { ", as far as the triage table allows" } else { "" }));
    }
    if triage {
        notes.push("The scenario's priorities come from its triage table, with impact and urgency drawn independently: where the history's impact and urgency go together, the tickets per priority differ from it (the proposal's assumptions give both mixes).".to_string());
    }
    if doc.categories.iter().any(|c| c.path.len() > 2) && tickets.iter().any(|t| t.visits.len() > 2) {
        notes.push("Escalations follow each category's path in the levels' order; where the history's moves branch or go back, the scenario's share escalated and escalations per ticket differ from them.".to_string());
    }
    let open = tickets.iter().filter(|t| t.resolved.is_none()).count();
    if open > 0 {
        notes.push(format!(
            "{open} tickets were still open when the history ends: their time to resolve is not known, so the observed times leave them out while the simulation drains every issue."
        ));
    }
    let summary = summary(&rows);
    Ok(FitCheck { rows, notes, summary })
}

/// Tickets escalated at least once, and moves to another level, in the document's levels; and
/// how many of the history's groups are one of its levels (by name, or merged into one).
fn escalations(tickets: &[Ticket], doc: &Document, merge: &BTreeMap<String, Vec<String>>) -> (u64, u64, usize) {
    let has = |name: &str| doc.levels.iter().any(|l| l.name == name);
    let level = |g: &str| -> Option<String> {
        if let Some((l, _)) = merge.iter().find(|(l, groups)| has(l) && groups.iter().any(|x| x == g)) {
            return Some(l.clone());
        }
        if has(g) { Some(g.to_string()) } else { None }
    };
    // The groups that are a level, with it.
    let groups: BTreeMap<String, String> =
        order::map_of(tickets.iter().flat_map(|t| &t.visits).filter_map(|v| Some((v.group.clone(), level(&v.group)?))));
    let mapped = groups.len();
    // Groups that are no level are the level `other` (where the groups beyond a proposal's cap go).
    let of = |g: &str| groups.get(g).cloned().unwrap_or_else(|| OTHER.to_string());
    let (mut escalated, mut moves) = (0, 0);
    for t in tickets {
        let mut own = 0;
        for pair in t.visits.windows(2) {
            let reopen = matches!(&pair[0].outcome, Outcome::Moved { reason: Some(r) } if r == "reopen");
            if matches!(pair[0].outcome, Outcome::Moved { .. }) && !reopen && of(&pair[0].group) != of(&pair[1].group) {
                own += 1;
            }
        }
        moves += own;
        escalated += u64::from(own > 0);
    }
    (escalated, moves, mapped)
}

/// A list of names, the first few and a count of the rest.
fn shorten(names: &[&str]) -> String {
    if names.len() <= 6 { names.join(", ") } else { format!("{} and {} more", names[..5].join(", "), names.len() - 5) }
}

/// An observed figure against the replications' values.
fn row(name: &str, observed: f64, values: impl Iterator<Item = Option<f64>>) -> Row {
    let v: Vec<f64> = values.flatten().filter(|x| x.is_finite()).collect();
    let n = v.len();
    let mean = if n > 0 { v.iter().sum::<f64>() / n as f64 } else { f64::NAN };
    let (low, high) = if n >= 2 {
        let var = v.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / (n - 1) as f64;
        let half = t975(n - 1) * libm::sqrt(var * (1.0 + 1.0 / n as f64));
        // Every figure compared is a count, a share or a time: none is below zero.
        (Some((mean - half).max(0.0)), Some(mean + half))
    } else {
        (None, None)
    };
    let verdict = match (low, high) {
        (Some(l), Some(h)) if observed >= l && observed <= h => Verdict::Inside,
        (Some(l), Some(h)) => {
            let by = if observed < l { observed - l } else { observed - h };
            Verdict::Off { by, relative: if mean.abs() > 0.0 { by / mean } else { f64::INFINITY } }
        }
        _ => Verdict::NoInterval,
    };
    Row { name: name.to_string(), observed, simulated: mean, low, high, verdict }
}

/// "12 of 14 rows inside …; outside: P1 time to resolve p90 (+35% beyond)".
fn summary(rows: &[Row]) -> String {
    let inside = rows.iter().filter(|r| r.verdict == Verdict::Inside).count();
    let off: Vec<String> = rows
        .iter()
        .filter_map(|r| match r.verdict {
            Verdict::Off { relative, .. } => {
                Some(format!("{} ({:+.0}% of the simulated mean beyond the interval)", r.name, 100.0 * relative))
            }
            _ => None,
        })
        .collect();
    if rows.is_empty() {
        "Nothing could be compared: see the notes for why.".to_string()
    } else if off.is_empty() {
        format!(
            "All {inside} compared rows of the history lie inside the interval one simulated run falls in: the scenario reproduces them."
        )
    } else {
        format!(
            "{inside} of {} rows lie inside the interval one simulated run falls in; outside: {}.",
            rows.len(),
            off.join("; ")
        )
    }
}
