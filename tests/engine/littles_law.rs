//! Little's law per level, L = lambda W: the time-average queue length equals the rate of queue
//! joins times the mean wait, in every level of B1 (where timers move issues between queues).

use super::support::{run, widen_to_99};
use escalation_lab::engine::report::Estimate;
use serde_json::Value;

#[test]
fn holds_at_every_level_of_b1() {
    let mut doc: Value = serde_json::from_str(include_str!("../../static/scenarios/b1.json")).unwrap();
    doc["run"]["replications"] = 10.into();
    doc["run"]["horizon"] = "2000h".into();
    let report = run(&doc);
    let reps = report.per_replication.len();
    for (l, name) in report.levels.iter().enumerate() {
        // Per replication: L - lambda W, whose mean must be zero up to the simulation's noise.
        let gaps: Vec<f64> = report
            .per_replication
            .iter()
            .map(|k| {
                let lv = &k.levels[l];
                lv.mean_queue_length.unwrap() - lv.joins_per_hour.unwrap() / 60.0 * lv.queue_wait.mean.unwrap()
            })
            .collect();
        let e = Estimate::of(gaps.iter().copied());
        let half = widen_to_99(e, reps);
        let mean_l = report.summary.levels[l].mean_queue_length.mean.unwrap();
        assert!(
            e.mean.unwrap().abs() <= half,
            "{name}: L - lambda W = {:.5} ± {half:.5} (L = {mean_l:.4})",
            e.mean.unwrap()
        );
        assert!(mean_l > 0.0, "{name} had no queue at all");
    }
}
