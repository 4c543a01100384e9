//! Validation of triage: the impact and urgency names, how they are drawn (each from its own mix,
//! or the pair from one joint mix, `pairs`), and the matrix that gives each pair its priority.

use std::collections::BTreeMap;

use super::checker::Checker;
use super::sections::{Names, cumulative};
use crate::engine::document::{Document, TriageDoc};
use crate::engine::model::{Triage, TriageDraw};
use crate::engine::order;

/// The impact names, in the model's order: the impact mix's, else the matrix's rows.
pub fn impact_names(t: &TriageDoc) -> Vec<String> {
    match &t.impact {
        Some(mix) => mix.keys().cloned().collect(),
        None => t.matrix.keys().cloned().collect(),
    }
}

/// The urgency names, in the model's order: the urgency mix's, else every urgency of the
/// matrix's rows.
pub fn urgency_names(t: &TriageDoc) -> Vec<String> {
    match &t.urgency {
        Some(mix) => mix.keys().cloned().collect(),
        None => {
            let mut all: Vec<String> = t.matrix.values().flat_map(BTreeMap::keys).cloned().collect();
            order::sort_dedup(&mut all);
            all
        }
    }
}

/// The checked triage, `Some(None)` when there is none, `None` when it has problems.
pub(super) fn triage(doc: &Document, names: &Names, c: &mut Checker) -> Option<Option<Triage>> {
    let Some(t) = &doc.triage else {
        return Some(None);
    };
    let impacts = impact_names(t);
    let urgencies = urgency_names(t);
    let draw = draw(t, &impacts, &urgencies, c);
    let mut matrix = vec![vec![0; urgencies.len()]; impacts.len()];
    let mut ok = true;
    if t.matrix.is_empty() && t.pairs.is_some() {
        c.error("triage.matrix", "the matrix is empty: it needs a row per impact, with a priority per urgency");
        ok = false;
    }
    for (ii, impact) in impacts.iter().enumerate() {
        let Some(row) = t.matrix.get(impact) else {
            c.error("triage.matrix", format!("the matrix has no row for impact \"{impact}\""));
            ok = false;
            continue;
        };
        for (ui, urgency) in urgencies.iter().enumerate() {
            match row.get(urgency) {
                Some(p) => {
                    match c.lookup(&format!("triage.matrix.{impact}.{urgency}"), p, &names.priorities, "priority") {
                        Some(pi) => matrix[ii][ui] = pi,
                        None => ok = false,
                    }
                }
                None => {
                    c.error(
                        format!("triage.matrix.{impact}"),
                        format!("no priority for impact \"{impact}\" with urgency \"{urgency}\""),
                    );
                    ok = false;
                }
            }
        }
        for u in row.keys().filter(|u| !urgencies.contains(*u)) {
            c.error(
                format!("triage.matrix.{impact}.{u}"),
                format!("\"{u}\" is not an urgency listed in triage.urgency"),
            );
            ok = false;
        }
    }
    for i in t.matrix.keys().filter(|i| !impacts.contains(*i)) {
        c.error(format!("triage.matrix.{i}"), format!("\"{i}\" is not an impact listed in triage.impact"));
        ok = false;
    }
    let draw = draw?;
    ok.then_some(Some(Triage { impacts, urgencies, draw, matrix }))
}

/// How the (impact, urgency) of an issue is drawn: from `pairs` when given (and then the separate
/// mixes must be absent), else from the impact and urgency mixes, both needed.
fn draw(t: &TriageDoc, impacts: &[String], urgencies: &[String], c: &mut Checker) -> Option<TriageDraw> {
    let Some(pairs) = &t.pairs else {
        let (impact, urgency) = (t.impact.as_ref(), t.urgency.as_ref());
        for (what, given) in [("impact", impact.is_some()), ("urgency", urgency.is_some())] {
            if !given {
                c.error(
                    "triage",
                    format!(
                        "triage needs an {what} mix (triage.{what}), or pairs giving impact and urgency together (triage.pairs)"
                    ),
                );
            }
        }
        let impact_mix = c.mix("triage.impact", impact?, impacts, "impact");
        let urgency_mix = c.mix("triage.urgency", urgency?, urgencies, "urgency");
        let (impact_mix, urgency_mix) = (impact_mix?, urgency_mix?);
        return Some(TriageDraw::Independent {
            impact_cumulative: cumulative(&impact_mix),
            urgency_cumulative: cumulative(&urgency_mix),
        });
    };
    let mut ok = true;
    for (what, given) in [("impact", t.impact.is_some()), ("urgency", t.urgency.is_some())] {
        if given {
            c.error(
                format!("triage.{what}"),
                format!("triage.pairs draws impact and urgency together, so there is no separate {what} mix: leave triage.{what} out"),
            );
            ok = false;
        }
    }
    if !ok || impacts.is_empty() {
        return None;
    }
    let mut found = Vec::new();
    for (impact, row) in pairs {
        let path = format!("triage.pairs.{impact}");
        let i = c.lookup(&path, impact, impacts, "impact");
        for (urgency, &p) in row {
            let entry = format!("{path}.{urgency}");
            match (i, c.lookup(&entry, urgency, urgencies, "urgency"), c.probability(&entry, p)) {
                (Some(i), Some(u), Some(p)) => found.push(((i, u), p)),
                _ => ok = false,
            }
        }
        ok &= i.is_some();
    }
    if !ok {
        return None;
    }
    let sum: f64 = found.iter().map(|(_, p)| p).sum();
    if !c.sums_to_one("triage.pairs", sum, "impact and urgency pair") {
        return None;
    }
    // Model order: impact, then urgency, the pairs never drawn left out.
    order::sort_by_key(&mut found, |&(pair, _)| pair);
    found.retain(|&(_, p)| p > 0.0);
    let probs: Vec<f64> = found.iter().map(|&(_, p)| p).collect();
    Some(TriageDraw::Joint { pairs: found.into_iter().map(|(pair, _)| pair).collect(), cumulative: cumulative(&probs) })
}
