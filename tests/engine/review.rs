//! The review report's sentences follow from the figures: the overloaded bottleneck gets more
//! staff, a breaching priority a shorter timer, an idle level gives staff away, and a scenario
//! without breaches is told it has slack.

use super::support::report as run;
use escalation_lab::engine::report::review::review;
use serde_json::Value;

fn preset(name: &str) -> Value {
    let mut doc = super::support::preset(name);
    doc["run"]["replications"] = 2.into();
    doc
}

#[test]
fn an_overloaded_bottleneck_gets_more_staff_first() {
    let r = run(&preset("b1-stress"));
    let text = review(&r);
    assert_eq!(text.findings[0], r.bottleneck_summary);
    // Every level at 85% or more gets a recommendation, and no other does.
    for l in &r.summary.levels {
        let u = l.utilization.mean.unwrap();
        let line = format!("Add staff at {}: it is {:.0}% busy", l.name, u * 100.0);
        let found = text.recommendations.iter().any(|s| s.starts_with(&line));
        assert_eq!(found, u >= 0.85, "{line}: {:?}", text.recommendations);
    }
    assert!(text.recommendations[0].starts_with("Add staff at"), "{:?}", text.recommendations);
    // Every priority and every level has its finding.
    for name in r.priorities.iter().chain(&r.levels) {
        assert!(
            text.findings.iter().any(|f| f.starts_with(&format!("{name}:")) || f.starts_with(&format!("{name} was"))),
            "{name}"
        );
    }
}

#[test]
fn an_idle_level_and_a_calm_scenario_are_named() {
    // B1 with four times the staff everywhere and a month to resolve: no breaches, idle levels.
    let mut doc = preset("b1");
    for l in doc["levels"].as_array_mut().unwrap() {
        let n = l["staff"].as_u64().unwrap();
        l["staff"] = (n * 4).into();
    }
    for t in doc["sla"][0]["targets"].as_object_mut().unwrap().values_mut() {
        t["resolution"] = "30d".into();
    }
    let r = run(&doc);
    assert!(r.summary.priorities.iter().all(|g| g.resolution_breach.mean.is_none_or(|b| b == 0.0)), "no breaches");
    let text = review(&r);
    assert!(
        text.recommendations.iter().any(|s| s.starts_with("No issue breached its resolution target")),
        "{:?}",
        text.recommendations
    );
    let l1 = r.summary.levels[0].utilization.mean.unwrap();
    let idle = format!("L1 is only {:.0}% busy", l1 * 100.0);
    assert!(text.recommendations.iter().any(|s| s.starts_with(&idle)), "{idle}: {:?}", text.recommendations);
    assert!(!text.recommendations.iter().any(|s| s.starts_with("Add staff")));
}
