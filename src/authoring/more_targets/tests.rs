//! The reply, update and status targets' wording, on a small run whose figures are then set by
//! hand.

use serde_json::json;

use super::*;
use crate::engine;

/// Two priorities, two policies on 24x7: P1 has a next reply of 1 h under both and an agent work
/// target of 8 h under the first; P2 has none of the five.
fn report() -> Report {
    let doc = json!({
        "version": 1,
        "priorities": [{"name": "P1"}, {"name": "P2"}],
        "levels": [{"name": "Agent", "role": "frontline", "staff": 2,
            "service": {"dist": "exponential", "mean": "4m"}, "resolve_probability": 1.0}],
        "categories": [{"name": "complaint", "share": 1.0, "path": ["Agent"]}],
        "attributes": [{"name": "tier", "values": {"gold": 0.5, "basic": 0.5}}],
        "workload": {"arrivals_per_hour": 10, "priority_mix": {"P1": 0.5, "P2": 0.5}},
        "sla": [
            {"name": "gold", "attributes": {"tier": "gold"},
                "targets": {"P1": {"resolution": "4h", "next_reply": "1h", "agent_work": "8h"}, "P2": {"resolution": "1d"}}},
            {"name": "standard", "targets": {"P1": {"next_reply": "1h", "periodic_update": "2h"}, "P2": {"resolution": "1d"}}}
        ],
        "run": {"horizon": "10h", "replications": 1, "seed": 1}
    });
    let checked = engine::load(&doc.to_string());
    let model = checked.model.expect("the scenario is valid");
    engine::run(&model, &[])
}

fn estimate(mean: Option<f64>, ci95: Option<f64>) -> Estimate {
    Estimate { mean, ci95 }
}

#[test]
fn a_priority_shows_each_target_it_has_with_its_attainment_or_why_there_is_none() {
    let report = report();
    // (next reply breach, periodic update breach, agent work breach) -> the lines of P1.
    let cases = [
        (
            estimate(Some(0.025), Some(0.012)),
            estimate(None, None),
            estimate(Some(0.0), None),
            vec![
                ("next_reply", "Next reply within 1 h on 24x7", "97.5% ± 1.2%"),
                ("periodic_update", "Periodic update within 2 h on 24x7", "no issue had two updates"),
                ("agent_work", "Agent work within 8 h on 24x7", "100%"),
            ],
        ),
        (
            estimate(None, None),
            estimate(Some(0.5), Some(0.0)),
            estimate(Some(1.0), Some(0.1)),
            vec![
                ("next_reply", "Next reply within 1 h on 24x7", "no issue owed one"),
                ("periodic_update", "Periodic update within 2 h on 24x7", "50%"),
                ("agent_work", "Agent work within 8 h on 24x7", "0% ± 10%"),
            ],
        ),
    ];
    for (reply, update, work, expected) in cases {
        let mut g = report.summary.priorities[0].clone();
        g.more_breach.next_reply = reply;
        g.more_breach.periodic_update = update;
        g.more_breach.agent_work = work;
        let got: Vec<(&str, String, String)> =
            lines(&report, 0, &g).into_iter().map(|l| (l.key, l.label, l.value)).collect();
        let expected: Vec<(&str, String, String)> =
            expected.into_iter().map(|(k, l, v)| (k, l.to_string(), v.to_string())).collect();
        assert_eq!(got, expected);
    }
    // A priority without any of the five gets no line, whatever its figures.
    assert_eq!(lines(&report, 1, &report.summary.priorities[1]), vec![]);
}

#[test]
fn policies_that_differ_are_both_named() {
    let mut report = report();
    report.sla_targets[1].more_text[0][0].1 = "2 h on 24x7".into();
    let g = report.summary.priorities[0].clone();
    assert_eq!(lines(&report, 0, &g)[0].label, "Next reply within 1 h on 24x7 or 2 h on 24x7");
}

#[test]
fn a_walked_issue_names_the_targets_it_breached() {
    let cases: [(&[&str], Option<&str>); 4] = [
        (&[], None),
        (&["next_reply"], Some("Past its next reply target.")),
        (&["next_reply", "agent_work"], Some("Past its next reply and agent work targets.")),
        (
            &["periodic_update", "pausable_update", "requester_wait"],
            Some("Past its periodic update, pausable update and requester wait targets."),
        ),
    ];
    for (keys, expected) in cases {
        let keys: Vec<String> = keys.iter().map(ToString::to_string).collect();
        assert_eq!(breached(&keys).as_deref(), expected, "{keys:?}");
    }
}

#[test]
fn a_policy_opens_its_disclosure_when_it_sets_any_of_the_five() {
    let cases = [
        (json!({}), false),
        (json!({"P1": {"first_response": "1h", "resolution": "4h"}}), false),
        (json!({"P1": {"resolution": "4h", "next_reply": null}}), false),
        (json!({"P1": {"resolution": "4h"}, "P2": {"agent_work": "8h"}}), true),
        (json!({"P1": {"pausable_update": "2h"}}), true),
        (json!(null), false),
    ];
    for (targets, expected) in cases {
        assert_eq!(any_set(&targets), expected, "{targets}");
    }
}

#[test]
fn every_target_has_a_label_and_says_what_it_counts() {
    let labels: Vec<String> = MoreTarget::ALL.into_iter().map(label).collect();
    assert_eq!(labels, ["Next reply", "Periodic update", "Pausable update", "Requester wait", "Agent work"]);
    assert!(counts(MoreTarget::PeriodicUpdate).contains("pauses included"));
    assert!(counts(MoreTarget::PausableUpdate).contains("paused time left out"));
    assert!(counts(MoreTarget::AgentWork).contains("hold"));
}
