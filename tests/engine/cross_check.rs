//! The queueing estimate beside a run never contradicts it: the offered load comes from the
//! arrivals the run saw at each level (timer and trigger moves included), and the Erlang C
//! figures are given only where they apply, with the reason in words where they do not.

use escalation_lab::engine::Report;
use escalation_lab::engine::analytic::mmc_wait;
use serde_json::{Value, json};

use super::support::{assert_within_ci, base, run, set};

fn scenario(name: &str) -> Value {
    let text = match name {
        "b1" => include_str!("../../static/scenarios/b1.json"),
        "b1-stress" => include_str!("../../static/scenarios/b1-stress.json"),
        _ => unreachable!(),
    };
    serde_json::from_str(text).unwrap()
}

/// One M/M/2 level at rho = 0.8: the estimate is exact, and the run agrees with it within the
/// run's own interval (load, utilization and wait).
#[test]
fn mmc_level_estimate_and_run_agree() {
    let mut doc = base();
    set(&mut doc, "/workload/arrivals_per_hour", json!(24));
    set(&mut doc, "/run", json!({"horizon": "2000h", "warmup": "10%", "replications": 8, "seed": 3}));
    let report = run(&doc);
    let a = &report.analytic[0];
    let e = a.erlang_c.as_ref().expect("Erlang C applies to an M/M/c level");
    assert!(a.exact && a.not_applicable.is_empty(), "{:?} {:?}", a.caveats, a.not_applicable);
    assert!((a.theory_rho - 0.8).abs() < 1e-12, "{}", a.theory_rho);
    assert!((e.mean_wait_min - mmc_wait(24.0 / 60.0, 0.25, 2)).abs() < 1e-9);
    assert_eq!((a.moved_in_per_hour, a.left_unserved_per_hour), (0.0, 0.0));
    let level = &report.summary.levels[0];
    assert_within_ci("utilization", level.utilization, 8, a.rho);
    assert_within_ci("utilization", level.utilization, 8, a.theory_rho);
    assert_within_ci("queue wait", level.queue_wait.mean, 8, e.mean_wait_min);
}

/// B1: the estimate from the run's flows agrees with the simulated utilization within 2% at
/// every level, where the outcome probabilities alone miss L4 by about 8% (its timer arrivals).
#[test]
fn b1_estimate_within_two_percent_of_the_run() {
    let report = run(&scenario("b1"));
    for (a, level) in report.analytic.iter().zip(&report.summary.levels) {
        let u = level.utilization.mean.unwrap();
        assert!((a.rho - u).abs() <= 0.02 * u, "{}: estimate {:.4}, run {:.4}", a.level, a.rho, u);
    }
    let l4 = &report.analytic[3];
    assert!(l4.moved_in_per_hour > 0.0, "timers send issues to L4 in B1");
    assert!(l4.rho > l4.theory_rho, "{} vs {}", l4.rho, l4.theory_rho);
    // L1 sees no timer move at all: the textbook figure stands.
    assert!(report.analytic[0].exact);
}

/// B1-stress with the staff a staffing search once proposed (L1 3, L2 3, L3 1, L4 1): L4 is
/// swamped by wait-timer arrivals that the outcome probabilities alone do not send (rho 0.459 by
/// them). No Erlang C wait is given for L4, and the text says why; the table says the same.
#[test]
fn b1_stress_with_cut_staff_gives_no_erlang_c_wait_at_the_swamped_level() {
    let mut doc = scenario("b1-stress");
    for (l, c) in [3, 3, 1, 1].into_iter().enumerate() {
        set(&mut doc, &format!("/levels/{l}/staff"), json!(c));
    }
    set(&mut doc, "/run/replications", json!(2));
    let report = run(&doc);
    let l4 = &report.analytic[3];
    assert!((l4.theory_rho - 0.459).abs() < 0.001, "{}", l4.theory_rho);
    assert!(l4.erlang_c.is_none());
    assert!(l4.rho > 5.0, "the run offers L4 many times its capacity: {}", l4.rho);
    let why = l4.not_applicable.join("; ");
    assert!(why.contains("overloaded") && why.contains("grows without bound"), "{why}");
    assert!(why.contains("came by timers or triggers"), "{why}");
    // Levels whose wait timers pass the excess on work at capacity, but their queues stay bounded:
    // they are not called overloaded, and the timers are named instead.
    for a in &report.analytic[..3] {
        assert!(a.erlang_c.is_none());
        let why = a.not_applicable.join("; ");
        assert!(!why.contains("grows without bound") && why.contains("left its queue unserved"), "{}: {why}", a.level);
    }
    // The command line's table prints no wait for L4, and says why on its row.
    let path = std::env::temp_dir().join(format!("escalation-lab-cross-check-{}.json", std::process::id()));
    std::fs::write(&path, doc.to_string()).unwrap();
    let out = super::support::cli(&["run", path.to_str().unwrap(), "--reps", "2"]);
    let _ = std::fs::remove_file(&path);
    let table = String::from_utf8_lossy(&out.stdout);
    let row = table
        .lines()
        .find(|l| l.starts_with("L4 ") && l.contains("does not apply"))
        .unwrap_or_else(|| panic!("no L4 estimate row in:\n{table}"));
    let cells: Vec<&str> = row.split("  ").map(str::trim).filter(|c| !c.is_empty()).collect();
    assert_eq!(cells[3], "-", "{row}");
    assert!(row.contains("grows without bound") && row.contains("came by timers or triggers"), "{row}");
}

/// A level staffed by shifts: no Erlang C figure, and the reason names the shifts; the load still
/// matches the run.
#[test]
fn shift_staffed_level_says_why_no_erlang_c() {
    let mut doc = base();
    set(
        &mut doc,
        "/levels/0/shifts",
        json!([{"days": ["all"], "from": "00:00", "to": "12:00", "staff": 3}, {"days": ["all"], "from": "12:00", "to": "24:00", "staff": 2}]),
    );
    doc["levels"][0].as_object_mut().unwrap().remove("staff");
    set(&mut doc, "/run", json!({"horizon": "2000h", "warmup": "10%", "replications": 4, "seed": 5}));
    let report: Report = run(&doc);
    let a = &report.analytic[0];
    assert!(a.erlang_c.is_none());
    assert!(a.not_applicable.iter().any(|w| w.contains("shifts")), "{:?}", a.not_applicable);
    assert!((a.mean_staff - 2.5).abs() < 1e-12);
    let busy = report.summary.levels[0].mean_busy.mean.unwrap();
    assert!((a.offered_load - busy).abs() < 0.05 * busy, "offered {} vs busy {}", a.offered_load, busy);
}
