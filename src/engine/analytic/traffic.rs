//! The traffic equations: the long-run arrival rate of each (category, priority), and how many
//! services each path position expects per arriving issue, following the outcome probabilities
//! alone; and the arrivals a replication expects, bursts included.

use crate::engine::model::{Action, Model};
use crate::engine::time::{SimTime, WEEK};

/// Long-run arrival rate per (category, priority), per ms, of the base stream (bursts excluded).
pub(super) fn class_rates(model: &Model) -> Vec<Vec<f64>> {
    let mean_profile = model.workload.hour_of_week.iter().sum::<f64>() / 168.0;
    let base = model.workload.rate_per_ms * mean_profile;
    model
        .categories
        .iter()
        .map(|k| priority_probabilities(model, &k.priority_mix).into_iter().map(|p| base * k.share * p).collect())
        .collect()
}

/// A category's priority probabilities, from its mix or from triage (its (impact, urgency)
/// probabilities, independent or joint, through the matrix).
pub fn priority_probabilities(model: &Model, mix: &[f64]) -> Vec<f64> {
    if !mix.is_empty() {
        return mix.to_vec();
    }
    let mut probs = vec![0.0; model.priorities.len()];
    if let Some(t) = &model.triage {
        let pairs = t.draw.probabilities(t.impacts.len(), t.urgencies.len());
        for (row, p_row) in t.matrix.iter().zip(&pairs) {
            for (&p, &pp) in row.iter().zip(p_row) {
                probs[p] += pp;
            }
        }
    }
    probs
}

/// Expected services at each path position, and entries by escalation, per arriving issue of a
/// category and priority, following outcomes only (timers ignored).
pub fn expected_visits(model: &Model, category: usize, priority: usize) -> (Vec<f64>, Vec<f64>) {
    let k = &model.categories[category];
    let n = k.path.len();
    let mut visits = vec![0.0; n];
    let mut escalated_in = vec![0.0; n];
    let mut mass = vec![0.0; n];
    mass[k.entry[priority]] = 1.0;
    for _ in 0..100_000 {
        let total: f64 = mass.iter().sum();
        if total < 1e-12 {
            break;
        }
        let mut next = vec![0.0; n];
        for i in 0..n {
            if mass[i] == 0.0 {
                continue;
            }
            visits[i] += mass[i];
            let cell = model.cell(k.path[i], category, priority);
            let resolved = mass[i] * cell.resolve_probability;
            next[i] += resolved * k.reopen_probability;
            // A `notify` outcome records its event and then moves the issue as by default.
            let target = match cell.on_not_resolved.action.after_service() {
                Action::EscalateTo(l) => k.position(l).unwrap_or(i),
                // Closed: the unresolved mass leaves the system here.
                Action::Close => continue,
                _ => (i + 1).min(n - 1),
            };
            let unresolved = mass[i] - resolved;
            next[target] += unresolved;
            if target != i {
                escalated_in[target] += unresolved;
            }
        }
        mass = next;
    }
    (visits, escalated_in)
}

/// Expected arrivals over `[0, horizon)` of one replication, bursts included.
pub fn expected_arrivals(model: &Model, horizon: u64) -> f64 {
    let w = &model.workload;
    let weeks = horizon / WEEK;
    let mean_profile = w.hour_of_week.iter().sum::<f64>() / 168.0;
    // Whole weeks at the mean rate, plus the part week hour by hour from the start's local hour.
    let mut expected = weeks as f64 * WEEK as f64 * w.rate_per_ms * mean_profile;
    let mut t = weeks * WEEK;
    while t < horizon {
        let next = model.clock.next_hour_boundary(SimTime(t)).0.min(horizon);
        expected += (next - t) as f64 * w.rate_per_ms * w.hour_of_week[model.clock.hour_of_week(SimTime(t))];
        t = next;
    }
    for b in &w.bursts {
        let (s, e) = (b.start.min(horizon), b.end.min(horizon));
        expected += (e - s) as f64 * b.rate_per_ms;
    }
    expected + w.scheduled.iter().filter(|s| s.at < horizon).count() as f64
}
