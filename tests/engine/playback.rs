//! Playback for trainers: stepping a replication through simulated time gives exactly the run
//! made in one go; a staff change made mid-run counts from that moment (the mean staff on duty
//! is the time-weighted mix, exactly); replaying from the start with the same change at the same
//! moment gives the same run, which is what a checkpoint returns to.

use escalation_lab::engine::simulation::{Simulation, StaffRefused};
use escalation_lab::engine::{self, Model};

fn model() -> Model {
    let text = include_str!("../../static/scenarios/b1-mmc.json");
    let mut doc: serde_json::Value = serde_json::from_str(text).unwrap();
    doc["run"]["horizon"] = "200h".into();
    doc["run"]["warmup"] = "20h".into();
    let checked = engine::load(&doc.to_string());
    checked.model.unwrap_or_else(|| panic!("{:#?}", checked.problems))
}

const HOUR: u64 = 3_600_000;

#[test]
fn stepping_through_time_gives_the_run_made_in_one_go() {
    let m = model();
    let whole = Simulation::run(&m, 3);
    let mut sim = Simulation::new(&m, 3);
    let mut t = 0;
    let mut last_minute = -1.0;
    while !sim.run_until(t) {
        let s = sim.snapshot();
        assert!(s.minute > last_minute || t == 0, "time moves on");
        last_minute = s.minute;
        assert!(s.open <= s.arrived);
        for l in &s.levels {
            assert!(l.busy <= l.staff, "{l:?}");
        }
        t += HOUR / 4;
    }
    assert!(sim.snapshot().finished);
    let stepped = sim.finish();
    assert_eq!(serde_json::to_string(&whole.kpis).unwrap(), serde_json::to_string(&stepped.kpis).unwrap());
}

fn with_change(at_hours: u64, delta: i64) -> (Simulation<'static>, Vec<String>) {
    let m: &'static Model = Box::leak(Box::new(model()));
    let mut sim = Simulation::new(m, 5);
    let mut seen = Vec::new();
    for h in 1..=at_hours {
        sim.run_until(h * HOUR);
        seen.push(serde_json::to_string(&sim.snapshot()).unwrap());
    }
    sim.change_staff(0, delta).unwrap();
    (sim, seen)
}

#[test]
fn a_staff_change_counts_from_its_moment_and_replays_exactly() {
    let m = model();
    let staff = f64::from(match &m.levels[0].staffing {
        engine::model::Staffing::Constant(c) => *c,
        _ => panic!("b1-mmc has constant staff"),
    });
    // Two staff leave at 110 h: the mean staff on duty over [20 h, 200 h] is the time-weighted mix.
    let (mut a, before_a) = with_change(110, -2);
    assert_eq!(a.snapshot().levels[0].staff as f64, staff - 2.0);
    while !a.run_until(u64::MAX) {}
    let a = a.finish();
    let mean_staff = a.kpis.levels[0].mean_staff.unwrap();
    let want = (staff * 90.0 + (staff - 2.0) * 90.0) / 180.0;
    assert!((mean_staff - want).abs() < 1e-9, "mean staff {mean_staff}, want {want}");
    // The same change at the same moment, replayed from the start: the same run.
    let (mut b, before_b) = with_change(110, -2);
    assert_eq!(before_a, before_b);
    while !b.run_until(u64::MAX) {}
    assert_eq!(serde_json::to_string(&a.kpis).unwrap(), serde_json::to_string(&b.finish().kpis).unwrap());
    // Up to the change the run is the one without it; after it, fewer staff mean longer waits.
    let (mut c, before_c) = with_change(110, 0);
    assert_eq!(before_a, before_c);
    while !c.run_until(u64::MAX) {}
    let c = c.finish();
    assert!(a.kpis.levels[0].queue_wait.mean.unwrap() > c.kpis.levels[0].queue_wait.mean.unwrap());
}

#[test]
fn an_outage_burst_adds_its_issues_from_its_moment() {
    let m = model();
    let arrived = |burst: bool| {
        let mut sim = Simulation::new(&m, 9);
        sim.run_until(100 * HOUR);
        let before = sim.snapshot().arrived;
        if burst {
            sim.inject_burst(0, 600.0, 60.0);
        }
        sim.run_until(101 * HOUR);
        (before, sim.snapshot().arrived)
    };
    let (calm_before, calm) = arrived(false);
    let (burst_before, burst) = arrived(true);
    assert_eq!(calm_before, burst_before, "the past is the same");
    // 600 an hour for an hour: about 600 more (Poisson: sd ~25).
    let extra = f64::from(burst) - f64::from(calm);
    assert!((extra - 600.0).abs() < 100.0, "{extra} more issues");
    // Replayed, the same burst gives the same run.
    assert_eq!(arrived(true), (burst_before, burst));
}

#[test]
fn snapshots_count_each_resolution_and_each_move_once() {
    // B1 has no reopens: once drained, every issue was resolved exactly once, at some level, and
    // every issue that left a level moved on to another.
    let text = include_str!("../../static/scenarios/b1.json");
    let mut doc: serde_json::Value = serde_json::from_str(text).unwrap();
    doc["run"]["horizon"] = "100h".into();
    doc["run"]["warmup"] = "10h".into();
    let m = engine::load(&doc.to_string()).model.unwrap();
    let mut sim = Simulation::new(&m, 2);
    let mut last_moves = 0;
    for h in 1..=100 {
        sim.run_until(h * HOUR);
        let moves: u64 = sim.snapshot().levels.iter().map(|l| l.moved_out).sum();
        assert!(moves >= last_moves, "counts only grow");
        last_moves = moves;
    }
    while !sim.run_until(u64::MAX) {}
    let end = sim.snapshot();
    let resolved: u64 = end.levels.iter().map(|l| l.resolved).sum();
    assert_eq!(resolved, u64::from(end.arrived));
    assert_eq!(end.open, 0);
    assert!(end.levels[0].moved_out > 0 && end.levels[3].moved_out == 0, "L4 is the last level: {:?}", end.levels);
}

#[test]
fn leaving_below_zero_is_refused_and_the_count_stays_exact() {
    // B1-MMC with 6 on duty, 50 hours in: everyone busy (8 erlangs of work).
    let text = include_str!("../../static/scenarios/b1-mmc.json");
    let mut doc: serde_json::Value = serde_json::from_str(text).unwrap();
    doc["levels"][0]["staff"] = 6.into();
    doc["run"]["horizon"] = "100h".into();
    doc["run"]["warmup"] = "10h".into();
    let m = engine::load(&doc.to_string()).model.unwrap();
    let mut sim = Simulation::new(&m, 4);
    sim.run_until(50 * HOUR);
    let busy = sim.snapshot().levels[0].busy;
    assert_eq!(busy, 6, "all six at work");
    // Ten leave: six go, the other four are refused with the reason, and nothing changes.
    let left: Vec<_> = (0..10).map(|_| sim.change_staff(0, -1)).collect();
    let refused = Err(StaffRefused::BelowZero { on_duty: 0 });
    assert_eq!(left, [Ok(5), Ok(4), Ok(3), Ok(2), Ok(1), Ok(0), refused, refused, refused, refused]);
    assert_eq!(StaffRefused::BelowZero { on_duty: 0 }.to_string(), "nobody is on duty there to leave");
    let now = sim.snapshot();
    assert_eq!((now.levels[0].staff, now.levels[0].busy), (0, 6), "those at work finish their issue first");
    // Two join, then five more: the count is exact at every step.
    let joined: Vec<_> = (0..7).map(|_| sim.change_staff(0, 1)).collect();
    assert_eq!(joined, [Ok(1), Ok(2), Ok(3), Ok(4), Ok(5), Ok(6), Ok(7)]);
    assert_eq!(sim.snapshot().levels[0].staff, 7);
    // Back to none: the issues in hand still end, and no new service starts.
    for _ in 0..7 {
        sim.change_staff(0, -1).unwrap();
    }
    let busy_then = sim.snapshot().levels[0].busy;
    sim.run_until(50 * HOUR + HOUR / 60);
    assert!(sim.snapshot().levels[0].busy <= busy_then);
    sim.run_until(51 * HOUR);
    let later = sim.snapshot().levels[0].clone();
    assert_eq!((later.staff, later.busy), (0, 0), "{later:?}");
    assert!(later.waiting > 0);
    assert_eq!(sim.change_staff(7, 1), Err(StaffRefused::NoSuchLevel));
}

#[test]
fn a_join_after_a_shift_change_held_the_count_at_zero_counts_from_zero() {
    // Two on duty by day, one at night (B1-MMC's level on a shift schedule): two leave by day;
    // at night the schedule has one, so nobody is on duty; someone joining makes one, not zero.
    let text = include_str!("../../static/scenarios/b1-mmc.json");
    let mut doc: serde_json::Value = serde_json::from_str(text).unwrap();
    doc["levels"][0].as_object_mut().unwrap().remove("staff");
    doc["levels"][0]["shifts"] = serde_json::json!([
        {"days": ["all"], "from": "08:00", "to": "20:00", "staff": 2},
        {"days": ["all"], "from": "20:00", "to": "08:00", "staff": 1}
    ]);
    doc["workload"]["arrivals_per_hour"] = 1.into();
    doc["run"]["horizon"] = "100h".into();
    doc["run"]["warmup"] = "10h".into();
    let m =
        engine::load(&doc.to_string()).model.unwrap_or_else(|| panic!("{:?}", engine::load(&doc.to_string()).problems));
    let mut sim = Simulation::new(&m, 4);
    sim.run_until(10 * HOUR);
    assert_eq!(sim.change_staff(0, -2), Ok(0));
    sim.run_until(21 * HOUR);
    assert_eq!(sim.snapshot().levels[0].staff, 0);
    assert_eq!(sim.change_staff(0, -1), Err(StaffRefused::BelowZero { on_duty: 0 }));
    assert_eq!(sim.change_staff(0, 1), Ok(1));
    // The change is counted from the schedule: the two who left were more than the night's one,
    // and the join brought the night back to its schedule, so by day it has its two again.
    sim.run_until(33 * HOUR);
    assert_eq!(sim.snapshot().levels[0].staff, 2);
}
