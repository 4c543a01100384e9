//! Same scenario and seed, same report, bit for bit; another seed, another sample path; and the
//! report does not depend on how replications are spread over threads.

use serde_json::Value;

use super::support::{model, run};
use escalation_lab::engine::{runner, simulation::Simulation};

fn stress() -> Value {
    let mut doc: Value = serde_json::from_str(include_str!("../../static/scenarios/b1-stress.json")).unwrap();
    doc["run"]["horizon"] = "100h".into();
    doc["run"]["replications"] = 3.into();
    doc
}

#[test]
fn same_seed_same_report_bit_for_bit() {
    let a = serde_json::to_string(&run(&stress())).unwrap();
    let b = serde_json::to_string(&run(&stress())).unwrap();
    assert_eq!(a, b);
}

#[test]
fn another_seed_another_path() {
    let mut other = stress();
    other["run"]["seed"] = 2.into();
    let a = run(&stress());
    let b = run(&other);
    assert_ne!(a.per_replication[0].counted_issues, b.per_replication[0].counted_issues);
    // Replication k uses seed + k - 1: seed 2's first replication is seed 1's second.
    assert_eq!(
        serde_json::to_string(&a.per_replication[1]).unwrap(),
        serde_json::to_string(&b.per_replication[0]).unwrap()
    );
}

#[test]
fn replications_in_any_order_combine_to_the_same_report() {
    let m = model(&stress());
    let sequential = runner::run(&m, &[]);
    let m = &m;
    let reps: Vec<_> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..3u64).rev().map(|k| s.spawn(move || (k, Simulation::run(m, 1 + k)))).collect();
        let mut out: Vec<_> = handles.into_iter().map(|h| h.join().unwrap()).collect();
        out.sort_by_key(|(k, _)| *k);
        out.into_iter().map(|(_, r)| r).collect()
    });
    let parallel = runner::combine(m, &[], reps);
    assert_eq!(serde_json::to_string(&sequential).unwrap(), serde_json::to_string(&parallel).unwrap());
}

#[test]
fn stepping_in_slices_gives_the_same_result() {
    let m = model(&stress());
    let whole = Simulation::run(&m, 5);
    let mut sim = Simulation::new(&m, 5);
    while !sim.step(977) {}
    let sliced = sim.finish();
    assert_eq!(serde_json::to_string(&whole.kpis).unwrap(), serde_json::to_string(&sliced.kpis).unwrap());
}

#[path = "../shared/fingerprint.rs"]
mod fingerprint;

/// The browser tests (`tests/browser.rs`) check the same fingerprint in wasm32.
#[test]
fn report_fingerprint_matches_the_recorded_one() {
    let found = fingerprint::fingerprint(&fingerprint::report());
    assert_eq!(
        found,
        fingerprint::EXPECTED.trim(),
        "if the engine changed on purpose, record {found} in tests/fixtures/fingerprint.txt"
    );
}
