//! Attainment goals: read from the scenario (95% where not given), checked when they are not
//! shares, carried in the report, and judged with every goal and the levels' load at once.

use escalation_lab::engine::goals::{Judgement, Verdict};
use serde_json::json;

use super::support::{base, problems, run, set};

#[test]
fn goals_default_to_95_percent_and_are_carried_in_the_report() {
    let mut doc = base();
    set(&mut doc, "/priorities/1/goals", json!({ "resolution": 0.8 }));
    let report = run(&doc);
    let g: Vec<(f64, f64)> = report.goals.iter().map(|g| (g.goals.first_response, g.goals.resolution)).collect();
    assert_eq!(g, vec![(0.95, 0.95), (0.95, 0.8), (0.95, 0.95), (0.95, 0.95)]);
    assert_eq!(report.goals[1].priority, "P2");
}

#[test]
fn a_goal_that_is_not_a_share_is_an_error_at_its_place() {
    let mut doc = base();
    set(&mut doc, "/priorities/0/goals", json!({ "first_response": 95, "resolution": -0.1 }));
    let p = problems(&doc);
    assert!(
        p.contains(&(
            "priorities[0].goals.first_response".into(),
            "a goal is a share from 0 to 1: write 0.95 for 95%".into()
        )),
        "{p:?}"
    );
    assert!(
        p.contains(&(
            "priorities[0].goals.resolution".into(),
            "a goal is a share from 0 to 1 (0.95 for 95%), not -0.1".into()
        )),
        "{p:?}"
    );
    set(&mut doc, "/priorities/0/goals", json!({ "fist_response": 0.9 }));
    assert!(
        problems(&doc).iter().any(|(path, m)| path.starts_with("priorities[0].goals") && m.contains("first_response"))
    );
}

/// The badge case that misled: resolution well within its goal, first response below it. The
/// run is not on target, and a goal set lower than the default is judged as set.
#[test]
fn first_response_goals_count_as_much_as_resolution_goals() {
    let mut doc = base();
    // Two agents, 4-minute service, 24 arrivals an hour (rho 0.8): about 1 in 4 issues waits
    // more than a minute, all are resolved within an hour.
    set(&mut doc, "/workload/arrivals_per_hour", json!(24));
    set(
        &mut doc,
        "/sla/0/targets",
        json!({
        "P1": { "first_response": "1m", "resolution": "1h" }, "P2": { "first_response": "1m", "resolution": "1h" },
        "P3": { "first_response": "1m", "resolution": "1h" }, "P4": { "first_response": "1m", "resolution": "1h" } }),
    );
    set(&mut doc, "/run", json!({ "horizon": "400h", "replications": 3, "seed": 2 }));
    let report = run(&doc);
    let j = Judgement::of_report(&report);
    let p4_fr = j
        .checks
        .iter()
        .find(|c| c.priority == "P4" && c.measure == escalation_lab::engine::sweep::Goal::FirstResponse)
        .unwrap();
    assert!(p4_fr.attainment.mean.unwrap() < 0.9, "{:?}", p4_fr.attainment);
    assert_ne!(j.verdict(Some("P4")), Verdict::OnTarget);
    assert!(!j.met());
    assert!(j.sentence().contains("P4 first response"), "{}", j.sentence());
    // Goals set where the run stands are met.
    for p in 0..4 {
        set(&mut doc, &format!("/priorities/{p}/goals"), json!({ "first_response": 0.3, "resolution": 0.5 }));
    }
    let j = Judgement::of_report(&run(&doc));
    assert!(j.met(), "{}", j.sentence());
    assert_eq!(j.verdict(None), Verdict::OnTarget);
}

/// A level whose queue grows without bound makes the whole run unstable, whatever the shares
/// say (on a short run most issues still make their targets).
#[test]
fn an_overloaded_level_is_never_on_target() {
    let mut doc = base();
    // 2 agents, 4-minute service: 40 an hour is 1.33 times what they can do.
    set(&mut doc, "/workload/arrivals_per_hour", json!(40));
    set(&mut doc, "/run", json!({ "horizon": "20h", "warmup": "0h", "replications": 2, "seed": 4 }));
    for p in 0..4 {
        set(&mut doc, &format!("/priorities/{p}/goals"), json!({ "first_response": 0.0, "resolution": 0.0 }));
    }
    let report = run(&doc);
    let j = Judgement::of_report(&report);
    assert!(j.unstable());
    assert_eq!(j.verdict(Some("P1")), Verdict::Unstable);
    assert!(j.sentence().starts_with("Unstable: Agent's queue grows without bound"), "{}", j.sentence());
}
