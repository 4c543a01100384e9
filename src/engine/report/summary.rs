//! Mean and 95% confidence half-width of every scalar KPI over replications.
//!
//! `Kpis<Option<f64>>` of each replication and `Kpis<Estimate>` have the same shape: the summary
//! walks the replications' trees side by side, every figure becomes an `Estimate` and every name
//! is kept.

use super::{EscalationsOut, EventKpis, GroupKpis, Kpis, LevelKpis, MoreBreaches, Quantiles};
use serde::{Deserialize, Serialize};

/// A mean over replications with its 95% Student-t confidence half-width.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Estimate {
    /// `None` when no replication had a value (e.g. no issue of that priority).
    pub mean: Option<f64>,
    /// `None` with fewer than two values.
    pub ci95: Option<f64>,
}

impl Estimate {
    /// Skips NaN values, like the peer simulators' summaries do.
    pub fn of(values: impl IntoIterator<Item = f64>) -> Estimate {
        let vals: Vec<f64> = values.into_iter().filter(|v| !v.is_nan()).collect();
        let n = vals.len();
        if n == 0 {
            return Estimate { mean: None, ci95: None };
        }
        let mean = vals.iter().sum::<f64>() / n as f64;
        if n < 2 {
            return Estimate { mean: Some(mean), ci95: None };
        }
        let var = vals.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / (n - 1) as f64;
        Estimate { mean: Some(mean), ci95: Some(t975(n - 1) * libm::sqrt(var) / libm::sqrt(n as f64)) }
    }
}

/// Two-sided 95% Student-t quantile for `df` degrees of freedom.
pub fn t975(df: usize) -> f64 {
    const TABLE: [f64; 30] = [
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145, 2.131,
        2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
    ];
    match df {
        0 => f64::NAN,
        1..=30 => TABLE[df - 1],
        // Beyond the table, the Cornish-Fisher expansion around the normal quantile is good to 1e-4.
        _ => {
            let z: f64 = 1.959964;
            let d = df as f64;
            z + (z * z * z + z) / (4.0 * d) + (5.0 * z.powi(5) + 16.0 * z.powi(3) + 3.0 * z) / (96.0 * d * d)
        }
    }
}

/// Mean and CI of every KPI over the replications. Names come from the first replication.
pub fn summarize(reps: &[Kpis<Option<f64>>]) -> Kpis<Estimate> {
    let reps: Vec<&Kpis<Option<f64>>> = reps.iter().collect();
    Summary::of(&reps)
}

/// A KPI tree of one replication, summarised over several side by side: every figure becomes
/// an [`Estimate`], every name is kept. A struct literal per tree, so that a KPI added to one of
/// them and not here is a compile error, not a figure silently left out.
trait Summary: Sized {
    type Out;
    fn of(reps: &[&Self]) -> Self::Out;
}

/// Summarises the part `get` picks out of each replication.
fn part<S, P: Summary>(reps: &[&S], get: impl Fn(&S) -> &P) -> P::Out {
    let parts: Vec<&P> = reps.iter().map(|r| get(r)).collect();
    P::of(&parts)
}

impl Summary for Option<f64> {
    type Out = Estimate;
    fn of(reps: &[&Self]) -> Estimate {
        // A replication with no value (no issue of that priority, say) is left out.
        Estimate::of(reps.iter().map(|v| v.unwrap_or(f64::NAN)))
    }
}

impl<T: Summary> Summary for Vec<T> {
    type Out = Vec<T::Out>;
    fn of(reps: &[&Self]) -> Self::Out {
        (0..reps[0].len()).map(|i| part(reps, |r| &r[i])).collect()
    }
}

impl Summary for Kpis<Option<f64>> {
    type Out = Kpis<Estimate>;
    fn of(reps: &[&Self]) -> Self::Out {
        Kpis {
            counted_issues: part(reps, |r| &r.counted_issues),
            resolved: part(reps, |r| &r.resolved),
            censored: part(reps, |r| &r.censored),
            end_hours: part(reps, |r| &r.end_hours),
            priorities: part(reps, |r| &r.priorities),
            categories: part(reps, |r| &r.categories),
            levels: part(reps, |r| &r.levels),
            events: part(reps, |r| &r.events),
        }
    }
}

impl Summary for GroupKpis<Option<f64>> {
    type Out = GroupKpis<Estimate>;
    fn of(reps: &[&Self]) -> Self::Out {
        GroupKpis {
            name: reps[0].name.clone(),
            counted: part(reps, |r| &r.counted),
            resolved: part(reps, |r| &r.resolved),
            ttr: part(reps, |r| &r.ttr),
            first_response: part(reps, |r| &r.first_response),
            resolution_breach: part(reps, |r| &r.resolution_breach),
            first_response_breach: part(reps, |r| &r.first_response_breach),
            more_breach: part(reps, |r| &r.more_breach),
            reopened: part(reps, |r| &r.reopened),
            escalated: part(reps, |r| &r.escalated),
            at_risk_warnings: part(reps, |r| &r.at_risk_warnings),
            ttr_histogram: part(reps, |r| &r.ttr_histogram),
        }
    }
}

impl Summary for MoreBreaches<Option<f64>> {
    type Out = MoreBreaches<Estimate>;
    fn of(reps: &[&Self]) -> Self::Out {
        MoreBreaches::from_fn(|which| part(reps, |r| r.get(which)))
    }
}

impl Summary for Quantiles<Option<f64>> {
    type Out = Quantiles<Estimate>;
    fn of(reps: &[&Self]) -> Self::Out {
        Quantiles {
            mean: part(reps, |r| &r.mean),
            p50: part(reps, |r| &r.p50),
            p90: part(reps, |r| &r.p90),
            p99: part(reps, |r| &r.p99),
        }
    }
}

impl Summary for LevelKpis<Option<f64>> {
    type Out = LevelKpis<Estimate>;
    fn of(reps: &[&Self]) -> Self::Out {
        LevelKpis {
            name: reps[0].name.clone(),
            utilization: part(reps, |r| &r.utilization),
            overtime: part(reps, |r| &r.overtime),
            mean_queue_length: part(reps, |r| &r.mean_queue_length),
            mean_busy: part(reps, |r| &r.mean_busy),
            mean_staff: part(reps, |r| &r.mean_staff),
            services_per_hour: part(reps, |r| &r.services_per_hour),
            joins_per_hour: part(reps, |r| &r.joins_per_hour),
            left_unserved_per_hour: part(reps, |r| &r.left_unserved_per_hour),
            moved_in_per_hour: part(reps, |r| &r.moved_in_per_hour),
            queue_wait: part(reps, |r| &r.queue_wait),
            visits: part(reps, |r| &r.visits),
            resolved_here: part(reps, |r| &r.resolved_here),
            escalations_out: part(reps, |r| &r.escalations_out),
        }
    }
}

impl Summary for EscalationsOut<Option<f64>> {
    type Out = EscalationsOut<Estimate>;
    fn of(reps: &[&Self]) -> Self::Out {
        EscalationsOut {
            outcome: part(reps, |r| &r.outcome),
            wait_timer: part(reps, |r| &r.wait_timer),
            age_trigger: part(reps, |r| &r.age_trigger),
            sla_trigger: part(reps, |r| &r.sla_trigger),
        }
    }
}

impl Summary for EventKpis<Option<f64>> {
    type Out = EventKpis<Estimate>;
    fn of(reps: &[&Self]) -> Self::Out {
        EventKpis {
            arrivals: part(reps, |r| &r.arrivals),
            service_completions: part(reps, |r| &r.service_completions),
            timer_escalations: part(reps, |r| &r.timer_escalations),
            model_events: part(reps, |r| &r.model_events),
            processed_events: part(reps, |r| &r.processed_events),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn estimate_matches_hand_computation() {
        // Values 1..5: mean 3, sd sqrt(2.5), t(0.975, 4) = 2.776.
        let e = Estimate::of([1.0, 2.0, 3.0, 4.0, 5.0]);
        assert_eq!(e.mean, Some(3.0));
        assert!((e.ci95.unwrap() - 2.776 * libm::sqrt(2.5) / libm::sqrt(5.0)).abs() < 1e-12);
        assert_eq!(Estimate::of([f64::NAN]), Estimate { mean: None, ci95: None });
        assert_eq!(Estimate::of([2.0, f64::NAN]), Estimate { mean: Some(2.0), ci95: None });
    }

    #[test]
    fn t_quantiles_continue_smoothly_past_the_table() {
        assert!((t975(30) - 2.042).abs() < 1e-9);
        assert!((t975(40) - 2.021).abs() < 1e-3);
        assert!((t975(120) - 1.980).abs() < 1e-3);
    }
}
