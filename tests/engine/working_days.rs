//! SLA targets in working days ("3wd": the same clock time three working days later), checked on
//! single issues whose every time is known, and the warning for days of time on business hours.
//! The run starts Monday 2026-01-05 00:00 UTC; the office is open weekdays 09:00–17:00.

use serde_json::{Value, json};

use super::support::{base, problems, run, set};

/// One P2 issue arriving `at` after the start, served at once for exactly `service`, with a
/// resolution target of `target` on `calendar` (named "office" unless it is "24x7").
fn scenario(at: &str, service: &str, target: &str, calendar: Value) -> Value {
    let mut doc = base();
    set(&mut doc, "/levels/0/staff", json!(5));
    set(&mut doc, "/levels/0/service", json!({"dist": "deterministic", "value": service}));
    set(&mut doc, "/workload/arrivals_per_hour", json!(0));
    set(&mut doc, "/workload/scheduled", json!([{"at": at, "category": "complaint", "priority": "P2"}]));
    let name = calendar["name"].as_str().unwrap_or("24x7").to_string();
    if name != "24x7" {
        set(&mut doc, "/calendars", json!([calendar]));
    }
    set(&mut doc, "/sla", json!([{"name": "standard", "calendar": name, "targets": {"P2": {"resolution": target}}}]));
    set(&mut doc, "/run/horizon", json!("3w"));
    doc
}

fn office(holidays: &[&str]) -> Value {
    json!({"name": "office", "hours": [{"days": ["weekdays"], "from": "09:00", "to": "17:00"}], "holidays": holidays})
}

/// Whether the single issue breached its resolution target.
fn breached(doc: &Value) -> bool {
    let r = run(doc);
    let p2 = &r.summary.priorities[1];
    assert_eq!(p2.counted.mean, Some(1.0));
    p2.resolution_breach.mean == Some(1.0)
}

#[test]
fn three_working_days_from_tuesday_afternoon_end_friday_afternoon() {
    // Tuesday 15:00 + 3 working days = Friday 15:00; the issue is resolved 3 days later.
    let tuesday_3pm = "1d15h";
    assert!(!breached(&scenario(tuesday_3pm, "3d", "3wd", office(&[]))));
    assert!(breached(&scenario(tuesday_3pm, "3d 1m", "3wd", office(&[]))));
    // The long form reads the same.
    assert!(!breached(&scenario(tuesday_3pm, "3d", "3 working days", office(&[]))));
    assert!(breached(&scenario(tuesday_3pm, "3d 1m", "3 working days", office(&[]))));
}

#[test]
fn a_weekend_is_skipped() {
    // Thursday 15:00 + 3 working days = Tuesday 15:00, five days later.
    let thursday_3pm = "3d15h";
    assert!(!breached(&scenario(thursday_3pm, "5d", "3wd", office(&[]))));
    assert!(breached(&scenario(thursday_3pm, "5d 1m", "3wd", office(&[]))));
}

#[test]
fn a_holiday_is_skipped() {
    // With Thursday 2026-01-08 off, Tuesday 15:00 + 3 working days = Monday 15:00 (Wednesday,
    // Friday, Monday); without the holiday, Monday 15:00 is three days late.
    let tuesday_3pm = "1d15h";
    assert!(!breached(&scenario(tuesday_3pm, "6d", "3wd", office(&["2026-01-08"]))));
    assert!(breached(&scenario(tuesday_3pm, "6d 1m", "3wd", office(&["2026-01-08"]))));
    assert!(breached(&scenario(tuesday_3pm, "6d", "3wd", office(&[]))));
}

#[test]
fn the_documented_example_holds() {
    // docs/scenario-format.md: weekdays 08:00–18:00 with Thursday 2026-01-08 off; a P2 issue of
    // Tuesday 15:00 with "3wd" is due on Monday 2026-01-12 at 15:00.
    let calendar = json!({"name": "Office hours", "hours": [{"days": ["weekdays"], "from": "08:00", "to": "18:00"}],
        "holidays": ["2026-01-08"]});
    assert!(!breached(&scenario("1d15h", "6d", "3wd", calendar.clone())));
    assert!(breached(&scenario("1d15h", "6d 1m", "3wd", calendar)));
}

#[test]
fn a_closed_start_counts_from_the_next_opening() {
    // Tuesday 18:00 counts from Wednesday 09:00: Thursday, Friday, Monday, so Monday 09:00 (5d15h later).
    let tuesday_6pm = "1d18h";
    assert!(!breached(&scenario(tuesday_6pm, "5d 15h", "3wd", office(&[]))));
    assert!(breached(&scenario(tuesday_6pm, "5d 15h 1m", "3wd", office(&[]))));
}

#[test]
fn a_landing_after_closing_time_is_met_until_the_next_opening() {
    // Open Saturdays 10:00–14:00 too: Friday 15:00 + 1 working day lands Saturday 15:00, after
    // closing. No open time passes before Monday 09:00, so resolving then is still on time.
    let saturdays = json!({"name": "office", "hours": [
        {"days": ["weekdays"], "from": "09:00", "to": "17:00"},
        {"days": ["sat"], "from": "10:00", "to": "14:00"}]});
    let friday_3pm = "4d15h";
    assert!(!breached(&scenario(friday_3pm, "1d 1h", "1wd", saturdays.clone())));
    assert!(!breached(&scenario(friday_3pm, "2d 18h", "1wd", saturdays.clone())));
    assert!(breached(&scenario(friday_3pm, "2d 18h 1m", "1wd", saturdays.clone())));
    // Six business hours (Friday 2, Saturday 4) is the same target here, as "1d" of open time is not.
    assert!(breached(&scenario(friday_3pm, "2d 18h 1m", "6h", saturdays.clone())));
    assert!(!breached(&scenario(friday_3pm, "2d 18h 1m", "1d", saturdays)));
}

#[test]
fn on_the_round_the_clock_calendar_every_day_is_a_working_day() {
    // Thursday 15:00 + 3 working days on 24x7 = Sunday 15:00, exactly 72 hours.
    let thursday_3pm = "3d15h";
    let always = json!({"name": "24x7"});
    assert!(!breached(&scenario(thursday_3pm, "3d", "3wd", always.clone())));
    assert!(breached(&scenario(thursday_3pm, "3d 1m", "3wd", always)));
}

#[test]
fn sla_share_triggers_count_the_working_days_open_time() {
    // Tuesday 15:00 with 3 working days holds 24 business hours; half of it (12 h) is used on
    // Thursday 11:00 (Tuesday 2 h, Wednesday 8 h, Thursday 2 h).
    let mut doc = scenario("1d15h", "3d", "3wd", office(&[]));
    set(
        &mut doc,
        "/triggers",
        json!([{"name": "half", "when": {"sla_elapsed": {"target": "resolution", "fraction": 0.5}}, "then": {"notify": "Agent"}}]),
    );
    let r = run(&doc);
    assert_eq!(r.triggers[0].fired, 1.0);
    let steps = &r.journeys[0].steps;
    let at_risk = steps.iter().find(|s| s.event == "at_risk").expect("an at-risk step");
    assert_eq!(at_risk.t_min, f64::from((3 * 24 + 11) * 60));
    assert_eq!(at_risk.sla_resolution_used, Some(0.5));
}

#[test]
fn the_report_words_each_target_with_its_calendar() {
    let mut doc = scenario("1d15h", "1h", "3wd", office(&[]));
    set(&mut doc, "/sla/0/targets/P1", json!({"first_response": "30m", "resolution": "20h"}));
    set(&mut doc, "/sla/0/targets/P3", json!({"resolution": "3h"}));
    let targets = &run(&doc).sla_targets[0];
    assert!(targets.business_hours);
    assert_eq!(targets.resolution_text[1].as_deref(), Some("3 working days on office"));
    // Three mean working days of 8 hours.
    assert_eq!(targets.resolution_min[1], Some(1440.0));
    assert_eq!(targets.resolution_text[0].as_deref(), Some("20 business hours = 2.5 working days on office"));
    assert_eq!(targets.first_response_text[0].as_deref(), Some("30 business minutes on office"));
    assert_eq!(targets.resolution_text[2].as_deref(), Some("3 business hours on office"));
    assert_eq!(targets.resolution_text[3], None);

    let round_the_clock = run(&scenario("1d15h", "1h", "4h", json!({"name": "24x7"})));
    assert_eq!(round_the_clock.sla_targets[0].resolution_text[1].as_deref(), Some("4 h on 24x7"));
}

/// A ten-hour office named "Office hours", as in the complaint that led to working days.
fn ten_hour_office(target: &str) -> Value {
    let calendar = json!({"name": "Office hours", "hours": [{"days": ["weekdays"], "from": "08:00", "to": "18:00"}]});
    scenario("1d15h", "1h", target, calendar)
}

#[test]
fn days_of_time_on_business_hours_draw_a_warning_with_the_real_figures() {
    let found = problems(&ten_hour_office("3d"));
    assert_eq!(
        found,
        [(
            "sla[0].targets.P2.resolution".to_string(),
            "\"3d\" on calendar \"Office hours\" means 72 business hours = 7.2 working days: a day of time there is \
             24 open hours, and its working days have 10 h on average; for 3 working days write \"3wd\" (the same \
             clock time 3 working days later), or \"30h\" of business time"
                .to_string()
        )]
    );
    let checked = escalation_lab::engine::load(&ten_hour_office("3d").to_string());
    assert!(checked.model.is_some() && checked.errors().next().is_none(), "a warning, not an error");
    // A week is a working week: five working days.
    let week = problems(&ten_hour_office("1w"));
    assert_eq!(week.len(), 1);
    assert!(week[0].1.contains("168 business hours = 16.8 working days"), "{}", week[0].1);
    assert!(week[0].1.contains("write \"5wd\""), "{}", week[0].1);
    // Hours, working days, and days on the round-the-clock calendar are what they say.
    assert!(problems(&ten_hour_office("30h")).is_empty());
    assert!(problems(&ten_hour_office("3wd")).is_empty());
    assert!(problems(&scenario("1d15h", "1h", "3d", json!({"name": "24x7"}))).is_empty());
}

#[test]
fn working_days_are_whole_and_only_in_sla_targets() {
    let at = "sla[0].targets.P2.resolution";
    let expect = |target: &str, message: &str| {
        assert_eq!(problems(&ten_hour_office(target)), [(at.to_string(), message.to_string())], "{target}");
    };
    expect("1.5wd", "1.5 working days: working days are whole days (\"3wd\"); for part of a day write hours");
    expect("0wd", "the target \"0wd\" must be at least one working day");
    expect("2wd 4h", "working days (wd) stand alone and only in SLA targets, like \"3wd\"; write this time in h or d");
    let mut doc = ten_hour_office("3wd");
    set(
        &mut doc,
        "/triggers",
        json!([{"name": "slow", "when": {"queue_wait_over": {"P2": "1wd"}}, "then": {"notify": "Agent"}}]),
    );
    assert_eq!(
        problems(&doc),
        [(
            "triggers[0].when.queue_wait_over.P2".to_string(),
            "working days (wd) stand alone and only in SLA targets, like \"3wd\"; write this time in h or d"
                .to_string()
        )]
    );
}

#[test]
fn on_days_all_alike_working_days_are_days_of_open_hours() {
    // The case that asked for working days: on a 10-hour office "3d" is 72 open hours, while
    // three working days are 30. With every open day alike, "3wd" and "30h" judge every issue the
    // same (whatever its arrival time, and across the holiday), and "3d" is far more lenient.
    let calendar = json!({"name": "Office hours", "hours": [{"days": ["weekdays"], "from": "08:00", "to": "18:00"}],
        "holidays": ["2026-01-14"]});
    let mut doc = scenario("0m", "1h", "3wd", calendar);
    set(&mut doc, "/levels/0/staff", json!(200));
    set(&mut doc, "/levels/0/service", json!({"dist": "exponential", "mean": "40h"}));
    set(&mut doc, "/workload/arrivals_per_hour", json!(2));
    set(&mut doc, "/workload/priority_mix", json!({"P2": 1.0}));
    set(&mut doc, "/workload/scheduled", json!([]));
    set(&mut doc, "/run/replications", json!(2));
    let breach_rates = |target: &str| {
        let mut doc = doc.clone();
        set(&mut doc, "/sla/0/targets/P2/resolution", json!(target));
        let r = run(&doc);
        r.per_replication.iter().map(|k| k.priorities[1].resolution_breach.unwrap()).collect::<Vec<f64>>()
    };
    let working_days = breach_rates("3wd");
    assert!(working_days.iter().all(|&b| b > 0.05 && b < 0.95), "{working_days:?}");
    assert_eq!(working_days, breach_rates("30h"));
    let days = breach_rates("3d");
    assert!(days.iter().zip(&working_days).all(|(d, w)| d < w), "{days:?} against {working_days:?}");
}

#[test]
fn an_age_trigger_in_days_on_business_hours_draws_the_same_warning() {
    let mut doc = ten_hour_office("3wd");
    let trigger = |after: &str| {
        json!([{"name": "old", "when": {"open_longer_than": {"after": after, "calendar": "Office hours"}},
            "then": {"notify": "Agent"}}])
    };
    set(&mut doc, "/triggers", trigger("2d"));
    assert_eq!(
        problems(&doc),
        [(
            "triggers[0].when.open_longer_than.after".to_string(),
            "\"2d\" on calendar \"Office hours\" means 48 business hours = 4.8 working days: a day of time there is \
             24 open hours, and its working days have 10 h on average; for 2 working days of business time write \"20h\""
                .to_string()
        )]
    );
    set(&mut doc, "/triggers", trigger("20h"));
    assert!(problems(&doc).is_empty());
}
