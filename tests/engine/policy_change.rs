//! A change of policy in the middle of a playback (`engine::playback::policy`,
//! `Simulation::switch_policy`): the run before the change stays as it was; after it, timers are
//! set again from the same starts with the new thresholds (one already passed acts at the
//! change, unless the same timer had already come due), and staff follow the new schedule. Only
//! timers, rules and staff may change. Hand-worked cases on one agent and one lead, each serving
//! in a fixed time, with no random arrivals: the run starts Monday 00:00.

use escalation_lab::engine::playback::Playback;
use escalation_lab::engine::playback::policy::{elsewhere, policy_change};
use escalation_lab::engine::report::Journey;
use escalation_lab::engine::simulation::Simulation;
use escalation_lab::engine::time::ms_from_minutes;
use serde_json::{Value, json};

use super::support::{base, model, set};

/// An agent (one person, 45 min an issue) and a lead (one person, 10 min), every issue
/// resolved where it is served; issues arrive at `at` (minutes); `triggers` as given.
fn scenario(at: &[u32], triggers: Value) -> Value {
    let mut doc = base();
    set(&mut doc, "/levels/0/service", json!({"dist": "deterministic", "value": "45m"}));
    set(&mut doc, "/levels/0/staff", json!(1));
    doc["levels"].as_array_mut().unwrap().push(json!({
        "name": "Lead", "role": "team_lead", "staff": 1,
        "service": {"dist": "deterministic", "value": "10m"}, "resolve_probability": 1.0
    }));
    set(&mut doc, "/categories/0/path", json!(["Agent", "Lead"]));
    set(&mut doc, "/workload/arrivals_per_hour", json!(0));
    let script: Vec<Value> = at
        .iter()
        .enumerate()
        .map(|(i, m)| json!({"at": format!("{m}m"), "name": format!("issue {}", i + 1), "issue": {"category": "complaint", "priority": "P2"}}))
        .collect();
    set(&mut doc, "/script", Value::Array(script));
    set(&mut doc, "/triggers", triggers);
    set(&mut doc, "/run/horizon", json!("1d"));
    set(&mut doc, "/run/journeys", json!(50));
    doc
}

fn waited_over(after: &str) -> Value {
    json!([{"name": "waiting too long", "when": {"queue_wait_over": {"P2": after}}, "levels": ["Agent"], "then": "escalate_next"}])
}

/// The journeys of a run of `before` whose policy changes to `after`'s at `at` minutes (no
/// change when `at` is `None`).
fn journeys(before: &Value, after: &Value, at: Option<f64>) -> Vec<Journey> {
    let (m1, m2) = (model(before), model(after));
    let mut sim = Simulation::new(&m1, 1);
    if let Some(at) = at {
        sim.run_until(ms_from_minutes(at));
        sim.switch_policy(&m2);
    }
    while !sim.step(10_000) {}
    let mut journeys = sim.finish().journeys;
    journeys.sort_by(|a, b| a.arrival_min.total_cmp(&b.arrival_min));
    journeys
}

/// Per issue, where and when each service started: (level, minute).
fn served(journeys: &[Journey]) -> Vec<Vec<(String, f64)>> {
    journeys
        .iter()
        .map(|j| {
            j.steps
                .iter()
                .filter(|s| s.event == "service_started")
                .map(|s| (s.level.clone().unwrap_or_default(), s.t_min))
                .collect()
        })
        .collect()
}

fn at(level: &str, minute: f64) -> (String, f64) {
    (level.to_string(), minute)
}

#[test]
fn without_a_change_the_hand_worked_run_is_the_one_expected() {
    // The agent serves issue 1 from 0 to 45 and issue 2 from 45; issue 3, waiting since 2, has
    // waited 60 min at 62 and goes to the lead.
    let doc = scenario(&[0, 1, 2], waited_over("1h"));
    assert_eq!(
        served(&journeys(&doc, &doc, None)),
        [vec![at("Agent", 0.0)], vec![at("Agent", 45.0)], vec![at("Lead", 62.0)]]
    );
    // The same policy "changed" to itself at 30 changes nothing.
    assert_eq!(served(&journeys(&doc, &doc, Some(30.0))), served(&journeys(&doc, &doc, None)));
}

#[test]
fn a_shorter_wait_timer_counts_from_when_the_issue_joined_and_acts_at_once_if_passed() {
    let (before, after) = (scenario(&[0, 1, 2], waited_over("1h")), scenario(&[0, 1, 2], waited_over("20m")));
    // At 30, issues 2 and 3 have waited 29 and 28 min, past the new 20: both go to the lead at
    // 30, which serves issue 2 from 30 to 40 and issue 3 from 40.
    assert_eq!(
        served(&journeys(&before, &after, Some(30.0))),
        [vec![at("Agent", 0.0)], vec![at("Lead", 30.0)], vec![at("Lead", 40.0)]]
    );
    // At 10, they have waited 9 and 8 min: the new timer fires at 21 and 22.
    assert_eq!(
        served(&journeys(&before, &after, Some(10.0))),
        [vec![at("Agent", 0.0)], vec![at("Lead", 21.0)], vec![at("Lead", 31.0)]]
    );
    // A longer timer at 30 (1 h → 2 h): issue 3 is no longer moved at 62, and waits its turn
    // at the agent (90).
    let longer = scenario(&[0, 1, 2], waited_over("2h"));
    assert_eq!(
        served(&journeys(&before, &longer, Some(30.0))),
        [vec![at("Agent", 0.0)], vec![at("Agent", 45.0)], vec![at("Agent", 90.0)]]
    );
}

#[test]
fn the_run_before_the_change_stays_as_it_was() {
    let (before, after) =
        (scenario(&[0, 1, 2, 3, 66], waited_over("1h")), scenario(&[0, 1, 2, 3, 66], waited_over("20m")));
    let unchanged = journeys(&before, &before, None);
    let changed = journeys(&before, &after, Some(65.0));
    for (a, b) in unchanged.iter().zip(&changed) {
        let early = |j: &Journey| j.steps.iter().filter(|s| s.t_min < 65.0).cloned().collect::<Vec<_>>();
        assert_eq!(early(a), early(b), "issue {}", a.issue);
    }
    // Issues 3 and 4 went to the lead at 62 and 63 under the old timer, before the change (the
    // lead serves them 62-72 and 72-82); issue 5 arrives at 66 under the new one, waits 20 min
    // while the agent is busy until 90, and goes to the lead at 86.
    assert_eq!(served(&changed)[2..], [vec![at("Lead", 62.0)], vec![at("Lead", 72.0)], vec![at("Lead", 86.0)]]);
    assert_eq!(served(&unchanged)[4], [at("Agent", 90.0)], "under the old timer it waits for the agent");
}

#[test]
fn a_timer_that_already_came_due_does_not_act_twice() {
    // A notification after 10 min of waiting leaves the issue where it is. Unchanged by a staff
    // change at 30, it must not notify again for issue 2 (due at 11) or 3 (due at 12).
    let notify = json!([{"name": "tell the lead", "when": {"queue_wait_over": {"P2": "10m"}}, "levels": ["Agent"], "then": {"notify": "Lead"}}]);
    let before = scenario(&[0, 1, 2], notify.clone());
    let mut after = scenario(&[0, 1, 2], notify);
    set(&mut after, "/levels/1/staff", json!(2));
    let notified = |js: &[Journey]| {
        js.iter().map(|j| j.steps.iter().filter(|s| s.event == "notified").count()).collect::<Vec<_>>()
    };
    assert_eq!(notified(&journeys(&before, &after, Some(30.0))), [0, 1, 1]);
    assert_eq!(notified(&journeys(&before, &before, None)), [0, 1, 1]);
}

#[test]
fn a_shorter_age_timer_already_passed_acts_at_the_change() {
    // Open longer than 2 h → to the lead; the agent takes 3 h an issue. Issue 2 (arrived at 10)
    // would go at 130; changed to 30 min at 60, it is past due and goes at once.
    let age = |after: &str| {
        let mut doc = scenario(
            &[0, 10],
            json!([{"name": "open too long", "when": {"open_longer_than": {"after": after}}, "levels": ["Agent"], "then": {"escalate_to": "Lead"}}]),
        );
        set(&mut doc, "/levels/0/service", json!({"dist": "deterministic", "value": "3h"}));
        doc
    };
    let (before, after) = (age("2h"), age("30m"));
    assert_eq!(served(&journeys(&before, &before, None))[1], [at("Lead", 130.0)]);
    assert_eq!(served(&journeys(&before, &after, Some(60.0)))[1], [at("Lead", 60.0)]);
    // Changed at 20, it is due at 40.
    assert_eq!(served(&journeys(&before, &after, Some(20.0)))[1], [at("Lead", 40.0)]);
}

#[test]
fn staff_follow_the_new_policy_at_once() {
    // A second agent from 30: issue 2 (waiting since 1) starts at 30, issue 3 at 45.
    let before = scenario(&[0, 1, 2], json!([]));
    let mut after = before.clone();
    set(&mut after, "/levels/0/staff", json!(2));
    assert_eq!(
        served(&journeys(&before, &after, Some(30.0))),
        [vec![at("Agent", 0.0)], vec![at("Agent", 30.0)], vec![at("Agent", 45.0)]]
    );
    // Shifts instead: two agents from 00:40 on Mondays: issue 2 starts at 40, issue 3 at 45.
    let mut shifts = before.clone();
    shifts["levels"][0].as_object_mut().unwrap().remove("staff");
    shifts["levels"][0]["shifts"] = json!([
        {"days": ["all"], "from": "00:00", "to": "00:40", "staff": 1},
        {"days": ["all"], "from": "00:40", "to": "24:00", "staff": 2}
    ]);
    assert_eq!(
        served(&journeys(&before, &shifts, Some(30.0))),
        [vec![at("Agent", 0.0)], vec![at("Agent", 40.0)], vec![at("Agent", 45.0)]]
    );
}

#[test]
fn a_playback_logs_the_change_and_returns_to_checkpoints_on_either_side() {
    let (before, after) = (scenario(&[0, 1, 2], waited_over("1h")), scenario(&[0, 1, 2], waited_over("20m")));
    let what = policy_change(&before, &after).unwrap();
    assert_eq!(what, ["trigger \u{201c}waiting too long\u{201d} changed"]);
    let models = [model(&before), model(&after)];
    let mut p = Playback::new(&models, 1);
    p.advance(10.0);
    p.save();
    p.advance(20.0);
    assert!(p.change_policy(1, &what));
    p.save();
    let changed = p.snapshot();
    // Both issues went to the lead at 30: one in service there, one waiting.
    assert_eq!((changed.levels[1].busy, changed.levels[1].waiting), (1, 1));
    assert_eq!(
        p.view().log.last().map(|l| (l.at, l.line.as_str())),
        Some((ms_from_minutes(30.0), "Policy changed: trigger \u{201c}waiting too long\u{201d} changed"))
    );
    assert_eq!(p.view().policy, 1);
    p.advance(60.0);
    // Back before the change: the old policy, nothing at the lead.
    assert!(p.restore(0));
    assert_eq!(p.view().policy, 0);
    assert_eq!(p.snapshot().levels[1].busy, 0);
    assert!(p.view().log.is_empty());
    p.advance(20.0);
    assert_eq!(p.snapshot().levels[1].busy, 0, "the old policy holds after a return before the change");
    // Back after it: the moment seen then.
    assert!(p.restore(1));
    assert_eq!(p.snapshot(), changed);
    assert_eq!(p.view().policy, 1);
    // A playback over one more model, resumed from this one, stands at the same moment.
    let q = Playback::resume(&models, 1, p.carried());
    assert_eq!(q.snapshot(), changed);
    assert!(!p.change_policy(2, &[]), "there is no third model");
}

#[test]
fn only_timers_rules_and_staff_may_change() {
    let doc = scenario(&[0], waited_over("1h"));
    let edit = |pointer: &str, value: Value| {
        let mut d = doc.clone();
        set(&mut d, pointer, value);
        policy_change(&doc, &d)
    };
    assert_eq!(edit("/levels/0/staff", json!(3)), Ok(vec!["Agent: staff 1 → 3".to_string()]));
    assert_eq!(edit("/triggers", json!([])), Ok(vec!["trigger \u{201c}waiting too long\u{201d} removed".to_string()]));
    assert_eq!(
        edit("/rules", json!("rule \"x\" when arrived then notify \"Lead\"")),
        Ok(vec!["rules edited".to_string()])
    );
    assert_eq!(edit("/name", json!("renamed")), Ok(vec![]));
    assert_eq!(edit("/levels/0/resolve_probability", json!(1)), Ok(vec![]), "1.0 written as 1");
    assert_eq!(
        elsewhere("levels[1].name"),
        "levels[1].name changed too: only timers, rules and staff can change in the middle of a playback; restart it to play the edited scenario"
    );
    for (pointer, value, place) in [
        ("/levels/0/service", json!({"dist": "deterministic", "value": "5m"}), "levels[0].service.value"),
        ("/levels/1/name", json!("Boss"), "levels[1].name"),
        ("/categories/0/share", json!(0.5), "categories[0].share"),
        ("/workload/arrivals_per_hour", json!(3), "workload.arrivals_per_hour"),
        ("/sla", json!([]), "sla"),
        ("/script/0/at", json!("5m"), "script[0].at"),
        ("/run/horizon", json!("2d"), "run.horizon"),
    ] {
        assert_eq!(edit(pointer, value), Err(place.to_string()), "{pointer}");
    }
}

/// Each preset at a two-week horizon, keeping 30 journeys.
fn presets() -> Vec<(String, Value)> {
    let dir = format!("{}/static/scenarios", env!("CARGO_MANIFEST_DIR"));
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().trim_end_matches(".json").to_string())
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|name| {
            let mut doc = super::support::preset(&name);
            set(&mut doc, "/run/horizon", json!("2w"));
            set(&mut doc, "/run/journeys", json!(30));
            (name, doc)
        })
        .collect()
}

#[test]
fn a_policy_changed_to_itself_changes_nothing_in_any_preset() {
    for (name, doc) in presets() {
        let (m1, m2) = (model(&doc), model(&doc));
        let unchanged = Simulation::run(&m1, 5);
        let mut sim = Simulation::new(&m1, 5);
        for hours in [9.5, 30.0, 101.25] {
            sim.run_until(ms_from_minutes(hours * 60.0));
            sim.switch_policy(&m2);
        }
        while !sim.step(10_000) {}
        let (mut changed, mut unchanged) = (sim.finish(), unchanged);
        // Events handled count the stale timers a change of policy clears away unhandled: the
        // engine's work, not a figure of the run.
        assert!(changed.kpis.events.processed_events <= unchanged.kpis.events.processed_events, "{name}");
        (changed.kpis.events.processed_events, unchanged.kpis.events.processed_events) = (None, None);
        assert_eq!(changed.kpis, unchanged.kpis, "{name}");
        assert_eq!(changed.journeys, unchanged.journeys, "{name}");
        assert_eq!(changed.tallies.trigger_fires, unchanged.tallies.trigger_fires, "{name}");
        assert_eq!(changed.tallies.flows, unchanged.tallies.flows, "{name}");
    }
}

#[test]
fn every_preset_plays_on_under_another_policy_and_back() {
    for (name, doc) in presets() {
        // No triggers and no rules, and one more person at every level of fixed staff.
        let mut bare = doc.clone();
        let map = bare.as_object_mut().unwrap();
        map.remove("triggers");
        map.remove("rules");
        for level in bare["levels"].as_array_mut().unwrap() {
            if let Some(n) = level.get("staff").and_then(Value::as_u64) {
                level["staff"] = json!(n + 1);
            }
        }
        assert!(policy_change(&doc, &bare).is_ok(), "{name}: {:?}", policy_change(&doc, &bare));
        let models = [model(&doc), model(&bare), model(&doc)];
        let mut p = Playback::new(&models, 2);
        p.advance(24.0 * 60.0);
        assert!(p.change_policy(1, &[]));
        p.advance(36.0 * 60.0);
        p.save();
        let then = p.snapshot();
        assert!(p.change_policy(2, &[]));
        p.advance(24.0 * 60.0);
        let now = p.snapshot();
        assert!(now.arrived >= then.arrived && now.open <= now.arrived, "{name}: {now:?}");
        assert!(p.restore(0));
        assert_eq!(p.snapshot(), then, "{name}: the return replays both changes");
    }
}
