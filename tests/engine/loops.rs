//! Repeating an escalation (`loop_back`), as PagerDuty's `num_loops` and Opsgenie's `repeat` do:
//! hand-worked journeys of issues nobody acknowledges, the acknowledgement (a service start)
//! that stops the loop, the rule language's form, and the validation of the action.

use serde_json::{Value, json};

use super::support::{errors, level, report, scheduled, set};

/// Three levels whose only staff work Sunday 23:00-24:00, so that an issue arriving on Monday
/// at 00:00 is acknowledged by no one; each level escalates after 30 minutes of waiting, and the
/// last one loops back to the first twice.
fn unacknowledged() -> Value {
    let nobody = |name: &str| {
        let mut l = level(name, 1, "10m", 1.0);
        l.as_object_mut().unwrap().remove("staff");
        l["shifts"] = json!([{"days": ["sun"], "from": "23:00", "to": "24:00", "staff": 1}]);
        l
    };
    let mut doc = scheduled(
        vec![nobody("Rule 1"), nobody("Rule 2"), nobody("Rule 3")],
        &[("0m", "P1")],
        json!([
            {"name": "rule 1 unacknowledged", "when": {"queue_wait_over": {"P1": "30m"}}, "levels": ["Rule 1", "Rule 2"], "then": "escalate_next"},
            {"name": "repeat the policy", "when": {"queue_wait_over": {"P1": "30m"}}, "levels": ["Rule 3"], "then": {"loop_back": {"to": "Rule 1", "times": 2}}}
        ]),
    );
    set(&mut doc, "/run/horizon", json!("8h"));
    set(&mut doc, "/run/end", json!("hard_stop"));
    doc
}

/// The escalations of the first journey: (minute, level reached, trigger).
fn escalations(doc: &Value) -> Vec<(f64, String, String)> {
    let r = report(doc);
    r.journeys[0]
        .steps
        .iter()
        .filter(|s| s.event == "escalated")
        .map(|s| (s.t_min, s.level.clone().unwrap_or_default(), s.trigger.clone().unwrap_or_default()))
        .collect()
}

fn step(t: f64, level: &str, trigger: &str) -> (f64, String, String) {
    (t, level.to_string(), trigger.to_string())
}

#[test]
fn an_unacknowledged_issue_goes_through_the_policy_three_times_then_stays_at_the_last_level() {
    // Pass 1: Rule 2 at 30, Rule 3 at 60, back to Rule 1 at 90 (loop 1 of 2); pass 2: Rule 2 at
    // 120, Rule 3 at 150, back at 180 (loop 2); pass 3: Rule 2 at 210, Rule 3 at 240; at 270 the
    // loops are spent and the issue stays at Rule 3 until the run stops at 8 h.
    let (next, again) = ("rule 1 unacknowledged", "repeat the policy");
    let expected = vec![
        step(30.0, "Rule 2", next),
        step(60.0, "Rule 3", next),
        step(90.0, "Rule 1", again),
        step(120.0, "Rule 2", next),
        step(150.0, "Rule 3", next),
        step(180.0, "Rule 1", again),
        step(210.0, "Rule 2", next),
        step(240.0, "Rule 3", next),
    ];
    let doc = unacknowledged();
    assert_eq!(escalations(&doc), expected);
    let r = report(&doc);
    let last = r.journeys[0].steps.last().unwrap();
    assert_eq!((last.event.as_str(), last.level.as_deref()), ("censored", Some("Rule 3")));
    // Both loops fire once each: a loop that has no pass left does not count as a fire.
    let fired: Vec<f64> = r.triggers.iter().map(|t| t.fired).collect();
    assert_eq!(fired, vec![6.0, 2.0]);
}

#[test]
fn the_same_loop_written_as_a_rule_gives_the_same_journey() {
    let mut doc = unacknowledged();
    let first = doc["triggers"][0].clone();
    set(&mut doc, "/triggers", json!([first]));
    set(
        &mut doc,
        "/rules",
        json!(
            "rule \"repeat the policy\" when level is \"Rule 3\" and waiting > 30m then loop back to \"Rule 1\" 2 times"
        ),
    );
    let (next, again) = ("rule 1 unacknowledged", "repeat the policy");
    let pass = |t: f64| vec![step(t, "Rule 2", next), step(t + 30.0, "Rule 3", next)];
    let mut expected = pass(30.0);
    expected.push(step(90.0, "Rule 1", again));
    expected.extend(pass(120.0));
    expected.push(step(180.0, "Rule 1", again));
    expected.extend(pass(210.0));
    assert_eq!(escalations(&doc), expected);
}

#[test]
fn an_acknowledgement_stops_the_loop_and_is_the_first_response() {
    // Someone comes on duty at Rule 1 on Monday at 01:40 (100 min), while the issue is back there
    // after its first loop (90 min): the service starts (the acknowledgement, the first
    // response) at 100 min and resolves it at 110 min; no timer moves it again.
    let mut doc = unacknowledged();
    set(&mut doc, "/levels/0/shifts", json!([{"days": ["mon"], "from": "01:40", "to": "24:00", "staff": 1}]));
    set(&mut doc, "/sla", json!([{"name": "ack", "targets": {"P1": {"first_response": "1h", "resolution": "2h"}}}]));
    let r = report(&doc);
    let p1 = &r.summary.priorities[0];
    assert_eq!(p1.first_response.mean.mean, Some(100.0));
    assert_eq!(p1.ttr.mean.mean, Some(110.0));
    let escalated: Vec<f64> = r.journeys[0].steps.iter().filter(|s| s.event == "escalated").map(|s| s.t_min).collect();
    assert_eq!(escalated, vec![30.0, 60.0, 90.0]);
}

#[test]
fn a_loop_needs_a_level_a_count_and_a_timer() {
    let with = |then: Value, when: Value| {
        let mut doc = unacknowledged();
        set(&mut doc, "/triggers/1/then", then);
        set(&mut doc, "/triggers/1/when", when);
        errors(&doc)
    };
    let wait = json!({"queue_wait_over": {"P1": "30m"}});
    assert_eq!(
        with(json!({"loop_back": {"to": "Rule 0", "times": 2}}), wait.clone()),
        vec!["triggers[1].then.loop_back.to: unknown level \"Rule 0\"; did you mean \"Rule 1\"?"]
    );
    assert_eq!(
        with(json!({"loop_back": {"to": "Rule 1", "times": 0}}), wait),
        vec!["triggers[1].then.loop_back.times: 0 is not a usable number of loops; give 1 to 100"]
    );
    assert_eq!(
        with(json!({"loop_back": {"to": "Rule 1", "times": 2}}), json!({"not_resolved": {}})),
        vec![
            "triggers[1].then: a loop back repeats an escalation by timers: use it after a waiting or time-at-level time (queue_wait_over, time_at_level_over)"
        ]
    );
}

#[test]
fn a_loop_back_level_must_be_on_the_path() {
    let mut doc = unacknowledged();
    doc["levels"].as_array_mut().unwrap().push(level("Elsewhere", 1, "10m", 1.0));
    set(&mut doc, "/triggers/1/then", json!({"loop_back": {"to": "Elsewhere", "times": 2}}));
    assert_eq!(
        errors(&doc),
        vec![
            "triggers[1].then.loop_back.to: \"Elsewhere\" is not on the path of category \"complaint\", which this trigger applies to; add it to the path or limit the trigger's categories"
        ]
    );
}

#[test]
fn renaming_or_removing_the_level_a_loop_goes_back_to_takes_the_loop_along() {
    use escalation_lab::engine::references::{Kind, find, remove};
    use escalation_lab::engine::rename::{NameKind, Renames};
    let doc = unacknowledged();
    let renamed = Renames::default().rename(&doc, NameKind::Level, "/levels/0", "Primary");
    assert_eq!(renamed["triggers"][1]["then"], json!({"loop_back": {"to": "Primary", "times": 2}}));
    assert_eq!(errors(&renamed), Vec::<String>::new());
    let places: Vec<String> = find(&doc, Kind::Level, 0).into_iter().map(|r| r.place).collect();
    assert!(
        places.contains(&"trigger \u{201c}repeat the policy\u{201d} (it acts on \u{201c}Rule 1\u{201d})".to_string()),
        "{places:?}"
    );
    let without = remove(&doc, Kind::Level, 0);
    let names: Vec<&str> =
        without["triggers"].as_array().unwrap().iter().map(|t| t["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["rule 1 unacknowledged"]);
}

#[test]
fn a_loop_rule_at_another_moment_is_an_error_at_the_rule() {
    let mut doc = unacknowledged();
    let first = doc["triggers"][0].clone();
    set(&mut doc, "/triggers", json!([first]));
    set(
        &mut doc,
        "/rules",
        json!("rule \"again\" when level is \"Rule 3\" and age > 30m then loop back to \"Rule 1\" 2 times"),
    );
    assert_eq!(
        errors(&doc),
        vec![
            "rules: rule \"again\": a loop back repeats an escalation by timers: use it after a waiting or time-at-level time (queue_wait_over, time_at_level_over)"
        ]
    );
}
