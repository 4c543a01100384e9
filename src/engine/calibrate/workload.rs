//! The workload of a history: the clock's start, the hour-of-week profile, the priority mix and
//! shares that sum to 1.

use std::collections::BTreeMap;

use chrono::{DateTime, SecondsFormat, Utc};

use super::{Builder, HOUR_MS, round};
use crate::engine::fit;
use crate::engine::history::Ticket;
use crate::engine::order;

/// The clock start: the first ticket's opening, down to the hour, in UTC.
pub(super) fn clock_start(first: i64) -> String {
    let hour = first.div_euclid(3_600_000) * 3_600_000;
    DateTime::<Utc>::from_timestamp_millis(hour).unwrap_or_default().to_rfc3339_opts(SecondsFormat::Secs, false)
}

/// The hour of week (Monday 00:00 UTC first) of a time.
fn hour_of_week(ms: i64) -> usize {
    // 1970-01-01 was a Thursday: day 3 of a week that starts on Monday.
    usize::try_from((ms.div_euclid(3_600_000) + 72).rem_euclid(168)).unwrap_or(0)
}

/// The hour-of-week profile: each hour's rate over the mean rate, when the history covers at
/// least two whole weeks (each hour of the week seen twice); else none, said.
pub(super) fn profile(tickets: &[Ticket], first: i64, last: i64, p: &mut Builder) -> Option<Vec<f64>> {
    let weeks = (last - first) as f64 / (168.0 * HOUR_MS);
    if weeks < 2.0 {
        p.say(format!(
            "No hour-of-week profile: the history covers {} weeks, under the two needed to see each hour of the week twice; arrivals are even over the week.",
            round(weeks, 2)
        ));
        return None;
    }
    let mut counts = [0u64; 168];
    for t in tickets {
        counts[hour_of_week(t.opened)] += 1;
    }
    // Hours of each hour of the week within the span.
    let mut exposure = [0f64; 168];
    let mut h = first.div_euclid(3_600_000);
    while h * 3_600_000 < last {
        let from = (h * 3_600_000).max(first);
        let to = ((h + 1) * 3_600_000).min(last);
        exposure[hour_of_week(h * 3_600_000)] += (to - from) as f64 / HOUR_MS;
        h += 1;
    }
    let total_rate = tickets.len() as f64 / ((last - first) as f64 / HOUR_MS);
    let profile: Vec<f64> = (0..168)
        .map(
            |i| if exposure[i] > 0.0 { round(counts[i] as f64 / exposure[i] / total_rate, 3).min(1000.0) } else { 1.0 },
        )
        .collect();
    p.say(format!(
        "Hour-of-week profile: each hour's arrivals over its hours in the span, as a multiple of the mean rate (UTC, Monday 00:00 first), from {} weeks.",
        round(weeks, 1)
    ));
    Some(profile)
}

/// The priorities (sorted by name) and their mix.
pub(super) fn priority_mix(tickets: &[Ticket], p: &mut Builder) -> (Vec<String>, BTreeMap<String, f64>) {
    let mut counts: BTreeMap<String, u64> = BTreeMap::new();
    for t in tickets {
        if let Some(pr) = &t.priority {
            *counts.entry(pr.clone()).or_default() += 1;
        }
    }
    let with = counts.values().sum::<u64>();
    if with == 0 {
        p.say("No ticket has a priority: the scenario has one, P3.".to_string());
        return (vec!["P3".to_string()], BTreeMap::from([("P3".to_string(), 1.0)]));
    }
    let missing = tickets.len() as u64 - with;
    if missing > 0 {
        p.say(format!("{missing} tickets have no priority: the mix is of the {with} that have one."));
    }
    let names: Vec<String> = counts.keys().cloned().collect();
    let mix = shares(&counts);
    for (name, &k) in &counts {
        if let Some(i) = fit::proportion(k, with) {
            p.figure(&format!("priority {name} share"), i, "share");
        }
    }
    (names, mix)
}

/// Counts as shares that sum to 1 exactly enough for validation: rounded to 6 places, the
/// rounding's remainder put on the largest.
pub(super) fn shares<K: Ord + Clone>(counts: &BTreeMap<K, u64>) -> BTreeMap<K, f64> {
    let total = counts.values().sum::<u64>() as f64;
    let mut out: BTreeMap<K, f64> = order::map_of(counts.iter().map(|(k, &n)| (k.clone(), round(n as f64 / total, 6))));
    let sum: f64 = out.values().sum();
    if let Some((_, largest)) = counts.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        && let Some(s) = counts.iter().find(|(_, n)| *n == largest).map(|(k, _)| k.clone())
        && let Some(v) = out.get_mut(&s)
    {
        *v = round(*v + 1.0 - sum, 6);
    }
    out
}
