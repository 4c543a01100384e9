//! The workload: the arrival rate and its weekly profile, bursts, scheduled issues and tags.

use super::checker::Checker;
use super::sections::{Names, cumulative};
use crate::engine::document::Document;
use crate::engine::model::{Burst, MAX_TAGS, ScheduledIssue, Workload};
use crate::engine::time::HOUR;

/// Largest arrival rate that makes sense (a million issues an hour).
const MAX_RATE_PER_HOUR: f64 = 1e6;

pub(super) fn workload(doc: &Document, names: &Names, c: &mut Checker) -> Option<Workload> {
    let w = &doc.workload;
    let mut ok = true;
    if !(w.arrivals_per_hour.is_finite() && w.arrivals_per_hour >= 0.0 && w.arrivals_per_hour <= MAX_RATE_PER_HOUR) {
        c.error(
            "workload.arrivals_per_hour",
            format!("{} arrivals per hour: use a number between 0 and {MAX_RATE_PER_HOUR}", w.arrivals_per_hour),
        );
        ok = false;
    }
    let mut profile = [1.0; 168];
    let multipliers = |path: &str, values: &[f64], len: usize, c: &mut Checker| -> bool {
        if values.len() != len {
            c.error(path, format!("needs exactly {len} multipliers, not {}", values.len()));
            return false;
        }
        if let Some(i) = values.iter().position(|v| !(v.is_finite() && *v >= 0.0 && *v <= 1000.0)) {
            c.error(
                format!("{path}[{i}]"),
                format!("{} is not a rate multiplier; use a number between 0 and 1000", values[i]),
            );
            return false;
        }
        true
    };
    match (&w.hour_of_week, &w.hour_of_day, &w.day_of_week) {
        (Some(_), Some(_), _) | (Some(_), _, Some(_)) => {
            c.error("workload.hour_of_week", "give either hour_of_week or hour_of_day/day_of_week, not both");
            ok = false;
        }
        (Some(h), None, None) => {
            if multipliers("workload.hour_of_week", h, 168, c) {
                profile.copy_from_slice(h);
            } else {
                ok = false;
            }
        }
        (None, hod, dow) => {
            let hod_ok = hod.as_ref().is_none_or(|h| multipliers("workload.hour_of_day", h, 24, c));
            let dow_ok = dow.as_ref().is_none_or(|d| multipliers("workload.day_of_week", d, 7, c));
            if hod_ok && dow_ok {
                for (i, m) in profile.iter_mut().enumerate() {
                    *m = hod.as_ref().map_or(1.0, |h| h[i % 24]) * dow.as_ref().map_or(1.0, |d| d[i / 24]);
                }
            } else {
                ok = false;
            }
        }
    }
    let shares: Vec<f64> = doc.categories.iter().map(|k| k.share.clamp(0.0, 1.0)).collect();
    let mut bursts = Vec::new();
    for (i, b) in w.bursts.iter().enumerate() {
        let path = format!("workload.bursts[{i}]");
        let start = c.duration(&format!("{path}.start"), &b.start);
        let duration = c.positive_duration(&format!("{path}.duration"), &b.duration);
        let rate =
            if b.arrivals_per_hour.is_finite() && b.arrivals_per_hour > 0.0 && b.arrivals_per_hour <= MAX_RATE_PER_HOUR
            {
                Some(b.arrivals_per_hour)
            } else {
                c.error(
                    format!("{path}.arrivals_per_hour"),
                    format!(
                        "{} arrivals per hour: use a number above 0 and at most {MAX_RATE_PER_HOUR}",
                        b.arrivals_per_hour
                    ),
                );
                None
            };
        let category = c.lookup(&format!("{path}.category"), &b.category, &names.categories, "category");
        let mix = match &b.priority_mix {
            Some(m) => c.mix(&format!("{path}.priority_mix"), m, &names.priorities, "priority").map(Some),
            None => Some(None),
        };
        match (start, duration, rate, category, mix) {
            (Some(s), Some(d), Some(r), Some(k), Some(mix)) => bursts.push(Burst {
                name: if b.name.is_empty() { format!("burst {}", i + 1) } else { b.name.clone() },
                start: s,
                end: s.saturating_add(d),
                rate_per_ms: r / HOUR as f64,
                category: k,
                priority_cumulative: mix.as_deref().map(cumulative),
                priority_mix: mix,
            }),
            _ => ok = false,
        }
    }
    let mut scheduled = Vec::new();
    for (i, s) in w.scheduled.iter().enumerate() {
        let path = format!("workload.scheduled[{i}]");
        let at = c.duration(&format!("{path}.at"), &s.at);
        let issue = Given { category: &s.category, priority: &s.priority, attributes: &s.attributes, tags: &s.tags };
        match (at, given_issue(doc, names, c, &path, &issue)) {
            (Some(at), Some(mut issue)) => {
                issue.at = at;
                scheduled.push(issue);
            }
            _ => ok = false,
        }
    }
    // Stable: issues at the same time arrive in the order they are listed.
    crate::engine::order::sort_by_key(&mut scheduled, |s| s.at);
    if w.tags.len() > MAX_TAGS {
        c.error("workload.tags", format!("{} tags: use at most {MAX_TAGS}", w.tags.len()));
        ok = false;
    }
    for (t, &p) in &w.tags {
        if t.trim().is_empty() {
            c.error("workload.tags", "a tag needs a name");
            ok = false;
        }
        ok &= c.probability(&format!("workload.tags.{t}"), p).is_some();
    }
    ok.then(|| Workload {
        rate_per_ms: w.arrivals_per_hour / HOUR as f64,
        hour_of_week: profile,
        category_cumulative: cumulative(&shares),
        bursts,
        scheduled,
        tags: w.tags.iter().map(|(t, &p)| (t.clone(), p)).collect(),
    })
}

/// An issue given in full (a scheduled one, or a script's), as the document holds it.
pub(super) struct Given<'a> {
    pub category: &'a str,
    pub priority: &'a str,
    pub attributes: &'a std::collections::BTreeMap<String, String>,
    pub tags: &'a Option<Vec<String>>,
}

/// Checks an issue given in full at `path`; its time is left at 0 for the caller to set.
pub(super) fn given_issue(
    doc: &Document,
    names: &Names,
    c: &mut Checker,
    path: &str,
    g: &Given<'_>,
) -> Option<ScheduledIssue> {
    let mut ok = true;
    let category = c.lookup(&format!("{path}.category"), g.category, &names.categories, "category");
    let priority = c.lookup(&format!("{path}.priority"), g.priority, &names.priorities, "priority");
    let mut attributes = vec![None; doc.attributes.len()];
    for (a, v) in g.attributes {
        let ap = format!("{path}.attributes.{a}");
        if let Some(ai) = c.lookup(&ap, a, &names.attributes, "attribute") {
            let values: Vec<String> = doc.attributes[ai].values.keys().cloned().collect();
            match c.lookup(&ap, v, &values, &format!("value of \"{a}\"")) {
                Some(vi) => attributes[ai] = Some(vi),
                None => ok = false,
            }
        } else {
            ok = false;
        }
    }
    let tags = g.tags.as_ref().map(|list| {
        let mut bits = 0u32;
        for (j, t) in list.iter().enumerate() {
            match doc.workload.tags.keys().position(|k| k == t) {
                Some(b) => bits |= 1 << b,
                None => {
                    let known: Vec<String> = doc.workload.tags.keys().cloned().collect();
                    c.lookup(&format!("{path}.tags[{j}]"), t, &known, "tag");
                    ok = false;
                }
            }
        }
        bits
    });
    match (category, priority, ok) {
        (Some(category), Some(priority), true) => Some(ScheduledIssue { at: 0, category, priority, attributes, tags }),
        _ => None,
    }
}
