//! The post-escalation review: what the figures say, in sentences, and what to try next. Every
//! sentence is worded from the report's figures by fixed rules, so the same report always reads
//! the same.

use super::Report;
use crate::engine::order;

/// Findings and recommendations, each a sentence.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Review {
    pub findings: Vec<String>,
    pub recommendations: Vec<String>,
}

/// Busier than this, a level delays issues noticeably.
const BUSY: f64 = 0.85;
/// Less busy than this, a level has staff to spare.
const IDLE: f64 = 0.4;
/// A priority breaching more than this share needs attention.
const BREACHING: f64 = 0.05;

fn percent(x: f64) -> String {
    let p = x * 100.0;
    if p > 0.0 && p < 1.0 { "under 1%".into() } else { format!("{p:.0}%") }
}

pub fn review(r: &Report) -> Review {
    let mut out = Review::default();
    let s = &r.summary;
    out.findings.push(r.bottleneck_summary.clone());
    for (i, g) in s.priorities.iter().enumerate() {
        let (Some(breach), Some(counted)) = (g.resolution_breach.mean, g.counted.mean) else { continue };
        if counted < 0.5 {
            continue;
        }
        let ci = g.resolution_breach.ci95.map(|h| format!(" (± {})", percent(h))).unwrap_or_default();
        let response = g
            .first_response_breach
            .mean
            .filter(|&b| b > 0.0)
            .map_or(String::new(), |b| format!("; {} missed the first-response target", percent(b)));
        out.findings.push(format!(
            "{}: {} of {:.0} issues per run breached the resolution target{ci}{response}.",
            r.priorities.get(i).unwrap_or(&g.name),
            percent(breach),
            counted
        ));
    }
    for l in &s.levels {
        let (Some(u), Some(w)) = (l.utilization.mean, l.queue_wait.mean.mean) else { continue };
        let timers =
            l.escalations_out.wait_timer.mean.unwrap_or(0.0) + l.escalations_out.age_trigger.mean.unwrap_or(0.0);
        let moved =
            if timers >= 0.5 { format!("; timers moved {timers:.0} issues on from it per run") } else { String::new() };
        out.findings.push(format!(
            "{} was {} busy; issues waited {:.1} min there on average{moved}.",
            l.name,
            percent(u),
            w
        ));
    }
    for w in r.warnings.iter().filter(|w| w.message.contains("overloaded")) {
        out.findings.push(format!("Warning: {}.", w.message.trim_end_matches('.')));
    }

    // Recommendations, most useful first.
    let worst = s
        .priorities
        .iter()
        .filter_map(|g| Some((g.name.clone(), g.resolution_breach.mean?)))
        .filter(|(_, b)| *b > BREACHING)
        .max_by(|a, b| a.1.total_cmp(&b.1));
    // Busy levels, those behind the most breaches first.
    let mut busy: Vec<(&str, f64, f64)> = s
        .levels
        .iter()
        .filter_map(|l| {
            let u = l.utilization.mean.filter(|&u| u >= BUSY)?;
            let share = r.bottlenecks.iter().find(|b| b.level == l.name).map_or(0.0, |b| b.share_of_breaches);
            Some((l.name.as_str(), u, share))
        })
        .collect();
    order::sort_by(&mut busy, |a, b| b.2.total_cmp(&a.2).then(b.1.total_cmp(&a.1)));
    for (level, u, share) in busy {
        let why = if share > 0.0 {
            format!(", and {} of breached issues waited there longest", percent(share))
        } else {
            String::new()
        };
        out.recommendations.push(format!(
            "Add staff at {level}: it is {} busy{why}. The staffing helper finds how many are needed for a target.",
            percent(u)
        ));
    }
    if let Some((p, breach)) = &worst {
        let at = r.bottlenecks.first().map_or(String::new(), |b| format!(" at {}", b.level));
        out.recommendations.push(format!(
            "{p} breaches {} of its resolution targets: shorten its wait timer{at} so issues move on sooner, or give {p} a skip-level entry; compare the change with the current policy before adopting it.",
            percent(*breach)
        ));
    }
    for l in &s.levels {
        if let Some(u) = l.utilization.mean
            && u < IDLE
        {
            out.recommendations.push(format!(
                "{} is only {} busy: it could give staff to a busier level, or take work earlier (a lower skip-level entry).",
                l.name,
                percent(u)
            ));
        }
    }
    if worst.is_none() && s.priorities.iter().all(|g| g.resolution_breach.mean.is_none_or(|b| b == 0.0)) {
        out.recommendations.push(
            "No issue breached its resolution target: the staffing may have slack; a staff sweep shows how much can go before breaches start."
                .into(),
        );
    }
    if out.recommendations.is_empty() {
        out.recommendations.push(
            "No level is overloaded and no priority breaches more than 5% of its targets: keep the policy, and re-check it with a burst of issues (an outage) in the workload."
                .into(),
        );
    }
    out
}
