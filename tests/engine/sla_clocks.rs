//! The reply, update and status targets (`next_reply`, `periodic_update`, `pausable_update`,
//! `requester_wait`, `agent_work`), checked on single issues whose every time is known: the run
//! starts Monday 2026-01-05 00:00 UTC; an agent (30 min, never resolves) hands each issue to an
//! expert (60 min, always resolves).

use serde_json::{Value, json};

use super::support::{base, cli, run, set, text};

/// Two levels of one person each; P2 issues arriving at `at`; the P2 targets `targets` counted
/// on `calendar` (`None`: 24x7); the expert on duty only in `expert_shifts` when given.
fn scenario(at: &[&str], targets: Value, calendar: Option<Value>, expert_shifts: Option<Value>, rules: &str) -> Value {
    let mut doc = base();
    set(
        &mut doc,
        "/levels",
        json!([
            {"name": "Agent", "role": "frontline", "staff": 1, "service": {"dist": "deterministic", "value": "30m"}, "resolve_probability": 0.0},
            {"name": "Expert", "role": "specialist", "staff": 1, "service": {"dist": "deterministic", "value": "60m"}, "resolve_probability": 1.0}
        ]),
    );
    if let Some(shifts) = expert_shifts {
        let levels = doc["levels"].as_array_mut().unwrap();
        levels[1].as_object_mut().unwrap().remove("staff");
        levels[1]["shifts"] = shifts;
    }
    set(&mut doc, "/categories", json!([{"name": "complaint", "share": 1.0, "path": ["Agent", "Expert"]}]));
    set(&mut doc, "/workload/arrivals_per_hour", json!(0));
    let scheduled: Vec<Value> =
        at.iter().map(|t| json!({"at": t, "category": "complaint", "priority": "P2"})).collect();
    set(&mut doc, "/workload/scheduled", json!(scheduled));
    let mut policy = json!({"name": "standard", "targets": {"P2": targets}});
    if let Some(cal) = calendar {
        policy["calendar"] = cal["name"].clone();
        set(&mut doc, "/calendars", json!([cal]));
    }
    set(&mut doc, "/sla", json!([policy]));
    if !rules.is_empty() {
        set(&mut doc, "/rules", json!(rules));
    }
    set(&mut doc, "/run/horizon", json!("2w"));
    doc
}

fn office() -> Value {
    json!({"name": "office", "hours": [{"days": ["weekdays"], "from": "09:00", "to": "17:00"}]})
}

/// P2's breach rate of each target named, in that order (`None`: applied to no issue).
fn breaches(doc: &Value, targets: &[&str]) -> Vec<Option<f64>> {
    let r = run(doc);
    let p2 = serde_json::to_value(&r.summary.priorities[1]).unwrap();
    targets.iter().map(|t| p2["more_breach"][*t]["mean"].as_f64()).collect()
}

#[test]
fn a_reply_owed_after_a_handoff_and_the_gaps_between_updates() {
    // Both at 0. The first: agent 0-30, expert 30-90 (its reply owed at 30 is given at 30).
    // The second waits for the agent: 30-60, then for the expert: owed at 60, given at 90.
    // Updates (service starts and ends): 0, 30, 30, 90 and 30, 60, 90, 150: longest gaps 60 min.
    let targets = ["next_reply", "periodic_update", "requester_wait", "agent_work"];
    let doc = |reply: &str, update: &str, wait: &str| {
        scenario(
            &["0m", "0m"],
            json!({"next_reply": reply, "periodic_update": update, "requester_wait": wait, "agent_work": wait}),
            None,
            None,
            "",
        )
    };
    // The second's reply took 30 min; each issue has a 60-minute gap; they waited 90 and 150 min.
    assert_eq!(breaches(&doc("29m", "59m", "149m"), &targets), [Some(0.5), Some(1.0), Some(0.5), Some(0.5)]);
    assert_eq!(breaches(&doc("30m", "1h", "150m"), &targets), [Some(0.0), Some(0.0), Some(0.0), Some(0.0)]);
    assert_eq!(breaches(&doc("30m", "1h", "89m"), &targets)[2..], [Some(1.0), Some(1.0)]);
}

#[test]
fn a_target_with_no_interval_to_judge_applies_to_no_issue() {
    // A single level that resolves at once: no handoff, so no reply is ever owed; one gap (the service).
    let mut doc = scenario(&["0m"], json!({"next_reply": "1m", "periodic_update": "1m"}), None, None, "");
    set(&mut doc, "/categories/0/path", json!(["Expert"]));
    assert_eq!(breaches(&doc, &["next_reply", "periodic_update", "requester_wait"]), [None, Some(1.0), None]);
}

/// Friday 16:00: the agent works until 16:30; the expert is on duty Monday to Friday 09:00-17:00
/// only from Monday (none on Friday), so the issue waits over the weekend and is resolved
/// Monday 10:00.
fn weekend(targets: Value, calendar: Option<Value>, rules: &str) -> Value {
    let shifts = json!([{"days": ["mon", "tue", "wed", "thu"], "from": "09:00", "to": "17:00", "staff": 1}]);
    scenario(&["4d16h"], targets, calendar, Some(shifts), rules)
}

#[test]
fn business_hours_count_only_the_open_time_of_each_interval() {
    // Owed Friday 16:30, given Monday 09:00: 30 business minutes (64.5 h of clock time). Gaps
    // between updates: 30, 30 (business, over the weekend) and 60 min. Requester wait: Friday
    // 16:00-17:00 and Monday 09:00-10:00, 120 business minutes.
    let targets = ["next_reply", "periodic_update", "requester_wait"];
    let t = |reply: &str, update: &str, wait: &str| json!({"next_reply": reply, "periodic_update": update, "requester_wait": wait});
    let on_office = |x| weekend(x, Some(office()), "");
    assert_eq!(breaches(&on_office(t("30m", "1h", "2h")), &targets), [Some(0.0), Some(0.0), Some(0.0)]);
    assert_eq!(breaches(&on_office(t("29m", "59m", "119m")), &targets), [Some(1.0), Some(1.0), Some(1.0)]);
    // Round the clock, the same issue waited 64.5 h for its reply and 66 h in all.
    let round = |x| weekend(x, None, "");
    assert_eq!(breaches(&round(t("64h", "64h", "66h")), &targets), [Some(1.0), Some(1.0), Some(0.0)]);
    assert_eq!(breaches(&round(t("3870m", "3870m", "66h")), &targets), [Some(0.0), Some(0.0), Some(0.0)]);
}

#[test]
fn a_pause_stops_the_reply_the_pausable_update_and_both_waits_but_not_the_periodic_update() {
    // Paused Friday 16:40 (10 min of waiting at the expert), never resumed. Of the reply's 30
    // business minutes, 10 count; of the weekend gap, the periodic update counts 30 and the
    // pausable one 10. Requester wait and agent work: 120 business minutes less 80 paused
    // (16:40-17:00 and Monday 09:00-10:00) = 40.
    let rules = r#"rule "waiting on the customer" when waiting > 10m then pause sla"#;
    let all = ["next_reply", "periodic_update", "pausable_update", "requester_wait", "agent_work"];
    let t = |reply: &str, periodic: &str, pausable: &str, wait: &str| {
        json!({"next_reply": reply, "periodic_update": periodic, "pausable_update": pausable,
               "requester_wait": wait, "agent_work": wait})
    };
    let met = weekend(t("10m", "1h", "1h", "40m"), Some(office()), rules);
    assert_eq!(breaches(&met, &all), [Some(0.0); 5]);
    // Only the periodic update's 60-minute service gap and the 30 minutes before it stay above 29.
    let tight = weekend(t("9m", "29m", "29m", "39m"), Some(office()), rules);
    assert_eq!(breaches(&tight, &all), [Some(1.0), Some(1.0), Some(1.0), Some(1.0), Some(1.0)]);
    // The pause covers the expert's whole service too: the pausable update's longest gap is the
    // agent's 30 minutes, while the periodic update still counts the 60-minute service.
    let service = weekend(t("10m", "59m", "30m", "40m"), Some(office()), rules);
    assert_eq!(breaches(&service, &all), [Some(0.0), Some(1.0), Some(0.0), Some(0.0), Some(0.0)]);
}

#[test]
fn a_first_response_leaves_out_only_the_pauses_before_it() {
    // Both at 0: the first is answered at 0, the second at 30 (after the agent's first service).
    // A pause of 10 min after both responses (40-50) must not shorten the second's 30 min; one
    // before its response (5-15) does: 20 min.
    let first_response = |rules: &str| {
        let doc = scenario(&["0m", "0m"], json!({"first_response": "25m"}), None, None, rules);
        let p2 = serde_json::to_value(&run(&doc).summary.priorities[1]).unwrap();
        p2["first_response_breach"]["mean"].as_f64()
    };
    let after = "rule \"hold\" when age > 40m then pause sla\nrule \"go on\" when age > 50m then resume sla";
    assert_eq!(first_response(after), Some(0.5));
    let before = "rule \"hold\" when age > 5m then pause sla\nrule \"go on\" when age > 15m then resume sla";
    assert_eq!(first_response(before), Some(0.0));
    assert_eq!(first_response(""), Some(0.5));
}

#[test]
fn on_hold_stops_only_the_agent_work() {
    // On hold from Friday 16:40, never resumed: the requester still waits (120 business minutes,
    // the reply's 30, the weekend gap's 30); agent work leaves the 80 minutes on hold out: 40.
    let rules = r#"rule "waiting on a vendor" when waiting > 10m then hold sla"#;
    let all = ["next_reply", "pausable_update", "requester_wait", "agent_work"];
    let t = |reply: &str, wait: &str, work: &str| json!({"next_reply": reply, "pausable_update": "1h", "requester_wait": wait, "agent_work": work});
    assert_eq!(breaches(&weekend(t("30m", "2h", "40m"), Some(office()), rules), &all), [Some(0.0); 4]);
    assert_eq!(
        breaches(&weekend(t("29m", "119m", "39m"), Some(office()), rules), &all),
        [Some(1.0), Some(0.0), Some(1.0), Some(1.0)]
    );
}

#[test]
fn a_reopen_owes_a_reply_and_its_follow_up_is_not_waited_for() {
    // The expert resolves at 90 min; each reopen comes 10 h later and goes back to the expert (a
    // reply owed and given at once), resolved 60 min after. After n reopens the resolution clock
    // has counted 90 + 660 n min, follow-ups included, and the requester waited 90 + 60 n.
    let doc = |seed: u64, targets: Value| {
        let mut doc = scenario(&["0m"], targets, None, None, "");
        set(&mut doc, "/reopen", json!({"probability": 0.5, "after": {"dist": "deterministic", "value": "10h"}}));
        set(&mut doc, "/run/seed", json!(seed));
        doc
    };
    let p2 = |doc: &Value| serde_json::to_value(&run(doc).summary.priorities[1]).unwrap();
    // The first seed whose draws reopen the issue.
    let (seed, ttr) = (1..100)
        .map(|seed| (seed, p2(&doc(seed, json!({"resolution": "1h"})))["ttr"]["mean"]["mean"].as_f64().unwrap()))
        .find(|&(_, ttr)| ttr > 90.0)
        .unwrap();
    let n = (ttr - 90.0) / 660.0;
    assert!(n >= 1.0 && n.fract() == 0.0, "reopened a whole number of times, at least once: {ttr}");
    let waited = 90.0 + 60.0 * n;
    let minutes = |m: f64| format!("{m}m");
    let met = p2(&doc(
        seed,
        json!({"next_reply": "1m", "requester_wait": minutes(waited), "agent_work": minutes(waited - 1.0),
                             "resolution": minutes(ttr - 1.0)}),
    ));
    let more = &met["more_breach"];
    assert_eq!(
        [&more["next_reply"], &more["requester_wait"], &more["agent_work"]].map(|b| b["mean"].as_f64()),
        [Some(0.0), Some(0.0), Some(1.0)]
    );
    assert_eq!(met["resolution_breach"]["mean"].as_f64(), Some(1.0));
}

#[test]
fn the_run_table_the_csv_and_the_handbook_name_each_target() {
    // An imported Zendesk policy with every kind of target, on 24x7.
    let file = "tests/fixtures/import/zendesk/unexpressed.scenario.json";
    let out = cli(&["run", file]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let table = text(&out.stdout);
    for row in [
        "Enterprise  urgent    next reply                      1 h on 24x7",
        "Enterprise  urgent    agent work                      8 h on 24x7",
        "Enterprise  high      pausable update                 4 h on 24x7",
        "urgent               requester wait   0.0",
    ] {
        assert!(table.contains(row), "{row:?} in\n{table}");
    }
    let report = run(&serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap());
    // One level, no handoff: no issue ever owed a next reply, so that column is left out.
    let csv = escalation_lab::engine::report::csv::table(&report, "priorities").unwrap();
    let header = csv.lines().next().unwrap();
    assert!(header.ends_with(",periodic update breach share,periodic update breach share ±,pausable update breach share,pausable update breach share ±,requester wait breach share,requester wait breach share ±,agent work breach share,agent work breach share ±"), "{header}");
    let page = text(&cli(&["handbook", file, "--date", "2026-12-06"]).stdout);
    assert!(page.contains("next reply 1 h on 24x7"), "{page}");
    assert!(page.contains("within the agent work target"), "{page}");
}
