//! A/B comparison with common random numbers: two identical policies differ by exactly nothing,
//! a clearly better one (more staff at the bottleneck) shows significantly, and pairing the
//! replications narrows the interval of a difference compared with two independent runs.

use super::support::{model, preset};
use escalation_lab::engine::Control;
use escalation_lab::engine::compare::{Comparison, KpiDifference, Verdict, compare, compare_with_progress};
use serde_json::Value;

fn b1_stress() -> Value {
    let mut doc = preset("b1-stress");
    doc["run"]["horizon"] = "200h".into();
    doc
}

fn with_staff(mut doc: Value, level: &str, staff: u64) -> Value {
    for l in doc["levels"].as_array_mut().unwrap() {
        if l["name"] == level {
            l["staff"] = staff.into();
        }
    }
    doc
}

fn row<'c>(c: &'c Comparison, kpi: &str, of: &str) -> &'c KpiDifference {
    c.rows.iter().find(|r| r.kpi == kpi && r.of == of).unwrap_or_else(|| panic!("no row {kpi} of {of}"))
}

#[test]
fn identical_policies_differ_by_exactly_nothing() {
    let a = model(&b1_stress());
    let c = compare(&a, &model(&b1_stress()), 5, 7);
    assert!(c.rows.len() >= 30, "{} rows", c.rows.len());
    for r in &c.rows {
        assert!(r.difference.mean.is_none_or(|m| m == 0.0), "{} of {}: {:?}", r.kpi, r.of, r.difference);
        assert_eq!(r.verdict(), Verdict::NoDifference, "{} of {}", r.kpi, r.of);
    }
    assert!(c.unpaired.is_empty());
}

#[test]
fn more_staff_at_the_bottleneck_is_significantly_better_there() {
    // B1-stress's L1 runs at about 92%: two more agents cut its queue.
    let base = b1_stress();
    let l1 = base["levels"][0]["staff"].as_u64().unwrap();
    let c = compare(&model(&base), &model(&with_staff(base.clone(), "L1", l1 + 2)), 5, 1);
    for (kpi, of) in [("mean queue wait", "L1"), ("mean queue length", "L1"), ("mean time to resolution", "P4")] {
        let r = row(&c, kpi, of);
        assert_eq!(r.verdict(), Verdict::Better, "{kpi} of {of}: {r:?}");
    }
    let u = row(&c, "utilization", "L1");
    assert_eq!(u.verdict(), Verdict::Different, "more staff, each less busy: {u:?}");
    assert!(u.difference.mean.unwrap() < 0.0);
    // The same issues arrive under both policies.
    assert_eq!(row(&c, "issues counted", "all issues").difference.mean, Some(0.0));
}

#[test]
fn pairing_narrows_the_interval_of_a_difference() {
    // The difference of two independent estimates has a half-width of about sqrt(hA² + hB²);
    // common random numbers make the paired one narrower.
    let base = b1_stress();
    let l1 = base["levels"][0]["staff"].as_u64().unwrap();
    let c = compare(&model(&base), &model(&with_staff(base.clone(), "L1", l1 + 1)), 10, 3);
    for (kpi, of) in [("mean time to resolution", "P3"), ("mean queue wait", "L1"), ("utilization", "L2")] {
        let r = row(&c, kpi, of);
        let (ha, hb, hd) = (r.a.ci95.unwrap(), r.b.ci95.unwrap(), r.difference.ci95.unwrap());
        let independent = (ha * ha + hb * hb).sqrt();
        assert!(hd < independent, "{kpi} of {of}: paired ± {hd}, independent ± {independent}");
    }
}

#[test]
fn what_only_one_policy_has_is_listed_not_paired() {
    let a = b1_stress();
    let mut b = a.clone();
    b["levels"][3]["name"] = "Specialists".into();
    for k in b["categories"].as_array_mut().unwrap() {
        for step in k["path"].as_array_mut().unwrap() {
            if step == "L4" {
                *step = "Specialists".into();
            }
        }
    }
    let b = serde_json::from_str::<Value>(&b.to_string().replace("\"L4\"", "\"Specialists\"")).unwrap();
    let c = compare(&model(&a), &model(&b), 2, 1);
    assert_eq!(c.unpaired, ["level L4 (only in A)", "level Specialists (only in B)"]);
    assert!(c.rows.iter().all(|r| r.of != "L4" && r.of != "Specialists"));
}

#[test]
fn a_comparison_can_be_cancelled() {
    let m = model(&b1_stress());
    let mut seen = Vec::new();
    let out = compare_with_progress(&m, &m, 3, 1, |p| {
        seen.push(p.overall());
        if seen.len() == 2 { Control::Cancel } else { Control::Continue }
    });
    assert!(out.is_none());
    assert_eq!(seen.len(), 2);
    assert!(seen[0] < seen[1] && seen[1] < 1.0, "{seen:?}");
}

/// The comparison judges both policies against their goals: B-stress with its staff cut leaves
/// L4's queue growing without bound, which the sentence says, beside A meeting every goal.
#[test]
fn a_comparison_says_which_policy_meets_its_goals() {
    let text = include_str!("../../static/scenarios/b1-stress.json");
    let mut a: serde_json::Value = serde_json::from_str(text).unwrap();
    a["run"]["replications"] = 2.into();
    let mut b = a.clone();
    for (l, c) in [3, 3, 1, 1].into_iter().enumerate() {
        b["levels"][l]["staff"] = c.into();
    }
    let (ma, mb) = (model(&a), model(&b));
    let c = escalation_lab::engine::compare::compare(&ma, &mb, 2, 1);
    assert!(c.goals_a.met(), "{}", c.goals_a.sentence());
    assert!(c.goals_b.unstable());
    let s = c.goals_sentence();
    assert!(s.starts_with("Against the goals: B is worse: Unstable: L4's queue grows without bound"), "{s}");
    assert!(s.ends_with("A meets every goal."), "{s}");
    let same = escalation_lab::engine::compare::compare(&ma, &ma, 2, 1);
    assert_eq!(same.goals_sentence(), "Against the goals: A and B both meet every goal.");
}
