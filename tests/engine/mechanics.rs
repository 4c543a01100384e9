//! The escalation mechanics on hand-computed cases: issues at fixed times through levels with
//! fixed service times, so every wait, move and resolution time is known in advance. Then the
//! random parts (reopen, bursts, profile, triage) against their expected values.

use serde_json::{Value, json};

use super::support::{assert_within_ci, base, level, run, scheduled, set};

/// Levels in a path, P3 issues arriving at the given offsets, and triggers.
fn walk(levels: Vec<Value>, arrivals: &[&str], triggers: Value) -> Value {
    let p3: Vec<(&str, &str)> = arrivals.iter().map(|&at| (at, "P3")).collect();
    scheduled(levels, &p3, triggers)
}

fn flow(r: &escalation_lab::engine::Report, from: &str, to: &str, reason: &str) -> f64 {
    r.flows.iter().filter(|f| f.from == from && f.to == to && f.reason == reason).map(|f| f.count).sum()
}

#[test]
fn wait_timer_moves_a_waiting_issue_up() {
    // A serves issue 1 from 0 to 60 min. Issue 2 arrives at 1 min, waits 15 min, moves to B at
    // 16 min and is resolved there at 26 min: resolution times 60 and 25 min.
    let doc = walk(
        vec![level("A", 1, "60m", 1.0), level("B", 1, "10m", 1.0)],
        &["0m", "1m"],
        json!([{"name": "15 minutes in the queue", "when": {"queue_wait_over": {"P3": "15m"}}, "levels": ["A"], "then": "escalate_next"}]),
    );
    let r = run(&doc);
    let p3 = &r.summary.priorities[2];
    assert_eq!(p3.ttr.mean.mean, Some(42.5));
    assert_eq!(p3.first_response.mean.mean, Some(f64::midpoint(0.0, 15.0)));
    assert_eq!(r.summary.levels[0].escalations_out.wait_timer.mean, Some(1.0));
    assert_eq!(r.summary.levels[0].queue_wait.mean.mean, Some(7.5));
    assert_eq!(r.summary.events.timer_escalations.mean, Some(1.0));
    assert_eq!(flow(&r, "A", "B", "wait_timer"), 1.0);
    assert_eq!(flow(&r, "B", "resolved", "outcome"), 1.0);
    assert_eq!(r.triggers[0].fired, 1.0);
    let moved = r.journeys.iter().find(|j| j.issue == 1).expect("issue 2 is traced");
    let step = moved.steps.iter().find(|s| s.event == "escalated").unwrap();
    assert_eq!((step.t_min, step.trigger.as_deref()), (16.0, Some("15 minutes in the queue")));
}

#[test]
fn age_trigger_waits_for_the_service_to_end() {
    // Issue 1 is in service at A when it turns 1 h old; the move to C applies when the 3 h
    // service ends unresolved, skipping B: resolved at 3 h 30.
    let triggers =
        json!([{"name": "open 1h", "when": {"open_longer_than": {"after": "1h"}}, "then": {"escalate_to": "C"}}]);
    let doc = walk(
        vec![level("A", 1, "3h", 0.0), level("B", 1, "1h", 1.0), level("C", 1, "30m", 1.0)],
        &["0m"],
        triggers.clone(),
    );
    let r = run(&doc);
    assert_eq!(r.summary.priorities[2].ttr.mean.mean, Some(210.0));
    assert_eq!(flow(&r, "A", "C", "age_trigger"), 1.0);
    assert_eq!(flow(&r, "A", "B", "outcome"), 0.0);
    assert_eq!(r.summary.levels[0].escalations_out.age_trigger.mean, Some(1.0));

    // Had the service resolved it, the pending move is dropped.
    let doc =
        walk(vec![level("A", 1, "3h", 1.0), level("B", 1, "1h", 1.0), level("C", 1, "30m", 1.0)], &["0m"], triggers);
    let r = run(&doc);
    assert_eq!(r.summary.priorities[2].ttr.mean.mean, Some(180.0));
    assert_eq!(flow(&r, "A", "C", "age_trigger"), 0.0);
}

#[test]
fn age_trigger_takes_a_waiting_issue_out_of_the_queue() {
    // Issue 2 (arrived at 1 min) waits behind issue 1; at 1 h 01 it goes to C and is done at 1 h 31.
    let triggers =
        json!([{"name": "open 1h", "when": {"open_longer_than": {"after": "1h"}}, "then": {"escalate_to": "C"}}]);
    let doc = walk(
        vec![level("A", 1, "3h", 1.0), level("B", 1, "1h", 1.0), level("C", 1, "30m", 1.0)],
        &["0m", "1m"],
        triggers,
    );
    let r = run(&doc);
    assert_eq!(r.summary.priorities[2].ttr.mean.mean, Some(f64::midpoint(180.0, 90.0)));
    assert_eq!(r.summary.levels[0].queue_wait.mean.mean, Some(30.0));
}

#[test]
fn outcome_escalation_pays_the_handoff_at_the_next_level() {
    let mut b = level("B", 1, "10m", 1.0);
    b["handoff"] = json!({"dist": "deterministic", "value": "5m"});
    let doc = walk(vec![level("A", 1, "10m", 0.0), b], &["0m"], json!([]));
    let r = run(&doc);
    assert_eq!(r.summary.priorities[2].ttr.mean.mean, Some(25.0));
    assert_eq!(flow(&r, "A", "B", "outcome"), 1.0);
    assert_eq!(r.summary.levels[0].escalations_out.outcome.mean, Some(1.0));
}

#[test]
fn skip_level_entry_and_not_resolved_rule() {
    // P3 enters at B; a not-resolved rule at B sends it to D instead of C.
    let mut doc = walk(
        vec![
            level("A", 1, "10m", 1.0),
            level("B", 1, "10m", 0.0),
            level("C", 1, "10m", 1.0),
            level("D", 1, "20m", 1.0),
        ],
        &["0m"],
        json!([{"name": "B gives up to D", "when": {"not_resolved": {}}, "levels": ["B"], "then": {"escalate_to": "D"}}]),
    );
    set(&mut doc, "/categories/0/entry", json!({"P3": "B"}));
    let r = run(&doc);
    assert_eq!(flow(&r, "arrival", "B", "skip_level"), 1.0);
    assert_eq!(flow(&r, "B", "D", "outcome"), 1.0);
    assert_eq!(r.summary.priorities[2].ttr.mean.mean, Some(30.0));
    assert_eq!(r.triggers[0].fired, 1.0);
}

#[test]
fn shifts_hold_work_until_staff_is_on_duty() {
    // Staff work Monday-Friday 09:00-17:00. An issue at Monday 08:00 starts at 09:00; one at
    // Saturday 10:00 starts on Monday at 09:00, 47 hours later.
    let mut agent = level("Agent", 1, "30m", 1.0);
    agent.as_object_mut().unwrap().remove("staff");
    agent["shifts"] = json!([{"days": ["weekdays"], "from": "09:00", "to": "17:00", "staff": 2}]);
    let mut doc = walk(vec![agent], &["8h", "5d10h"], json!([]));
    set(&mut doc, "/run/horizon", json!("2w"));
    set(&mut doc, "/run/bucket", json!("1h"));
    let r = run(&doc);
    let fr = &r.summary.priorities[2].first_response;
    assert_eq!(fr.mean.mean, Some(f64::midpoint(60.0, 47.0 * 60.0)));
    let staff = &r.time_series.levels[0].staff;
    assert_eq!((staff[8], staff[9], staff[16], staff[17]), (0.0, 2.0, 2.0, 0.0));
    assert_eq!(staff[5 * 24 + 10], 0.0);
    let mean_staff = r.summary.levels[0].mean_staff.mean.unwrap();
    assert!((mean_staff - 2.0 * 40.0 / 168.0).abs() < 1e-9, "{mean_staff}");
}

#[test]
fn hard_stop_censors_open_issues() {
    let mut doc = walk(vec![level("A", 1, "10h", 1.0)], &["1h", "2h"], json!([]));
    set(&mut doc, "/run/horizon", json!("5h"));
    set(&mut doc, "/run/end", json!("hard_stop"));
    let r = run(&doc);
    let k = &r.per_replication[0];
    assert_eq!((k.counted_issues, k.resolved, k.censored, k.end_hours), (Some(2.0), Some(0.0), Some(2.0), Some(5.0)));
    // Both issues are open 3-4 h at the stop, within their 1-day P3 target: outcome unknown.
    assert_eq!(k.priorities[2].resolution_breach, None);
    assert!(r.end_note.contains("censored"));
}

#[test]
fn at_risk_warning_fires_at_a_fraction_of_the_target() {
    let triggers = json!([{"name": "half the P1 target", "when": {"sla_elapsed": {"target": "resolution", "fraction": 0.5}}, "then": {"notify": "A"}}]);
    let mut doc = walk(vec![level("A", 1, "2h", 1.0)], &["0m"], triggers);
    set(&mut doc, "/workload/scheduled/0/priority", json!("P1"));
    let r = run(&doc);
    assert_eq!(r.summary.priorities[0].at_risk_warnings.mean, Some(1.0));
    assert_eq!(r.triggers[0].fired, 1.0);
    let step = r.journeys[0].steps.iter().find(|s| s.event == "at_risk").unwrap();
    assert_eq!(step.t_min, 30.0);
}

#[test]
fn sla_policy_matches_attributes_top_down() {
    let mut doc = walk(vec![level("A", 1, "2h", 1.0)], &["0m", "1d"], json!([]));
    set(&mut doc, "/attributes", json!([{"name": "tier", "values": {"gold": 0.5, "standard": 0.5}}]));
    set(&mut doc, "/workload/scheduled/0/attributes", json!({"tier": "gold"}));
    set(&mut doc, "/workload/scheduled/1/attributes", json!({"tier": "standard"}));
    set(
        &mut doc,
        "/sla",
        json!([
            {"name": "gold", "attributes": {"tier": "gold"}, "targets": {"P3": {"resolution": "1h"}}},
            {"name": "default", "targets": {"P3": {"resolution": "4h"}}}
        ]),
    );
    let r = run(&doc);
    assert_eq!(r.summary.priorities[2].resolution_breach.mean, Some(0.5));
}

#[test]
fn reopened_issues_come_back_with_the_expected_frequency() {
    // A quarter of resolutions reopen, so each issue needs 1 / (1 - 0.25) = 4/3 services.
    let mut doc = base();
    set(&mut doc, "/reopen", json!({"probability": 0.25, "after": {"dist": "exponential", "mean": "1d"}}));
    set(&mut doc, "/run", json!({"horizon": "2000h", "warmup": "10%", "replications": 5, "seed": 3}));
    let r = run(&doc);
    let reps = r.per_replication.len();
    let services: Vec<f64> = r.per_replication.iter().map(|k| k.levels[0].services_per_hour.unwrap() / 10.0).collect();
    assert_within_ci("services per arrival", escalation_lab::engine::report::Estimate::of(services), reps, 4.0 / 3.0);
    let reopened: Vec<f64> = r
        .per_replication
        .iter()
        .map(|k| k.categories[0].reopened.unwrap() / k.categories[0].counted.unwrap())
        .collect();
    assert_within_ci("reopened fraction", escalation_lab::engine::report::Estimate::of(reopened), reps, 0.25);
    assert!(r.flows.iter().any(|f| f.from == "follow-up" && f.reason == "reopen"));
}

#[test]
fn bursts_and_profiles_shape_arrivals() {
    let mut doc = base();
    // No arrivals at night, triple rate 12:00-13:00, and a 10 h outage burst of 60/h at 30 h.
    let mut hours = vec![1.0; 24];
    hours[..8].fill(0.0);
    hours[12] = 3.0;
    set(&mut doc, "/workload/hour_of_day", json!(hours));
    set(
        &mut doc,
        "/workload/bursts",
        json!([{"name": "outage", "start": "30h", "duration": "10h", "arrivals_per_hour": 60, "category": "complaint"}]),
    );
    set(&mut doc, "/run", json!({"horizon": "4w", "replications": 10, "seed": 5, "bucket": "1h"}));
    let r = run(&doc);
    let reps = r.per_replication.len();
    // Nights are empty, but for Tuesday 06:00-08:00 of the first week, when the outage burst runs.
    let night = |d: usize, from: usize, to: usize| -> f64 {
        r.heatmap.arrivals.iter().map(|p| p[d * 24 + from..d * 24 + to].iter().sum::<f64>()).sum()
    };
    assert_eq!((0..7).map(|d| night(d, 0, 8)).sum::<f64>() - night(1, 6, 8), 0.0);
    assert!((night(1, 6, 8) - 120.0).abs() < 5.0 * (120.0f64 / reps as f64).sqrt(), "{}", night(1, 6, 8));
    // Expected arrivals: base 10/h for 16 h a day plus 2 more at noon, 28 days, plus 600 burst.
    let expected = 10.0 * (15.0 + 3.0) * 28.0 + 600.0;
    assert_within_ci("arrivals", r.summary.counted_issues, reps, expected);
    let burst_hours: f64 = r.time_series.arrivals[30..40].iter().sum();
    // Those ten hours are Tuesday 06:00-16:00: base 10/h in 08:00-16:00 with noon tripled, so
    // 10 x (7 + 3) = 100, plus 600 from the burst. A Poisson count of mean 700, averaged over the
    // replications, has standard deviation sqrt(700 / reps): allow five of them.
    assert!((burst_hours - 700.0).abs() < 5.0 * (700.0f64 / reps as f64).sqrt(), "{burst_hours}");
}

#[test]
fn triage_maps_impact_and_urgency_to_priority() {
    let mut doc = base();
    doc["workload"].as_object_mut().unwrap().remove("priority_mix");
    set(
        &mut doc,
        "/triage",
        json!({
            "impact": {"high": 0.2, "low": 0.8},
            "urgency": {"high": 0.5, "low": 0.5},
            "matrix": {"high": {"high": "P1", "low": "P2"}, "low": {"high": "P3", "low": "P4"}}
        }),
    );
    set(&mut doc, "/run", json!({"horizon": "2000h", "replications": 5, "seed": 9}));
    let r = run(&doc);
    let reps = r.per_replication.len();
    for (p, share) in [0.1, 0.1, 0.4, 0.4].into_iter().enumerate() {
        let shares: Vec<f64> =
            r.per_replication.iter().map(|k| k.priorities[p].counted.unwrap() / k.counted_issues.unwrap()).collect();
        assert_within_ci(
            &format!("P{} share", p + 1),
            escalation_lab::engine::report::Estimate::of(shares),
            reps,
            share,
        );
    }
}

#[test]
fn triage_pairs_draw_impact_and_urgency_together() {
    // One draw per issue from the joint mix: high × high 0.3, high × low 0.1, low × low 0.6, and
    // low × high never (0). Drawn independently, the same margins (impact high 0.4, urgency high
    // 0.3) would give high × high 0.12 and low × high 0.18. A notification on arrival per pair
    // counts the pairs drawn.
    let mut doc = base();
    doc["workload"].as_object_mut().unwrap().remove("priority_mix");
    set(
        &mut doc,
        "/triage",
        json!({
            "pairs": {"high": {"high": 0.3, "low": 0.1}, "low": {"high": 0.0, "low": 0.6}},
            "matrix": {"high": {"high": "P1", "low": "P2"}, "low": {"high": "P3", "low": "P4"}}
        }),
    );
    let pairs = [("high", "high", 0.3), ("high", "low", 0.1), ("low", "high", 0.0), ("low", "low", 0.6)];
    let triggers: Vec<Value> = pairs
        .iter()
        .map(|(i, u, _)| {
            json!({"name": format!("{i} x {u}"), "when": {"on_arrival": {}}, "then": {"notify": "Agent"},
                   "only_if": format!("impact is \"{i}\" and urgency is \"{u}\"")})
        })
        .collect();
    set(&mut doc, "/triggers", Value::Array(triggers));
    set(&mut doc, "/run", json!({"horizon": "5000h", "replications": 1, "seed": 3}));
    let r = run(&doc);
    let n = r.per_replication[0].counted_issues.unwrap();
    assert!(n > 45_000.0, "{n}");
    // A share of n draws has standard deviation sqrt(p (1 - p) / n): at most 0.0023 here; allow
    // four of them. A pair of probability 0 is never drawn.
    let within = |what: &str, count: f64, p: f64| {
        let tolerance = 4.0 * (p * (1.0 - p) / n).sqrt();
        assert!((count / n - p).abs() <= tolerance, "{what}: {} against {p} ± {tolerance}", count / n);
    };
    for (i, u, p) in pairs {
        let name = format!("{i} x {u}");
        let fired = r.triggers.iter().find(|t| t.trigger == name).map_or(0.0, |t| t.fired);
        within(&name, fired, p);
    }
    // The priorities follow: each pair has its own priority, so P1..P4 are 0.3, 0.1, 0, 0.6.
    for (p, share) in [0.3, 0.1, 0.0, 0.6].into_iter().enumerate() {
        let counted = r.per_replication[0].priorities[p].counted.unwrap_or(0.0);
        within(&format!("P{}", p + 1), counted, share);
    }
    // The analytic traffic takes the same joint mix.
    let model = super::support::model(&doc);
    let probs = escalation_lab::engine::analytic::priority_probabilities(&model, &[]);
    for (got, want) in probs.iter().zip([0.3, 0.1, 0.0, 0.6]) {
        assert!((got - want).abs() < 1e-12, "{probs:?}");
    }
}

#[test]
fn b1_names_its_bottleneck() {
    let doc: Value = serde_json::from_str(include_str!("../../static/scenarios/b1.json")).unwrap();
    let r = run(&doc);
    // L3 is the most loaded level of B1 (rho 0.861) and P1 breaches wait there longest.
    assert_eq!(r.bottlenecks[0].level, "L3");
    assert!(r.bottleneck_summary.starts_with("L3 is the bottleneck"), "{}", r.bottleneck_summary);
    let shares: f64 = r.bottlenecks.iter().map(|b| b.share_of_breaches).sum();
    assert!(shares <= 1.0 + 1e-9);
}

#[test]
fn a_bottleneck_that_is_not_the_busiest_level_says_why() {
    // B1-stress: breached issues wait longest at L2, while L1 is busier.
    let doc: Value = serde_json::from_str(include_str!("../../static/scenarios/b1-stress.json")).unwrap();
    let r = run(&doc);
    let util = |name: &str| r.summary.levels.iter().find(|l| l.name == name).unwrap().utilization.mean.unwrap();
    let top = &r.bottlenecks[0];
    let busiest = r.levels.iter().max_by(|a, b| util(a).total_cmp(&util(b))).unwrap();
    assert_ne!(&top.level, busiest, "the preset shows the case");
    let clause = format!(" {busiest} is busier ({:.0}%), but ", util(busiest) * 100.0);
    assert!(r.bottleneck_summary.contains(&clause), "{}", r.bottleneck_summary);
    // B1's bottleneck is also its busiest level: no such clause.
    let b1 = run(&serde_json::from_str(include_str!("../../static/scenarios/b1.json")).unwrap());
    assert!(!b1.bottleneck_summary.contains("is busier"), "{}", b1.bottleneck_summary);
}

#[test]
fn resolution_time_distribution_puts_each_issue_in_its_bin() {
    // Deterministic 4-minute service and far more staff than work: every issue takes exactly 4 min,
    // which lies in the bin [2 min, 5 min), the third.
    let mut doc = base();
    set(&mut doc, "/levels/0/service", json!({"dist": "deterministic", "value": "4m"}));
    set(&mut doc, "/levels/0/staff", json!(50));
    let report = run(&doc);
    assert_eq!(escalation_lab::engine::report::TTR_EDGES_MIN[1..3], [2.0, 5.0]);
    for p in &report.summary.priorities {
        let bins: Vec<f64> = p.ttr_histogram.iter().map(|e| e.mean.unwrap()).collect();
        assert_eq!(bins.len(), escalation_lab::engine::report::TTR_EDGES_MIN.len() + 1);
        assert_eq!(bins[2], 1.0, "{}: {bins:?}", p.name);
        assert_eq!(bins.iter().sum::<f64>(), 1.0);
    }
    let targets = &report.sla_targets[0];
    assert_eq!((targets.policy.as_str(), targets.business_hours), ("standard", false));
    assert_eq!(targets.resolution_min[1], Some(240.0));
}

/// Utilization never exceeds 100%: staff who finish the issue in hand after their shift ends
/// work overtime, which is counted apart. Per replication, busy staff = utilization × staff on
/// duty + overtime, exactly; the IT outage's engineers (10-hour weekday shifts, long repairs)
/// showed "113%" before.
#[test]
fn utilization_stays_within_staffed_time_and_overtime_is_counted_apart() {
    let doc: serde_json::Value = serde_json::from_str(include_str!("../../static/scenarios/it-outage.json")).unwrap();
    let report = super::support::run(&doc);
    let mut overtime_seen = false;
    for k in &report.per_replication {
        for l in &k.levels {
            let (u, o) = (l.utilization.unwrap(), l.overtime.unwrap());
            assert!((0.0..=1.0).contains(&u), "{}: {u}", l.name);
            let (busy, staff) = (l.mean_busy.unwrap(), l.mean_staff.unwrap());
            assert!((busy - (u * staff + o)).abs() < 1e-9, "{}: {busy} vs {u} × {staff} + {o}", l.name);
            overtime_seen |= o > 0.01;
        }
    }
    assert!(overtime_seen, "some work went on past a shift's end");
}
