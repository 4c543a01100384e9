//! "Try an issue": one issue walked through a scenario on its own, with fixed service times and
//! outcomes, gives the journey worked out by hand: each step's time, the rule behind it, and the
//! share of its SLA targets used.

use std::collections::BTreeMap;

use super::support::preset_text;
use escalation_lab::engine::walk::{LevelChoice, WalkThrough, walk};
use escalation_lab::engine::{self, Document};

fn b1(rules: Option<&str>) -> Document {
    let mut doc = engine::parse(&preset_text("b1")).unwrap();
    doc.rules = rules.map(str::to_string);
    doc
}

fn fixed(levels: &[(&str, &str, bool)]) -> BTreeMap<String, LevelChoice> {
    levels
        .iter()
        .map(|&(l, s, r)| (l.to_string(), LevelChoice { service: Some(s.to_string()), resolves: Some(r) }))
        .collect()
}

#[test]
fn a_p2_issue_escalates_once_and_resolves_at_the_second_level() {
    let w = WalkThrough {
        at: "1h".into(),
        category: "general".into(),
        priority: "P2".into(),
        levels: fixed(&[("L1", "20m", false), ("L2", "40m", true)]),
        ..WalkThrough::default()
    };
    let j = walk(&b1(None), &w).unwrap();
    let steps: Vec<(f64, &str, Option<&str>)> =
        j.steps.iter().map(|s| (s.t_min - j.arrival_min, s.event.as_str(), s.level.as_deref())).collect();
    assert_eq!(j.arrival_min, 60.0);
    assert_eq!(
        steps,
        [
            (0.0, "arrived", Some("L1")),
            (0.0, "service_started", Some("L1")),
            (20.0, "service_ended", Some("L1")),
            (20.0, "escalated", Some("L2")),
            (20.0, "service_started", Some("L2")),
            (60.0, "resolved", Some("L2")),
        ],
        "{:#?}",
        j.steps
    );
    // P2's targets: first response 1 h, resolution 4 h, on a 24x7 clock.
    let last = j.steps.last().unwrap();
    assert_eq!(last.sla_resolution_used, Some(60.0 / 240.0));
    assert_eq!(j.steps[0].sla_response_used, Some(0.0));
    assert_eq!(j.resolved_min, Some(120.0));
    assert!(!j.resolution_breached);
}

#[test]
fn the_walk_shows_the_rule_that_acted_and_when() {
    let rules = r#"rule "P2 open 30 minutes: tell L4" when priority is "P2" and age > 30m then notify "L4""#;
    let w = WalkThrough {
        at: "0m".into(),
        category: "general".into(),
        priority: "P2".into(),
        levels: fixed(&[("L1", "45m", true)]),
        ..WalkThrough::default()
    };
    let j = walk(&b1(Some(rules)), &w).unwrap();
    let notified =
        j.steps.iter().find(|s| s.trigger.as_deref() == Some("P2 open 30 minutes: tell L4")).expect("the rule acted");
    assert_eq!(notified.t_min, 30.0);
    assert_eq!(notified.sla_resolution_used, Some(30.0 / 240.0));
    assert_eq!(j.resolved_min, Some(45.0));
}

#[test]
fn a_walk_with_a_wrong_category_says_so_in_words() {
    let w = WalkThrough { at: "0m".into(), category: "nope".into(), priority: "P2".into(), ..WalkThrough::default() };
    assert_eq!(walk(&b1(None), &w).unwrap_err(), ["Category: the scenario has no category \"nope\""]);
    let w = WalkThrough { at: "soon".into(), category: "general".into(), ..w };
    let problems = walk(&b1(None), &w).unwrap_err();
    assert!(problems[0].starts_with("Arrives after: \"soon\" is not a time from the start"), "{problems:?}");
}

fn preset(key: &str) -> Document {
    engine::parse(&preset_text(key)).unwrap()
}

fn events(j: &escalation_lab::engine::report::Journey) -> Vec<(String, Option<String>)> {
    j.steps.iter().map(|s| (s.event.clone(), s.level.clone())).collect()
}

#[test]
fn a_level_fixed_not_to_resolve_where_an_override_sets_the_resolve_probability_walks_on() {
    // The desk's override for access_and_accounts gives only a resolve probability: fixing the
    // desk's outcome leaves that override with nothing to change, which is no reason to refuse.
    let w = WalkThrough {
        at: "1w 9h".into(),
        category: "access_and_accounts".into(),
        priority: "P3".into(),
        levels: fixed(&[("service_desk", "20m", false), ("it_engineers", "30m", true)]),
        ..WalkThrough::default()
    };
    let j = walk(&preset("it-outage"), &w).unwrap();
    let steps = events(&j);
    assert!(steps.contains(&("escalated".into(), Some("it_engineers".into()))), "{steps:?}");
    assert_eq!(j.steps.last().unwrap().event, "resolved");
    // Engineers' handoff (5 to 15 min) comes on top of the 30 min service.
    let took = j.resolved_min.unwrap() - j.arrival_min;
    assert!((55.0..=65.0).contains(&took), "{took}");
}

#[test]
fn problems_elsewhere_in_the_scenario_do_not_stop_a_walk_but_those_on_its_path_do() {
    let mut doc = preset("it-outage");
    // Another category with a broken path, and a trigger for it only with a bad duration.
    doc.categories[4].path = vec!["nowhere".into()];
    doc.triggers[1].categories = Some(vec!["outage_report".into()]);
    doc.triggers[1].when = serde_json::from_str(r#"{"open_longer_than": {"after": "soon"}}"#).unwrap();
    let w = WalkThrough {
        at: "1w 9h".into(),
        category: "software".into(),
        priority: "P3".into(),
        levels: fixed(&[("service_desk", "10m", true)]),
        ..WalkThrough::default()
    };
    assert!(!engine::validate(&doc).errors().collect::<Vec<_>>().is_empty());
    let j = walk(&doc, &w).unwrap();
    assert_eq!(j.resolved_min.map(|r| r - j.arrival_min), Some(10.0));
    // On its path: said in words, by the level's name.
    doc.levels[1].resolve_probability = 1.5;
    let problems = walk(&doc, &w).unwrap_err();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].starts_with("Level \u{201c}it_engineers\u{201d} (resolve probability): "), "{problems:?}");
    // A service time that is not a duration, by the level's name.
    let w = WalkThrough { levels: fixed(&[("service_desk", "abc", true)]), ..w };
    let problems = walk(&doc, &w).unwrap_err();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].starts_with("service_desk: the service time \"abc\" is not a duration"), "{problems:?}");
}

#[test]
fn an_issue_no_level_resolves_goes_round_at_the_last_level_and_the_walk_says_so() {
    // Billing disputes: general enquiries go agent → team lead. Both fixed not to resolve: the
    // "loops forever" check of a whole scenario does not apply to a walk that asks for it.
    let w = WalkThrough {
        at: "9h".into(),
        category: "general_enquiry".into(),
        priority: "P4".into(),
        levels: fixed(&[("agent", "10m", false), ("team_lead", "15m", false)]),
        ..WalkThrough::default()
    };
    let j = walk(&preset("billing-dispute"), &w).unwrap();
    let steps = events(&j);
    let at = |e: &str, l: &str| (e.to_string(), Some(l.to_string()));
    assert_eq!(
        steps,
        [
            at("arrived", "agent"),
            at("service_started", "agent"),
            at("service_ended", "agent"),
            at("escalated", "team_lead"),
            at("service_started", "team_lead"),
            at("service_ended", "team_lead"),
            at("requeued", "team_lead"),
            at("goes_round", "team_lead"),
        ],
        "{:#?}",
        j.steps
    );
    let last = j.steps.last().unwrap();
    assert!(last.detail.contains("the last level of its path"), "{}", last.detail);
    assert!(last.detail.contains("back to the same queue"), "{}", last.detail);
    assert_eq!(j.resolved_min, None);
    // Handoff at the team lead: 2 to 8 min on top of its 15 min.
    let t = last.t_min - j.arrival_min;
    assert!((27.0..=33.0).contains(&t), "{t}");
}

#[test]
fn a_rule_that_closes_unresolved_issues_at_the_last_level_ends_the_walk() {
    let mut doc = preset("billing-dispute");
    doc.rules =
        Some(r#"rule "give up" when level is "team_lead" and service ends unresolved then close as resolved"#.into());
    let w = WalkThrough {
        at: "9h".into(),
        category: "general_enquiry".into(),
        priority: "P4".into(),
        levels: fixed(&[("agent", "10m", false), ("team_lead", "15m", false)]),
        ..WalkThrough::default()
    };
    let j = walk(&doc, &w).unwrap();
    assert_eq!(j.steps.last().unwrap().event, "closed");
    assert!(j.resolved_min.is_some());
}

#[test]
fn a_rule_closes_the_issue_at_once_or_when_its_service_ends() {
    let steps = |rules: &str| {
        let w = WalkThrough {
            at: "0m".into(),
            category: "general".into(),
            priority: "P2".into(),
            levels: fixed(&[("L1", "20m", false), ("L2", "40m", true)]),
            ..WalkThrough::default()
        };
        let j = walk(&b1(Some(rules)), &w).unwrap();
        let s: Vec<(f64, String, Option<String>)> =
            j.steps.iter().map(|s| (s.t_min, s.event.clone(), s.trigger.clone())).collect();
        (s, j.resolved_min)
    };
    // Closed when the unresolved service ends, instead of escalating.
    let (s, resolved) =
        steps(r#"rule "close at L1" when level is "L1" and service ends unresolved then close as resolved"#);
    assert_eq!(resolved, Some(20.0));
    assert_eq!(s.last().unwrap(), &(20.0, "closed".to_string(), Some("close at L1".to_string())));
    // An age rule during service waits for the service to end.
    let (s, resolved) = steps(r#"rule "close old" when age > 10m then close as resolved"#);
    assert_eq!(resolved, Some(20.0));
    assert!(s.contains(&(10.0, "close_pending".to_string(), Some("close old".to_string()))), "{s:?}");
    assert_eq!(s.last().unwrap().1, "closed");
}

#[test]
fn a_raised_priority_is_judged_on_the_new_target() {
    // P2's resolution target is 4 h, P1's 1 h. At 25% of 4 h (60 min) the rule raises P2 to P1;
    // the issue resolves at 90 min, past P1's hour.
    let rules = r#"rule "quarter used: raise" when sla.resolution.elapsed >= 25% then raise priority"#;
    let w = WalkThrough {
        at: "0m".into(),
        category: "general".into(),
        priority: "P2".into(),
        levels: fixed(&[("L1", "90m", true)]),
        ..WalkThrough::default()
    };
    let j = walk(&b1(Some(rules)), &w).unwrap();
    let raised = j.steps.iter().find(|s| s.event == "priority_changed").expect("raised");
    assert_eq!((raised.t_min, raised.detail.as_str()), (60.0, "priority P2 → P1"));
    assert_eq!(raised.trigger.as_deref(), Some("quarter used: raise"));
    assert_eq!(j.resolved_min, Some(90.0));
    assert!(j.resolution_breached, "judged on P1's 1 h target");
    assert_eq!(j.steps.last().unwrap().sla_resolution_used, Some(1.5));
}

#[test]
fn time_at_level_counts_queue_and_service_and_restarts_at_each_level() {
    let w = WalkThrough {
        at: "0m".into(),
        category: "general".into(),
        priority: "P2".into(),
        levels: fixed(&[("L1", "45m", false), ("L2", "100m", true)]),
        ..WalkThrough::default()
    };
    let rules = r#"
rule "an hour at a level: tell L4" when level is "L2" and time at level > 1h then notify "L4"
rule "half an hour at L1: move on" when level is "L1" and time at level > 30m then escalate
"#;
    let j = walk(&b1(Some(rules)), &w).unwrap();
    let at = |event: &str, rule: &str| {
        j.steps.iter().find(|s| s.event == event && s.trigger.as_deref() == Some(rule)).map(|s| s.t_min)
    };
    // In service at L1 at 30 min: the move waits for the service to end (45 min).
    assert_eq!(at("escalation_pending", "half an hour at L1: move on"), Some(30.0));
    assert_eq!(at("escalated", "half an hour at L1: move on"), Some(45.0));
    // At L2 from 45 min: an hour there is 105 min.
    assert_eq!(at("notified", "an hour at a level: tell L4"), Some(105.0));
    assert_eq!(j.resolved_min, Some(145.0));
}

#[test]
fn a_paused_sla_clock_stops_counting_and_its_timers_move_later() {
    let w = WalkThrough {
        at: "0m".into(),
        category: "general".into(),
        priority: "P2".into(),
        levels: fixed(&[("L1", "300m", true)]),
        ..WalkThrough::default()
    };
    let risk = r#"rule "80% used" when sla.resolution.elapsed >= 80% then notify "L4""#;
    // Without a pause: 300 min against P2's 4 h is a breach; 80% is at 192 min.
    let j = walk(&b1(Some(risk)), &w).unwrap();
    assert!(j.resolution_breached);
    assert_eq!(j.steps.iter().find(|s| s.event == "notified").unwrap().t_min, 192.0);
    // Paused from 30 to 90 min: 240 min used at 300, exactly the target (not past it); the 80%
    // mark moves an hour later, to 252 min.
    let rules =
        format!("{risk}\nrule \"hold\" when age > 30m then pause sla\nrule \"go on\" when age > 90m then resume sla");
    let j = walk(&b1(Some(&rules)), &w).unwrap();
    assert!(!j.resolution_breached, "{:#?}", j.steps);
    let notified: Vec<f64> = j.steps.iter().filter(|s| s.event == "notified").map(|s| s.t_min).collect();
    assert_eq!(notified, [252.0]);
    let last = j.steps.last().unwrap();
    assert_eq!(last.sla_resolution_used, Some(1.0));
    let paused = j.steps.iter().find(|s| s.event == "sla_paused").unwrap();
    assert_eq!((paused.t_min, paused.sla_resolution_used), (30.0, Some(30.0 / 240.0)));
}

#[test]
fn rules_without_a_moment_act_on_arrival_and_at_each_level_change() {
    let w = WalkThrough {
        at: "0m".into(),
        category: "general".into(),
        priority: "P2".into(),
        levels: fixed(&[("L1", "20m", false), ("L4", "30m", true)]),
        ..WalkThrough::default()
    };
    let rules = r#"
rule "tell L4 of every move" when not resolved then notify "L4"
rule "on arrival only" when arrives then notify "L3"
rule "L2 is bypassed" when level is "L2" then route to "L4"
"#;
    let j = walk(&b1(Some(rules)), &w).unwrap();
    let fired = |rule: &str| {
        j.steps
            .iter()
            .filter(|s| s.trigger.as_deref() == Some(rule))
            .map(|s| (s.t_min, s.event.clone()))
            .collect::<Vec<_>>()
    };
    // At arrival (L1) and when it reaches L2 (20 min); the route on to L4 that a rule makes
    // there does not check the rules again (rules routing back and forth would never end).
    assert_eq!(
        fired("tell L4 of every move"),
        [(0.0, "notified".to_string()), (20.0, "notified".to_string())],
        "{:#?}",
        j.steps
    );
    assert_eq!(fired("on arrival only"), [(0.0, "notified".to_string())]);
    assert_eq!(fired("L2 is bypassed"), [(20.0, "escalated".to_string())]);
    assert_eq!(j.resolved_min, Some(50.0));
}

/// B1 with a business calendar "office": Monday to Friday, 09:00 to 17:00 (time zero is a Monday,
/// midnight).
fn b1_with_office(rules: &str) -> Document {
    let mut doc = b1(Some(rules));
    let office = r#"{"name": "office", "hours": [{"days": ["weekdays"], "from": "09:00", "to": "17:00"}]}"#;
    doc.calendars = vec![serde_json::from_str(office).unwrap()];
    doc
}

fn fired_at(j: &escalation_lab::engine::report::Journey, rule: &str) -> Vec<f64> {
    j.steps.iter().filter(|s| s.trigger.as_deref() == Some(rule)).map(|s| s.t_min).collect()
}

#[test]
fn business_hour_limits_count_only_open_hours() {
    // Arrives on Friday at 16:00 (4 d 16 h = 6720 min) and stays at L1 for 70 h, until Monday
    // 14:00. Two business hours at the level: one on Friday, one on Monday from 09:00, so Monday
    // 10:00 (7 d 10 h = 10680 min). As a check at a moment, `age < 1bh` holds at 16:30 (half a
    // business hour old) and not at 17:30 (the office closed at 17:00: one business hour old).
    let rules = r#"
rule "two office hours at a level" when time at level > 2bh then notify "L4"
rule "young at 30m" when time at level > 30m and age < 1bh then notify "L3"
rule "young at 90m" when time at level > 90m and age < 1bh on "office" then notify "L3"
"#;
    let w = WalkThrough {
        at: "4d 16h".into(),
        category: "general".into(),
        priority: "P4".into(),
        levels: fixed(&[("L1", "70h", true)]),
        ..WalkThrough::default()
    };
    let j = walk(&b1_with_office(rules), &w).unwrap();
    assert_eq!(fired_at(&j, "two office hours at a level"), [10680.0], "{:#?}", j.steps);
    assert_eq!(fired_at(&j, "young at 30m"), [6750.0]);
    assert_eq!(fired_at(&j, "young at 90m"), Vec::<f64>::new());
}

#[test]
fn time_at_level_and_sla_share_below_a_limit_are_checked_at_the_moment() {
    // An unresolved service that ended quickly (under 30 min at L1, under 10% of P2's 4 h
    // resolution target) skips L2.
    for rules in [
        r#"rule "quick misses skip L2" when level is "L1" and service ends unresolved and time at level < 30m then escalate to "L3""#,
        r#"rule "quick misses skip L2" when level is "L1" and service ends unresolved and sla.resolution.elapsed < 10% then escalate to "L3""#,
    ] {
        let levels = |l1: &str| fixed(&[("L1", l1, false), ("L2", "10m", true), ("L3", "10m", true)]);
        let second_level = |l1: &str| {
            let w = WalkThrough {
                at: "0m".into(),
                category: "general".into(),
                priority: "P2".into(),
                levels: levels(l1),
                ..WalkThrough::default()
            };
            let j = walk(&b1(Some(rules)), &w).unwrap();
            j.steps.iter().find(|s| s.event == "escalated").and_then(|s| s.level.clone()).unwrap()
        };
        assert_eq!(second_level("20m"), "L3", "{rules}");
        assert_eq!(second_level("45m"), "L2", "{rules}");
    }
}

#[test]
fn a_new_priority_brings_its_time_at_level_timers() {
    // Raised to P1 at 5 min while at L1; P1's rule (10 min at the level) counts from the start
    // of the stay, so it acts at 10 min.
    let rules = r#"
rule "raise after 5m" when age > 5m then raise priority
rule "P1 ten minutes at a level" when priority is "P1" and time at level > 10m then notify "L4"
"#;
    let w = WalkThrough {
        at: "0m".into(),
        category: "general".into(),
        priority: "P2".into(),
        levels: fixed(&[("L1", "30m", true)]),
        ..WalkThrough::default()
    };
    let j = walk(&b1(Some(rules)), &w).unwrap();
    assert_eq!(fired_at(&j, "raise after 5m"), [5.0]);
    assert_eq!(fired_at(&j, "P1 ten minutes at a level"), [10.0], "{:#?}", j.steps);
}
