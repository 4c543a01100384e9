//! The script (`docs/scenario-format.md`, Script): events land at their moments, written as an
//! offset, a weekday and time or a date and time; closures and staff changes act on top of
//! shifts; surges multiply the arrivals; every problem is reported at its path. The run starts
//! Monday 2026-01-05 00:00 UTC.

use serde_json::{Value, json};

use super::support::{base, errors, problems, run, set};

/// One level whose one person is on duty `shifts` (round the clock when `None`), serving each
/// issue in 45 min and resolving it; no random arrivals; the script `script`.
fn scenario(shifts: Option<Value>, script: Value) -> Value {
    let mut doc = base();
    set(&mut doc, "/levels/0/service", json!({"dist": "deterministic", "value": "45m"}));
    set(&mut doc, "/levels/0/staff", json!(1));
    if let Some(s) = shifts {
        doc["levels"][0].as_object_mut().unwrap().remove("staff");
        doc["levels"][0]["shifts"] = s;
    }
    set(&mut doc, "/workload/arrivals_per_hour", json!(0));
    set(&mut doc, "/script", script);
    set(&mut doc, "/run/horizon", json!("2w"));
    doc
}

fn issue_at(at: &str) -> Value {
    json!({"at": at, "name": "a customer threatens legal action", "issue": {"category": "complaint", "priority": "P2"}})
}

/// (arrival, first response) in minutes from the start, of the report's journeys in order.
fn journeys(doc: &Value) -> Vec<(f64, f64)> {
    let r = run(doc);
    r.journeys
        .iter()
        .map(|j| {
            let started = j.steps.iter().find(|s| s.event == "service_started").expect("served").t_min;
            (j.arrival_min, started)
        })
        .collect()
}

#[test]
fn an_issue_arrives_at_an_offset_a_weekday_or_a_date() {
    // Tuesday 10:30 is 1 day 10.5 hours after Monday 00:00: 2070 minutes.
    for at in ["1d10h30m", "Tue 10:30", "tuesday 10:30", "2026-01-06 10:30", "2026-01-06T10:30"] {
        assert_eq!(journeys(&scenario(None, json!([issue_at(at)]))), [(2070.0, 2070.0)], "{at}");
    }
    // A weekday before the start's time comes the next week: Monday 00:00 is the start itself.
    assert_eq!(journeys(&scenario(None, json!([issue_at("Mon 00:00")]))), [(0.0, 0.0)]);
}

#[test]
fn a_closed_level_starts_no_work_until_it_opens() {
    // Closed from 0 for 2 h: an issue at 30 min waits until 120.
    let script = json!([issue_at("30m"), {"at": "0m", "close": {"level": "Agent", "for": "2h"}}]);
    assert_eq!(journeys(&scenario(None, script)), [(30.0, 120.0)]);
}

#[test]
fn staff_changes_act_on_top_of_shifts() {
    let office = json!([{"days": ["weekdays"], "from": "09:00", "to": "17:00", "staff": 1}]);
    // The one person leaves at 10:00 for 2 h: an issue at 10:30 waits until 12:00. One more at
    // 18:00 for 1 h, outside the shift: an issue at 18:15 is served at once, one at 19:30 waits
    // for Tuesday 09:00 (1980 min).
    let script = json!([
        {"at": "Mon 10:00", "staff": {"level": "Agent", "change": -1, "for": "2h"}},
        {"at": "Mon 18:00", "staff": {"level": "Agent", "change": 1, "for": "1h"}},
        issue_at("Mon 10:30"),
        issue_at("Mon 18:15"),
        issue_at("Mon 19:30"),
    ]);
    assert_eq!(journeys(&scenario(Some(office), script)), [(630.0, 720.0), (1095.0, 1095.0), (1170.0, 1980.0)]);
}

#[test]
fn a_scripted_issue_is_judged_on_business_hours() {
    // Friday 16:30 on a 09:00-17:00 calendar: served at once, resolved 17:15, 30 business minutes.
    let breached = |target: &str| {
        let mut doc = scenario(None, json!([issue_at("Fri 16:30")]));
        set(
            &mut doc,
            "/calendars",
            json!([{"name": "office", "hours": [{"days": ["weekdays"], "from": "09:00", "to": "17:00"}]}]),
        );
        set(
            &mut doc,
            "/sla",
            json!([{"name": "office", "calendar": "office", "targets": {"P2": {"resolution": target}}}]),
        );
        run(&doc).summary.priorities[1].resolution_breach.mean
    };
    assert_eq!(breached("30m"), Some(0.0));
    assert_eq!(breached("29m"), Some(1.0));
}

#[test]
fn a_surge_multiplies_the_arrivals_while_it_lasts() {
    // 10 an hour for 20 h, tripled for 10 of them: 400 expected per replication, 200 without.
    let counted = |script: Value| {
        let mut doc = scenario(None, script);
        set(&mut doc, "/levels/0/staff", json!(20));
        set(&mut doc, "/workload/arrivals_per_hour", json!(10));
        set(&mut doc, "/run/horizon", json!("20h"));
        set(&mut doc, "/run/replications", json!(40));
        run(&doc).summary.counted_issues.mean.unwrap()
    };
    // Over 40 replications the mean's standard error is sqrt(400 / 40) ≈ 3.2: 4 of them either way.
    let surged = counted(json!([{"at": "5h", "burst": {"factor": 3, "for": "10h"}}]));
    assert!((surged - 400.0).abs() < 13.0, "{surged}");
    let calm = counted(json!([]));
    assert!((calm - 200.0).abs() < 9.0, "{calm}");
}

#[test]
fn every_problem_of_the_script_is_reported_at_its_path() {
    let doc = scenario(
        None,
        json!([
            {"at": "sometime", "issue": {"category": "complaint", "priority": "P2"}},
            {"at": "1h"},
            {"at": "1h", "close": {"level": "Agent", "for": "1h"}, "staff": {"level": "Agent", "change": 1, "for": "1h"}},
            {"at": "1h", "close": {"level": "Agnet", "for": "1h"}},
            {"at": "1h", "staff": {"level": "Agent", "change": 0, "for": "0m"}},
            {"at": "1h", "burst": {"factor": 0.5, "for": "2h"}},
            {"at": "2025-12-31 10:00", "issue": {"category": "complaint", "priority": "P9"}},
            {"at": "Tue 25:00", "close": {"level": "Agent", "for": "1h"}},
            {"at": "monkey 10:30", "close": {"level": "Agent", "for": "1h"}},
        ]),
    );
    let found = errors(&doc);
    let has = |path: &str, words: &str| {
        assert!(
            found.iter().any(|e| e.starts_with(&format!("{path}: ")) && e.contains(words)),
            "{path} {words:?} in {found:#?}"
        );
    };
    has("script[0].at", "\"sometime\" is not a moment");
    has("script[1]", "say what happens");
    has("script[2]", "an event does one thing");
    has("script[3].close.level", "Agent");
    has("script[4].staff.change", "not 0");
    has("script[4].staff.for", "0m");
    has("script[5].burst.factor", "above 1");
    has("script[6].at", "before the run starts (2026-01-05 00:00)");
    has("script[6].issue.priority", "P9");
    // A weekday's time is read as a calendar's hours are; a day is named as they name it.
    has("script[7].at", "\"25:00\" is not a valid time of day");
    has("script[8].at", "\"monkey 10:30\" is not a moment");
    // After the horizon: a warning, not an error.
    let late = scenario(None, json!([issue_at("3w")]));
    assert!(errors(&late).is_empty());
    assert!(
        problems(&late).iter().any(|(p, m)| p == "script[0].at" && m.contains("never happens")),
        "{:?}",
        problems(&late)
    );
}

#[test]
fn a_walked_issue_meets_the_script_s_closures_but_not_its_issues() {
    use escalation_lab::engine::walk::{WalkThrough, walk};
    let script = json!([issue_at("0m"), {"at": "0m", "close": {"level": "Agent", "for": "2h"}}]);
    let doc: escalation_lab::engine::Document = serde_json::from_value(scenario(None, script)).unwrap();
    let w =
        WalkThrough { at: "30m".into(), category: "complaint".into(), priority: "P2".into(), ..WalkThrough::default() };
    let j = walk(&doc, &w).unwrap();
    let started: Vec<f64> = j.steps.iter().filter(|s| s.event == "service_started").map(|s| s.t_min).collect();
    assert_eq!(started, [120.0], "{:#?}", j.steps);
}

#[test]
fn the_queue_chart_marks_each_event_with_its_words() {
    let script = json!([
        issue_at("Tue 10:30"),
        {"at": "1d", "name": "Outage", "burst": {"factor": 4, "for": "3h"}},
        {"at": "2d", "staff": {"level": "Agent", "change": 2, "for": "8h"}},
    ]);
    let r = run(&scenario(None, script));
    let marks: Vec<(f64, &str)> = r.script.iter().map(|m| (m.at_hours, m.what.as_str())).collect();
    assert_eq!(
        marks,
        [
            (24.0, "Outage: arrivals ×4 for 3 h"),
            (34.5, "a customer threatens legal action: a P2 issue of complaint arrives"),
            (48.0, "2 more staff at Agent for 8 h"),
        ]
    );
    let f = escalation_lab::figures::queue::figure(&r, false, None);
    let svg = f.drawing.expect("drawn").inner;
    assert_eq!(svg.matches(r#"<g class="script-mark">"#).count(), 3, "{svg}");
    assert!(svg.contains("<title>34.5 h: a customer threatens legal action: a P2 issue of complaint arrives</title>"));
    assert!(f.guide.contains("2 at 34.5 h: a customer threatens legal action"), "{}", f.guide);
}
