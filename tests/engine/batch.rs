//! A batch cut into units (`engine::batch`, what the app's pool of workers shares out) gives the
//! same result, bit for bit, as the single-threaded runner, comparison, sweep and staffing search,
//! whichever order the units finish in and however many run at once: here they are run by
//! "runners" of 1, 2, 3 and 5 slots that finish their units last-handed-out first.

use escalation_lab::engine::batch::{Batch, Finished, Recorded, Unit};
use escalation_lab::engine::simulation::Simulation;
use escalation_lab::engine::sweep::{self, Goal, Knob, Target};
use escalation_lab::engine::{self, Control, compare};
use serde_json::{Value, json};

use super::support::{base, model, preset, report, set};

/// Runs the batch with `slots` units under way at a time; each time the slots are full, the unit
/// handed out last finishes first. Returns what it finished with, and the narrowing counts seen.
fn share(mut batch: Batch, slots: usize) -> (Finished, Vec<u32>) {
    let mut under_way: Vec<Unit> = Vec::new();
    let mut narrowing = Vec::new();
    loop {
        while under_way.len() < slots {
            match batch.next_unit() {
                Some(unit) => under_way.push(unit),
                None => break,
            }
        }
        let unit = under_way.pop().expect("a batch that is not finished has units under way");
        let model = unit.source.model().expect("every unit's scenario loads");
        match batch.record(unit.round, unit.index, Simulation::run(&model, unit.seed)) {
            Recorded::Going(Some((n, _))) => narrowing.push(n),
            Recorded::Going(None) => {}
            Recorded::Finished(finished) => return (finished, narrowing),
        }
    }
}

const SLOTS: [usize; 4] = [1, 2, 3, 5];

fn json_of<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("results serialize")
}

#[test]
fn a_run_shared_out_is_the_runners_report_bit_for_bit() {
    let mut doc = preset("b1");
    set(&mut doc, "/run/horizon", json!("60h"));
    set(&mut doc, "/run/replications", json!(5));
    let expected = json_of(&report(&doc));
    for slots in SLOTS {
        let (Finished::Report(found), _) = share(Batch::run(&doc.to_string()).unwrap(), slots) else { panic!() };
        assert_eq!(json_of(&found), expected, "{slots} at a time");
    }
}

#[test]
fn precision_mode_shared_out_stops_where_the_runner_stops() {
    let mut doc = base();
    set(&mut doc, "/run", json!({"horizon": "30h", "warmup": "10%", "seed": 5}));
    set(&mut doc, "/run/precision", json!({"share_half_width": 0.05, "time_relative_half_width": 0.15}));
    let expected = report(&doc);
    let n = expected.precision.as_ref().expect("a precision run says how it went").replications;
    for slots in SLOTS {
        let (Finished::Report(found), narrowing) = share(Batch::run(&doc.to_string()).unwrap(), slots) else {
            panic!()
        };
        assert_eq!(json_of(&found), json_of(&expected), "{slots} at a time");
        // Looks in seed order, each asking for more until the one at n; one at a time, a look
        // after each replication but the last (several that come in together show the last).
        assert!(narrowing.windows(2).all(|w| w[0] < w[1]) && narrowing.iter().all(|&k| k < n), "{narrowing:?}");
        if slots == 1 {
            assert_eq!(narrowing, (1..n).collect::<Vec<_>>());
        }
    }
}

#[test]
fn a_comparison_shared_out_is_the_paired_comparison() {
    let mut a = base();
    set(&mut a, "/run/replications", json!(4));
    set(&mut a, "/run/seed", json!(9));
    let mut b = a.clone();
    set(&mut b, "/levels/0/staff", json!(3));
    // B's own seed and count give way to A's.
    set(&mut b, "/run/seed", json!(1234));
    let expected = compare::compare(&model(&a), &model(&b), 4, 9);
    for slots in SLOTS {
        let batch = Batch::compare(&a.to_string(), &b.to_string()).unwrap();
        let (Finished::Comparison(found), _) = share(batch, slots) else { panic!() };
        assert_eq!(json_of(&found), json_of(&expected), "{slots} at a time");
    }
}

#[test]
fn a_sweep_shared_out_is_the_sweep() {
    let mut doc = base();
    set(&mut doc, "/run/replications", json!(3));
    let knob = Knob::ExtraStaff { level: "Agent".into() };
    let values = vec![-1.0, 0.0, 2.0];
    let document = engine::parse(&doc.to_string()).unwrap();
    let expected = sweep::sweep(&document, &knob, &values, |_| Control::Continue).unwrap();
    for slots in SLOTS {
        let batch = Batch::sweep(&doc.to_string(), knob.clone(), values.clone()).unwrap();
        let (Finished::Sweep(found), _) = share(batch, slots) else { panic!() };
        assert_eq!(json_of(&found), json_of(&expected), "{slots} at a time");
    }
    assert_eq!(Batch::sweep(&doc.to_string(), knob, Vec::new()).err().unwrap(), "give 1 to 200 values");
}

#[test]
fn a_staffing_search_shared_out_finds_the_same_staff() {
    let doc: Value = json!({
        "version": 1,
        "name": "M/M/c",
        "priorities": [{ "name": "P1" }],
        "levels": [{ "name": "agents", "staff": 9, "service": { "dist": "exponential", "mean": "10m" }, "resolve_probability": 1.0 }],
        "categories": [{ "name": "calls", "share": 1.0, "path": ["agents"] }],
        "workload": { "arrivals_per_hour": 30, "priority_mix": { "P1": 1.0 } },
        "sla": [{ "name": "all", "targets": { "P1": { "first_response": "2m", "resolution": "8h" } } }],
        "run": { "horizon": "300h", "warmup": "10h", "replications": 3, "seed": 11 }
    });
    let target = Target { priority: "P1".into(), goal: Goal::FirstResponse, share: 0.8 };
    let document = engine::parse(&doc.to_string()).unwrap();
    let expected = sweep::staffing(&document, std::slice::from_ref(&target), |_| Control::Continue).unwrap();
    assert!(expected.runs > 2, "the search tried several candidates: {expected:?}");
    for slots in SLOTS {
        let batch = Batch::staffing(&doc.to_string(), Some(target.clone())).unwrap();
        let (Finished::Staffing(found, back), _) = share(batch, slots) else { panic!() };
        assert_eq!(json_of(&found), json_of(&expected), "{slots} at a time");
        assert_eq!(back, Some(target.clone()));
    }
}

#[test]
fn a_scenario_with_errors_gives_them_back() {
    let mut doc = base();
    set(&mut doc, "/levels/0/staff", json!(-1));
    let problems = Batch::run(&doc.to_string()).err().expect("refused");
    assert!(problems.iter().any(|p| p.is_error() && p.to_string().contains("staff")), "{problems:?}");
}
