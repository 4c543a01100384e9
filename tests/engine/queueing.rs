//! M/M/c levels against Erlang C, and priority classes against Cobham's non-preemptive formula,
//! for several staff counts and loads up to rho = 0.95. Tolerances are the simulation's own 99%
//! confidence intervals over independent replications.

use escalation_lab::engine::analytic::{mmc_wait, priority_waits};
use serde_json::json;

use super::support::{assert_within_ci, base, run, set};

const REPS: usize = 10;
const MEAN_SERVICE_MIN: f64 = 4.0;
const MIX: [f64; 4] = [0.05, 0.15, 0.40, 0.40];

fn check(c: u32, rho: f64, hours: u32) {
    let lambda_per_min = rho * f64::from(c) / MEAN_SERVICE_MIN;
    let mut doc = base();
    set(&mut doc, "/levels/0/staff", json!(c));
    set(&mut doc, "/workload/arrivals_per_hour", json!(lambda_per_min * 60.0));
    set(&mut doc, "/workload/priority_mix", json!({"P1": MIX[0], "P2": MIX[1], "P3": MIX[2], "P4": MIX[3]}));
    set(&mut doc, "/run", json!({"horizon": format!("{hours}h"), "warmup": "10%", "replications": REPS, "seed": 7}));
    let report = run(&doc);
    let mu = 1.0 / MEAN_SERVICE_MIN;
    let label = format!("c={c} rho={rho}");

    // The analysis beside the simulation says this level is exactly M/M/c.
    let a = &report.analytic[0];
    assert!(a.exact, "{label}: {:?}", a.caveats);
    assert!((a.theory_rho - rho).abs() < 1e-9, "{label}: offered rho {}", a.theory_rho);
    let wq = mmc_wait(lambda_per_min, mu, c);
    assert!((a.erlang_c.as_ref().unwrap().mean_wait_min - wq).abs() < 1e-9);

    let level = &report.summary.levels[0];
    assert_within_ci(&format!("{label} mean queue wait"), level.queue_wait.mean, REPS, wq);
    assert_within_ci(&format!("{label} utilization"), level.utilization, REPS, rho);

    // With one level that always resolves, the first response is exactly the queue wait.
    let lambdas: Vec<f64> = MIX.iter().map(|p| p * lambda_per_min).collect();
    let cobham = priority_waits(&lambdas, mu, c);
    for (p, w) in cobham.iter().enumerate() {
        let e = report.summary.priorities[p].first_response.mean;
        assert_within_ci(&format!("{label} P{} wait (Cobham)", p + 1), e, REPS, *w);
    }
}

#[test]
fn single_server_half_loaded() {
    check(1, 0.5, 2000);
}

#[test]
fn two_servers_at_rho_0_9() {
    check(2, 0.9, 4000);
}

#[test]
fn b1_mmc_ten_servers_at_rho_0_8() {
    check(10, 0.8, 1000);
}

#[test]
fn ten_servers_at_rho_0_95() {
    check(10, 0.95, 2000);
}

#[test]
fn five_servers_at_rho_0_7() {
    check(5, 0.7, 1000);
}

/// The shipped B1-MMC scenario reproduces the Erlang C figure of `shared/bench/erlang_c.py`.
#[test]
fn shipped_b1_mmc_matches_erlang_c() {
    let text = include_str!("../../static/scenarios/b1-mmc.json");
    let doc: serde_json::Value = serde_json::from_str(text).unwrap();
    let report = run(&doc);
    let reps = report.replications as usize;
    assert_within_ci("B1-MMC Wq", report.summary.levels[0].queue_wait.mean, reps, 0.81836);
}
