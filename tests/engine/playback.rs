//! Playback for trainers: stepping a replication through simulated time gives exactly the run
//! made in one go; a staff change made mid-run counts from that moment (the mean staff on duty
//! is the time-weighted mix, exactly); replaying from the start with the same change at the same
//! moment gives the same run, which is what a checkpoint returns to. A `Playback` keeps the
//! changes and the checkpoints: a return to a checkpoint is exactly the moment seen then, a
//! refused change is not logged, and the page itself plays nothing back.

use escalation_lab::engine::playback::{Change, LogLine, Playback};
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
        engine::model::Staffing::Shifts(_) => panic!("b1-mmc has constant staff"),
    });
    // Two staff leave at 110 h: the mean staff on duty over [20 h, 200 h] is the time-weighted mix.
    let (mut a, before_a) = with_change(110, -2);
    assert_eq!(f64::from(a.snapshot().levels[0].staff), staff - 2.0);
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

fn leave(level: usize) -> Change {
    Change::Staff { level, delta: -1 }
}

fn join(level: usize) -> Change {
    Change::Staff { level, delta: 1 }
}

fn outage(per_hour: f64, minutes: f64) -> Change {
    Change::Burst { category: 0, per_hour, minutes, times_usual: per_hour / 120.0 }
}

#[test]
fn a_return_to_a_checkpoint_is_exactly_the_moment_seen_then() {
    let m = model();
    let mut p = Playback::new(std::slice::from_ref(&m), 11);
    p.advance(90.0);
    p.change(leave(0)).unwrap();
    p.advance(30.0);
    p.change(outage(240.0, 60.0)).unwrap();
    p.advance(45.0);
    p.save();
    let first = (p.snapshot(), p.view());
    // On past the checkpoint, with more changes, and a second checkpoint.
    p.change(leave(0)).unwrap();
    p.change(leave(0)).unwrap();
    p.advance(120.0);
    p.change(join(0)).unwrap();
    p.advance(60.0);
    p.save();
    let second = (p.snapshot(), p.view());
    p.change(outage(600.0, 30.0)).unwrap();
    p.advance(300.0);
    let later = p.snapshot();
    assert!(later.minute > second.0.minute);

    // Back to the first: the same moment (time, queue lengths, staff busy, counts) and log.
    assert!(p.restore(0));
    let back = p.view();
    assert_eq!(p.snapshot(), first.0);
    assert!(first.0.levels[0].waiting > 0, "a moment with a queue: {:?}", first.0);
    assert_eq!(back.log, first.1.log);
    assert_eq!(back.checkpoints, [first.0.minute as u64 * 60_000, second.0.minute as u64 * 60_000]);
    assert!(back.levels.iter().all(|l| l.moved == 0 && l.resolved == 0), "no step's moves after a return");
    // From the second checkpoint the run goes on as it did the first time.
    assert!(p.restore(1));
    assert_eq!(p.snapshot(), second.0);
    assert_eq!(p.view().log, second.1.log);
    p.change(outage(600.0, 30.0)).unwrap();
    p.advance(300.0);
    assert_eq!(p.snapshot(), later);
    // A checkpoint that is not there changes nothing.
    assert!(!p.restore(2));
    assert_eq!(p.snapshot(), later);
}

#[test]
fn changes_are_replayed_at_their_moments_and_in_their_order() {
    let m = model();
    // Everyone leaves at 2 h, then one joins at once; an outage at 3 h; one more joins at 4 h.
    let mut p = Playback::new(std::slice::from_ref(&m), 6);
    p.advance(120.0);
    p.save();
    for _ in 0..10 {
        p.change(leave(0)).unwrap();
    }
    p.change(join(0)).unwrap();
    p.advance(60.0);
    p.change(outage(360.0, 90.0)).unwrap();
    p.advance(60.0);
    p.change(join(0)).unwrap();
    p.advance(30.0);
    p.save();
    let seen = p.view();
    let seen_then = p.snapshot();
    assert_eq!(seen.levels[0].staff, 2);
    assert_eq!(seen.log.len(), 13);
    assert_eq!(seen.log[0], LogLine { at: 2 * HOUR, line: "Someone left L1: 9 on duty".into() });
    assert_eq!(seen.log[9].line, "Someone left L1: 0 on duty");
    assert_eq!(seen.log[10], LogLine { at: 2 * HOUR, line: "Someone joined L1: 1 on duty".into() });
    assert_eq!(
        seen.log[11],
        LogLine { at: 3 * HOUR, line: "Outage: 360 more arrivals an hour of general (3× the usual) for 1.5 h".into() }
    );
    assert_eq!(seen.log[12], LogLine { at: 4 * HOUR, line: "Someone joined L1: 2 on duty".into() });
    // Back to 2 h: the run as it was then, none of the changes made since.
    p.restore(0);
    assert!(p.view().log.is_empty());
    assert_eq!(p.snapshot().levels[0].staff, 10);
    // And forward to 4.5 h: every change again, each at its moment.
    p.restore(1);
    assert_eq!(p.snapshot(), seen_then);
    assert_eq!(p.view().log, seen.log);
    // The same changes made at other moments make another run.
    let mut q = Playback::new(std::slice::from_ref(&m), 6);
    q.advance(120.0);
    q.change(outage(360.0, 90.0)).unwrap();
    q.advance(150.0);
    assert_ne!(q.snapshot().arrived, seen.arrived, "the outage counts from its moment");
}

#[test]
fn a_refused_staff_change_is_not_logged_and_says_why_until_one_is_accepted() {
    let text = include_str!("../../static/scenarios/b1-mmc.json");
    let mut doc: serde_json::Value = serde_json::from_str(text).unwrap();
    doc["levels"][0]["staff"] = 1.into();
    doc["run"]["horizon"] = "50h".into();
    doc["run"]["warmup"] = "5h".into();
    let m = engine::load(&doc.to_string()).model.unwrap();
    let mut p = Playback::new(std::slice::from_ref(&m), 3);
    p.advance(60.0);
    assert_eq!(p.change(leave(0)), Ok(()));
    assert_eq!(p.change(leave(0)), Err(StaffRefused::BelowZero { on_duty: 0 }));
    let view = p.view();
    assert_eq!(view.log.iter().map(|l| l.line.as_str()).collect::<Vec<_>>(), ["Someone left L1: 0 on duty"]);
    assert_eq!(view.refused.as_deref(), Some("Nobody left L1: nobody is on duty there to leave."));
    assert_eq!(view.levels[0].staff, 0);
    // A step or an outage leaves the refusal shown; an accepted staff change clears it.
    p.advance(5.0);
    p.change(outage(60.0, 10.0)).unwrap();
    assert!(p.view().refused.is_some());
    p.change(join(0)).unwrap();
    assert_eq!(p.view().refused, None);
    assert_eq!(p.view().log.len(), 3);
    // A level that is not there is refused the same way.
    assert_eq!(p.change(Change::Staff { level: 4, delta: 1 }), Err(StaffRefused::NoSuchLevel));
    assert_eq!(p.view().refused.as_deref(), Some("Nobody left : there is no such level."));
    assert_eq!(p.view().log.len(), 3);
}

#[test]
fn a_step_shows_its_moves_and_a_change_leaves_them() {
    let m = model();
    let mut p = Playback::new(std::slice::from_ref(&m), 8);
    let start = p.view();
    assert_eq!((start.minute, start.arrived, start.finished, start.seed), (0.0, 0, false, 8));
    assert_eq!(start.categories, ["general"]);
    assert_eq!(start.levels.iter().map(|l| (l.name.as_str(), l.moved, l.resolved)).collect::<Vec<_>>(), [("L1", 0, 0)]);
    p.advance(120.0);
    let before = p.snapshot();
    p.advance(120.0);
    let now = p.snapshot();
    let view = p.view();
    assert_eq!(view.minute, 240.0);
    assert_eq!((view.arrived, view.open), (now.arrived, now.open));
    let (l, b, n) = (&view.levels[0], &before.levels[0], &now.levels[0]);
    assert_eq!((l.staff, l.busy, l.waiting), (n.staff, n.busy, n.waiting));
    assert_eq!(l.resolved, n.resolved - b.resolved, "the step's resolutions");
    assert!(l.resolved > 0);
    // A change at the same moment: the last step's moves stay those shown.
    p.change(join(0)).unwrap();
    assert_eq!(p.view().levels[0].resolved, l.resolved);
    assert_eq!(p.view().levels[0].staff, l.staff + 1);
    // Stepping a run that has ended moves nothing.
    while !p.is_finished() {
        p.advance(100_000.0);
    }
    let end = p.snapshot();
    p.advance(60.0);
    assert_eq!(p.snapshot(), end);
    assert!(p.view().finished);
    assert_eq!((p.view().levels[0].moved, p.view().levels[0].resolved), (0, 0));
}

#[test]
fn the_page_plays_nothing_back_itself() {
    // The UI thread never simulates: only the worker (`src/ui/worker.rs` and `src/ui/worker/`)
    // holds a replication or a playback; the page sends it requests and draws its answers.
    let ui = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/ui");
    let worker = [ui.join("worker.rs"), ui.join("worker")];
    let mut dirs = vec![ui.clone()];
    let mut checked = 0;
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if worker.contains(&path) {
                continue;
            }
            if path.is_dir() {
                dirs.push(path);
            } else {
                let text = std::fs::read_to_string(&path).unwrap();
                for word in ["Simulation", "run_until", "Playback::new", "engine::run(", "run_with_progress"] {
                    assert!(!text.contains(word), "{} uses {word}", path.display());
                }
                checked += 1;
            }
        }
    }
    assert!(checked > 10, "{checked} files of the page checked");
}

#[test]
fn the_live_matrix_counts_who_waits_where_and_how_close_they_are_to_breaching() {
    use super::support::{base, model as checked, set};
    use serde_json::json;
    // One person serving each issue in 60 min; a P1 and a P2 at 0 and a P2 at 10 min. P2's
    // targets: first response 1 h, resolution 4 h. At 30 min the P1 is in service and both P2s
    // wait: the nearest to breaching has used 30 of its 60 response minutes.
    let mut doc = base();
    set(&mut doc, "/levels/0/staff", json!(1));
    set(&mut doc, "/levels/0/service", json!({"dist": "deterministic", "value": "60m"}));
    set(&mut doc, "/workload/arrivals_per_hour", json!(0));
    set(
        &mut doc,
        "/workload/scheduled",
        json!([
            {"at": "0m", "category": "complaint", "priority": "P1"},
            {"at": "0m", "category": "complaint", "priority": "P2"},
            {"at": "10m", "category": "complaint", "priority": "P2"}
        ]),
    );
    let m = checked(&doc);
    let mut p = Playback::new(std::slice::from_ref(&m), 1);
    p.advance(30.0);
    let v = p.view();
    assert_eq!(v.priorities, ["P1", "P2", "P3", "P4"]);
    assert_eq!(v.cells, [(0, -1.0), (2, 0.5), (0, -1.0), (0, -1.0)]);
    // At 90 min the P1 is done (60), the first P2 in service since 60, the second waiting 80
    // min: past its 60-minute response target.
    p.advance(60.0);
    assert_eq!(p.view().cells[1], (1, 80.0 / 60.0));
}

#[test]
fn the_view_lists_the_script_at_its_moments() {
    use super::support::{base, model as checked, set};
    use serde_json::json;
    let mut doc = base();
    set(
        &mut doc,
        "/script",
        json!([
            {"at": "Tue 10:30", "name": "Legal threat", "issue": {"category": "complaint", "priority": "P1"}},
            {"at": "2h", "close": {"level": "Agent", "for": "1h"}}
        ]),
    );
    let m = checked(&doc);
    let p = Playback::new(std::slice::from_ref(&m), 1);
    let view = p.view();
    let script: Vec<(u64, &str)> = view.script.iter().map(|l| (l.at, l.line.as_str())).collect();
    assert_eq!(
        script,
        [(2 * HOUR, "Agent closes for 1 h"), (34 * HOUR + HOUR / 2, "Legal threat: a P1 issue of complaint arrives")]
    );
}
