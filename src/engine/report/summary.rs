//! Mean and 95% confidence half-width of every scalar KPI over replications.
//!
//! `Kpis<Option<f64>>` of each replication and `Kpis<Estimate>` have the same shape, so the summary walks
//! the serialized form of the replications side by side: every number becomes an `Estimate` and
//! every name is kept. This keeps one definition of the KPI tree instead of a hand-written twin.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::Kpis;

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

/// Mean and CI of every KPI over the replications.
pub fn summarize(reps: &[Kpis<Option<f64>>]) -> Kpis<Estimate> {
    let values: Vec<Value> = reps.iter().map(|k| serde_json::to_value(k).expect("KPIs serialize")).collect();
    let merged = merge(&values.iter().collect::<Vec<_>>());
    serde_json::from_value(merged).expect("the summary has the shape of the KPIs")
}

fn merge(nodes: &[&Value]) -> Value {
    let first = nodes[0];
    match first {
        Value::Object(map) => Value::Object(
            map.keys()
                .map(|k| {
                    let children: Vec<&Value> = nodes.iter().map(|n| &n[k]).collect();
                    (k.clone(), merge(&children))
                })
                .collect(),
        ),
        Value::Array(items) => {
            Value::Array((0..items.len()).map(|i| merge(&nodes.iter().map(|n| &n[i]).collect::<Vec<_>>())).collect())
        }
        Value::String(_) | Value::Bool(_) => first.clone(),
        // Numbers, and null where a replication had no value.
        Value::Number(_) | Value::Null => {
            let e = Estimate::of(nodes.iter().map(|n| n.as_f64().unwrap_or(f64::NAN)));
            serde_json::to_value(e).expect("an estimate serializes")
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
