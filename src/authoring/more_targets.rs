//! The reply, update and status SLA targets (next reply, periodic and pausable update, requester
//! wait, agent work) as the app shows them: what each clock counts in the SLA editor, whether a
//! policy has any (its disclosure then opens), a priority's attainment lines on the results card,
//! and the targets a walked issue breached, in words.
//!
//! Pure functions over the document and the report, so the wording is checked natively; the SLA
//! tab (`ui::editor::sla`), the KPI cards (`ui::charts::kpi`) and the walk (`ui::editor::walk`)
//! draw them.

use serde_json::Value;

use crate::engine::document::MoreTarget;
use crate::engine::report::{Estimate, GroupKpis, Report};
use crate::figures::common::{complement, est, pct1};

#[cfg(test)]
mod tests;

/// What the target's clock counts, in a line (`docs/scenario-format.md`, SLA targets).
pub fn counts(which: MoreTarget) -> &'static str {
    match which {
        MoreTarget::NextReply => {
            "from each handoff to another level or reopen to the next service start, paused time left out"
        }
        MoreTarget::PeriodicUpdate => {
            "each interval between agent updates (a service start or end) up to the resolution, pauses included"
        }
        MoreTarget::PausableUpdate => "the same intervals between agent updates, paused time left out",
        MoreTarget::RequesterWait => "arrival to the resolution, follow-ups left out; time on hold counts",
        MoreTarget::AgentWork => "the requester's wait less the time on hold (a third party has it)",
    }
}

/// The target's name with a capital (`Next reply`).
pub fn label(which: MoreTarget) -> String {
    crate::engine::words::capitalised(which.words())
}

/// True when a policy's targets (priority -> targets) set any of the five for some priority.
pub fn any_set(targets: &Value) -> bool {
    targets.as_object().is_some_and(|by_priority| {
        by_priority.values().any(|t| MoreTarget::ALL.iter().any(|w| t.get(w.key()).is_some_and(|v| !v.is_null())))
    })
}

/// One attainment line of a priority's card.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    /// The target's field name (`next_reply`).
    pub key: &'static str,
    /// `Next reply within 1 h on office`.
    pub label: String,
    /// The share of the issues it applies to that met it, ± the half-width (`97.5% ± 1.2%`), or
    /// why there is none.
    pub value: String,
}

/// The reply, update and status targets priority `p` has under some policy, in
/// [`MoreTarget::ALL`]'s order, each with its attainment in `g` (empty when it has none).
pub fn lines(report: &Report, p: usize, g: &GroupKpis<Estimate>) -> Vec<Line> {
    let mut lines = Vec::new();
    for w in MoreTarget::ALL {
        let mut texts: Vec<&str> = Vec::new();
        for s in &report.sla_targets {
            let Some(targets) = s.more_text.get(p) else { continue };
            for (key, text) in targets {
                if key == w.key() && !texts.contains(&text.as_str()) {
                    texts.push(text);
                }
            }
        }
        if texts.is_empty() {
            continue;
        }
        let e = g.more_breach.get(w);
        let value = match e.mean.filter(|m| m.is_finite()) {
            Some(_) => est(&complement(e), pct1),
            None => match w {
                MoreTarget::NextReply => "no issue owed one",
                MoreTarget::PeriodicUpdate | MoreTarget::PausableUpdate => "no issue had two updates",
                MoreTarget::RequesterWait | MoreTarget::AgentWork => "no issue judged",
            }
            .to_string(),
        };
        lines.push(Line { key: w.key(), label: format!("{} within {}", label(w), texts.join(" or ")), value });
    }
    lines
}

/// The reply, update and status targets a walked issue breached (`Journey::also_breached`), as
/// a sentence; `None` when it breached none.
pub fn breached(keys: &[String]) -> Option<String> {
    let words: Vec<&str> = keys
        .iter()
        .map(|k| MoreTarget::ALL.into_iter().find(|w| w.key() == k).map_or(k.as_str(), |w| w.words()))
        .collect();
    let (last, rest) = words.split_last()?;
    let list = if rest.is_empty() { last.to_string() } else { format!("{} and {last}", rest.join(", ")) };
    Some(format!("Past its {list} target{}.", if rest.is_empty() { "" } else { "s" }))
}
