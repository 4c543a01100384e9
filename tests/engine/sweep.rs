//! Sweeps and the staffing helper against queueing truth: on one M/M/c level, the share answered
//! within a first-response target is 1 − C(c, a)·e^(−(cμ − λ)t) (Erlang C), so the sweep's
//! attainment at each staff count and the fewest staff meeting a target are known exactly.

use escalation_lab::engine::sweep::{self, Goal, Knob, SweepError, Target};
use escalation_lab::engine::{Control, Document};
use serde_json::json;

/// One level, exponential service of 10 minutes, 30 arrivals an hour (5 erlangs), one priority
/// with a 2-minute first-response target, resolved at the first service.
fn mmc(staff: u32) -> Document {
    let doc = json!({
        "version": 1,
        "name": "M/M/c",
        "priorities": [{ "name": "P1" }],
        "levels": [{ "name": "agents", "staff": staff, "service": { "dist": "exponential", "mean": "10m" }, "resolve_probability": 1.0 }],
        "categories": [{ "name": "calls", "share": 1.0, "path": ["agents"] }],
        "workload": { "arrivals_per_hour": 30, "priority_mix": { "P1": 1.0 } },
        "sla": [{ "name": "all", "targets": { "P1": { "first_response": "2m", "resolution": "8h" } } }],
        "run": { "horizon": "3000h", "warmup": "100h", "replications": 4, "seed": 11 }
    });
    serde_json::from_value(doc).unwrap()
}

fn erlang_c(c: u32, a: f64) -> f64 {
    let mut term = 1.0;
    let mut sum = 1.0;
    for k in 1..c {
        term *= a / f64::from(k);
        sum += term;
    }
    let top = term * a / f64::from(c) * f64::from(c) / (f64::from(c) - a);
    top / (sum + top)
}

/// The share of calls answered within `t` minutes by `c` agents.
fn answered_within(c: u32, t: f64) -> f64 {
    let (lambda, mu) = (0.5, 0.1); // per minute
    let a = lambda / mu;
    1.0 - erlang_c(c, a) * (-(f64::from(c) * mu - lambda) * t).exp()
}

#[test]
fn a_staff_sweep_follows_erlang_c() {
    let knob = Knob::ExtraStaff { level: "agents".into() };
    let s = sweep::sweep(&mmc(6), &knob, &[0.0, 1.0, 2.0, 3.0], |_| Control::Continue).unwrap();
    for p in &s.points {
        let c = 6 + p.value as u32;
        let got = p.priorities[0].first_response;
        let (m, h) = (got.mean.unwrap(), got.ci95.unwrap());
        let want = answered_within(c, 2.0);
        assert!((m - want).abs() < 3.0 * h + 0.004, "c = {c}: {m:.4} ± {h:.4}, Erlang C gives {want:.4}");
        let u = p.levels[0].1.mean.unwrap();
        assert!((u - 5.0 / f64::from(c)).abs() < 0.01, "c = {c}: utilization {u:.4}");
    }
}

#[test]
fn the_staffing_helper_finds_the_fewest_agents_erlang_c_gives() {
    // 85% answered within 2 minutes: 7 agents give 78%, 8 give 91% (Erlang C).
    assert!(answered_within(7, 2.0) < 0.8 && answered_within(8, 2.0) > 0.9);
    let target = Target { priority: "P1".into(), goal: Goal::FirstResponse, share: 0.85 };
    for start in [6, 12] {
        let found = sweep::staffing(&mmc(start), &target, |_| Control::Continue).unwrap();
        assert!(found.met, "from {start}: {found:?}");
        assert_eq!(found.levels.len(), 1);
        assert_eq!(
            (found.levels[0].staff, found.levels[0].change),
            (Some(start), 8 - i64::from(start)),
            "from {start}"
        );
        let m = found.attainment.mean.unwrap();
        assert!((m - answered_within(8, 2.0)).abs() < 0.02, "{m}");
    }
}

#[test]
fn knobs_change_what_they_name_and_refuse_what_they_cannot() {
    let doc = mmc(6);
    let more = Knob::ArrivalRate.apply(&doc, 40.0).unwrap();
    assert_eq!(more.workload.arrivals_per_hour, 40.0);
    assert_eq!(
        Knob::ExtraStaff { level: "agnets".into() }.apply(&doc, 1.0).unwrap_err(),
        "there is no level \"agnets\""
    );
    assert_eq!(
        Knob::ExtraStaff { level: "agents".into() }.apply(&doc, -7.0).unwrap_err(),
        "agents would have -1 staff"
    );
    assert_eq!(
        Knob::ExtraStaff { level: "agents".into() }.apply(&doc, 0.5).unwrap_err(),
        "staff come in whole people, not 0.5"
    );
    assert_eq!(Knob::ArrivalRate.apply(&doc, 0.0).unwrap_err(), "an arrival rate must be above 0, not 0");
    assert!(Knob::parse("staff:L2").is_ok() && Knob::parse("rate").is_ok() && Knob::parse("timer:t:P1").is_ok());
    assert_eq!(
        Knob::parse("staf:L2").unwrap_err(),
        "\"staf:L2\" is not a parameter; use staff:LEVEL, rate or timer:TRIGGER:PRIORITY"
    );
    // A value that leaves the scenario invalid is reported with the engine's problems.
    let err =
        sweep::sweep(&doc, &Knob::ExtraStaff { level: "agents".into() }, &[-6.0], |_| Control::Continue).unwrap_err();
    assert!(matches!(err, SweepError::Invalid { value, .. } if value == -6.0), "{err}");
}

#[test]
fn a_timer_sweep_changes_the_timer_of_the_named_priority() {
    let text = include_str!("../../static/scenarios/b1.json");
    let doc: Document = serde_json::from_str(text).unwrap();
    let name = doc.triggers[0].name.clone();
    let knob = Knob::Timer { trigger: name, priority: "P2".into() };
    assert_eq!(knob.current(&doc), Some(30.0));
    let changed = knob.apply(&doc, 45.0).unwrap();
    assert_eq!(knob.current(&changed), Some(45.0));
    assert_eq!(
        Knob::Timer { trigger: "nope".into(), priority: "P2".into() }.apply(&doc, 1.0).unwrap_err(),
        "there is no trigger \"nope\""
    );
}

/// The search one run at a time, as the app's worker drives it: the same answer as the helper
/// run to its end, a progress figure within [0, 1] that ends at 1, and an answer so far when
/// it is stopped between runs.
#[test]
fn the_staffing_search_driven_run_by_run_gives_the_helpers_answer() {
    let target = Target { priority: "P1".into(), goal: Goal::FirstResponse, share: 0.85 };
    for start in [6, 12] {
        let mut doc = mmc(start);
        doc.run.horizon = "600h".into();
        doc.run.warmup = Some("20h".into());
        let whole = sweep::staffing(&doc, &target, |_| Control::Continue).unwrap();
        let mut search = sweep::StaffingSearch::new(&doc, &target).unwrap();
        assert_eq!(search.progress(0.0), 0.0);
        let mut runs = 0;
        while let Some(model) = search.next_model().unwrap() {
            for within in [0.0, 0.5, 1.0] {
                let p = search.progress(within);
                assert!((0.0..=1.0).contains(&p), "from {start}, run {runs}: {p}");
            }
            let reps = escalation_lab::engine::runner::replications(&model, |_| Control::Continue).unwrap();
            let kpis: Vec<_> = reps.into_iter().map(|r| r.kpis).collect();
            search.record(&kpis).unwrap();
            runs += 1;
            assert_eq!(search.runs(), runs);
            assert_eq!(search.found().runs, runs, "the answer so far counts the runs made");
        }
        assert_eq!(search.progress(0.0), 1.0);
        assert_eq!(search.found(), whole, "from {start}");
        // Up from 6 (6 -> 7 -> 8, then tries 7 again) and down from 12 (12 -> 8, then 7 fails).
        assert_eq!(whole.levels[0].change, 8 - i64::from(start), "from {start}");
        assert!(runs >= 4, "from {start}: {runs} runs");
    }
}

#[test]
fn a_staffing_target_that_cannot_be_read_is_refused_before_any_run() {
    let doc = mmc(6);
    let share = Target { priority: "P1".into(), goal: Goal::Resolution, share: 1.5 };
    let err = sweep::StaffingSearch::new(&doc, &share).unwrap_err();
    assert_eq!(err.to_string(), "a target share must be above 0 and at most 1 (100%), not 1.5");
    let priority = Target { priority: "P9".into(), goal: Goal::Resolution, share: 0.9 };
    let err = sweep::StaffingSearch::new(&doc, &priority).unwrap_err();
    assert_eq!(err.to_string(), "there is no priority \"P9\" (known: \"P1\")");
}

/// A goal nothing in the scenario measures (no such target, no such issues) is refused after
/// the first run, not searched for through the whole budget of runs.
#[test]
fn a_staffing_goal_with_nothing_to_measure_is_refused_after_one_run() {
    let mut doc = mmc(6);
    doc.run.horizon = "200h".into();
    doc.run.warmup = Some("10h".into());
    doc.sla.clear();
    let target = Target { priority: "P1".into(), goal: Goal::Resolution, share: 0.9 };
    let mut runs = 0;
    let err = sweep::staffing(&doc, &target, |p| {
        runs = runs.max(p.replication + 1);
        Control::Continue
    })
    .unwrap_err();
    assert!(matches!(err, SweepError::Goal(_)), "{err}");
    assert!(err.to_string().contains("nothing to staff for"), "{err}");
    assert_eq!(runs, 1, "one run of the scenario as written");
}
